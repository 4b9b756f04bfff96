/**
 * One payment's lifecycle from its events: arrival, each policy decision, entry to the RTGS queue, settlement (at
 * once, from the queue, or by the LSM) or where the run left it, with balances where the events carry them and the
 * costs it caused. Split children link to their parent and back.
 *
 * Cost of the queries: the payment's own events come from the (simulation_id, tx_id) index. LSM settlements and
 * deferred credits name their payments only inside their details (tx_ids, source_transactions), so they are found
 * by reading the few events of those types between the payment's arrival and its settlement (the
 * (simulation_id, event_type, tick) index) and matching the id in their details. The transactions table, where the
 * file has one, adds the final status, the delay cost and the parent link (primary key lookups).
 */
import type { SqlValue } from '../db/types';
import { backendFor } from './backend';
import type { EventSource } from './common/eventQuery';
import type { EventRow, TraceBalance, TraceCosts, TraceEvent, TraceRelative, TraceSettledBy, TraceStatus, TraceStep, TraceStepKind, TransactionTrace } from './eventRows';
import { resolveFilter, rowsSql, toEventRow } from './eventTableSql';
import type { SimCashFile } from './file';
import { quoteIdent } from './schemaInfo';
import { asInteger, asString, isPlainObject } from './values';

/** Event types that name payments only inside their details. */
const MENTION_TYPES = ['LsmBilateralOffset', 'LsmCycleSettlement', 'EntryDispositionOffset', 'DeferredCreditApplied'];
/** Events that settle the payment they carry in tx_id. */
const SETTLEMENT_TYPES = new Set(['RtgsImmediateSettlement', 'Queue2LiquidityRelease', 'RtgsQueue2Settle', 'OverdueTransactionSettled']);

interface OrderedEvent {
  seq: number | string;
  row: EventRow;
  mention: boolean;
}

type TxRow = Record<string, SqlValue>;

export async function transactionTrace(file: SimCashFile, simulationId: string, txId: string): Promise<TransactionTrace> {
  const backend = await backendFor(file);
  const source = backend.events;
  const txRow = await transactionRow(file, source, simulationId, txId);
  const own = source ? await ownEvents(file, source, simulationId, txId) : [];
  const arrivalTick = asInteger(txRow?.arrival_tick) ?? own[0]?.row.tick ?? null;
  const mentions = source && arrivalTick !== null ? await mentionEvents(file, source, simulationId, txId, arrivalTick, mentionEnd(own, txRow)) : [];
  const events = [...own, ...mentions].sort(compareEvents);

  const arrival = events.find((e) => e.row.type === 'Arrival' && !e.mention)?.row;
  const split = events.find((e) => e.row.type === 'PolicySplit')?.row;
  const d = (row: EventRow | undefined, key: string): unknown => row?.details[key];
  const parentId = stringOf(d(arrival, 'parent_tx_id')) ?? asString(txRow?.parent_tx_id);
  const childIds = split ? listOfStrings(split.details.child_ids) : [];
  const children = childIds.length > 0 ? childIds : await childrenFromTable(file, source, simulationId, txId, txRow);
  const relatives = await relativeFacts(file, source, simulationId, [...(parentId ? [parentId] : []), ...children]);

  const settlement = settlementOf(events, txId);
  const status = statusOf(txRow, events, settlement !== null, children, relatives);
  const settlementTick = asInteger(txRow?.settlement_tick) ?? settlement?.tick ?? null;
  const lastTick = events.length > 0 ? events[events.length - 1].row.tick : null;
  const costs = costsOf(txRow, events);
  const sender = asString(txRow?.sender_id) ?? stringOf(d(arrival, 'sender_id')) ?? arrival?.agent ?? own[0]?.row.agent ?? null;
  const receiver = asString(txRow?.receiver_id) ?? stringOf(d(arrival, 'receiver_id')) ?? null;

  const notes: string[] = [];
  if (costs.delayIsEstimate) notes.push('The delay cost is the engine’s estimate on late settlement (it ignores priority and overdue multipliers).');
  if (status === 'overdue' || status === 'queued' || status === 'pending') {
    notes.push('End-of-day penalties for unsettled payments are charged per bank (CostAccrual events), not per payment, so they are not listed here.');
  }
  if (events.some((e) => e.row.type === 'QueuedRtgs')) {
    notes.push('The RTGS queue leaves no event per retry: a queued payment is retried in every tick’s queue-2 pass and LSM run until it settles.');
  }
  if (!txRow && source && events.length > 0) notes.push('This file has no transactions table: status and costs are read from the events alone.');

  return {
    simulationId,
    txId,
    found: txRow !== null || events.length > 0,
    sender,
    receiver,
    amount: asInteger(txRow?.amount) ?? numberOf(d(arrival, 'amount')),
    priority: asInteger(txRow?.priority) ?? numberOf(d(arrival, 'priority')),
    arrivalTick,
    deadlineTick: asInteger(txRow?.deadline_tick) ?? numberOf(d(arrival, 'deadline')) ?? numberOf(d(arrival, 'deadline_tick')),
    status,
    settledBy: status === 'settled' || status === 'split' ? (settlement?.by ?? (status === 'split' ? 'children' : null)) : null,
    settlementTick: status === 'settled' || status === 'split' ? settlementTick : null,
    delayTicks: asInteger(txRow?.total_delay_ticks) ?? (arrivalTick !== null ? (settlementTick ?? lastTick ?? arrivalTick) - arrivalTick : null),
    queue1Ticks: asInteger(txRow?.queue1_ticks),
    queue2Ticks: asInteger(txRow?.queue2_ticks),
    costs,
    parent: parentId ? (relatives.get(parentId) ?? { txId: parentId, amount: null, status: 'unknown', settlementTick: null }) : null,
    splitIndex: asInteger(txRow?.split_index),
    children: children.map((id) => relatives.get(id) ?? { txId: id, amount: null, status: 'unknown', settlementTick: null }),
    steps: stepsOf(events, txId, sender, receiver),
    events: events.map((e): TraceEvent => ({ eventId: e.row.eventId, tick: e.row.tick, type: e.row.type, summary: e.row.summary, mention: e.mention })),
    notes,
  };
}

function compareEvents(a: OrderedEvent, b: OrderedEvent): number {
  if (a.row.tick !== b.row.tick) return a.row.tick - b.row.tick;
  return a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0;
}

async function transactionRow(file: SimCashFile, source: EventSource | null, simulationId: string, txId: string): Promise<TxRow | null> {
  const schema = source?.schema;
  if (!schema?.hasColumns('transactions', 'simulation_id', 'tx_id')) return null;
  const [row] = await file.db.query('SELECT * FROM transactions WHERE simulation_id = ? AND tx_id = ?', [simulationId, txId]);
  return row ?? null;
}

async function readOrdered(file: SimCashFile, sql: { sql: string; params: SqlValue[] }, mention: boolean): Promise<OrderedEvent[]> {
  const rows = await file.db.query(sql.sql, sql.params);
  return rows.map((r) => ({ seq: typeof r._seq === 'number' ? r._seq : (asString(r._seq) ?? ''), row: toEventRow(r), mention }));
}

function ownEvents(file: SimCashFile, source: EventSource, simulationId: string, txId: string): Promise<OrderedEvent[]> {
  return readOrdered(file, rowsSql(source, simulationId, resolveFilter({ txId }, null), null), false);
}

/** The last tick an LSM settlement or deferred credit of the payment can have (null: the end of the run). */
function mentionEnd(own: OrderedEvent[], txRow: TxRow | null): number | null {
  const settled = asInteger(txRow?.settlement_tick);
  if (settled !== null) return settled;
  const final = own.find((e) => SETTLEMENT_TYPES.has(e.row.type) || e.row.type === 'PolicyDrop' || e.row.type === 'PolicySplit');
  return final ? final.row.tick : null;
}

async function mentionEvents(file: SimCashFile, source: EventSource, simulationId: string, txId: string, fromTick: number, toTick: number | null): Promise<OrderedEvent[]> {
  if (!source.schema.hasColumn(source.table, 'details')) return [];
  // The id as it appears in the details JSON, quotes included, so that tx-1 does not match tx-10.
  const filter = resolveFilter({ eventTypes: MENTION_TYPES, fromTick, toTick: toTick ?? undefined, text: JSON.stringify(txId) }, null);
  const found = await readOrdered(file, rowsSql(source, simulationId, filter, null), true);
  // LIKE is case-insensitive: keep only exact mentions, and leave out events that carry the payment in tx_id (own).
  return found.filter((e) => e.row.tx !== txId && mentionedIds(e.row).includes(txId));
}

function mentionedIds(row: EventRow): string[] {
  const d = row.details;
  return [...listOfStrings(d.tx_ids), ...listOfStrings(d.source_transactions), ...[d.incoming_tx_id, d.queued_tx_id].filter((v): v is string => typeof v === 'string')];
}

function listOfStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Split children recorded only in the transactions table (a file whose PolicySplit event is missing). */
async function childrenFromTable(file: SimCashFile, source: EventSource | null, simulationId: string, txId: string, txRow: TxRow | null): Promise<string[]> {
  if (asString(txRow?.status) !== 'split' || !source?.schema.hasColumn('transactions', 'parent_tx_id')) return [];
  const order = source.schema.hasColumn('transactions', 'split_index') ? 'split_index, tx_id' : 'tx_id';
  const rows = await file.db.query(`SELECT tx_id FROM transactions WHERE simulation_id = ? AND parent_tx_id = ? ORDER BY ${order}`, [simulationId, txId]);
  return rows.map((r) => asString(r.tx_id) ?? '').filter((id) => id !== '');
}

/** Amount, status and settlement tick of the parent and the children: from the transactions table, else events. */
async function relativeFacts(file: SimCashFile, source: EventSource | null, simulationId: string, ids: string[]): Promise<Map<string, TraceRelative>> {
  const facts = new Map<string, TraceRelative>();
  if (ids.length === 0 || !source) return facts;
  const marks = ids.map(() => '?').join(', ');
  const schema = source.schema;
  if (schema.hasColumns('transactions', 'simulation_id', 'tx_id')) {
    const col = (c: string) => schema.select('transactions', 't', c);
    const rows = await file.db.query(`SELECT t.tx_id AS tx_id, ${col('amount')}, ${col('status')}, ${col('settlement_tick')} FROM transactions t WHERE t.simulation_id = ? AND t.tx_id IN (${marks})`, [simulationId, ...ids]);
    for (const r of rows) {
      const id = asString(r.tx_id) ?? '';
      facts.set(id, { txId: id, amount: asInteger(r.amount), status: tableStatus(asString(r.status)), settlementTick: asInteger(r.settlement_tick) });
    }
    return facts;
  }
  if (!schema.hasColumn(source.table, 'tx_id')) return facts;
  const rows = await file.db.query(
    `SELECT se.tx_id AS tx_id, ${schema.expr(source.table, 'se', 'tick', '0')} AS tick, ${schema.select(source.table, 'se', 'event_type')}, ${schema.select(source.table, 'se', 'details')} ` +
      `FROM ${quoteIdent(source.table)} se WHERE se.simulation_id = ? AND se.tx_id IN (${marks}) ORDER BY +tick, ${source.seq}`,
    [simulationId, ...ids],
  );
  for (const r of rows) {
    const id = asString(r.tx_id) ?? '';
    const type = asString(r.event_type) ?? '';
    const fact = facts.get(id) ?? { txId: id, amount: null, status: 'pending', settlementTick: null };
    if (type === 'Arrival') {
      const details = toEventRow(r).details;
      fact.amount = numberOf(details.amount);
    } else if (SETTLEMENT_TYPES.has(type)) {
      fact.status = 'settled';
      fact.settlementTick ??= asInteger(r.tick);
    } else if (type === 'PolicyDrop') {
      fact.status = 'dropped';
    } else if (type === 'PolicySplit') {
      fact.status = 'split';
    } else if (type === 'QueuedRtgs' && fact.status === 'pending') {
      fact.status = 'queued';
    } else if (type === 'TransactionWentOverdue' && fact.status !== 'settled') {
      fact.status = 'overdue';
    }
    facts.set(id, fact);
  }
  return facts;
}

function tableStatus(status: string | null): TraceStatus {
  switch (status) {
    case 'settled':
    case 'dropped':
    case 'split':
    case 'overdue':
    case 'pending':
      return status;
    default:
      return 'unknown';
  }
}

function settlementOf(events: OrderedEvent[], txId: string): { tick: number; by: TraceSettledBy } | null {
  for (const e of events) {
    switch (e.row.type) {
      case 'RtgsImmediateSettlement':
        return { tick: e.row.tick, by: 'rtgs' };
      case 'Queue2LiquidityRelease':
      case 'RtgsQueue2Settle':
        return { tick: e.row.tick, by: 'queue2' };
      case 'LsmBilateralOffset':
        return { tick: e.row.tick, by: 'lsm-bilateral' };
      case 'LsmCycleSettlement':
        return { tick: e.row.tick, by: 'lsm-cycle' };
      case 'EntryDispositionOffset':
        return { tick: e.row.tick, by: 'entry-offset' };
      case 'OverdueTransactionSettled':
        // Follows the settlement event of the same payment; alone (an older writer), it is the settlement.
        if (e.row.tx === txId) return { tick: e.row.tick, by: 'rtgs' };
    }
  }
  return null;
}

function statusOf(txRow: TxRow | null, events: OrderedEvent[], settled: boolean, children: string[], relatives: Map<string, TraceRelative>): TraceStatus {
  const queued = events.some((e) => e.row.type === 'QueuedRtgs');
  const stored = txRow ? tableStatus(asString(txRow.status)) : 'unknown';
  if (stored === 'pending') return queued ? 'queued' : 'pending';
  if (stored !== 'unknown') return stored;
  if (children.length > 0 || events.some((e) => e.row.type === 'PolicySplit')) return 'split';
  if (settled) return 'settled';
  if (events.some((e) => e.row.type === 'PolicyDrop')) return 'dropped';
  if (events.some((e) => e.row.type === 'TransactionWentOverdue')) return 'overdue';
  if (queued) return 'queued';
  if (events.length > 0) return 'pending';
  return relatives.size > 0 ? 'pending' : 'unknown';
}

function costsOf(txRow: TxRow | null, events: OrderedEvent[]): TraceCosts {
  const field = (type: string, key: string): number | null => {
    const e = events.find((x) => x.row.type === type && !x.mention);
    return e ? numberOf(e.row.details[key]) : null;
  };
  const tableDelay = asInteger(txRow?.delay_cost);
  const estimate = field('OverdueTransactionSettled', 'estimated_delay_cost');
  const deadline = field('TransactionWentOverdue', 'deadline_penalty_cost') ?? field('OverdueTransactionSettled', 'deadline_penalty_cost');
  const drop = field('PolicyDrop', 'penalty_cost');
  const penalty = deadline === null && drop === null ? null : (deadline ?? 0) + (drop ?? 0);
  const splitFriction = field('PolicySplit', 'friction_cost');
  const delay = tableDelay ?? estimate;
  return {
    delay,
    delayIsEstimate: tableDelay === null && estimate !== null,
    penalty,
    splitFriction,
    total: (delay ?? 0) + (penalty ?? 0) + (splitFriction ?? 0),
  };
}

const STEP_KIND: Readonly<Record<string, TraceStepKind>> = {
  Arrival: 'arrival',
  PolicySubmit: 'submit',
  PolicyHold: 'hold',
  PolicySplit: 'split',
  PolicyDrop: 'drop',
  TransactionReprioritized: 'priority',
  PriorityEscalated: 'priority',
  RtgsSubmission: 'rtgs-submission',
  QueuedRtgs: 'queued',
  RtgsWithdrawal: 'withdrawal',
  RtgsResubmission: 'resubmission',
  BilateralLimitExceeded: 'limit',
  MultilateralLimitExceeded: 'limit',
  RtgsImmediateSettlement: 'settlement',
  Queue2LiquidityRelease: 'settlement',
  RtgsQueue2Settle: 'settlement',
  OverdueTransactionSettled: 'settlement',
  LsmBilateralOffset: 'lsm',
  LsmCycleSettlement: 'lsm',
  EntryDispositionOffset: 'lsm',
  TransactionWentOverdue: 'overdue',
  DeferredCreditApplied: 'credit',
};

function titleOf(row: EventRow, sender: string | null, receiver: string | null): string {
  const d = row.details;
  switch (row.type) {
    case 'Arrival':
      return typeof d.parent_tx_id === 'string' ? 'Arrived as a split child' : 'Arrived';
    case 'PolicySubmit':
      return 'Released by the policy';
    case 'PolicyHold':
      return `Held${typeof d.reason === 'string' ? `: ${d.reason}` : ''}`;
    case 'PolicySplit':
      return `Split into ${numberOf(d.num_splits) ?? listOfStrings(d.child_ids).length}`;
    case 'PolicyDrop':
      return `Dropped${typeof d.reason === 'string' ? `: ${d.reason}` : ''}`;
    case 'RtgsSubmission':
      return 'Submitted to RTGS';
    case 'QueuedRtgs':
      return 'Entered the RTGS queue';
    case 'RtgsImmediateSettlement':
      return 'Settled on submission';
    case 'Queue2LiquidityRelease':
    case 'RtgsQueue2Settle':
      return 'Settled from the RTGS queue';
    case 'OverdueTransactionSettled':
      return 'Settled after its deadline';
    case 'LsmBilateralOffset': {
      const other = [d.agent_a, d.agent_b].find((a) => typeof a === 'string' && a !== sender);
      return `Settled by a bilateral offset${typeof other === 'string' ? ` with ${other}` : ''}`;
    }
    case 'LsmCycleSettlement':
      return `Settled in an LSM cycle of ${listOfStrings(d.agents).length || '?'} banks`;
    case 'EntryDispositionOffset':
      return 'Settled by an entry offset';
    case 'TransactionWentOverdue':
      return 'Went overdue';
    case 'DeferredCreditApplied':
      return `Credit applied to ${receiver ?? row.agent ?? 'the receiver'}`;
    case 'RtgsWithdrawal':
      return 'Withdrawn from the RTGS queue';
    case 'RtgsResubmission':
      return 'Resubmitted to RTGS';
    default:
      return row.type;
  }
}

function balancesOf(row: EventRow, sender: string | null, receiver: string | null): TraceBalance[] {
  const d = row.details;
  const out: TraceBalance[] = [];
  const push = (agent: string | null, before: unknown, after: unknown) => {
    if (agent && (numberOf(before) !== null || numberOf(after) !== null)) out.push({ agent, before: numberOf(before), after: numberOf(after) });
  };
  push(stringOf(d.sender) ?? stringOf(d.sender_id) ?? sender, d.sender_balance_before, d.sender_balance_after);
  push(stringOf(d.receiver) ?? stringOf(d.receiver_id) ?? receiver, d.receiver_balance_before, d.receiver_balance_after);
  if (isPlainObject(d.balances_before) || isPlainObject(d.balances_after)) {
    const before = isPlainObject(d.balances_before) ? d.balances_before : {};
    const after = isPlainObject(d.balances_after) ? d.balances_after : {};
    for (const agent of [sender, receiver]) {
      if (agent) push(agent, before[agent], after[agent]);
    }
  }
  if (row.type === 'DeferredCreditApplied') push(row.agent, d.balance_before, d.balance_after);
  return out;
}

function costOfStep(row: EventRow): number | null {
  const d = row.details;
  switch (row.type) {
    case 'PolicySplit':
      return numberOf(d.friction_cost);
    case 'PolicyDrop':
      return numberOf(d.penalty_cost);
    case 'TransactionWentOverdue':
      return numberOf(d.deadline_penalty_cost);
    default:
      return null;
  }
}

/** The lifecycle steps: one per event, runs of identical holds collapsed, and the wait in the RTGS queue. */
function stepsOf(events: OrderedEvent[], txId: string, sender: string | null, receiver: string | null): TraceStep[] {
  const steps: TraceStep[] = [];
  let queuedAt: TraceStep | null = null;
  for (const e of events) {
    const row = e.row;
    const kind = STEP_KIND[row.type] ?? 'other';
    const previous = steps[steps.length - 1];
    if (kind === 'hold' && previous?.kind === 'hold' && previous.title === titleOf(row, sender, receiver)) {
      previous.count++;
      previous.toTick = row.tick;
      previous.detail = `${previous.count} times, ticks ${previous.tick}–${row.tick}`;
      continue;
    }
    const settles = kind === 'settlement' || (kind === 'lsm' && e.mention);
    if (settles && queuedAt && row.tick > queuedAt.tick && row.type !== 'OverdueTransactionSettled') {
      const wait = row.tick - queuedAt.tick;
      steps.push({
        kind: 'queue-wait',
        tick: queuedAt.tick,
        toTick: row.tick,
        count: 0,
        eventType: 'QueuedRtgs',
        eventId: queuedAt.eventId,
        title: `Waited ${wait} tick${wait === 1 ? '' : 's'} in the RTGS queue`,
        detail: 'Retried by each tick’s queue-2 pass and LSM until it settled.',
        balances: [],
        cost: null,
        mention: false,
      });
      queuedAt = null;
    }
    const step: TraceStep = {
      kind,
      tick: row.tick,
      toTick: row.tick,
      count: 1,
      eventType: row.type,
      eventId: row.eventId,
      title: titleOf(row, sender, receiver),
      detail: row.summary,
      balances: balancesOf(row, sender, receiver),
      cost: costOfStep(row),
      mention: e.mention,
    };
    if (kind === 'queued') queuedAt = step;
    if (kind === 'withdrawal') queuedAt = null;
    steps.push(step);
  }
  // A payment still in the queue at the end of the run: say so.
  if (queuedAt && !steps.some((s) => s.kind === 'settlement' || s.kind === 'lsm')) {
    const last = events[events.length - 1]?.row.tick ?? queuedAt.tick;
    steps.push({
      kind: 'queue-wait',
      tick: queuedAt.tick,
      toTick: last,
      count: 0,
      eventType: 'QueuedRtgs',
      eventId: queuedAt.eventId,
      title: 'Still in the RTGS queue at its last event',
      detail: `Queued since tick ${queuedAt.tick}; ${txId} has no settlement event.`,
      balances: [],
      cost: null,
      mention: false,
    });
  }
  return steps;
}
