/**
 * Plain data shapes of the events table and the transaction trace, as the host sends them to the events panel
 * (src/protocol/events.ts re-exports them). Free of imports on purpose: the webview bundle type-checks this file.
 * Money is integer cents.
 */

/** The filters of the events table; every field narrows the listing and they combine (AND). */
export interface EventTableFilter {
  /** Inclusive. */
  fromTick?: number;
  /** Inclusive. */
  toTick?: number;
  /** Simulated day (tick / ticks_per_day). */
  day?: number;
  /** Any of these types; absent or empty: every type. */
  eventTypes?: string[];
  agentId?: string;
  txId?: string;
  /** Case-insensitive substring of the event's details JSON (not index-served: scanned in bounded chunks). */
  text?: string;
}

/** One row of the events table. */
export interface EventRow {
  /** event_id as stored: an integer in unified files, a uuid in legacy ones. */
  eventId: number | string;
  tick: number;
  day: number | null;
  type: string;
  agent: string | null;
  tx: string | null;
  /** Cents: the payment's amount (from the event, else from the transactions table), or the event's own amount. */
  amount: number | null;
  /** The other party: the receiver of the acting sender's payment, the other bank of a bilateral offset, ... */
  counterparty: string | null;
  /** One line built from the details, per event type. */
  summary: string;
  /** The stored details JSON, parsed (`{ raw }` when it is not a JSON object). */
  details: Record<string, unknown>;
}

/** Where a payment ended up (or stands at the end of the stored run). */
export type TraceStatus = 'settled' | 'dropped' | 'split' | 'overdue' | 'queued' | 'pending' | 'unknown';

/** How it settled. */
export type TraceSettledBy = 'rtgs' | 'queue2' | 'lsm-bilateral' | 'lsm-cycle' | 'entry-offset' | 'children' | null;

export type TraceStepKind =
  | 'arrival'
  | 'submit'
  | 'hold'
  | 'split'
  | 'drop'
  | 'priority'
  | 'rtgs-submission'
  | 'queued'
  | 'queue-wait'
  | 'withdrawal'
  | 'resubmission'
  | 'limit'
  | 'settlement'
  | 'lsm'
  | 'overdue'
  | 'credit'
  | 'other';

export interface TraceBalance {
  agent: string;
  before: number | null;
  after: number | null;
}

/** One step of a payment's lifecycle: one event, or several identical consecutive ones (repeated holds). */
export interface TraceStep {
  kind: TraceStepKind;
  tick: number;
  /** Last tick of a collapsed run of events (repeated holds); equals `tick` otherwise. */
  toTick: number;
  /** Events the step stands for (1, or more for a collapsed run). */
  count: number;
  eventType: string;
  /** event_id of the (first) event, to find it in the table. */
  eventId: number | string;
  title: string;
  detail: string;
  balances: TraceBalance[];
  /** Cost this step charged to the payment's sender, cents (penalty, split friction); null when none. */
  cost: number | null;
  /** True when the event names the payment only inside its details (LSM settlements, deferred credits). */
  mention: boolean;
}

/** A split child or the parent, as the trace links to it. */
export interface TraceRelative {
  txId: string;
  amount: number | null;
  status: TraceStatus;
  settlementTick: number | null;
}

/** Costs the payment caused, cents; null where the file does not say. */
export interface TraceCosts {
  /** Delay cost over its life (transactions.delay_cost), or the engine's estimate on late settlement. */
  delay: number | null;
  delayIsEstimate: boolean;
  /** Deadline penalty charged when it went overdue, or when it was dropped. */
  penalty: number | null;
  splitFriction: number | null;
  /** Sum of the above. */
  total: number;
}

/** One event of the trace, in table order (tick, then event order). */
export interface TraceEvent {
  eventId: number | string;
  tick: number;
  type: string;
  summary: string;
  mention: boolean;
}

/** A payment's lifecycle from arrival to settlement (or to where the run left it). */
export interface TransactionTrace {
  simulationId: string;
  txId: string;
  /** False when no event and no transactions row names this id. */
  found: boolean;
  sender: string | null;
  receiver: string | null;
  amount: number | null;
  priority: number | null;
  arrivalTick: number | null;
  deadlineTick: number | null;
  status: TraceStatus;
  settledBy: TraceSettledBy;
  settlementTick: number | null;
  /** Ticks from arrival to settlement (or to the last event when unsettled). */
  delayTicks: number | null;
  /** Ticks spent in the bank's queue (queue 1) and in the RTGS queue (queue 2), when the file records them. */
  queue1Ticks: number | null;
  queue2Ticks: number | null;
  costs: TraceCosts;
  parent: TraceRelative | null;
  splitIndex: number | null;
  children: TraceRelative[];
  steps: TraceStep[];
  events: TraceEvent[];
  /** Caveats for people (e.g. end-of-day penalties are charged per bank, not per payment). */
  notes: string[];
}
