/**
 * Queue 2 aggregated by (sender, receiver): the payments queued on each edge in entry order and their total value,
 * maintained as payments enter and leave Queue 2, so the LSM never rescans the queue. Removal is lazy: a leaving
 * payment only lowers the edge's sum and dead count, and the list is compacted the next time it is read.
 */
import { type SimState, type Tx, TxState } from './state';

export interface EdgeIndex {
  txs: Tx[][];
  /** Value queued on each edge (index sender × agents + receiver), cents. */
  sum: Float64Array;
  dead: Int32Array;
}

export function newEdgeIndex(numAgents: number): EdgeIndex {
  const size = numAgents * numAgents;
  return { txs: Array.from({ length: size }, () => []), sum: new Float64Array(size), dead: new Int32Array(size) };
}

export function edgeEnter(st: SimState, tx: Tx): void {
  const k = tx.sender * st.agents.length + tx.receiver;
  st.edges.txs[k].push(tx);
  st.edges.sum[k] += tx.amount;
}

export function edgeLeave(st: SimState, tx: Tx): void {
  const k = tx.sender * st.agents.length + tx.receiver;
  st.edges.sum[k] -= tx.amount;
  st.edges.dead[k]++;
}

/** The payments still queued on edge `k`, oldest first. */
export function liveTxs(st: SimState, k: number): Tx[] {
  const e = st.edges;
  if (e.dead[k] > 0) {
    e.txs[k] = e.txs[k].filter((tx) => tx.state === TxState.Queue2);
    e.dead[k] = 0;
  }
  return e.txs[k];
}
