/**
 * Two iterations (or two simulations) of one experiment side by side: costs per agent and settlement figures.
 * An iteration's costs are its own record (the mean over its bootstrap samples); its settlement figures come from
 * its evaluation simulation when that is stored, and from the LLM context's mean settlement rate otherwise.
 */
import type { SimCashFile } from '../file';
import { ModelError } from '../errors';
import { getSimulation } from '../simulations';
import { listIterations } from '../iterations';
import type { IterationSummary } from '../types';
import { asInteger, asNumber, asString, parseNumberMap } from '../values';
import { experimentKeys, fileSchema } from './fileSchema';

export type ComparisonTarget = { kind: 'iteration'; iteration: number } | { kind: 'simulation'; simulationId: string };

/** Settlement figures of one agent in one simulation (summed over its days). */
export interface AgentSettlement {
  arrivals: number | null;
  settled: number | null;
  dropped: number | null;
  /** settled / arrivals. */
  settlement_rate: number | null;
  /** Cents. */
  liquidity_cost: number | null;
  delay_cost: number | null;
  penalty_cost: number | null;
  collateral_cost: number | null;
  total_cost: number | null;
}

export interface ComparisonSide {
  label: string;
  target: ComparisonTarget;
  iteration: number | null;
  /** The simulation the settlement figures come from (an iteration's evaluation run). */
  simulation_id: string | null;
  persistence_level: string | null;
  /** {agent: cents}. */
  costs_per_agent: Record<string, number>;
  total_cost: number | null;
  /** Where the costs come from, for people. */
  costs_source: string;
  settlement: Record<string, AgentSettlement>;
  settlement_source: string | null;
  /** The simulation's own totals (simulation_runs / simulations), when there is one. */
  totals: { arrivals: number | null; settlements: number | null; total_cost: number | null } | null;
  notes: string[];
}

export interface Comparison {
  experiment_id: string;
  agents: string[];
  a: ComparisonSide;
  b: ComparisonSide;
}

export async function compareRuns(file: SimCashFile, experimentId: string, a: ComparisonTarget, b: ComparisonTarget, known: { iterations?: IterationSummary[] } = {}): Promise<Comparison> {
  const iterations = known.iterations ?? (await listIterations(file, experimentId));
  const [left, right] = await Promise.all([side(file, experimentId, a, iterations), side(file, experimentId, b, iterations)]);
  const agents = [...new Set([...Object.keys(left.costs_per_agent), ...Object.keys(right.costs_per_agent), ...Object.keys(left.settlement), ...Object.keys(right.settlement)])].sort();
  return { experiment_id: experimentId, agents, a: left, b: right };
}

async function side(file: SimCashFile, experimentId: string, target: ComparisonTarget, iterations: readonly IterationSummary[]): Promise<ComparisonSide> {
  if (target.kind === 'iteration') {
    const it = iterations.find((i) => i.iteration === target.iteration);
    if (!it) throw new ModelError('iteration-out-of-range', `Experiment ${experimentId} has no iteration ${target.iteration}.`);
    const simulation = it.evaluation_simulation_id === null ? null : await getSimulation(file, it.evaluation_simulation_id);
    const notes: string[] = [];
    let settlement: Record<string, AgentSettlement> = {};
    let source: string | null = null;
    if (simulation) {
      settlement = await simulationSettlement(file, simulation.simulation_id);
      source = Object.keys(settlement).length > 0 ? `evaluation simulation ${simulation.simulation_id}` : null;
    } else {
      notes.push(it.evaluation_simulation_id === null ? 'No evaluation simulation is linked to this iteration.' : `Its evaluation simulation ${it.evaluation_simulation_id} was not stored.`);
    }
    if (source === null) {
      const rates = await contextSettlementRates(file, experimentId, it.iteration);
      if (Object.keys(rates).length > 0) {
        settlement = Object.fromEntries(Object.entries(rates).map(([agent, rate]) => [agent, { ...emptySettlement(), settlement_rate: rate }]));
        source = 'mean settlement rate over the bootstrap samples the LLM was shown (iteration_context)';
      } else if (simulation) {
        notes.push(`The evaluation simulation was stored at level ${simulation.persistence_level ?? 'unknown'} without daily agent metrics.`);
      }
    }
    return {
      label: `Iteration ${it.iteration}`,
      target,
      iteration: it.iteration,
      simulation_id: simulation?.simulation_id ?? it.evaluation_simulation_id,
      persistence_level: simulation?.persistence_level ?? null,
      costs_per_agent: it.costs_per_agent,
      total_cost: it.total_cost,
      costs_source: "the iteration's record (mean over its bootstrap samples)",
      settlement,
      settlement_source: source,
      totals: simulation ? await simulationTotals(file, simulation.simulation_id) : null,
      notes,
    };
  }
  const simulation = await getSimulation(file, target.simulationId);
  if (!simulation || simulation.experiment_id !== experimentId) {
    throw new ModelError('unknown-simulation', `Experiment ${experimentId} has no stored simulation ${target.simulationId}.`);
  }
  const settlement = await simulationSettlement(file, simulation.simulation_id);
  let costs: Record<string, number> = {};
  let costsSource = 'daily agent metrics of the simulation';
  for (const [agent, s] of Object.entries(settlement)) if (s.total_cost !== null) costs[agent] = s.total_cost;
  if (Object.keys(costs).length === 0) {
    costs = await legacyRunCosts(file, experimentId, simulation.simulation_id);
    costsSource = 'the experiment event that recorded the run';
  }
  const role = simulation.run_purpose === 'bootstrap' ? `sample ${simulation.sample_index ?? '?'}` : (simulation.run_purpose ?? 'simulation');
  return {
    label: `Iteration ${simulation.iteration ?? '?'} ${role}`,
    target,
    iteration: simulation.iteration,
    simulation_id: simulation.simulation_id,
    persistence_level: simulation.persistence_level,
    costs_per_agent: costs,
    total_cost: Object.keys(costs).length > 0 ? Object.values(costs).reduce((x, y) => x + y, 0) : simulation.total_cost_cents,
    costs_source: Object.keys(costs).length > 0 ? costsSource : 'not recorded per agent for this simulation',
    settlement,
    settlement_source: Object.keys(settlement).length > 0 ? 'daily agent metrics of the simulation' : null,
    totals: await simulationTotals(file, simulation.simulation_id),
    notes: Object.keys(settlement).length > 0 ? [] : ['This file keeps no daily agent metrics for the simulation.'],
  };
}

function emptySettlement(): AgentSettlement {
  return { arrivals: null, settled: null, dropped: null, settlement_rate: null, liquidity_cost: null, delay_cost: null, penalty_cost: null, collateral_cost: null, total_cost: null };
}

/** Per-agent sums over the simulation's days (daily_agent_metrics, written at every persistence level but none). */
async function simulationSettlement(file: SimCashFile, simulationId: string): Promise<Record<string, AgentSettlement>> {
  const schema = await fileSchema(file);
  if (!schema.hasColumns('daily_agent_metrics', 'simulation_id', 'agent_id')) return {};
  const sum = (...columns: string[]): string => {
    const present = columns.filter((c) => schema.hasColumn('daily_agent_metrics', c));
    return present.length === 0 ? 'NULL' : `SUM(${present.map((c) => `COALESCE(m."${c}", 0)`).join(' + ')})`;
  };
  const rows = await file.db.query(
    `SELECT m.agent_id AS agent_id, ${sum('num_arrivals')} AS arrivals, ${sum('num_settled')} AS settled, ${sum('num_dropped')} AS dropped, ` +
      `${sum('liquidity_cost', 'liquidity_opportunity_cost')} AS liquidity_cost, ${sum('delay_cost')} AS delay_cost, ${sum('deadline_penalty')} AS penalty_cost, ` +
      `${sum('collateral_cost')} AS collateral_cost, ${sum('total_cost')} AS total_cost FROM daily_agent_metrics m WHERE m.simulation_id = ? GROUP BY m.agent_id ORDER BY m.agent_id`,
    [simulationId],
  );
  const result: Record<string, AgentSettlement> = {};
  for (const row of rows) {
    const arrivals = asInteger(row.arrivals);
    const settled = asInteger(row.settled);
    result[asString(row.agent_id) ?? ''] = {
      arrivals,
      settled,
      dropped: asInteger(row.dropped),
      settlement_rate: arrivals !== null && settled !== null && arrivals > 0 ? settled / arrivals : null,
      liquidity_cost: asInteger(row.liquidity_cost),
      delay_cost: asInteger(row.delay_cost),
      penalty_cost: asInteger(row.penalty_cost),
      collateral_cost: asInteger(row.collateral_cost),
      total_cost: asInteger(row.total_cost),
    };
  }
  return result;
}

/** Arrivals, settlements and cost of the whole run from the run table of the file's kind. */
async function simulationTotals(file: SimCashFile, simulationId: string): Promise<ComparisonSide['totals']> {
  const schema = await fileSchema(file);
  for (const table of ['simulation_runs', 'simulations']) {
    if (!schema.hasColumn(table, 'simulation_id')) continue;
    const col = (c: string): string => schema.select(table, 'r', c);
    const [row] = await file.db.query(`SELECT ${col('total_arrivals')}, ${col('total_settlements')}, ${col('total_cost_cents')} FROM "${table}" r WHERE r.simulation_id = ?`, [simulationId]);
    if (row) return { arrivals: asInteger(row.total_arrivals), settlements: asInteger(row.total_settlements), total_cost: asInteger(row.total_cost_cents) };
  }
  return null;
}

/** {agent: mean settlement rate} the LLM was shown for an iteration (iteration_context), when the file has it. */
async function contextSettlementRates(file: SimCashFile, experimentId: string, iteration: number): Promise<Record<string, number>> {
  const schema = await fileSchema(file);
  const castro = file.detection.kind === 'castro';
  const key = castro ? 'game_id' : 'experiment_id';
  const iterationColumn = castro ? 'iteration_number' : 'iteration';
  if (!schema.hasColumns('iteration_context', key, iterationColumn, 'agent_id', 'settlement_rate_mean')) return {};
  const rows = await file.db.query(`SELECT agent_id, settlement_rate_mean FROM iteration_context WHERE "${key}" = ? AND "${iterationColumn}" = ?`, [experimentId, iteration]);
  const rates: Record<string, number> = {};
  for (const row of rows) {
    const rate = asNumber(row.settlement_rate_mean);
    if (rate !== null) rates[asString(row.agent_id) ?? ''] = rate;
  }
  return rates;
}

/** Legacy experiment files record each stored run's per-agent costs in a `simulation_run` experiment event. */
async function legacyRunCosts(file: SimCashFile, experimentId: string, simulationId: string): Promise<Record<string, number>> {
  const schema = await fileSchema(file);
  const key = experimentKeys(file).experiment;
  if (!schema.hasColumns('experiment_events', key, 'event_type', 'event_data')) return {};
  const [row] = await file.db.query(
    `SELECT json_extract(event_data, '$.costs_per_agent') AS costs FROM experiment_events WHERE "${key}" = ? AND event_type = 'simulation_run' ` +
      `AND json_valid(event_data) AND json_extract(event_data, '$.simulation_id') = ? LIMIT 1`,
    [experimentId, simulationId],
  );
  return parseNumberMap(row?.costs);
}
