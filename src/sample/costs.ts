/**
 * Money entering and leaving through the liquidity pool, deadlines, and per-tick cost accrual.
 *
 * Cost rules (all integer cents, rounded half-up once per agent per tick on the aggregate):
 * - liquidity (overdraft): credit used at end of tick × overdraft_bps_per_tick / 10⁴;
 * - delay: value of own unsettled payments in Queue 1 or Queue 2 × delay rate × priority-band multiplier,
 *   × overdue_delay_multiplier once overdue;
 * - collateral: posted × collateral_cost_per_tick_bps / 10⁴; liquidity opportunity: allocated pool money ×
 *   liquidity_cost_per_tick_bps / 10⁴;
 * - penalty: the deadline penalty once per payment, at the start of the first tick after its deadline (so a payment
 *   settled in that tick cannot escape it), or at a drop; plus the end-of-day penalty for each payment still queued
 *   at the end of a day whose deadline has been reached (deadline ≤ that tick);
 * - split friction: split_friction_cost × (parts − 1) at the split decision.
 */
import { policyLiquidityFraction } from './policy';
import { penaltyFor } from './scenario';
import {
  type SimState,
  COST_KINDS,
  C_COLLATERAL,
  C_DELAY,
  C_LIQUIDITY,
  C_OPPORTUNITY,
  C_PENALTY,
  NUM_COSTS,
  TxState,
  addQueued,
  emit,
  removeQueued,
} from './state';

const roundCents = (x: number): number => (x > 0 ? Math.floor(x + 0.5) : 0);

/** Start of day: draw each agent's pool fraction into its balance. */
export function allocateLiquidity(st: SimState): void {
  for (const a of st.agents) {
    if (a.pool <= 0) continue;
    const fraction = policyLiquidityFraction(a.policy.json) ?? a.cfg.liquidity_allocation_fraction ?? 1;
    const amount = Math.floor(a.pool * fraction);
    if (amount <= 0) continue;
    const before = a.balance;
    a.balance += amount;
    a.allocated += amount;
    emit(st, 'LiquidityAllocation', a.id, null, { day: st.day, fraction, amount, balance_before: before, balance_after: a.balance });
  }
}

/** End of day: hand the allocated pool money back (the balance may go negative; that is then overdraft). */
export function returnLiquidity(st: SimState): void {
  for (const a of st.agents) {
    if (a.allocated <= 0) continue;
    const before = a.balance;
    const amount = a.allocated;
    a.balance -= amount;
    a.allocated = 0;
    emit(st, 'LiquidityReturn', a.id, null, { amount, balance_before: before, balance_after: a.balance });
  }
}

/** Start of tick t: payments whose deadline was t − 1 and that are still queued become overdue now. */
export function detectOverdue(st: SimState): void {
  const t = st.tick;
  if (t === 0) return;
  const bucket = st.byDeadline[t - 1];
  st.byDeadline[t - 1] = undefined;
  if (!bucket) return;
  const rate = st.sc.cost_rates.deadline_penalty;
  for (const tx of bucket) {
    if ((tx.state !== TxState.Queue1 && tx.state !== TxState.Queue2) || tx.overdueSince >= 0) continue;
    const a = st.agents[tx.sender];
    removeQueued(a, tx);
    tx.overdueSince = t;
    addQueued(a, tx);
    st.overdueQueued.add(tx);
    const penalty = penaltyFor(rate, tx.amount);
    tx.penalty = penalty;
    a.tickCosts[C_PENALTY] += penalty;
    emit(st, 'TransactionWentOverdue', a.id, tx.id, {
      sender: a.id,
      receiver: st.agents[tx.receiver].id,
      amount: tx.amount,
      remaining_amount: tx.amount,
      deadline_tick: tx.deadline,
      ticks_overdue: t - tx.deadline,
      deadline_penalty_cost: penalty,
    });
  }
}

/** Last tick of a day: charge the end-of-day penalty for every queued payment due by now. Returns the total. */
export function endOfDayPenalties(st: SimState): number {
  const p = st.sc.cost_rates.eod_penalty_per_transaction;
  let total = 0;
  const charge = (senderIdx: number, amount: number) => {
    const x = penaltyFor(p, amount);
    st.agents[senderIdx].tickCosts[C_PENALTY] += x;
    total += x;
  };
  for (const tx of st.overdueQueued) charge(tx.sender, tx.amount);
  for (const tx of st.byDeadline[st.tick] ?? []) {
    if ((tx.state === TxState.Queue1 || tx.state === TxState.Queue2) && tx.overdueSince < 0) charge(tx.sender, tx.amount);
  }
  return total;
}

/** Per-agent end-of-tick costs; one CostAccrual per agent with a non-zero cost. */
export function accrueCosts(st: SimState): void {
  const r = st.sc.cost_rates;
  const m = r.priority_delay_multipliers;
  const bandMult = [m.low_multiplier, m.normal_multiplier, m.urgent_multiplier];
  for (const a of st.agents) {
    const c = a.tickCosts;
    c[C_LIQUIDITY] += roundCents((Math.max(0, -a.balance) * r.overdraft_bps_per_tick) / 10_000);
    let delayBase = 0;
    for (let b = 0; b < 3; b++) {
      delayBase += bandMult[b] * (a.queuedValue[b * 2] + a.queuedValue[b * 2 + 1] * r.overdue_delay_multiplier);
    }
    c[C_DELAY] += roundCents(delayBase * r.delay_cost_per_tick_per_cent);
    c[C_COLLATERAL] += roundCents((a.posted * r.collateral_cost_per_tick_bps) / 10_000);
    c[C_OPPORTUNITY] += roundCents((a.allocated * r.liquidity_cost_per_tick_bps) / 10_000);
    let total = 0;
    for (let k = 0; k < NUM_COSTS; k++) total += c[k];
    if (total <= 0) continue;
    const costs: Record<string, number> = {};
    for (let k = 0; k < NUM_COSTS; k++) {
      costs[COST_KINDS[k]] = c[k];
      a.day.costs[k] += c[k];
      a.totalCosts[k] += c[k];
    }
    emit(st, 'CostAccrual', a.id, null, { costs, total });
  }
}

/** Number of payments still queued (Queue 1 and Queue 2) across all agents. */
export function unsettledCount(st: SimState): number {
  let n = st.q2.length;
  for (const a of st.agents) n += a.q1.length;
  return n;
}
