/**
 * The fold against the per-tick snapshots of a full-level run (tick_agent_states, tick_queue_snapshots). Both
 * describe the state after the tick, with costs cumulative since tick 0; on a consistent file they agree exactly.
 * Each difference is reported as a disagreement for the panel to show: which tick, agent and field, and both values.
 */
import type { TickAgentStateRow, TickQueueRow } from '../model/replayData';
import { type AgentTickState, type ReplayTickState, COST_KINDS } from './state';

export interface SnapshotDisagreement {
  tick: number;
  /** null for the central RTGS queue and for a tick without snapshot rows. */
  agentId: string | null;
  /** A tick_agent_states column, 'queue1', 'queue2', 'queue2_owner' or 'row'. */
  field: string;
  /** What the snapshot says (queues: tx ids separated by spaces; null: no row). */
  snapshot: number | string | null;
  /** What the fold of the events says. */
  fold: number | string | null;
}

type Numeric = (a: AgentTickState) => number;

/** tick_agent_states columns and the fold value each one stores. */
const AGENT_FIELDS: ReadonlyArray<readonly [keyof TickAgentStateRow & string, Numeric]> = [
  ['balance', (a) => a.balance],
  ['balance_change', (a) => a.balanceChange],
  ['unsecured_cap', (a) => a.unsecuredCap],
  ['posted_collateral', (a) => a.postedCollateral],
  ['allocated_liquidity', (a) => a.allocatedLiquidity],
  ['credit_used', (a) => a.creditUsed],
  ...COST_KINDS.map((k) => [`${k}_cost`, (a: AgentTickState) => a.costs[k]] as const),
  ...COST_KINDS.map((k) => [`${k}_cost_delta`, (a: AgentTickState) => a.costsThisTick[k]] as const),
] as ReadonlyArray<readonly [keyof TickAgentStateRow & string, Numeric]>;

const ids = (list: readonly { txId: string }[]): string => list.map((t) => t.txId).join(' ');

/**
 * Disagreements between the folded state after a tick and that tick's snapshot rows. Columns a file lacks (null)
 * are not compared. Queue rows are matched by position.
 */
export function compareTick(state: ReplayTickState, agentRows: readonly TickAgentStateRow[], queueRows: readonly TickQueueRow[]): SnapshotDisagreement[] {
  const tick = state.tick;
  const out: SnapshotDisagreement[] = [];
  if (agentRows.length === 0) {
    return [{ tick, agentId: null, field: 'row', snapshot: null, fold: 'state' }];
  }
  const byAgent = new Map(agentRows.map((r) => [r.agent_id, r]));
  for (const a of state.agents) {
    const row = byAgent.get(a.id);
    byAgent.delete(a.id);
    if (!row) {
      out.push({ tick, agentId: a.id, field: 'row', snapshot: null, fold: 'state' });
      continue;
    }
    // Files without the opportunity-cost columns (the predecessor's layout) count pool opportunity cost in the
    // liquidity cost, so that is what the fold is compared with there.
    const lumped = row.liquidity_opportunity_cost === null;
    for (const [column, read] of AGENT_FIELDS) {
      const stored = row[column];
      let folded = read(a);
      if (lumped && column === 'liquidity_cost') {
        folded += a.costs.liquidity_opportunity;
      } else if (lumped && column === 'liquidity_cost_delta') {
        folded += a.costsThisTick.liquidity_opportunity;
      }
      if (stored !== null && stored !== folded) {
        out.push({ tick, agentId: a.id, field: column, snapshot: stored, fold: folded });
      }
    }
  }
  for (const agentId of byAgent.keys()) {
    out.push({ tick, agentId, field: 'row', snapshot: 'state', fold: null });
  }

  const queue1 = new Map<string, TickQueueRow[]>();
  const central: TickQueueRow[] = [];
  for (const r of queueRows) {
    if (r.queue_type === 'rtgs' || r.queue_type === 'queue2') {
      central.push(r);
    } else {
      const list = queue1.get(r.agent_id) ?? [];
      list.push(r);
      queue1.set(r.agent_id, list);
    }
  }
  const byPosition = (x: TickQueueRow, y: TickQueueRow): number => x.position - y.position;
  for (const a of state.agents) {
    const stored = (queue1.get(a.id) ?? []).sort(byPosition);
    queue1.delete(a.id);
    const snapshot = stored.map((r) => r.tx_id).join(' ');
    const fold = ids(a.queue1);
    if (snapshot !== fold) {
      out.push({ tick, agentId: a.id, field: 'queue1', snapshot, fold });
    }
  }
  for (const [agentId, rows] of queue1) {
    out.push({ tick, agentId, field: 'queue1', snapshot: rows.sort(byPosition).map((r) => r.tx_id).join(' '), fold: '' });
  }
  central.sort(byPosition);
  const snapshot = central.map((r) => r.tx_id).join(' ');
  const fold = ids(state.queue2);
  if (snapshot !== fold) {
    out.push({ tick, agentId: null, field: 'queue2', snapshot, fold });
  } else {
    central.forEach((r, i) => {
      const sender = state.queue2[i].sender;
      if (r.agent_id !== sender) {
        out.push({ tick, agentId: r.agent_id, field: 'queue2_owner', snapshot: `${r.tx_id}@${r.agent_id}`, fold: `${r.tx_id}@${sender}` });
      }
    });
  }
  return out;
}
