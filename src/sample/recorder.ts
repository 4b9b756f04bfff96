/**
 * Turns engine state into output records: per-tick snapshots (only when asked for), per-day metrics, end-of-day
 * queues, checkpoints and the final transaction table.
 */
import type {
  CheckpointRecord,
  DailyAgentMetricsRecord,
  EodQueueRecord,
  TickAgentStateRecord,
  TickQueueRecord,
  TransactionRecord,
} from './output';
import {
  type SimState,
  type Tx,
  COST_KINDS,
  C_COLLATERAL,
  C_DELAY,
  C_LIQUIDITY,
  C_OPPORTUNITY,
  C_PENALTY,
  C_SPLIT,
  NUM_COSTS,
  TxState,
  closeDelay,
} from './state';

export interface Recordings {
  tickAgentStates: TickAgentStateRecord[];
  tickQueues: TickQueueRecord[];
  dailyMetrics: DailyAgentMetricsRecord[];
  eodQueues: EodQueueRecord[];
  checkpoints: CheckpointRecord[];
}

export function newRecordings(): Recordings {
  return { tickAgentStates: [], tickQueues: [], dailyMetrics: [], eodQueues: [], checkpoints: [] };
}

/** After each tick: day statistics always; snapshots when `detailed`. Resets the tick's cost buckets. */
export function recordTick(st: SimState, rec: Recordings, detailed: boolean): void {
  for (const a of st.agents) {
    const d = a.day;
    if (a.balance < d.minBalance) d.minBalance = a.balance;
    if (a.balance > d.maxBalance) d.maxBalance = a.balance;
    if (a.q1.length > d.q1Peak) d.q1Peak = a.q1.length;
    if (a.posted > d.peakPosted) d.peakPosted = a.posted;
    if (detailed) {
      const c = a.tickCosts;
      const tot = a.totalCosts;
      rec.tickAgentStates.push({
        agent_id: a.id,
        tick: st.tick,
        day: st.day,
        balance: a.balance,
        balance_change: a.balance - a.balanceAtTickStart,
        unsecured_cap: a.unsecuredCap,
        posted_collateral: a.posted,
        allocated_liquidity: a.allocated,
        credit_used: Math.max(0, -a.balance),
        liquidity_cost: tot[C_LIQUIDITY],
        delay_cost: tot[C_DELAY],
        collateral_cost: tot[C_COLLATERAL],
        penalty_cost: tot[C_PENALTY],
        split_friction_cost: tot[C_SPLIT],
        liquidity_opportunity_cost: tot[C_OPPORTUNITY],
        liquidity_cost_delta: c[C_LIQUIDITY],
        delay_cost_delta: c[C_DELAY],
        collateral_cost_delta: c[C_COLLATERAL],
        penalty_cost_delta: c[C_PENALTY],
        split_friction_cost_delta: c[C_SPLIT],
        liquidity_opportunity_cost_delta: c[C_OPPORTUNITY],
      });
      a.q1.forEach((tx, position) =>
        rec.tickQueues.push({ agent_id: a.id, tick: st.tick, queue_type: 'queue1', position, tx_id: tx.id }),
      );
    }
    a.balanceAtTickStart = a.balance;
    a.tickCosts.fill(0);
  }
  if (detailed) {
    st.q2.forEach((tx, position) =>
      rec.tickQueues.push({ agent_id: st.agents[tx.sender].id, tick: st.tick, queue_type: 'rtgs', position, tx_id: tx.id }),
    );
  }
}

/** At the end of each day: daily metrics, Queue-1 contents and an end-of-day checkpoint. */
export function recordDay(st: SimState, rec: Recordings): void {
  for (const a of st.agents) {
    const d = a.day;
    const c = d.costs;
    let total = 0;
    for (let k = 0; k < NUM_COSTS; k++) total += c[k];
    rec.dailyMetrics.push({
      agent_id: a.id,
      day: st.day,
      opening_balance: d.openingBalance,
      closing_balance: a.balance,
      min_balance: d.minBalance,
      max_balance: d.maxBalance,
      unsecured_cap: a.unsecuredCap,
      peak_overdraft: Math.max(0, -d.minBalance),
      opening_posted_collateral: d.openingPosted,
      closing_posted_collateral: a.posted,
      peak_posted_collateral: d.peakPosted,
      collateral_capacity: a.collateralCapacity,
      num_collateral_posts: d.posts,
      num_collateral_withdrawals: d.withdrawals,
      num_arrivals: d.arrivals,
      num_sent: d.sent,
      num_received: d.received,
      num_settled: d.settled,
      num_dropped: d.dropped,
      queue1_peak_size: d.q1Peak,
      queue1_eod_size: a.q1.length,
      liquidity_cost: c[C_LIQUIDITY],
      delay_cost: c[C_DELAY],
      collateral_cost: c[C_COLLATERAL],
      split_friction_cost: c[C_SPLIT],
      deadline_penalty: c[C_PENALTY],
      liquidity_opportunity_cost: c[C_OPPORTUNITY],
      total_cost: total,
    });
    a.q1.forEach((tx, position) =>
      rec.eodQueues.push({ agent_id: a.id, day: st.day, queue_type: 'queue1', position, transaction_id: tx.id }),
    );
  }
  rec.checkpoints.push(checkpoint(st, 'end_of_day'));
}

function txStatus(tx: Tx): string {
  switch (tx.state) {
    case TxState.Settled:
      return 'settled';
    case TxState.Split:
      return 'split';
    case TxState.Dropped:
      return 'dropped';
    default:
      return tx.overdueSince >= 0 ? 'overdue' : 'pending';
  }
}

/** A JSON-serialisable engine state after the current tick. */
export function checkpoint(st: SimState, type: CheckpointRecord['checkpoint_type']): CheckpointRecord {
  const open: Tx[] = [];
  for (const a of st.agents) open.push(...a.q1);
  open.push(...st.q2);
  open.sort((x, y) => x.idx - y.idx);
  const state: Record<string, unknown> = {
    tick: st.tick,
    day: st.day,
    agents: st.agents.map((a) => ({
      id: a.id,
      balance: a.balance,
      unsecured_cap: a.unsecuredCap,
      posted_collateral: a.posted,
      allocated_liquidity: a.allocated,
      queue1: a.q1.map((t) => t.id),
      costs: Object.fromEntries(COST_KINDS.map((k, i) => [k, a.totalCosts[i]])),
    })),
    rtgs_queue: st.q2.map((t) => t.id),
    open_transactions: open.map((t) => ({
      tx_id: t.id,
      sender: st.agents[t.sender].id,
      receiver: st.agents[t.receiver].id,
      amount: t.amount,
      priority: t.priority,
      arrival_tick: t.arrivalTick,
      deadline_tick: t.deadline,
      status: txStatus(t),
      queue: t.state === TxState.Queue2 ? 'rtgs' : 'queue1',
      overdue_since_tick: t.overdueSince >= 0 ? t.overdueSince : null,
      parent_tx_id: t.parent ? t.parent.id : null,
    })),
  };
  return {
    checkpoint_tick: st.tick,
    checkpoint_day: st.day,
    checkpoint_type: type,
    state,
    num_agents: st.agents.length,
    num_transactions: open.length,
  };
}

/** Final state of every payment, in creation order. Closes the queue time of payments still queued. */
export function transactionRecords(st: SimState): TransactionRecord[] {
  const end = st.totalTicks;
  const tpd = st.tpd;
  return st.txs.map((tx) => {
    if (tx.state === TxState.Queue1) tx.q1Ticks += end - tx.q1Enter;
    if (tx.state === TxState.Queue2) tx.q2Ticks = end - tx.q2Enter;
    if (tx.state === TxState.Queue1 || tx.state === TxState.Queue2) closeDelay(st, tx, end);
    const settledTick =
      tx.state === TxState.Settled ? tx.settledTick : tx.state === TxState.Split && tx.openChildren === 0 ? tx.lastChildSettledTick : -1;
    return {
      tx_id: tx.id,
      sender_id: st.agents[tx.sender].id,
      receiver_id: st.agents[tx.receiver].id,
      amount: tx.amount,
      priority: tx.priority,
      is_divisible: tx.divisible,
      arrival_tick: tx.arrivalTick,
      arrival_day: Math.floor(tx.arrivalTick / tpd),
      deadline_tick: tx.deadline,
      settlement_tick: settledTick >= 0 ? settledTick : null,
      settlement_day: settledTick >= 0 ? Math.floor(settledTick / tpd) : null,
      status: txStatus(tx),
      overdue_since_tick: tx.overdueSince >= 0 ? tx.overdueSince : null,
      drop_reason: tx.dropReason,
      amount_settled: tx.state === TxState.Settled ? tx.amount : tx.state === TxState.Split ? tx.childSettledValue : 0,
      queue1_ticks: tx.q1Ticks,
      queue2_ticks: tx.q2Ticks,
      total_delay_ticks: settledTick >= 0 ? settledTick - tx.arrivalTick : null,
      delay_cost: tx.delayCost,
      parent_tx_id: tx.parent ? tx.parent.id : null,
      split_index: tx.parent ? tx.splitIndex : null,
      rtgs_priority: tx.rtgsSubmissionTick >= 0 ? 'Normal' : null,
      rtgs_submission_tick: tx.rtgsSubmissionTick >= 0 ? tx.rtgsSubmissionTick : null,
      declared_rtgs_priority: null,
    };
  });
}
