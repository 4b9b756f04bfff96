/**
 * Queue-1 policy step: each agent's payment tree decides on each payment in its queue, in queue order
 * (release / hold / split / drop). Releases go to the tick's pending list for RTGS entry.
 *
 * Drop is not a free escape (the predecessor's behaviour): dropping a payment that is not yet overdue charges the
 * deadline penalty, since the payment will now certainly miss its deadline. An overdue payment already paid it.
 */
import type { PolicyDecisionRecord } from './output';
import { announceArrival, newTx } from './arrivals';
import { fillAgentContext, fillTxContext, rtgsQueueValue } from './context';
import { penaltyFor } from './scenario';
import {
  type Agent,
  type SimState,
  type Tx,
  C_PENALTY,
  C_SPLIT,
  TxState,
  closeDelay,
  emit,
  removeQueued,
} from './state';

const MAX_SPLITS = 10;

function record(st: SimState, a: Agent, type: PolicyDecisionRecord['decision_type'], tx: Tx, reason: string | null, numSplits: number | null, children: string[] | null): void {
  const d: PolicyDecisionRecord = {
    agent_id: a.id,
    tick: st.tick,
    day: st.day,
    decision_type: type,
    tx_id: tx.id,
    reason,
    num_splits: numSplits,
    child_tx_ids: children ? JSON.stringify(children) : null,
  };
  if (st.onPolicyDecision) st.onPolicyDecision(d);
  else st.policyDecisions.push(d);
}

/** Moves a payment (already out of Queue 1) to the RTGS entry list. */
function submit(st: SimState, a: Agent, tx: Tx): void {
  tx.state = TxState.Pending;
  tx.rtgsSubmissionTick = st.tick;
  st.pending.push(tx);
  a.day.sent++;
  emit(st, 'RtgsSubmission', a.id, tx.id, {
    sender: a.id,
    receiver: st.agents[tx.receiver].id,
    amount: tx.amount,
    internal_priority: tx.priority,
    rtgs_priority: 'Normal',
  });
}

function leaveQueue1(st: SimState, a: Agent, tx: Tx): void {
  tx.q1Ticks += st.tick - tx.q1Enter;
  a.q1Value -= tx.amount;
}

function release(st: SimState, a: Agent, tx: Tx, note: string | null): void {
  leaveQueue1(st, a, tx);
  emit(st, 'PolicySubmit', a.id, tx.id, note ? { note } : {});
  record(st, a, 'submit', tx, note, null, null);
  submit(st, a, tx);
}

function drop(st: SimState, a: Agent, tx: Tx, reason: string): void {
  leaveQueue1(st, a, tx);
  removeQueued(a, tx);
  closeDelay(st, tx, st.tick);
  let penalty = 0;
  if (tx.overdueSince < 0) {
    penalty = penaltyFor(st.sc.cost_rates.deadline_penalty, tx.amount);
    tx.penalty = penalty;
    a.tickCosts[C_PENALTY] += penalty;
  } else st.overdueQueued.delete(tx);
  tx.state = TxState.Dropped;
  tx.dropReason = reason;
  a.day.dropped++;
  emit(st, 'PolicyDrop', a.id, tx.id, { reason, penalty_cost: penalty });
  record(st, a, 'drop', tx, reason, null, null);
}

function split(st: SimState, a: Agent, tx: Tx, requested: number): void {
  const n = Math.min(MAX_SPLITS, Math.max(2, Math.floor(requested)), tx.amount);
  if (!tx.divisible || n < 2) {
    release(st, a, tx, tx.divisible ? 'too_small_to_split' : 'indivisible');
    return;
  }
  leaveQueue1(st, a, tx);
  removeQueued(a, tx);
  closeDelay(st, tx, st.tick);
  const wasOverdue = tx.overdueSince >= 0;
  if (wasOverdue) st.overdueQueued.delete(tx);
  tx.state = TxState.Split;
  tx.openChildren = n;
  const friction = st.sc.cost_rates.split_friction_cost * (n - 1);
  a.tickCosts[C_SPLIT] += friction;
  const base = Math.floor(tx.amount / n);
  const children: Tx[] = [];
  for (let i = 1; i <= n; i++) {
    const amount = i < n ? base : tx.amount - base * (n - 1);
    // Children inherit the parent's arrival tick and deadline; their queue time starts now.
    const child = newTx(st, `${tx.id}-s${i}`, tx.sender, tx.receiver, amount, tx.priority, false, tx.arrivalTick, tx.deadline, tx, i);
    if (wasOverdue) {
      child.overdueSince = st.tick; // the parent already paid the deadline penalty
      st.overdueQueued.add(child);
    }
    children.push(child);
  }
  const childIds = children.map((c) => c.id);
  emit(st, 'PolicySplit', a.id, tx.id, { num_splits: n, child_ids: childIds, friction_cost: friction });
  record(st, a, 'split', tx, null, n, childIds);
  for (const child of children) {
    announceArrival(st, child);
    submit(st, a, child);
  }
}

/** The Queue-1 policy step for every agent, in agent order. */
export function queue1Decisions(st: SimState, ctx: Float64Array): void {
  const q2Value = rtgsQueueValue(st);
  for (const a of st.agents) {
    if (a.q1.length === 0) continue;
    fillAgentContext(st, a, ctx, q2Value);
    const queue = a.q1;
    const kept: Tx[] = [];
    for (const tx of queue) {
      fillTxContext(st, tx, ctx);
      const d = a.policy.payment(ctx);
      switch (d.kind) {
        case 'release':
          release(st, a, tx, null);
          break;
        case 'hold':
          kept.push(tx);
          emit(st, 'PolicyHold', a.id, tx.id, { reason: d.reason });
          record(st, a, 'hold', tx, d.reason, null, null);
          break;
        case 'drop':
          drop(st, a, tx, d.reason);
          break;
        case 'split':
          split(st, a, tx, d.numSplits);
          break;
      }
    }
    a.q1 = kept;
  }
}
