/**
 * The replay state after a tick: the internal, foldable form (ReplayState, cheap to clone for checkpoints) and the
 * public, self-contained view a panel or the CLI reads (ReplayTickState, built by `describeState`).
 *
 * Definitions follow simcash-engine.md §1: credit used = max(0, −balance); allowed limit =
 * floor(posted collateral × (1 − haircut)) + unsecured cap; headroom = allowed limit − credit used.
 */
import type { ReplaySetup } from './setup';

/** Cost buckets, in the order of CostAccrual.costs and of the tick_agent_states cost columns. */
export const COST_KINDS = ['liquidity', 'delay', 'collateral', 'penalty', 'split_friction', 'liquidity_opportunity'] as const;
export type CostKind = (typeof COST_KINDS)[number];
export const NUM_COSTS = COST_KINDS.length;

/** The engine's default collateral haircut (simcash-engine.md §1.1). */
export const DEFAULT_HAIRCUT = 0.02;

/** Cents per cost kind, plus their sum. */
export type CostBreakdown = Record<CostKind, number> & { total: number };

/**
 * A queued payment as the events describe it. Immutable and shared between states and checkpoints, so cloning a
 * state copies references only. Fields an event stream does not give are null.
 */
export interface QueuedTransaction {
  readonly txId: string;
  readonly sender: string;
  readonly receiver: string | null;
  readonly amount: number | null;
  readonly priority: number | null;
  readonly arrivalTick: number | null;
  readonly deadlineTick: number | null;
  readonly parentTxId: string | null;
}

/** One agent inside the foldable state. Mutated only by the fold, on a state it owns. */
export interface FoldAgent {
  balance: number;
  /** Balance at the end of the previous tick (for balance_change). */
  balanceAtTickStart: number;
  posted: number;
  unsecuredCap: number;
  haircut: number;
  allocated: number;
  /** Receipts settled under deferred crediting but not yet credited. */
  deferredCredit: number;
  /** Queue 1 (the bank's own queue) by tx id; a Map keeps insertion order, which is queue order. */
  q1: Map<string, QueuedTransaction>;
  /** Its payments in the central RTGS queue. */
  q2Count: number;
  /** Cumulative, today's and this tick's costs, indexed like COST_KINDS. */
  costs: number[];
  today: number[];
  tickCosts: number[];
  arrivals: number;
  /** Its payments that settled (as sender) and payments it received. */
  settled: number;
  received: number;
  dropped: number;
  splits: number;
}

/** Everything the fold knows after `tick` (−1: before the first tick). */
export interface ReplayState {
  tick: number;
  /** Agent ids in state order; with `index`, shared between clones until an unknown agent appears. */
  ids: readonly string[];
  index: ReadonlyMap<string, number>;
  agents: FoldAgent[];
  /** The central RTGS queue (Queue 2) by tx id, in queue order (removal anywhere is O(1)). */
  q2: Map<string, QueuedTransaction>;
  /** Queued payments known to be overdue (TransactionWentOverdue seen, or a child of an overdue split). */
  overdue: Set<string>;
  settled: number;
  arrivals: number;
  dropped: number;
  splits: number;
  /** Money brought in from outside (liquidity allocations minus returns). */
  external: number;
  /** Set by EndOfDay: the next tick starts a new day (used when ticks_per_day is unknown). */
  dayEnded: boolean;
}

function newAgent(balance: number, posted: number, unsecuredCap: number, haircut: number): FoldAgent {
  return {
    balance,
    balanceAtTickStart: balance,
    posted,
    unsecuredCap,
    haircut,
    allocated: 0,
    deferredCredit: 0,
    q1: new Map(),
    q2Count: 0,
    costs: new Array<number>(NUM_COSTS).fill(0),
    today: new Array<number>(NUM_COSTS).fill(0),
    tickCosts: new Array<number>(NUM_COSTS).fill(0),
    arrivals: 0,
    settled: 0,
    received: 0,
    dropped: 0,
    splits: 0,
  };
}

/** The state before the first tick: opening balances and collateral, empty queues, no costs. */
export function initialState(setup: ReplaySetup): ReplayState {
  const ids = setup.agents.map((a) => a.id);
  return {
    tick: -1,
    ids,
    index: new Map(ids.map((id, i) => [id, i])),
    agents: setup.agents.map((a) => newAgent(a.openingBalance, a.postedCollateral, a.unsecuredCap, a.collateralHaircut)),
    q2: new Map(),
    overdue: new Set(),
    settled: 0,
    arrivals: 0,
    dropped: 0,
    splits: 0,
    external: 0,
    dayEnded: false,
  };
}

/** An independent copy: arrays and sets are copied, queued transactions (immutable) are shared. */
export function cloneState(s: ReplayState): ReplayState {
  return {
    ...s,
    agents: s.agents.map((a) => ({ ...a, q1: new Map(a.q1), costs: a.costs.slice(), today: a.today.slice(), tickCosts: a.tickCosts.slice() })),
    q2: new Map(s.q2),
    overdue: new Set(s.overdue),
  };
}

/** Adds an agent the setup did not know (a file without configuration); returns its index. */
export function addAgent(s: ReplayState, id: string): number {
  const index = new Map(s.index);
  index.set(id, s.ids.length);
  s.ids = [...s.ids, id];
  s.index = index;
  s.agents.push(newAgent(0, 0, 0, DEFAULT_HAIRCUT));
  return s.ids.length - 1;
}

/**
 * Rough bytes a clone of the state holds on its own (for the memory budgets of checkpoints and caches): map and set
 * slots for the queues and overdue flags, and the agents. Queued entries themselves are shared by every state in
 * which the payment is queued, so they are not counted per state.
 */
export function estimateStateBytes(s: ReplayState): number {
  let queued = s.q2.size;
  for (const a of s.agents) {
    queued += a.q1.size;
  }
  return 400 + s.agents.length * 480 + queued * 64 + s.overdue.size * 40;
}

// ---------------------------------------------------------------------------------------------------------------
// Public view

/** A queued payment with its overdue flag as of the tick. */
export interface QueuedTransactionView extends QueuedTransaction {
  overdue: boolean;
}

export interface AgentTickState {
  id: string;
  balance: number;
  /** Change during the tick. */
  balanceChange: number;
  creditUsed: number;
  /** floor(posted collateral × (1 − haircut)) + unsecured cap. */
  allowedLimit: number;
  /** allowed limit − credit used (negative when the limit is breached). */
  headroom: number;
  postedCollateral: number;
  unsecuredCap: number;
  collateralHaircut: number;
  allocatedLiquidity: number;
  /** Receipts settled but not yet credited (deferred crediting, within a tick). */
  pendingDeferredCredit: number;
  queue1: QueuedTransactionView[];
  queue1Value: number;
  /** Its own payments in the central RTGS queue, in queue order. */
  queue2: QueuedTransactionView[];
  queue2Value: number;
  /** Cumulative since tick 0. */
  costs: CostBreakdown;
  /** Since the start of the tick's day. */
  costsToday: CostBreakdown;
  /** Accrued in this tick. */
  costsThisTick: CostBreakdown;
  arrivals: number;
  /** Its payments settled so far (as sender). */
  settled: number;
  received: number;
  dropped: number;
  splits: number;
  /** Its payments still queued (Queue 1 and its part of Queue 2). */
  unsettled: number;
}

export interface ReplayTotals {
  /** Sum of all balances. */
  balance: number;
  /** Opening balances plus liquidity allocations minus returns: what `balance` must equal (money is conserved). */
  expectedBalance: number;
  external: number;
  pendingDeferredCredit: number;
  arrivals: number;
  settled: number;
  unsettled: number;
  queue1Size: number;
  queue2Size: number;
  overdue: number;
  dropped: number;
  splits: number;
  costs: CostBreakdown;
}

/** The state after a tick, self-contained and JSON-serialisable. */
export interface ReplayTickState {
  /** −1 for the state before the first tick. */
  tick: number;
  /** Day of the tick (null when ticks_per_day is unknown). */
  day: number | null;
  tickInDay: number | null;
  agents: AgentTickState[];
  /** The central RTGS queue, in queue order. */
  queue2: QueuedTransactionView[];
  totals: ReplayTotals;
}

export function costBreakdown(values: readonly number[]): CostBreakdown {
  let total = 0;
  const out = {} as Record<CostKind, number>;
  COST_KINDS.forEach((k, i) => {
    out[k] = values[i];
    total += values[i];
  });
  return { ...out, total };
}

export function allowedLimit(a: Pick<FoldAgent, 'posted' | 'haircut' | 'unsecuredCap'>): number {
  return Math.floor(a.posted * (1 - a.haircut)) + a.unsecuredCap;
}

/** Builds the public view of a state. `openingTotal` is the sum of opening balances (for the conservation check). */
export function describeState(s: ReplayState, ticksPerDay: number | null, openingTotal: number): ReplayTickState {
  const view = (t: QueuedTransaction): QueuedTransactionView => ({ ...t, overdue: s.overdue.has(t.txId) });
  const own = s.agents.map(() => [] as QueuedTransactionView[]);
  const queue2 = [...s.q2.values()].map((t) => {
    const v = view(t);
    const i = s.index.get(t.sender);
    if (i !== undefined) {
      own[i].push(v);
    }
    return v;
  });
  const value = (q: readonly QueuedTransaction[]): number => q.reduce((sum, t) => sum + (t.amount ?? 0), 0);
  const totalCosts = new Array<number>(NUM_COSTS).fill(0);
  let balance = 0;
  let pending = 0;
  let queue1Size = 0;
  let overdue = queue2.filter((t) => t.overdue).length;
  const agents = s.agents.map((a, i): AgentTickState => {
    const creditUsed = Math.max(0, -a.balance);
    const limit = allowedLimit(a);
    balance += a.balance;
    pending += a.deferredCredit;
    queue1Size += a.q1.size;
    a.costs.forEach((c, k) => (totalCosts[k] += c));
    const queue1 = [...a.q1.values()].map(view);
    overdue += queue1.filter((t) => t.overdue).length;
    return {
      id: s.ids[i],
      balance: a.balance,
      balanceChange: a.balance - a.balanceAtTickStart,
      creditUsed,
      allowedLimit: limit,
      headroom: limit - creditUsed,
      postedCollateral: a.posted,
      unsecuredCap: a.unsecuredCap,
      collateralHaircut: a.haircut,
      allocatedLiquidity: a.allocated,
      pendingDeferredCredit: a.deferredCredit,
      queue1,
      queue1Value: value(queue1),
      queue2: own[i],
      queue2Value: value(own[i]),
      costs: costBreakdown(a.costs),
      costsToday: costBreakdown(a.today),
      costsThisTick: costBreakdown(a.tickCosts),
      arrivals: a.arrivals,
      settled: a.settled,
      received: a.received,
      dropped: a.dropped,
      splits: a.splits,
      unsettled: queue1.length + own[i].length,
    };
  });
  const known = ticksPerDay !== null && ticksPerDay > 0 && s.tick >= 0;
  return {
    tick: s.tick,
    day: known ? Math.floor(s.tick / ticksPerDay) : null,
    tickInDay: known ? s.tick % ticksPerDay : null,
    agents,
    queue2,
    totals: {
      balance,
      expectedBalance: openingTotal + s.external,
      external: s.external,
      pendingDeferredCredit: pending,
      arrivals: s.arrivals,
      settled: s.settled,
      unsettled: queue1Size + s.q2.size,
      queue1Size,
      queue2Size: s.q2.size,
      overdue,
      dropped: s.dropped,
      splits: s.splits,
      costs: costBreakdown(totalCosts),
    },
  };
}
