/**
 * The derived columns of the events table (amount, counterparty, a one-line summary), built from an event's details
 * per event type. Field names follow the engine's event catalog (simcash-engine.md §8) and what this project's
 * simulator writes (src/sample/); the predecessor's variants (`sender` vs `sender_id`, ...) are accepted too, and an
 * unknown type still gets a summary of its scalar fields, so a newer engine's events never break the table.
 */
import { formatCents, formatCount } from '../format';

type Details = Readonly<Record<string, unknown>>;

/** What the transactions table knows about the event's payment (joined by tx_id), used when the event is silent. */
export interface PaymentFacts {
  amount: number | null;
  sender: string | null;
  receiver: string | null;
}

export interface EventColumns {
  amount: number | null;
  counterparty: string | null;
  summary: string;
}

function num(d: Details, ...keys: string[]): number | null {
  for (const key of keys) {
    const v = d[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

function str(d: Details, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = d[key];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return null;
}

function list(d: Details, key: string): unknown[] {
  const v = d[key];
  return Array.isArray(v) ? v : [];
}

const money = (cents: number | null): string => (cents === null ? '?' : formatCents(cents));
const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "A → B" when both are known, else whichever is. */
function route(from: string | null, to: string | null): string {
  if (from && to) return `${from} → ${to}`;
  return from ?? (to ? `→ ${to}` : '');
}

function balanceChange(d: Details, prefix: string): string {
  const before = num(d, `${prefix}balance_before`);
  const after = num(d, `${prefix}balance_after`);
  return before !== null && after !== null ? `${money(before)} → ${money(after)}` : after !== null ? money(after) : '';
}

function join(...parts: Array<string | null | false | undefined>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('; ');
}

/** Non-zero entries of a {kind: cents} map, largest first. */
function costParts(costs: unknown): string {
  if (costs === null || typeof costs !== 'object' || Array.isArray(costs)) return '';
  return Object.entries(costs as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] !== 0)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, cents]) => `${kind.replace(/_/g, ' ')} ${money(cents)}`)
    .join(', ');
}

function sumNumbers(values: unknown): number | null {
  if (values === null || typeof values !== 'object') return null;
  let total = 0;
  let any = false;
  for (const v of Object.values(values as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isFinite(v)) {
      total += v;
      any = true;
    }
  }
  return any ? total : null;
}

/** Scalar fields as `key=value`, for types this module does not know. */
function genericSummary(d: Details): string {
  return Object.entries(d)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 6)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

/** The amount an event is about: the payment's for payment events, the event's own otherwise. */
function amountOf(type: string, d: Details, payment: PaymentFacts | null): number | null {
  switch (type) {
    case 'LsmBilateralOffset': {
      const a = num(d, 'amount_a');
      const b = num(d, 'amount_b');
      return a !== null && b !== null ? a + b : (a ?? b);
    }
    case 'LsmCycleSettlement':
      return num(d, 'total_value', 'settled_value');
    case 'EntryDispositionOffset':
      return num(d, 'offset_amount');
    case 'AlgorithmExecution':
      return num(d, 'settled_value');
    case 'CostAccrual':
      return num(d, 'total') ?? sumNumbers(d.costs);
    case 'EndOfDay':
      return num(d, 'total_penalties');
    case 'CollateralTimerBlocked':
      return num(d, 'requested_amount');
    case 'BankBudgetSet':
      return num(d, 'max_value');
    case 'OverdueTransactionSettled':
      return num(d, 'settled_amount', 'amount') ?? payment?.amount ?? null;
    default:
      return num(d, 'amount') ?? payment?.amount ?? null;
  }
}

/** The other party of the event, seen from its acting agent. */
function counterpartyOf(type: string, agent: string | null, d: Details, payment: PaymentFacts | null): string | null {
  if (type === 'LsmBilateralOffset') {
    const a = str(d, 'agent_a');
    const b = str(d, 'agent_b');
    return agent !== null && agent === b ? a : b;
  }
  if (type === 'EntryDispositionOffset') {
    return str(d, 'agent_b');
  }
  const sender = str(d, 'sender_id', 'sender') ?? payment?.sender ?? null;
  const receiver = str(d, 'receiver_id', 'receiver') ?? payment?.receiver ?? null;
  if (agent !== null && receiver === agent) return sender;
  return receiver;
}

function summaryOf(type: string, agent: string | null, tx: string | null, d: Details, payment: PaymentFacts | null): string {
  const sender = str(d, 'sender_id', 'sender') ?? payment?.sender ?? agent;
  const receiver = str(d, 'receiver_id', 'receiver') ?? payment?.receiver ?? null;
  const amount = num(d, 'amount') ?? payment?.amount ?? null;
  const reason = str(d, 'reason');
  switch (type) {
    case 'Arrival': {
      const parent = str(d, 'parent_tx_id');
      return join(
        `${route(sender, receiver)} ${money(amount)}`,
        num(d, 'deadline', 'deadline_tick') !== null && `deadline t${num(d, 'deadline', 'deadline_tick')}`,
        num(d, 'priority') !== null && `priority ${num(d, 'priority')}`,
        parent ? `split child of ${parent}` : d.is_divisible === true && 'divisible',
      );
    }
    case 'PolicySubmit':
      return join('Released to RTGS', reason);
    case 'PolicyHold':
      return `Held${reason ? `: ${reason}` : ''}`;
    case 'PolicyDrop':
      return join(`Dropped${reason ? `: ${reason}` : ''}`, (num(d, 'penalty_cost') ?? 0) > 0 && `penalty ${money(num(d, 'penalty_cost'))}`);
    case 'PolicySplit': {
      const children = list(d, 'child_ids').map(String);
      const n = num(d, 'num_splits') ?? children.length;
      return join(`Split into ${n}${children.length ? `: ${children.join(', ')}` : ''}`, (num(d, 'friction_cost') ?? 0) > 0 && `friction ${money(num(d, 'friction_cost'))}`);
    }
    case 'TransactionReprioritized':
      return `Priority ${str(d, 'old_priority') ?? '?'} → ${str(d, 'new_priority') ?? '?'}`;
    case 'PriorityEscalated':
      return join(
        `Priority ${str(d, 'original_priority') ?? '?'} → ${str(d, 'escalated_priority') ?? '?'}`,
        num(d, 'ticks_until_deadline') !== null && `${num(d, 'ticks_until_deadline')} ticks to deadline`,
      );
    case 'CollateralPost':
    case 'CollateralWithdraw':
      return join(`${type === 'CollateralPost' ? 'Posted' : 'Withdrew'} ${money(amount)} collateral`, reason, num(d, 'new_total') !== null && `now ${money(num(d, 'new_total'))}`);
    case 'CollateralTimerWithdrawn':
      return join(`Timer withdrew ${money(amount)} collateral`, num(d, 'posted_at_tick') !== null && `posted t${num(d, 'posted_at_tick')}`, str(d, 'original_reason'), num(d, 'new_total') !== null && `now ${money(num(d, 'new_total'))}`);
    case 'CollateralTimerBlocked':
      return join(`Timer withdrawal of ${money(num(d, 'requested_amount'))} blocked`, reason);
    case 'StateRegisterSet':
      return join(`${str(d, 'register_key') ?? 'register'}: ${str(d, 'old_value') ?? '?'} → ${str(d, 'new_value') ?? '?'}`, reason);
    case 'BankBudgetSet': {
      const focus = list(d, 'focus_counterparties').map(String);
      return join(`Release budget ${money(num(d, 'max_value'))}`, focus.length > 0 && `focus ${focus.join(', ')}`, num(d, 'max_per_counterparty') !== null && `max ${money(num(d, 'max_per_counterparty'))} per counterparty`);
    }
    case 'RtgsSubmission':
      return join(`Submitted to RTGS: ${route(sender, receiver)} ${money(amount)}`, str(d, 'rtgs_priority'));
    case 'RtgsImmediateSettlement':
      return join(`Settled: ${route(sender, receiver)} ${money(amount)}`, balanceChange(d, 'sender_') && `sender ${balanceChange(d, 'sender_')}`);
    case 'QueuedRtgs':
      return `Queued in RTGS: ${route(sender, receiver)} ${money(amount)}`;
    case 'Queue2LiquidityRelease':
      return join(
        `Released from the RTGS queue: ${route(sender, receiver)} ${money(amount)}`,
        num(d, 'queue_wait_ticks') !== null && `waited ${plural(num(d, 'queue_wait_ticks') ?? 0, 'tick')}`,
        str(d, 'release_reason'),
      );
    case 'RtgsQueue2Settle':
      return join(`Settled from queue 2: ${route(sender, receiver)} ${money(amount)}`, reason);
    case 'RtgsWithdrawal':
      return join('Withdrawn from the RTGS queue', str(d, 'original_rtgs_priority'));
    case 'RtgsResubmission':
      return `Resubmitted: ${str(d, 'old_rtgs_priority') ?? '?'} → ${str(d, 'new_rtgs_priority') ?? '?'}`;
    case 'LsmBilateralOffset':
      return join(`Bilateral offset ${str(d, 'agent_a') ?? '?'} ⇄ ${str(d, 'agent_b') ?? '?'}: ${money(num(d, 'amount_a'))} vs ${money(num(d, 'amount_b'))}`, plural(list(d, 'tx_ids').length, 'payment'));
    case 'LsmCycleSettlement': {
      const agents = list(d, 'agents').map(String);
      return join(`Cycle ${agents.join(' → ')} settled ${money(num(d, 'total_value'))}`, plural(list(d, 'tx_ids').length, 'payment'), str(d, 'max_net_outflow_agent') && `largest outflow ${str(d, 'max_net_outflow_agent')} ${money(num(d, 'max_net_outflow'))}`);
    }
    case 'EntryDispositionOffset':
      return `Entry offset ${str(d, 'incoming_tx_id') ?? '?'} against ${str(d, 'queued_tx_id') ?? '?'}: ${money(num(d, 'offset_amount'))}`;
    case 'AlgorithmExecution':
      return join(`Algorithm ${str(d, 'algorithm') ?? '?'}: ${str(d, 'result') ?? '?'}`, num(d, 'settlements') !== null && plural(num(d, 'settlements') ?? 0, 'settlement'), num(d, 'settled_value') !== null && money(num(d, 'settled_value')));
    case 'BilateralLimitExceeded':
      return `Bilateral limit ${route(sender, receiver)}: ${money(num(d, 'current_bilateral_outflow'))} + ${money(amount)} > ${money(num(d, 'bilateral_limit'))}`;
    case 'MultilateralLimitExceeded':
      return `Multilateral limit of ${sender ?? '?'}: ${money(num(d, 'current_total_outflow'))} + ${money(amount)} > ${money(num(d, 'multilateral_limit'))}`;
    case 'DeferredCreditApplied':
      return join(`Deferred credit ${money(amount)}`, list(d, 'source_transactions').length > 0 && `from ${plural(list(d, 'source_transactions').length, 'payment')}`, balanceChange(d, '') && `balance ${balanceChange(d, '')}`);
    case 'CostAccrual': {
      const total = num(d, 'total') ?? sumNumbers(d.costs);
      return join(`Costs ${money(total)}`, costParts(d.costs));
    }
    case 'TransactionWentOverdue':
      return join(`Overdue${num(d, 'deadline_tick') !== null ? ` (deadline t${num(d, 'deadline_tick')})` : ''}`, `${money(num(d, 'remaining_amount') ?? amount)} unsettled`, (num(d, 'deadline_penalty_cost') ?? 0) > 0 && `penalty ${money(num(d, 'deadline_penalty_cost'))}`);
    case 'OverdueTransactionSettled':
      return join(
        `Settled late: ${route(sender, receiver)} ${money(num(d, 'settled_amount') ?? amount)}`,
        num(d, 'total_ticks_overdue') !== null && `${plural(num(d, 'total_ticks_overdue') ?? 0, 'tick')} overdue`,
        num(d, 'estimated_delay_cost') !== null && `est. delay cost ${money(num(d, 'estimated_delay_cost'))}`,
      );
    case 'EndOfDay':
      return join(`End of day${num(d, 'day') !== null ? ` ${num(d, 'day')}` : ''}`, num(d, 'unsettled_count') !== null && `${plural(num(d, 'unsettled_count') ?? 0, 'payment')} unsettled`, num(d, 'total_penalties') !== null && `penalties ${money(num(d, 'total_penalties'))}`);
    case 'LiquidityAllocation': {
      const fraction = num(d, 'fraction');
      return join(`Allocated ${money(amount)}${fraction !== null ? ` (${Math.round(fraction * 100)}% of the pool)` : ''}`, balanceChange(d, '') && `balance ${balanceChange(d, '')}`);
    }
    case 'LiquidityReturn':
      return join(`Returned ${money(amount)} to the pool`, balanceChange(d, '') && `balance ${balanceChange(d, '')}`);
    case 'ScenarioEventExecuted':
      return join(`Scenario event ${str(d, 'event_type', 'scenario_event_type') ?? ''}`.trim(), typeof d.details === 'object' && d.details !== null ? JSON.stringify(d.details).slice(0, 120) : null);
    default:
      return genericSummary(d) || (tx ? `Transaction ${tx}` : '');
  }
}

/** Amount, counterparty and summary of one event. `payment` fills in what payment events leave out. */
export function describeEvent(type: string, agent: string | null, tx: string | null, details: Details, payment: PaymentFacts | null = null): EventColumns {
  return {
    amount: amountOf(type, details, payment),
    counterparty: counterpartyOf(type, agent, details, payment),
    summary: summaryOf(type, agent, tx, details, payment),
  };
}
