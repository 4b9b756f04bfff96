/** Payment creation: Poisson arrivals per agent, amounts, receivers, deadlines and priorities. */
import type { AmountDistribution, PriorityDistribution } from './scenario';
import type { Rng } from './rng';
import { type Agent, type SimState, type Tx, TxState, addQueued, emit } from './state';

export function sampleAmount(rng: Rng, d: AmountDistribution): number {
  let x: number;
  switch (d.type) {
    case 'Uniform':
      x = rng.uniformInt(Math.round(d.min), Math.round(d.max));
      break;
    case 'Normal':
      x = d.mean + d.std_dev * rng.normal();
      break;
    case 'LogNormal':
      x = rng.logNormalMoments(d.mean, d.std_dev);
      break;
    case 'Exponential':
      x = rng.exponential(d.lambda);
      break;
  }
  return Math.max(1, Math.round(x));
}

export function samplePriority(rng: Rng, d: PriorityDistribution | undefined): number {
  let p = 5;
  if (d?.type === 'Fixed') p = d.value;
  else if (d?.type === 'Uniform') p = rng.uniformInt(d.min, d.max);
  else if (d?.type === 'Categorical') {
    const i = rng.weightedIndex(d.weights);
    p = i >= 0 ? d.values[i] : 5;
  }
  return Math.min(10, Math.max(0, Math.round(p)));
}

function formatTxId(n: number): string {
  const s = String(n);
  return s.length >= 6 ? `tx-${s}` : `tx-${'000000'.slice(s.length)}${s}`;
}

/** Creates a transaction object (not yet announced or queued). */
export function newTx(
  st: SimState,
  id: string,
  sender: number,
  receiver: number,
  amount: number,
  priority: number,
  divisible: boolean,
  arrivalTick: number,
  deadline: number,
  parent: Tx | null,
  splitIndex: number,
): Tx {
  const tx: Tx = {
    idx: st.txs.length,
    id,
    sender,
    receiver,
    amount,
    priority,
    divisible,
    arrivalTick,
    deadline,
    state: TxState.Queue1,
    queuedSince: st.tick,
    q1Enter: st.tick,
    q1Ticks: 0,
    q2Enter: -1,
    q2Ticks: 0,
    overdueSince: -1,
    penalty: 0,
    settledTick: -1,
    rtgsSubmissionTick: -1,
    dropReason: null,
    delayCost: 0,
    parent,
    splitIndex,
    openChildren: 0,
    childSettledValue: 0,
    lastChildSettledTick: -1,
  };
  st.txs.push(tx);
  // Buckets of past ticks are never read again (a split child may inherit an already missed deadline).
  if (deadline >= st.tick && deadline < st.byDeadline.length) {
    const bucket = st.byDeadline[deadline];
    if (bucket) bucket.push(tx);
    else st.byDeadline[deadline] = [tx];
  }
  return tx;
}

export function announceArrival(st: SimState, tx: Tx): void {
  const a = st.agents[tx.sender];
  const details: Record<string, unknown> = {
    sender_id: a.id,
    receiver_id: st.agents[tx.receiver].id,
    amount: tx.amount,
    deadline: tx.deadline,
    priority: tx.priority,
    is_divisible: tx.divisible,
  };
  if (tx.parent) details.parent_tx_id = tx.parent.id;
  emit(st, 'Arrival', a.id, tx.id, details);
  addQueued(a, tx);
}

function deadlineFor(st: SimState, arrival: number, offset: number): number {
  let d = arrival + offset;
  const lastTick = st.totalTicks - 1;
  if (st.sc.deadline_cap_at_eod) d = Math.min(d, (Math.floor(arrival / st.tpd) + 1) * st.tpd - 1);
  d = Math.min(d, lastTick);
  // A payment always gets at least one tick to settle, even past the day or run end.
  return Math.max(d, arrival + 1);
}

/** Arrivals for one agent at the current tick: new payments join the end of its Queue 1. */
export function generateArrivals(st: SimState, a: Agent): void {
  const ac = a.cfg.arrival_config;
  if (!ac || a.receivers.length === 0) return;
  const rng = a.rng;
  const k = rng.poisson(ac.rate_per_tick);
  for (let i = 0; i < k; i++) {
    const amount = sampleAmount(rng, ac.amount_distribution);
    const r = rng.weightedIndex(a.receiverWeights, a.receiverTotal);
    const offset = rng.uniformInt(ac.deadline_range[0], ac.deadline_range[1]);
    const priority = samplePriority(rng, ac.priority_distribution);
    if (r < 0) continue;
    const tx = newTx(
      st,
      formatTxId(st.arrivals + 1),
      a.idx,
      a.receivers[r],
      amount,
      priority,
      ac.divisible ?? false,
      st.tick,
      deadlineFor(st, st.tick, offset),
      null,
      0,
    );
    announceArrival(st, tx);
    a.q1.push(tx);
    a.q1Value += amount;
    a.day.arrivals++;
    st.arrivals++;
  }
}
