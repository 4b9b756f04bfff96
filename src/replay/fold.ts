/**
 * The replay fold: state after tick t = fold(state after tick t − 1, events of tick t). Semantics per event type
 * (simcash-engine.md §8, and the project's simulator, which writes the files):
 *
 * - Arrival: the payment joins the end of its sender's Queue 1 (split children too; they leave again at once).
 * - PolicySubmit / RtgsSubmission: it leaves Queue 1 (released to RTGS entry). PolicyDrop: it leaves Queue 1 for
 *   good. PolicySplit: the parent leaves Queue 1; children of an overdue parent are overdue too.
 * - QueuedRtgs: it joins the end of the central RTGS queue (Queue 2).
 * - RtgsImmediateSettlement / Queue2LiquidityRelease: sender − amount, receiver + amount (or, with
 *   `deferred_credit`, held until DeferredCreditApplied); the payment leaves Queue 2 if it was there.
 * - LsmBilateralOffset / LsmCycleSettlement: balances move by `net_positions`; every `tx_ids` entry leaves Queue 2.
 * - LiquidityAllocation / LiquidityReturn: balance and allocated liquidity ± amount (money from outside).
 * - CollateralPost / CollateralWithdraw (/ CollateralTimerWithdrawn): posted collateral becomes `new_total`.
 * - CostAccrual: `costs` add to the agent's cumulative, today's and this tick's costs.
 * - TransactionWentOverdue: the queued payment is flagged overdue. EndOfDay: the next tick starts a new day.
 * - RtgsWithdrawal / RtgsResubmission (predecessor only): the payment goes from Queue 2 back to Queue 1.
 * - Everything else (PolicyHold, OverdueTransactionSettled, ...) leaves the state as it is.
 *
 * Queues are insertion-ordered maps, so a payment leaves from anywhere in O(1) and a tick costs O(events).
 * Balance-carrying events are checked against the folded balances; a difference is reported as an issue (the
 * amounts win), which points at a damaged or inconsistent event stream.
 */
import { type BalanceEffect, LSM_TYPES, SETTLEMENT_TYPES, balanceEffects } from './effects';
import { type ReplayEvent, numberField, stringField, stringListField } from './events';
import { type FoldAgent, type QueuedTransaction, type ReplayState, COST_KINDS, addAgent, cloneState } from './state';

/** Event types that never change the replay state; readers may leave them out (they are most of a file). */
export const STATELESS_EVENT_TYPES: readonly string[] = [
  'PolicyHold',
  'OverdueTransactionSettled',
  'PriorityEscalated',
  'TransactionReprioritized',
  'BankBudgetSet',
  'StateRegisterSet',
  'AlgorithmExecution',
  'CollateralTimerBlocked',
  'BilateralLimitExceeded',
  'MultilateralLimitExceeded',
];

/** Predecessor events whose effect on balances the stored fields do not determine. */
const UNSUPPORTED_TYPES: ReadonlySet<string> = new Set(['ScenarioEventExecuted', 'EntryDispositionOffset']);

export type ReplayIssueKind = 'balance-mismatch' | 'unknown-agent' | 'unsupported-event' | 'tick-order';

/** Something in the event stream the fold could not take at face value. */
export interface ReplayIssue {
  tick: number;
  kind: ReplayIssueKind;
  eventType: string;
  agentId: string | null;
  txId: string | null;
  message: string;
}

export interface FoldOptions {
  /** Day length; null to start days after EndOfDay events instead. */
  ticksPerDay: number | null;
  onIssue?: (issue: ReplayIssue) => void;
}

/** Pure fold of one tick: a new state after `tick`, given the state after an earlier tick and `tick`'s events. */
export function foldTick(state: ReplayState, tick: number, events: readonly ReplayEvent[], options: FoldOptions): ReplayState {
  const next = cloneState(state);
  foldTickInPlace(next, tick, events, options);
  return next;
}

/**
 * The same fold, mutating `state` (which the caller must own: never a checkpoint or a cached state). Ticks
 * between the state's tick and `tick` are folded as ticks without events.
 */
export function foldTickInPlace(state: ReplayState, tick: number, events: readonly ReplayEvent[], options: FoldOptions): void {
  if (tick <= state.tick) {
    throw new RangeError(`cannot fold tick ${tick} onto the state after tick ${state.tick}`);
  }
  for (let t = state.tick + 1; t < tick; t++) {
    beginTick(state, t, options.ticksPerDay);
  }
  beginTick(state, tick, options.ticksPerDay);
  const folder = new TickFolder(state, options.onIssue);
  for (const e of events) {
    folder.apply(e);
  }
}

function beginTick(state: ReplayState, tick: number, ticksPerDay: number | null): void {
  const newDay = ticksPerDay !== null ? tick % ticksPerDay === 0 : state.dayEnded;
  for (const a of state.agents) {
    a.balanceAtTickStart = a.balance;
    a.tickCosts.fill(0);
    if (newDay) {
      a.today.fill(0);
    }
  }
  state.dayEnded = false;
  state.tick = tick;
}

type Handler = (folder: TickFolder, e: ReplayEvent) => void;

/** What each state-changing event type does (see the file comment). */
const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['Arrival', (f, e) => f.arrival(e)],
  ['PolicySubmit', (f, e) => f.released(e)],
  ['RtgsSubmission', (f, e) => f.released(e)],
  ['PolicyDrop', (f, e) => f.dropped(e)],
  ['PolicySplit', (f, e) => f.split(e)],
  ['QueuedRtgs', (f, e) => f.queue(e)],
  ...[...SETTLEMENT_TYPES].map((t): [string, Handler] => [t, (f, e) => f.settleGross(e)]),
  ...[...LSM_TYPES].map((t): [string, Handler] => [t, (f, e) => f.settleNetted(e)]),
  ['LiquidityAllocation', (f, e) => f.liquidity(e)],
  ['LiquidityReturn', (f, e) => f.liquidity(e)],
  ['DeferredCreditApplied', (f, e) => f.liquidity(e)],
  ['CollateralPost', (f, e) => f.collateral(e)],
  ['CollateralWithdraw', (f, e) => f.collateral(e)],
  ['CollateralTimerWithdrawn', (f, e) => f.collateral(e)],
  ['CostAccrual', (f, e) => f.costs(e)],
  ['TransactionWentOverdue', (f, e) => f.wentOverdue(e)],
  ['EndOfDay', (f) => f.endOfDay()],
  ['RtgsWithdrawal', (f, e) => f.backToQueue1(e)],
  ['RtgsResubmission', (f, e) => f.backToQueue1(e)],
]);

/**
 * A private copy of an id that the state keeps. Strings cut from a large text (a tick's packed events) may share
 * its memory; a queue entry that lives for many ticks would then keep the whole text alive in every checkpoint.
 */
function own(id: string): string {
  return id.length < 13 ? id : `_${id}`.slice(1);
}

/** The per-tick working set of the fold: payments released this tick and one-off warnings. */
class TickFolder {
  /** Payments released from Queue 1 this tick, waiting for RTGS entry (settle now or join Queue 2). */
  private readonly pending = new Map<string, QueuedTransaction>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly s: ReplayState,
    private readonly onIssue: ((issue: ReplayIssue) => void) | undefined,
  ) {}

  apply(e: ReplayEvent): void {
    if (e.tick !== this.s.tick) {
      this.issue(e, 'tick-order', `event of tick ${e.tick} folded into tick ${this.s.tick}`);
    }
    // One hash lookup per event: type strings read from a file are not interned, so a chain of string
    // comparisons (a switch) would compare characters for every case.
    const handler = HANDLERS.get(e.type);
    if (handler) {
      handler(this, e);
    } else if (UNSUPPORTED_TYPES.has(e.type) && !this.warned.has(e.type)) {
      this.warned.add(e.type);
      this.issue(e, 'unsupported-event', `${e.type} events are not replayed; balances after them may be off`);
    }
  }

  released(e: ReplayEvent): void {
    const entry = this.leaveQ1(e);
    if (entry) {
      this.pending.set(entry.txId, entry);
    }
  }

  dropped(e: ReplayEvent): void {
    this.leaveQ1(e);
    this.countFor(e.agentId, (a) => a.dropped++);
    this.s.dropped++;
    if (e.txId !== null) {
      this.s.overdue.delete(e.txId);
    }
  }

  wentOverdue(e: ReplayEvent): void {
    if (e.txId !== null) {
      this.s.overdue.add(own(e.txId));
    }
  }

  endOfDay(): void {
    this.s.dayEnded = true;
  }

  // --- queues -----------------------------------------------------------------------------------------------

  arrival(e: ReplayEvent): void {
    if (e.txId === null) {
      return;
    }
    const sender = e.agentId ?? stringField(e, 'sender_id') ?? stringField(e, 'sender');
    if (sender === null) {
      return;
    }
    const a = this.s.agents[this.agent(sender, e)];
    const parent = stringField(e, 'parent_tx_id');
    const txId = own(e.txId);
    a.q1.set(txId, {
      txId,
      sender: own(sender),
      receiver: stringField(e, 'receiver_id') ?? stringField(e, 'receiver'),
      amount: numberField(e, 'amount'),
      priority: numberField(e, 'priority'),
      arrivalTick: e.tick,
      deadlineTick: numberField(e, 'deadline') ?? numberField(e, 'deadline_tick'),
      parentTxId: parent,
    });
    if (parent === null) {
      a.arrivals++;
      this.s.arrivals++;
    }
  }

  /** Removes the event's payment from its agent's Queue 1; returns the entry, or null when it was not there. */
  private leaveQ1(e: ReplayEvent): QueuedTransaction | null {
    if (e.txId === null || e.agentId === null) {
      return null;
    }
    const i = this.s.index.get(e.agentId);
    const q1 = i === undefined ? undefined : this.s.agents[i].q1;
    const entry = q1?.get(e.txId);
    if (!q1 || !entry) {
      return null;
    }
    q1.delete(e.txId);
    return entry;
  }

  private enterQ2(entry: QueuedTransaction): void {
    this.s.q2.delete(entry.txId); // re-entry goes to the end
    this.s.q2.set(entry.txId, entry);
    this.countFor(entry.sender, (a) => a.q2Count++);
  }

  private leaveQ2(txId: string): QueuedTransaction | undefined {
    const entry = this.s.q2.get(txId);
    if (entry) {
      this.s.q2.delete(txId);
      this.countFor(entry.sender, (a) => a.q2Count--);
    }
    return entry;
  }

  queue(e: ReplayEvent): void {
    if (e.txId === null) {
      return;
    }
    let entry = this.pending.get(e.txId);
    this.pending.delete(e.txId);
    if (!entry) {
      const sender = stringField(e, 'sender_id') ?? stringField(e, 'sender') ?? e.agentId;
      if (sender === null) {
        return;
      }
      this.agent(sender, e);
      entry = {
        txId: own(e.txId),
        sender: own(sender),
        receiver: stringField(e, 'receiver_id') ?? stringField(e, 'receiver'),
        amount: numberField(e, 'amount'),
        priority: null,
        arrivalTick: null,
        deadlineTick: null,
        parentTxId: null,
      };
    }
    this.enterQ2(entry);
  }

  split(e: ReplayEvent): void {
    this.leaveQ1(e);
    this.countFor(e.agentId, (a) => a.splits++);
    this.s.splits++;
    if (e.txId !== null && this.s.overdue.delete(e.txId)) {
      // The engine marks the children of an overdue parent overdue without a TransactionWentOverdue of their own.
      for (const child of stringListField(e, 'child_ids')) {
        this.s.overdue.add(own(child));
      }
    }
  }

  backToQueue1(e: ReplayEvent): void {
    const entry = e.txId === null ? undefined : this.leaveQ2(e.txId);
    if (entry) {
      const q1 = this.s.agents[this.agent(entry.sender, e)].q1;
      q1.delete(entry.txId);
      q1.set(entry.txId, entry);
    }
  }

  // --- money ------------------------------------------------------------------------------------------------

  settleGross(e: ReplayEvent): void {
    this.applyBalances(e, balanceEffects(e));
    if (e.txId === null) {
      return;
    }
    // Settled at RTGS entry it was never in Queue 2; a Queue-2 release leaves it.
    if (!this.pending.delete(e.txId)) {
      this.leaveQ2(e.txId);
    }
    this.s.overdue.delete(e.txId);
    this.s.settled++;
    this.countFor(stringField(e, 'sender') ?? stringField(e, 'sender_id') ?? e.agentId, (a) => a.settled++);
    this.countFor(stringField(e, 'receiver') ?? stringField(e, 'receiver_id'), (a) => a.received++);
  }

  settleNetted(e: ReplayEvent): void {
    this.applyBalances(e, balanceEffects(e));
    for (const txId of stringListField(e, 'tx_ids')) {
      const entry = this.leaveQ2(txId);
      this.pending.delete(txId);
      this.s.overdue.delete(txId);
      this.s.settled++;
      if (entry) {
        this.countFor(entry.sender, (a) => a.settled++);
        this.countFor(entry.receiver, (a) => a.received++);
      }
    }
  }

  liquidity(e: ReplayEvent): void {
    const effects = balanceEffects(e);
    this.applyBalances(e, effects);
    for (const { agent, delta } of effects) {
      const a = this.s.agents[this.agent(agent, e)];
      if (e.type === 'LiquidityAllocation') {
        a.allocated += delta;
        this.s.external += delta;
      } else if (e.type === 'LiquidityReturn') {
        a.allocated = Math.max(0, a.allocated + delta);
        this.s.external += delta;
      } else {
        a.deferredCredit = Math.max(0, a.deferredCredit - delta);
      }
    }
  }

  private applyBalances(e: ReplayEvent, effects: readonly BalanceEffect[]): void {
    for (const effect of effects) {
      const a = this.s.agents[this.agent(effect.agent, e)];
      if (effect.before !== null && effect.before !== a.balance) {
        this.issue(e, 'balance-mismatch', `${effect.agent}: the event says the balance was ${effect.before}, the fold has ${a.balance}`, effect.agent);
      }
      a.balance += effect.delta;
      a.deferredCredit += effect.deferred;
    }
  }

  collateral(e: ReplayEvent): void {
    const id = e.agentId ?? stringField(e, 'agent_id');
    if (id === null) {
      return;
    }
    const a = this.s.agents[this.agent(id, e)];
    const total = numberField(e, 'new_total');
    const amount = numberField(e, 'amount') ?? 0;
    a.posted = total ?? Math.max(0, a.posted + (e.type === 'CollateralPost' ? amount : -amount));
  }

  costs(e: ReplayEvent): void {
    const id = e.agentId ?? stringField(e, 'agent_id');
    const costs = e.details.costs;
    if (id === null || costs === null || typeof costs !== 'object') {
      return;
    }
    const a = this.s.agents[this.agent(id, e)];
    for (let k = 0; k < COST_KINDS.length; k++) {
      const v = (costs as Record<string, unknown>)[COST_KINDS[k]];
      if (typeof v === 'number' && Number.isFinite(v)) {
        a.costs[k] += v;
        a.today[k] += v;
        a.tickCosts[k] += v;
      }
    }
  }

  // --- helpers ----------------------------------------------------------------------------------------------

  /** Index of an agent, adding (and reporting) one the setup did not know. */
  private agent(id: string, e: ReplayEvent): number {
    const i = this.s.index.get(id);
    if (i !== undefined) {
      return i;
    }
    this.issue(e, 'unknown-agent', `agent ${id} is not in the simulation's configuration; it starts at balance 0`, id);
    return addAgent(this.s, id);
  }

  private countFor(id: string | null, count: (a: FoldAgent) => void): void {
    const i = id === null ? undefined : this.s.index.get(id);
    if (i !== undefined) {
      count(this.s.agents[i]);
    }
  }

  private issue(e: ReplayEvent, kind: ReplayIssueKind, message: string, agentId: string | null = e.agentId): void {
    this.onIssue?.({ tick: this.s.tick, kind, eventType: e.type, agentId, txId: e.txId, message });
  }
}
