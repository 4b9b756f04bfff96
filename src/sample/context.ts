/**
 * Fills the policy context array (layout: policyFields.ts). Agent fields are filled once per agent per decision
 * round, so every Queue-1 decision of that round sees the same pre-decision state (the predecessor's semantics:
 * affordability checks do not see releases made earlier in the same round).
 */
import { FIELD_INDEX as F, EOD_RUSH_THRESHOLD } from './policyFields';
import { penaltyFor } from './scenario';
import { type Agent, type SimState, type Tx, bandMultiplier } from './state';

export function fillAgentContext(st: SimState, a: Agent, ctx: Float64Array, rtgsQueueValue: number): void {
  const bal = a.balance;
  const allowed = a.allowedLimit;
  const used = Math.max(0, -bal);
  const available = Math.max(0, bal + allowed);
  const r = st.sc.cost_rates;
  ctx[F.balance] = bal;
  ctx[F.credit_limit] = a.unsecuredCap;
  ctx[F.unsecured_cap] = a.unsecuredCap;
  ctx[F.credit_used] = used;
  ctx[F.available_liquidity] = available;
  // Balance plus the whole allowed overdraft (collateral included); negative when already beyond the limit.
  ctx[F.effective_liquidity] = bal + allowed;
  ctx[F.credit_headroom] = Math.max(0, allowed - used);
  ctx[F.is_using_credit] = bal < 0 ? 1 : 0;
  const capacity = bal + a.unsecuredCap + a.posted;
  ctx[F.liquidity_pressure] = capacity > 0 ? 1 - Math.max(0, bal) / capacity : 1;
  ctx[F.allocated_liquidity] = a.allocated;
  ctx[F.liquidity_pool] = a.pool;
  ctx[F.outgoing_queue_size] = a.q1.length;
  ctx[F.queue1_total_value] = a.q1Value;
  ctx[F.queue1_liquidity_gap] = Math.max(0, a.q1Value - available);
  ctx[F.headroom] = available - a.q1Value;
  ctx[F.queue2_count_for_agent] = a.q2Count;
  ctx[F.queue2_value_for_agent] = a.q2Value;
  ctx[F.rtgs_queue_size] = st.q2.length;
  ctx[F.rtgs_queue_value] = rtgsQueueValue;
  ctx[F.posted_collateral] = a.posted;
  ctx[F.max_collateral_capacity] = a.collateralCapacity;
  ctx[F.remaining_collateral_capacity] = Math.max(0, a.collateralCapacity - a.posted);
  ctx[F.collateral_haircut] = a.haircut;
  ctx[F.collateral_utilization] = a.collateralCapacity > 0 ? a.posted / a.collateralCapacity : 0;
  ctx[F.allowed_overdraft_limit] = allowed;
  ctx[F.overdraft_headroom] = allowed - used;
  const required = requiredCollateral(a);
  ctx[F.required_collateral_for_usage] = required;
  ctx[F.excess_collateral] = Math.max(0, a.posted - required);
  const tid = st.tick % st.tpd;
  ctx[F.current_tick] = st.tick;
  ctx[F.system_tick_in_day] = tid;
  ctx[F.system_ticks_per_day] = st.tpd;
  ctx[F.system_current_day] = st.day;
  ctx[F.ticks_remaining_in_day] = st.tpd - tid - 1;
  ctx[F.day_progress_fraction] = tid / st.tpd;
  ctx[F.is_eod_rush] = tid / st.tpd >= EOD_RUSH_THRESHOLD ? 1 : 0;
  ctx[F.total_agents] = st.agents.length;
  ctx[F.cost_overdraft_bps_per_tick] = r.overdraft_bps_per_tick;
  ctx[F.cost_delay_per_tick_per_cent] = r.delay_cost_per_tick_per_cent;
  ctx[F.cost_collateral_bps_per_tick] = r.collateral_cost_per_tick_bps;
  ctx[F.cost_split_friction] = r.split_friction_cost;
  // Rate-based penalties depend on the payment; the agent-level field shows the fixed part only.
  ctx[F.cost_deadline_penalty] = penaltyFor(r.deadline_penalty, 0);
  ctx[F.cost_eod_penalty] = penaltyFor(r.eod_penalty_per_transaction, 0);
}

export function fillTxContext(st: SimState, tx: Tx, ctx: Float64Array): void {
  const t = st.tick;
  const r = st.sc.cost_rates;
  const overdue = tx.overdueSince >= 0;
  ctx[F.amount] = tx.amount;
  ctx[F.remaining_amount] = tx.amount;
  ctx[F.settled_amount] = 0;
  ctx[F.arrival_tick] = tx.arrivalTick;
  ctx[F.deadline_tick] = tx.deadline;
  ctx[F.priority] = tx.priority;
  ctx[F.is_split] = tx.parent ? 1 : 0;
  ctx[F.is_divisible] = tx.divisible ? 1 : 0;
  ctx[F.is_past_deadline] = t > tx.deadline ? 1 : 0;
  ctx[F.is_overdue] = overdue ? 1 : 0;
  ctx[F.overdue_duration] = overdue ? t - tx.deadline : 0;
  ctx[F.ticks_to_deadline] = tx.deadline - t;
  ctx[F.queue_age] = t - tx.arrivalTick;
  ctx[F.cost_delay_this_tx_one_tick] =
    tx.amount * r.delay_cost_per_tick_per_cent * bandMultiplier(st, tx.priority) * (overdue ? r.overdue_delay_multiplier : 1);
  ctx[F.cost_overdraft_this_amount_one_tick] = (tx.amount * r.overdraft_bps_per_tick) / 10_000;
}

/** Collateral that must stay posted to back the credit in use (after haircut). */
export function requiredCollateral(a: Agent): number {
  const used = Math.max(0, -a.balance);
  if (used <= a.unsecuredCap) return 0;
  const h = 1 - a.haircut;
  return h > 0 ? Math.ceil((used - a.unsecuredCap) / h) : a.posted;
}

export function rtgsQueueValue(st: SimState): number {
  let v = 0;
  for (const a of st.agents) v += a.q2Value;
  return v;
}
