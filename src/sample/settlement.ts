/**
 * Gross settlement: RTGS entry of released payments, the Queue-2 retry pass, and deferred crediting.
 * Every balance change is announced in an event carrying both parties' balances before and after, so that a replay
 * can rebuild balances from events alone.
 */
import { edgeEnter, edgeLeave } from './edgeIndex';
import { type SimState, type Tx, TxState, canPay, closeDelay, emit, removeQueued } from './state';

/**
 * Bookkeeping shared by gross and LSM settlement, after the balances moved: the payment leaves its queue, its delay
 * cost is fixed, counters move, and a split parent learns that one more child settled.
 */
export function markSettled(st: SimState, tx: Tx): void {
  const s = st.agents[tx.sender];
  if (tx.state === TxState.Queue2) {
    s.q2Count--;
    s.q2Value -= tx.amount;
    tx.q2Ticks = st.tick - tx.q2Enter;
    edgeLeave(st, tx);
  }
  tx.state = TxState.Settled;
  tx.settledTick = st.tick;
  removeQueued(s, tx);
  closeDelay(st, tx, st.tick);
  if (tx.overdueSince >= 0) st.overdueQueued.delete(tx);
  s.day.settled++;
  st.agents[tx.receiver].day.received++;
  st.settlements++;
  const p = tx.parent;
  if (p) {
    p.openChildren--;
    p.childSettledValue += tx.amount;
    if (p.openChildren === 0) p.lastChildSettledTick = st.tick;
  }
}

/** Informational follow-up for a payment that settled after its deadline (no balance change). */
export function emitOverdueSettled(st: SimState, tx: Tx): void {
  if (tx.overdueSince < 0) return;
  emit(st, 'OverdueTransactionSettled', st.agents[tx.sender].id, tx.id, {
    sender: st.agents[tx.sender].id,
    receiver: st.agents[tx.receiver].id,
    amount: tx.amount,
    settled_amount: tx.amount,
    deadline_tick: tx.deadline,
    overdue_since_tick: tx.overdueSince,
    total_ticks_overdue: st.tick - tx.overdueSince + 1,
    deadline_penalty_cost: tx.penalty,
    estimated_delay_cost: tx.delayCost,
  });
}

/** Debits the sender, credits the receiver (now, or at the end of the tick under deferred crediting). */
function settleGross(st: SimState, tx: Tx, eventType: string, extra: Record<string, unknown> | null): void {
  const s = st.agents[tx.sender];
  const r = st.agents[tx.receiver];
  const senderBefore = s.balance;
  s.balance -= tx.amount;
  const receiverBefore = r.balance;
  const deferred = st.sc.deferred_crediting;
  if (deferred) {
    r.deferredCredit += tx.amount;
    r.deferredSources.push(tx.id);
  } else r.balance += tx.amount;
  markSettled(st, tx);
  const details: Record<string, unknown> = {
    sender: s.id,
    receiver: r.id,
    amount: tx.amount,
    sender_balance_before: senderBefore,
    sender_balance_after: s.balance,
    receiver_balance_before: receiverBefore,
    receiver_balance_after: r.balance,
  };
  if (deferred) details.deferred_credit = true;
  if (extra) Object.assign(details, extra);
  emit(st, eventType, s.id, tx.id, details);
  emitOverdueSettled(st, tx);
}

/** RTGS entry of this tick's releases, in release order: settle now if affordable, else join Queue 2. */
export function rtgsEntry(st: SimState): void {
  for (const tx of st.pending) {
    const s = st.agents[tx.sender];
    if (canPay(s, tx.amount)) {
      settleGross(st, tx, 'RtgsImmediateSettlement', null);
    } else {
      tx.state = TxState.Queue2;
      tx.q2Enter = st.tick;
      s.q2Count++;
      s.q2Value += tx.amount;
      st.q2.push(tx);
      edgeEnter(st, tx);
      emit(st, 'QueuedRtgs', s.id, tx.id, { sender_id: s.id, receiver_id: st.agents[tx.receiver].id, amount: tx.amount });
    }
  }
  st.pending.length = 0;
}

/**
 * One pass over Queue 2 in order; a later payment may settle past a blocked earlier one. Returns the number
 * settled. Also drops entries that left the queue by other means (LSM), keeping the survivors' order.
 */
export function queue2Pass(st: SimState, reason: string): number {
  let settled = 0;
  const survivors: Tx[] = [];
  for (const tx of st.q2) {
    if (tx.state !== TxState.Queue2) continue;
    const s = st.agents[tx.sender];
    if (canPay(s, tx.amount)) {
      const wait = st.tick - tx.q2Enter;
      settleGross(st, tx, 'Queue2LiquidityRelease', { queue_wait_ticks: wait, release_reason: reason });
      settled++;
    } else survivors.push(tx);
  }
  st.q2 = survivors;
  return settled;
}

/** Credits receipts held back during the tick, in agent order (deferred-crediting mode). */
export function applyDeferredCredits(st: SimState): void {
  for (const a of st.agents) {
    if (a.deferredCredit === 0) continue;
    const before = a.balance;
    a.balance += a.deferredCredit;
    emit(st, 'DeferredCreditApplied', a.id, null, {
      amount: a.deferredCredit,
      source_transactions: a.deferredSources,
      balance_before: before,
      balance_after: a.balance,
    });
    a.deferredCredit = 0;
    a.deferredSources = [];
  }
}
