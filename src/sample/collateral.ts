/**
 * Collateral trees (strategic, after arrivals; end-of-tick, after the LSM). Posted collateral raises the allowed
 * overdraft by its value after haircut. Unlike the predecessor, a post above the remaining capacity is clamped
 * rather than aborting the tick, and every withdrawal keeps enough collateral to back the credit in use.
 */
import { fillAgentContext, requiredCollateral, rtgsQueueValue } from './context';
import { type Agent, type SimState, emit, recomputeAllowedLimit } from './state';

function change(st: SimState, a: Agent, delta: number, reason: string, layer: string): void {
  const before = a.posted;
  a.posted += delta;
  recomputeAllowedLimit(a);
  const post = delta > 0;
  if (post) {
    a.day.posts++;
    a.day.peakPosted = Math.max(a.day.peakPosted, a.posted);
  } else a.day.withdrawals++;
  const amount = Math.abs(delta);
  emit(st, post ? 'CollateralPost' : 'CollateralWithdraw', a.id, null, {
    amount,
    reason,
    new_total: a.posted,
    previous_total: before,
    layer,
  });
  st.collateralEvents.push({
    agent_id: a.id,
    tick: st.tick,
    day: st.day,
    action: post ? 'post' : 'withdraw',
    amount,
    reason,
    layer,
    balance_before: a.balance,
    posted_collateral_before: before,
    posted_collateral_after: a.posted,
    available_capacity_after: Math.max(0, a.collateralCapacity - a.posted),
  });
}

export function collateralDecisions(st: SimState, ctx: Float64Array, layer: 'strategic' | 'end_of_tick'): void {
  let q2Value = -1;
  for (const a of st.agents) {
    const tree = layer === 'strategic' ? a.policy.strategicCollateral : a.policy.endOfTickCollateral;
    if (!tree) continue;
    if (q2Value < 0) q2Value = rtgsQueueValue(st);
    fillAgentContext(st, a, ctx, q2Value);
    const d = tree(ctx);
    if (d.kind === 'post') {
      const amount = Math.min(d.amount, a.collateralCapacity - a.posted);
      if (amount > 0) change(st, a, amount, d.reason, layer);
    } else if (d.kind === 'withdraw') {
      const amount = Math.min(d.amount, a.posted - requiredCollateral(a));
      if (amount > 0) change(st, a, -amount, d.reason, layer);
    }
  }
}
