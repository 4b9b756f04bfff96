/**
 * Liquidity-saving mechanism over Queue 2: bilateral offsetting of opposing queues, then multilateral cycles.
 *
 * Both work on the aggregated graph (edge a→b = every queued payment from a to b), kept incrementally in
 * `st.edges` (edgeIndex.ts) so a pass costs O(agents²) rather than a scan of Queue 2. From each edge of a pair or
 * cycle they take the oldest payments up to the smallest edge's value (at least one payment per edge), so that the
 * selected flows nearly cancel; payments always settle at full value, all or nothing for the whole selection. Only
 * the net positions move balances, and the settlement happens only if every net payer can cover its net from
 * balance plus overdraft headroom. Net amounts are applied immediately, also under deferred crediting (netting is
 * one simultaneous exchange). Cycles are enumerated in both orientations (each simple cycle once, rooted at its
 * smallest agent index), which the predecessor's triangle finder did not do.
 */
import type { LsmCycleRecord } from './output';
import { liveTxs } from './edgeIndex';
import { queue2Pass, markSettled, emitOverdueSettled } from './settlement';
import { type SimState, type Tx, canPay, emit } from './state';

interface Flow {
  from: number;
  to: number;
  txs: Tx[];
  sum: number;
}

const MAX_LSM_ITERATIONS = 3;
/** Bound on cycles enumerated per pass, so dense graphs with many agents stay cheap. */
const MAX_CYCLES_ENUMERATED = 2000;

/** The oldest payments of each edge whose running total stays within the smallest edge's value (at least one each). */
function selectFlows(st: SimState, path: number[]): Flow[] {
  const n = st.agents.length;
  const sums = st.edges.sum;
  let target = Number.POSITIVE_INFINITY;
  for (let i = 0; i < path.length; i++) target = Math.min(target, sums[path[i] * n + path[(i + 1) % path.length]]);
  const flows: Flow[] = [];
  for (let i = 0; i < path.length; i++) {
    const from = path[i];
    const to = path[(i + 1) % path.length];
    const txs: Tx[] = [];
    let sum = 0;
    for (const tx of liveTxs(st, from * n + to)) {
      if (txs.length > 0 && sum + tx.amount > target) break;
      txs.push(tx);
      sum += tx.amount;
    }
    flows.push({ from, to, txs, sum });
  }
  return flows;
}

/**
 * Settles the selected flows around `path` (agent indices in order; a pair is a path of two) as one netted
 * exchange if every net payer can cover its net. Returns the number of payments settled (0: not feasible).
 */
function settleNetted(st: SimState, path: number[], kind: 'bilateral' | 'multilateral'): number {
  const flows = selectFlows(st, path);
  const net = new Map<number, number>();
  for (const v of path) net.set(v, 0);
  for (const f of flows) {
    net.set(f.from, net.get(f.from)! - f.sum);
    net.set(f.to, net.get(f.to)! + f.sum);
  }
  for (const [v, x] of net) if (x < 0 && !canPay(st.agents[v], -x)) return 0;

  const n = st.agents.length;
  let grossOfEdges = 0;
  for (const f of flows) grossOfEdges += st.edges.sum[f.from * n + f.to];
  const txIds: string[] = [];
  const amounts: number[] = [];
  let total = 0;
  for (const f of flows) {
    for (const tx of f.txs) {
      txIds.push(tx.id);
      amounts.push(tx.amount);
      total += tx.amount;
    }
  }
  const netPositions: Record<string, number> = {};
  const balancesBefore: Record<string, number> = {};
  const balancesAfter: Record<string, number> = {};
  let maxOut = 0;
  let maxOutAgent: string | null = null;
  for (const [v, x] of net) {
    const a = st.agents[v];
    balancesBefore[a.id] = a.balance;
    a.balance += x;
    balancesAfter[a.id] = a.balance;
    netPositions[a.id] = x;
    if (-x > maxOut) {
      maxOut = -x;
      maxOutAgent = a.id;
    }
  }
  for (const f of flows) for (const tx of f.txs) markSettled(st, tx);

  const ids = path.map((v) => st.agents[v].id);
  if (kind === 'bilateral') {
    emit(st, 'LsmBilateralOffset', ids[0], null, {
      agent_a: ids[0],
      agent_b: ids[1],
      amount_a: flows[0].sum,
      amount_b: flows[1].sum,
      tx_ids: txIds,
      tx_amounts: amounts,
      queued_value: grossOfEdges,
      net_positions: netPositions,
      balances_before: balancesBefore,
      balances_after: balancesAfter,
    });
  } else {
    emit(st, 'LsmCycleSettlement', null, null, {
      agents: ids,
      tx_ids: txIds,
      tx_amounts: amounts,
      total_value: total,
      queued_value: grossOfEdges,
      net_positions: netPositions,
      max_net_outflow: maxOut,
      max_net_outflow_agent: maxOutAgent,
      balances_before: balancesBefore,
      balances_after: balancesAfter,
    });
  }
  for (const f of flows) for (const tx of f.txs) emitOverdueSettled(st, tx);

  const rec: LsmCycleRecord = {
    tick: st.tick,
    day: st.day,
    cycle_type: kind,
    cycle_length: path.length,
    agents: JSON.stringify(ids),
    transactions: JSON.stringify(txIds),
    settled_value: total,
    total_value: grossOfEdges,
    tx_amounts: JSON.stringify(amounts),
    net_positions: JSON.stringify(netPositions),
    max_net_outflow: maxOut,
    max_net_outflow_agent: maxOutAgent,
  };
  st.lsmCycles.push(rec);
  return txIds.length;
}

/** Offsets opposing queues pair by pair, largest offsettable value first. Returns payments settled. */
function bilateralPass(st: SimState): number {
  const n = st.agents.length;
  const sums = st.edges.sum;
  const pairs: { a: number; b: number; v: number }[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const ab = sums[a * n + b];
      const ba = sums[b * n + a];
      if (ab > 0 && ba > 0) pairs.push({ a, b, v: Math.min(ab, ba) });
    }
  }
  pairs.sort((p, q) => q.v - p.v || p.a - q.a || p.b - q.b);
  let settled = 0;
  for (const { a, b } of pairs) settled += settleNetted(st, [a, b], 'bilateral');
  return settled;
}

/** Enumerates simple cycles of length 3..maxLen as agent paths, each once (rooted at its smallest agent). */
function findCycles(st: SimState, maxLen: number): number[][] {
  const n = st.agents.length;
  const sums = st.edges.sum;
  const out: number[][] = Array.from({ length: n }, () => []);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (sums[a * n + b] > 0) out[a].push(b);
  const cycles: number[][] = [];
  const path: number[] = [];
  const onPath = new Uint8Array(n);
  const dfs = (root: number, v: number): void => {
    for (const w of out[v]) {
      if (cycles.length >= MAX_CYCLES_ENUMERATED) return;
      if (w === root) {
        if (path.length >= 3) cycles.push(path.slice());
      } else if (w > root && !onPath[w] && path.length < maxLen) {
        onPath[w] = 1;
        path.push(w);
        dfs(root, w);
        path.pop();
        onPath[w] = 0;
      }
    }
  };
  for (let root = 0; root < n; root++) {
    if (out[root].length === 0) continue;
    path.push(root);
    onPath[root] = 1;
    dfs(root, root);
    onPath[root] = 0;
    path.pop();
  }
  return cycles;
}

/**
 * Tries up to `max_cycles_per_tick` cycles (the predecessor's cap on attempts) by decreasing gross value; an edge
 * used by a settled cycle is not reused in the same pass.
 */
function cyclePass(st: SimState): number {
  const cfg = st.sc.lsm_config;
  const n = st.agents.length;
  const sums = st.edges.sum;
  const cycles = findCycles(st, cfg.max_cycle_length);
  if (cycles.length === 0) return 0;
  const value = (c: number[]) => {
    let v = 0;
    for (let i = 0; i < c.length; i++) v += sums[c[i] * n + c[(i + 1) % c.length]];
    return v;
  };
  const ranked = cycles.map((c, i) => ({ c, v: value(c), i })).sort((p, q) => q.v - p.v || p.i - q.i);
  const used = new Uint8Array(n * n);
  let settled = 0;
  let attempts = 0;
  for (const { c } of ranked) {
    if (attempts >= cfg.max_cycles_per_tick) break;
    let fresh = true;
    for (let i = 0; i < c.length && fresh; i++) fresh = !used[c[i] * n + c[(i + 1) % c.length]];
    if (!fresh) continue;
    attempts++;
    const k = settleNetted(st, c, 'multilateral');
    if (k > 0) {
      settled += k;
      for (let i = 0; i < c.length; i++) used[c[i] * n + c[(i + 1) % c.length]] = 1;
    }
  }
  return settled;
}

/** The LSM step: up to three rounds of bilateral offsetting and cycle settlement, each followed by a queue retry. */
export function runLsm(st: SimState): void {
  const cfg = st.sc.lsm_config;
  if (!cfg.enable_bilateral && !cfg.enable_cycles) return;
  for (let iter = 0; iter < MAX_LSM_ITERATIONS && st.q2.length > 0; iter++) {
    let progress = 0;
    if (cfg.enable_bilateral) {
      const k = bilateralPass(st);
      if (k > 0) progress += k + queue2Pass(st, 'lsm_retry');
    }
    if (cfg.enable_cycles && st.agents.length >= 3) {
      const k = cyclePass(st);
      if (k > 0) progress += k + queue2Pass(st, 'lsm_retry');
    }
    if (progress === 0) break;
  }
}
