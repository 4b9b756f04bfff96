/**
 * What happened in a tick, for navigation and display: each event's tick-loop phase (simcash-engine.md §2), and
 * per-tick marks ("a settlement happened", "an LSM cycle settled", ...) that let a panel jump to the next tick of
 * interest without reading events.
 */
import type { EventRecord } from '../model';

export type ReplayPhase =
  | 'start_of_day'
  | 'overdue'
  | 'arrivals'
  | 'collateral'
  | 'policy'
  | 'rtgs'
  | 'queue2'
  | 'lsm'
  | 'deferred_credit'
  | 'costs'
  | 'end_of_day'
  | 'other';

const PHASE_OF_TYPE: Readonly<Record<string, ReplayPhase>> = {
  LiquidityAllocation: 'start_of_day',
  TransactionWentOverdue: 'overdue',
  Arrival: 'arrivals',
  ScenarioEventExecuted: 'arrivals',
  CollateralPost: 'collateral',
  CollateralWithdraw: 'collateral',
  CollateralTimerWithdrawn: 'collateral',
  CollateralTimerBlocked: 'collateral',
  PolicySubmit: 'policy',
  PolicyHold: 'policy',
  PolicyDrop: 'policy',
  PolicySplit: 'policy',
  RtgsSubmission: 'policy',
  TransactionReprioritized: 'policy',
  PriorityEscalated: 'policy',
  BankBudgetSet: 'policy',
  StateRegisterSet: 'policy',
  RtgsWithdrawal: 'policy',
  RtgsResubmission: 'policy',
  RtgsImmediateSettlement: 'rtgs',
  QueuedRtgs: 'rtgs',
  BilateralLimitExceeded: 'rtgs',
  MultilateralLimitExceeded: 'rtgs',
  Queue2LiquidityRelease: 'queue2',
  LsmBilateralOffset: 'lsm',
  LsmCycleSettlement: 'lsm',
  EntryDispositionOffset: 'lsm',
  AlgorithmExecution: 'lsm',
  DeferredCreditApplied: 'deferred_credit',
  CostAccrual: 'costs',
  EndOfDay: 'end_of_day',
  LiquidityReturn: 'end_of_day',
};

/**
 * The phase of an event. Context decides a few: split children's arrivals belong to the policy step that created
 * them, Queue-2 retries inside the LSM to the LSM, and OverdueTransactionSettled to the settlement it follows.
 */
export function phaseOf(type: string, details: Readonly<Record<string, unknown>>, previous: ReplayPhase | null): ReplayPhase {
  if (type === 'OverdueTransactionSettled') {
    return previous ?? 'rtgs';
  }
  if (type === 'Arrival' && typeof details.parent_tx_id === 'string') {
    return 'policy';
  }
  if (type === 'Queue2LiquidityRelease' && details.release_reason === 'lsm_retry') {
    return 'lsm';
  }
  return PHASE_OF_TYPE[type] ?? 'other';
}

export interface PhaseGroup {
  phase: ReplayPhase;
  events: EventRecord[];
}

export interface TickEventGroups {
  tick: number;
  count: number;
  /** Consecutive runs of events of one phase, in event order (a phase may recur, e.g. collateral twice). */
  phases: PhaseGroup[];
}

export function groupByPhase(tick: number, events: readonly EventRecord[]): TickEventGroups {
  const phases: PhaseGroup[] = [];
  let previous: ReplayPhase | null = null;
  for (const e of events) {
    const phase = phaseOf(e.event_type, e.details, previous);
    if (phase !== previous) {
      phases.push({ phase, events: [] });
      previous = phase;
    }
    phases[phases.length - 1].events.push(e);
  }
  return { tick, count: events.length, phases };
}

// ---------------------------------------------------------------------------------------------------------------
// Marks

export const REPLAY_MARKS = [
  'arrival',
  'settlement',
  'queued',
  'queue2_release',
  'lsm',
  'overdue',
  'drop',
  'split',
  'collateral',
  'liquidity',
  'deferred_credit',
  'cost',
  'end_of_day',
] as const;
export type ReplayMark = (typeof REPLAY_MARKS)[number];

const BIT: Readonly<Record<ReplayMark, number>> = Object.fromEntries(REPLAY_MARKS.map((m, i) => [m, 1 << i])) as Record<ReplayMark, number>;

const MARKS_OF_TYPE: ReadonlyMap<string, number> = new Map(Object.entries({
  Arrival: BIT.arrival,
  RtgsImmediateSettlement: BIT.settlement,
  Queue2LiquidityRelease: BIT.settlement | BIT.queue2_release,
  RtgsQueue2Settle: BIT.settlement | BIT.queue2_release,
  QueuedRtgs: BIT.queued,
  LsmBilateralOffset: BIT.settlement | BIT.lsm,
  LsmCycleSettlement: BIT.settlement | BIT.lsm,
  TransactionWentOverdue: BIT.overdue,
  PolicyDrop: BIT.drop,
  PolicySplit: BIT.split,
  CollateralPost: BIT.collateral,
  CollateralWithdraw: BIT.collateral,
  CollateralTimerWithdrawn: BIT.collateral,
  LiquidityAllocation: BIT.liquidity,
  LiquidityReturn: BIT.liquidity,
  DeferredCreditApplied: BIT.deferred_credit,
  CostAccrual: BIT.cost,
  EndOfDay: BIT.end_of_day,
}));

/** Bit mask of the marks an event type sets (0 for none). */
export function markBits(type: string): number {
  return MARKS_OF_TYPE.get(type) ?? 0;
}

export function maskOf(marks: ReplayMark | readonly ReplayMark[]): number {
  const list: readonly ReplayMark[] = typeof marks === 'string' ? [marks] : marks;
  let mask = 0;
  for (const m of list) {
    const bit = BIT[m];
    if (bit === undefined) {
      throw new RangeError(`unknown replay mark '${String(m)}' (known: ${REPLAY_MARKS.join(', ')})`);
    }
    mask |= bit;
  }
  return mask;
}

export function marksOfMask(mask: number): ReplayMark[] {
  return REPLAY_MARKS.filter((m) => (mask & BIT[m]) !== 0);
}
