/**
 * The replay panel's view of one tick, built on the host from the replay core's state, the tick's events and the
 * snapshot check: compact (queues and events are capped, details are reduced to one line) because the panel asks
 * for up to 30 of them a second while playing. Free of vscode so that tests and benchmarks build it in plain Node.
 */
import { formatCents } from '../../format';
import { describeEvent } from '../../model/eventDescribe';
import type { QueuedTransactionView, ReplayTickState, SnapshotDisagreement, TickEventGroups } from '../../replay';
import { MAX_QUEUE_ROWS, MAX_TICK_EVENTS, PLAYING_PHASE_EVENTS, PLAYING_QUEUE_ROWS, PREVIEW_QUEUE_ROWS, type ReplayDisagreement, type ReplayPayment, type ReplayQueue, type ReplayTickView } from '../../protocol/replay';

/** Phase names for people, in the tick loop's order (simcash-engine.md §2). */
export const PHASE_LABELS: Readonly<Record<string, string>> = {
  start_of_day: 'Start of day (liquidity)',
  overdue: 'Overdue',
  arrivals: 'Arrivals',
  collateral: 'Collateral',
  policy: 'Policy decisions',
  rtgs: 'RTGS settlement',
  queue2: 'Queue releases',
  lsm: 'LSM offsets and cycles',
  deferred_credit: 'Deferred credits',
  costs: 'Costs',
  end_of_day: 'End of day',
  other: 'Other',
};

function payment(tx: QueuedTransactionView, tick: number): ReplayPayment {
  return {
    txId: tx.txId,
    sender: tx.sender,
    receiver: tx.receiver,
    amount: tx.amount,
    priority: tx.priority,
    arrivalTick: tx.arrivalTick,
    deadlineTick: tx.deadlineTick,
    age: tx.arrivalTick === null ? null : tick - tx.arrivalTick,
    overdue: tx.overdue,
  };
}

function queue(kind: ReplayQueue['kind'], agentId: string | null, list: readonly QueuedTransactionView[], value: number, tick: number, rows: number): ReplayQueue {
  return { kind, agentId, size: list.length, value, payments: list.slice(0, rows).map((t) => payment(t, tick)) };
}

/** What a tick view carries besides the state: the lists (payments, event lines) and which queue is listed in full. */
export interface TickViewDetail {
  lists: boolean;
  /** Short lists (playback): PLAYING_QUEUE_ROWS payments per queue, PLAYING_PHASE_EVENTS events per phase run. */
  brief?: boolean;
  /** 'rtgs', an agent id, or '' (every queue previewed). */
  queue: string;
}

export const FULL_DETAIL: TickViewDetail = { lists: true, queue: '' };

/** Money columns of tick_agent_states (formatted as amounts); queue fields hold tx ids. */
const isMoneyField = (field: string) => /^(balance|balance_change|unsecured_cap|posted_collateral|allocated_liquidity|credit_used)$|_cost(_delta)?$/.test(field);

function shownValue(field: string, value: number | string | null): string {
  if (value === null) return 'no row';
  if (typeof value === 'number' && isMoneyField(field)) return formatCents(value);
  const text = String(value);
  return text === '' ? '(empty)' : text;
}

export function disagreementView(d: SnapshotDisagreement): ReplayDisagreement {
  return { agentId: d.agentId, field: d.field, snapshot: shownValue(d.field, d.snapshot), fold: shownValue(d.field, d.fold) };
}

export function buildTickView(
  state: ReplayTickState,
  groups: TickEventGroups,
  disagreements: readonly SnapshotDisagreement[] | null,
  detail: TickViewDetail = FULL_DETAIL,
): ReplayTickView {
  const tick = state.tick;
  const rtgsValue = state.queue2.reduce((sum, t) => sum + (t.amount ?? 0), 0);
  const rows = (key: string) => (!detail.lists ? 0 : detail.brief ? PLAYING_QUEUE_ROWS : detail.queue === key ? MAX_QUEUE_ROWS : PREVIEW_QUEUE_ROWS);
  let budget = detail.lists ? MAX_TICK_EVENTS : 0;
  const phases = groups.phases.map((g) => {
    const shown = g.events.slice(0, Math.max(0, detail.brief ? Math.min(budget, PLAYING_PHASE_EVENTS) : budget));
    budget -= shown.length;
    return {
      phase: g.phase,
      label: PHASE_LABELS[g.phase] ?? g.phase,
      events: shown.map((e) => ({ type: e.event_type, agentId: e.agent_id, txId: e.tx_id, summary: describeEvent(e.event_type, e.agent_id, e.tx_id, e.details).summary })),
      omitted: g.events.length - shown.length,
    };
  });
  return {
    tick,
    day: state.day,
    tickInDay: state.tickInDay,
    agents: state.agents.map((a) => ({
      id: a.id,
      balance: a.balance,
      balanceChange: a.balanceChange,
      creditUsed: a.creditUsed,
      allowedLimit: a.allowedLimit,
      headroom: a.headroom,
      postedCollateral: a.postedCollateral,
      allocatedLiquidity: a.allocatedLiquidity,
      queue1Size: a.queue1.length,
      queue1Value: a.queue1Value,
      queue2Size: a.queue2.length,
      queue2Value: a.queue2Value,
      costsThisTick: a.costsThisTick.total,
      costsToday: a.costsToday.total,
      costsTotal: a.costs.total,
      settled: a.settled,
      unsettled: a.unsettled,
    })),
    queues: [
      queue('rtgs', null, state.queue2, rtgsValue, tick, rows('rtgs')),
      ...state.agents.map((a) => queue('bank', a.id, a.queue1, a.queue1Value, tick, rows(a.id))),
    ],
    totals: {
      balance: state.totals.balance,
      settled: state.totals.settled,
      unsettled: state.totals.unsettled,
      overdue: state.totals.overdue,
      queue1Size: state.totals.queue1Size,
      queue2Size: state.totals.queue2Size,
      costs: state.totals.costs.total,
    },
    eventCount: groups.count,
    lists: detail.lists,
    phases,
    snapshot: disagreements === null ? null : disagreements.map(disagreementView),
  };
}
