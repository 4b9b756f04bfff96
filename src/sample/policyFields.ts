/**
 * The single registry of policy context fields. The interpreter compiles `{field: name}` into an index into a
 * Float64Array laid out in this order, and validation rejects any name not listed here, so a policy can never
 * reference a field the simulator does not fill.
 */

/** Fields describing the transaction under decision (payment tree only). */
export const TRANSACTION_FIELDS = [
  'amount',
  'remaining_amount',
  'settled_amount',
  'arrival_tick',
  'deadline_tick',
  'priority',
  'is_split',
  'is_divisible',
  'is_past_deadline',
  'is_overdue',
  'overdue_duration',
  'ticks_to_deadline',
  'queue_age',
  'cost_delay_this_tx_one_tick',
  'cost_overdraft_this_amount_one_tick',
] as const;

/** Fields describing the deciding agent, the system and the clock (every tree). */
export const AGENT_FIELDS = [
  'balance',
  'credit_limit',
  'unsecured_cap',
  'credit_used',
  'available_liquidity',
  'effective_liquidity',
  'credit_headroom',
  'is_using_credit',
  'liquidity_pressure',
  'allocated_liquidity',
  'liquidity_pool',
  'outgoing_queue_size',
  'queue1_total_value',
  'queue1_liquidity_gap',
  'headroom',
  'queue2_count_for_agent',
  'queue2_value_for_agent',
  'rtgs_queue_size',
  'rtgs_queue_value',
  'posted_collateral',
  'max_collateral_capacity',
  'remaining_collateral_capacity',
  'collateral_haircut',
  'collateral_utilization',
  'allowed_overdraft_limit',
  'overdraft_headroom',
  'required_collateral_for_usage',
  'excess_collateral',
  'current_tick',
  'system_tick_in_day',
  'system_ticks_per_day',
  'system_current_day',
  'ticks_remaining_in_day',
  'day_progress_fraction',
  'is_eod_rush',
  'total_agents',
  'cost_overdraft_bps_per_tick',
  'cost_delay_per_tick_per_cent',
  'cost_collateral_bps_per_tick',
  'cost_split_friction',
  'cost_deadline_penalty',
  'cost_eod_penalty',
] as const;

export type TransactionField = (typeof TRANSACTION_FIELDS)[number];
export type AgentField = (typeof AGENT_FIELDS)[number];
export type ContextField = TransactionField | AgentField;

/** Field name → slot in the context array. Transaction fields come first. */
export const FIELD_INDEX: Readonly<Record<ContextField, number>> = (() => {
  const index = {} as Record<ContextField, number>;
  let i = 0;
  for (const f of TRANSACTION_FIELDS) index[f] = i++;
  for (const f of AGENT_FIELDS) index[f] = i++;
  return index;
})();

export const CONTEXT_SIZE = TRANSACTION_FIELDS.length + AGENT_FIELDS.length;

const TX_FIELD_SET: ReadonlySet<string> = new Set(TRANSACTION_FIELDS);

export function isContextField(name: string): name is ContextField {
  return Object.prototype.hasOwnProperty.call(FIELD_INDEX, name);
}

export function isTransactionField(name: string): boolean {
  return TX_FIELD_SET.has(name);
}

/** Share of the day at which `is_eod_rush` turns on (the engine's default threshold). */
export const EOD_RUSH_THRESHOLD = 0.8;
