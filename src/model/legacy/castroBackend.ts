import type { Database, Row } from '../../db/types';
import type { ModelBackend } from '../backend';
import type { EventSource } from '../common/eventQuery';
import type { SchemaInfo } from '../schemaInfo';
import type { ExperimentSummary, IterationSummary, SimulationFilter, SimulationSummary } from '../types';
import { asBoolean, asInteger, asString, isPlainObject, parseJson, sumValues } from '../values';
import { LegacySimulationBackend } from './simulationBackend';

/**
 * Legacy castro ("ai_cash_mgmt" GameRepository) files: each game session is an experiment of type 'castro', and
 * its policy_iterations rows (one per agent per iteration) are grouped into iterations. Game files store no
 * simulations of their own; a file that also holds the CLI's simulation tables shows those as standalone runs.
 */
export class CastroBackend implements ModelBackend {
  private readonly simulations: LegacySimulationBackend;

  constructor(
    private readonly db: Database,
    private readonly schema: SchemaInfo,
  ) {
    this.simulations = new LegacySimulationBackend(db, schema);
  }

  get events(): EventSource | null {
    return this.simulations.events;
  }

  async listExperiments(): Promise<ExperimentSummary[]> {
    const s = this.schema;
    if (!s.hasColumn('game_sessions', 'game_id')) {
      return [];
    }
    const col = (c: string): string => s.select('game_sessions', 'g', c);
    const order = s.hasColumn('game_sessions', 'started_at') ? 'g.started_at DESC, g.game_id' : 'g.game_id';
    const rows = await this.db.query(
      `SELECT g.game_id AS game_id, ${col('scenario_config')}, ${col('config_json')}, ${col('started_at')}, ${col('completed_at')}, ` +
        `${col('status')}, ${col('total_iterations')}, ${col('converged')}, ${col('final_cost')} FROM game_sessions g ORDER BY ${order}`,
    );
    const experiments: ExperimentSummary[] = [];
    for (const row of rows) {
      const id = asString(row.game_id) ?? '';
      const iterations = await this.listIterations(id);
      const converged = asBoolean(row.converged);
      const finalCost = asInteger(row.final_cost) ?? (iterations.length > 0 ? iterations[iterations.length - 1].total_cost : null);
      experiments.push({
        experiment_id: id,
        experiment_name: experimentName(row) ?? id,
        experiment_type: 'castro',
        created_at: asString(row.started_at),
        completed_at: asString(row.completed_at),
        num_iterations: asInteger(row.total_iterations),
        iteration_count: iterations.length,
        converged,
        // The game's status ('completed', 'running', ...) is the nearest thing to a reason these files keep.
        convergence_reason: converged ? 'converged' : asString(row.status),
        final_cost: finalCost,
        best_cost: iterations.length > 0 ? Math.min(...iterations.map((i) => i.total_cost)) : finalCost,
        linked_simulation_count: 0,
        replayable_simulation_count: 0,
      });
    }
    return experiments;
  }

  listSimulations(filter: SimulationFilter): Promise<SimulationSummary[]> {
    return this.simulations.listSimulations(filter);
  }

  countSimulations(filter: SimulationFilter): Promise<number> {
    return this.simulations.countSimulations(filter);
  }

  getSimulation(simulationId: string): Promise<SimulationSummary | null> {
    return this.simulations.getSimulation(simulationId);
  }

  /**
   * One iteration per iteration_number. An agent's cost in an iteration is the cost of the policy in force while
   * it ran (old_cost), matching the unified experiment_iterations.costs_per_agent; accepted_changes is was_accepted.
   */
  async listIterations(experimentId: string): Promise<IterationSummary[]> {
    const s = this.schema;
    if (!s.hasColumns('policy_iterations', 'game_id', 'iteration_number')) {
      return [];
    }
    const col = (c: string): string => s.select('policy_iterations', 'p', c);
    const rows = await this.db.query(
      `SELECT p.iteration_number AS iteration, ${col('agent_id')}, ${col('old_cost')}, ${col('new_cost')}, ${col('was_accepted')}, ` +
        `${col('old_policy_json')}, ${col('new_policy_json')}, ${col('created_at')} ` +
        'FROM policy_iterations p WHERE p.game_id = ? ORDER BY p.iteration_number, p.agent_id',
      [experimentId],
    );
    const byIteration = new Map<number, Row[]>();
    for (const row of rows) {
      const iteration = asInteger(row.iteration) ?? 0;
      byIteration.set(iteration, [...(byIteration.get(iteration) ?? []), row]);
    }
    return [...byIteration.entries()].map(([iteration, group]) => {
      const costs: Record<string, number> = {};
      const accepted: Record<string, boolean> = {};
      const policies: Record<string, unknown> = {};
      let timestamp: string | null = null;
      for (const row of group) {
        const agent = asString(row.agent_id) ?? '';
        const cost = asInteger(row.old_cost) ?? asInteger(row.new_cost);
        if (cost !== null) {
          costs[agent] = cost;
        }
        accepted[agent] = asBoolean(row.was_accepted);
        policies[agent] = parseJson(row.old_policy_json) ?? parseJson(row.new_policy_json);
        const created = asString(row.created_at);
        if (created !== null && (timestamp === null || created > timestamp)) {
          timestamp = created;
        }
      }
      return {
        iteration,
        costs_per_agent: costs,
        total_cost: sumValues(costs),
        accepted_changes: accepted,
        any_accepted: Object.values(accepted).some(Boolean),
        policies,
        timestamp,
        evaluation_simulation_id: null,
        bootstrap_simulation_ids: [],
      };
    });
  }

  async iterationSimulations(): Promise<SimulationSummary[]> {
    return [];
  }
}

/** A readable name: the config's `name`, else the scenario file. */
function experimentName(row: Row): string | null {
  const config = parseJson(row.config_json);
  if (isPlainObject(config) && typeof config.name === 'string') {
    return config.name;
  }
  return asString(row.scenario_config);
}
