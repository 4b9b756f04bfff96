/**
 * Mutable engine state shared by the tick phases (arrivals, decisions, settlement, LSM, costs, recording).
 * Agents and transactions are plain objects addressed by index; queues hold object references, so no phase ever
 * searches the full transaction list.
 */
import type { CollateralEventRecord, LsmCycleRecord, PolicyDecisionRecord, SimEvent } from './output';
import type { CompiledPolicy } from './policy';
import type { ResolvedScenario, AgentConfig } from './scenario';
import type { Rng } from './rng';
import type { EdgeIndex } from './edgeIndex';

/** Cost buckets, in the order of CostAccrual.costs and the cost columns. */
export const COST_KINDS = ['liquidity', 'delay', 'collateral', 'penalty', 'split_friction', 'liquidity_opportunity'] as const;
export const C_LIQUIDITY = 0;
export const C_DELAY = 1;
export const C_COLLATERAL = 2;
export const C_PENALTY = 3;
export const C_SPLIT = 4;
export const C_OPPORTUNITY = 5;
export const NUM_COSTS = 6;

export const enum TxState {
  Queue1 = 0,
  /** Released by the policy this tick, waiting for RTGS entry. */
  Pending = 1,
  Queue2 = 2,
  Settled = 3,
  Dropped = 4,
  Split = 5,
}

export interface Tx {
  idx: number;
  id: string;
  sender: number;
  receiver: number;
  amount: number;
  priority: number;
  divisible: boolean;
  arrivalTick: number;
  deadline: number;
  state: TxState;
  /** Tick the payment joined the sender's queues (a split child: the split tick). */
  queuedSince: number;
  q1Enter: number;
  q1Ticks: number;
  q2Enter: number;
  q2Ticks: number;
  /** First tick it counted as overdue (deadline + 1), or -1. */
  overdueSince: number;
  /** Deadline penalty charged for it, cents (0: none yet). */
  penalty: number;
  settledTick: number;
  rtgsSubmissionTick: number;
  dropReason: string | null;
  delayCost: number;
  parent: Tx | null;
  splitIndex: number;
  /** Split parents: children not yet settled, and value settled so far. */
  openChildren: number;
  childSettledValue: number;
  lastChildSettledTick: number;
}

export interface DayStats {
  openingBalance: number;
  minBalance: number;
  maxBalance: number;
  openingPosted: number;
  peakPosted: number;
  posts: number;
  withdrawals: number;
  arrivals: number;
  sent: number;
  received: number;
  settled: number;
  dropped: number;
  q1Peak: number;
  costs: number[];
}

export interface Agent {
  idx: number;
  id: string;
  cfg: AgentConfig;
  policy: CompiledPolicy;
  rng: Rng;
  /** Receiver agent indices and cumulative-free weights for arrivals. */
  receivers: number[];
  receiverWeights: number[];
  receiverTotal: number;
  balance: number;
  unsecuredCap: number;
  posted: number;
  haircut: number;
  collateralCapacity: number;
  allowedLimit: number;
  pool: number;
  allocated: number;
  q1: Tx[];
  q1Value: number;
  q2Count: number;
  q2Value: number;
  /** Value of own unsettled queued payments by [band * 2 + overdue]: the delay-cost base. */
  queuedValue: Float64Array;
  deferredCredit: number;
  deferredSources: string[];
  tickCosts: number[];
  totalCosts: number[];
  balanceAtTickStart: number;
  day: DayStats;
}

export interface SimState {
  sc: ResolvedScenario;
  tpd: number;
  totalTicks: number;
  agents: Agent[];
  txs: Tx[];
  /** Central RTGS queue (Queue 2), in entry order. */
  q2: Tx[];
  /** Queue 2 by (sender, receiver), for the LSM. */
  edges: EdgeIndex;
  /** Payments released this tick, in release order, awaiting RTGS entry. */
  pending: Tx[];
  /** Unsettled queued payments by deadline tick, for overdue detection without scanning. */
  byDeadline: (Tx[] | undefined)[];
  /** Queued payments already overdue, for the end-of-day penalty. */
  overdueQueued: Set<Tx>;
  tick: number;
  day: number;
  events: SimEvent[];
  eventCount: number;
  onEvent: ((e: SimEvent) => void) | undefined;
  onPolicyDecision: ((d: PolicyDecisionRecord) => void) | undefined;
  arrivals: number;
  settlements: number;
  policyDecisions: PolicyDecisionRecord[];
  lsmCycles: LsmCycleRecord[];
  collateralEvents: CollateralEventRecord[];
}

export function emit(st: SimState, type: string, agentId: string | null, txId: string | null, details: Record<string, unknown>): void {
  const e: SimEvent = { tick: st.tick, day: st.day, event_type: type, agent_id: agentId, tx_id: txId, details };
  st.eventCount++;
  if (st.onEvent) st.onEvent(e);
  else st.events.push(e);
}

/** Priority band used by the delay multipliers: 0 low (0–3), 1 normal (4–7), 2 urgent (8–10). */
export function band(priority: number): number {
  return priority >= 8 ? 2 : priority >= 4 ? 1 : 0;
}

export function recomputeAllowedLimit(a: Agent): void {
  a.allowedLimit = Math.floor(a.posted * (1 - a.haircut)) + a.unsecuredCap;
}

/** Whether `a` can pay `amount` from its balance plus unused overdraft headroom. */
export function canPay(a: Agent, amount: number): boolean {
  return a.balance + a.allowedLimit - amount >= 0;
}

export function newDayStats(a: Agent): DayStats {
  return {
    openingBalance: a.balance,
    minBalance: Number.POSITIVE_INFINITY,
    maxBalance: Number.NEGATIVE_INFINITY,
    openingPosted: a.posted,
    peakPosted: a.posted,
    posts: 0,
    withdrawals: 0,
    arrivals: 0,
    sent: 0,
    received: 0,
    settled: 0,
    dropped: 0,
    q1Peak: 0,
    costs: [0, 0, 0, 0, 0, 0],
  };
}

/** Adds a payment to the sender's delay-cost base (it is now queued and unsettled). */
export function addQueued(a: Agent, tx: Tx): void {
  a.queuedValue[band(tx.priority) * 2 + (tx.overdueSince >= 0 ? 1 : 0)] += tx.amount;
}

export function removeQueued(a: Agent, tx: Tx): void {
  a.queuedValue[band(tx.priority) * 2 + (tx.overdueSince >= 0 ? 1 : 0)] -= tx.amount;
}

/**
 * Closes a payment's time in the queues at `exitTick` (it no longer counts at the end of that tick) and fixes its
 * own delay cost: every end-of-tick spent queued costs amount × rate × band multiplier, × the overdue multiplier
 * from `overdueSince` on. Rounded once per payment; agent totals are rounded once per tick.
 */
export function closeDelay(st: SimState, tx: Tx, exitTick: number): void {
  const r = st.sc.cost_rates;
  const ticks = Math.max(0, exitTick - tx.queuedSince);
  const overdueTicks = tx.overdueSince >= 0 ? Math.max(0, exitTick - Math.max(tx.overdueSince, tx.queuedSince)) : 0;
  const units = ticks - overdueTicks + overdueTicks * r.overdue_delay_multiplier;
  tx.delayCost = Math.round(tx.amount * r.delay_cost_per_tick_per_cent * bandMultiplier(st, tx.priority) * units);
}

export function bandMultiplier(st: SimState, priority: number): number {
  const m = st.sc.cost_rates.priority_delay_multipliers;
  const b = band(priority);
  return b === 2 ? m.urgent_multiplier : b === 1 ? m.normal_multiplier : m.low_multiplier;
}
