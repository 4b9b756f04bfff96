import type { Database } from '../../db/types';
import type { ModelBackend } from '../backend';
import { eventSourceFor } from '../common/eventQuery';
import type { EventSource } from '../common/eventQuery';
import { buildIteration } from '../common/iterations';
import { applySimulationQuery, compareByExperiment } from '../common/simulationRows';
import type { SchemaInfo } from '../schemaInfo';
import type { ExperimentSummary, IterationSummary, SimulationFilter, SimulationSummary } from '../types';
import { asBoolean, asInteger, asString } from '../values';
import { inferLevel, legacyEventCounts, readLegacyRuns } from './runTables';
import type { LegacyRun } from './runTables';

/**
 * The purpose SimCash encoded in an experiment simulation's id, `{run_id}-sim-{NNN}-{init|eval|bootstrap}` (the
 * experiment DB has no purpose column). A trailing number after the purpose, if any, is taken as the sample.
 */
const PURPOSE_SUFFIX = /-(init|initial|eval|evaluation|bootstrap|sample)(?:-(\d+))?$/i;

interface ParsedPurpose {
  run_purpose: string | null;
  persistence_reason: string | null;
  sample: number | null;
}

export function parsePurpose(simulationId: string): ParsedPurpose {
  const match = PURPOSE_SUFFIX.exec(simulationId);
  if (!match) {
    return { run_purpose: null, persistence_reason: null, sample: null };
  }
  const word = match[1].toLowerCase();
  const sample = match[2] === undefined ? null : Number(match[2]);
  if (word === 'init' || word === 'initial') {
    // The initial run evaluates the starting policies: an evaluation run kept because it is the first.
    return { run_purpose: 'evaluation', persistence_reason: 'initial', sample: null };
  }
  if (word === 'eval' || word === 'evaluation') {
    return { run_purpose: 'evaluation', persistence_reason: null, sample: null };
  }
  return { run_purpose: 'bootstrap', persistence_reason: null, sample };
}

/**
 * Legacy experiment files (`payment-sim experiment run --db`): experiments keyed by `run_id`, and the divergent
 * `simulations` table linked back through experiment_run_id / experiment_iteration.
 */
export class LegacyExperimentBackend implements ModelBackend {
  readonly events: EventSource | null;
  private runs: Promise<SimulationSummary[]> | undefined;

  constructor(
    private readonly db: Database,
    private readonly schema: SchemaInfo,
  ) {
    this.events = eventSourceFor(schema, { integerEventId: false });
  }

  async listExperiments(): Promise<ExperimentSummary[]> {
    const s = this.schema;
    if (!s.hasColumn('experiments', 'run_id')) {
      return [];
    }
    const col = (c: string): string => s.select('experiments', 'e', c);
    const order = s.hasColumn('experiments', 'created_at') ? 'e.created_at DESC, e.run_id' : 'e.run_id';
    const rows = await this.db.query(
      `SELECT e.run_id AS experiment_id, ${col('experiment_name')}, ${col('experiment_type')}, ${col('created_at')}, ${col('completed_at')}, ` +
        `${col('num_iterations')}, ${col('converged')}, ${col('convergence_reason')} FROM experiments e ORDER BY ${order}`,
    );
    const runs = await this.allRuns();
    const experiments: ExperimentSummary[] = [];
    for (const row of rows) {
      const id = asString(row.experiment_id) ?? '';
      const iterations = await this.listIterations(id);
      const linked = runs.filter((r) => r.experiment_id === id);
      experiments.push({
        experiment_id: id,
        experiment_name: asString(row.experiment_name) ?? id,
        experiment_type: asString(row.experiment_type) ?? 'unknown',
        created_at: asString(row.created_at),
        completed_at: asString(row.completed_at),
        num_iterations: asInteger(row.num_iterations),
        iteration_count: iterations.length,
        converged: asBoolean(row.converged),
        convergence_reason: asString(row.convergence_reason),
        // The legacy layout keeps no cost totals; they follow from the iterations' per-agent costs.
        final_cost: iterations.length > 0 ? iterations[iterations.length - 1].total_cost : null,
        best_cost: iterations.length > 0 ? Math.min(...iterations.map((i) => i.total_cost)) : null,
        linked_simulation_count: linked.length,
        replayable_simulation_count: linked.filter((r) => r.replayable).length,
      });
    }
    return experiments;
  }

  async listSimulations(filter: SimulationFilter): Promise<SimulationSummary[]> {
    return applySimulationQuery(await this.allRuns(), filter);
  }

  async countSimulations(filter: SimulationFilter): Promise<number> {
    return applySimulationQuery(await this.allRuns(), { ...filter, limit: undefined, offset: undefined }).length;
  }

  async getSimulation(simulationId: string): Promise<SimulationSummary | null> {
    return (await this.allRuns()).find((r) => r.simulation_id === simulationId) ?? null;
  }

  async listIterations(experimentId: string): Promise<IterationSummary[]> {
    const s = this.schema;
    if (!s.hasColumns('experiment_iterations', 'run_id', 'iteration')) {
      return [];
    }
    const col = (c: string): string => s.select('experiment_iterations', 'ei', c);
    const rows = await this.db.query(
      `SELECT ei.iteration AS iteration, ${col('costs_per_agent')}, ${col('accepted_changes')}, ${col('policies')}, ${col('timestamp')} ` +
        'FROM experiment_iterations ei WHERE ei.run_id = ? ORDER BY ei.iteration',
      [experimentId],
    );
    if (rows.length === 0) {
      return [];
    }
    const linked = (await this.allRuns()).filter((r) => r.experiment_id === experimentId);
    return rows.map((row) => {
      const iteration = asInteger(row.iteration) ?? 0;
      return buildIteration(row, iteration, preferEval(linked.filter((r) => r.iteration === iteration)));
    });
  }

  async iterationSimulations(experimentId: string, iteration: number): Promise<SimulationSummary[]> {
    return applySimulationQuery(await this.allRuns(), { experimentId, iteration, order: 'experiment' });
  }

  private allRuns(): Promise<SimulationSummary[]> {
    this.runs ??= this.loadRuns();
    return this.runs;
  }

  private async loadRuns(): Promise<SimulationSummary[]> {
    const runs = await readLegacyRuns(this.db, this.schema, ['simulations', 'simulation_runs']);
    const counts = await legacyEventCounts(this.db, this.schema);
    const names = await this.experimentNames();
    const summaries = [...runs.values()].map((run) => toSummary(run, counts.get(run.simulation_id) ?? 0, names));
    assignSampleIndexes(summaries);
    return summaries;
  }

  private async experimentNames(): Promise<Map<string, string | null>> {
    const names = new Map<string, string | null>();
    if (this.schema.hasColumns('experiments', 'run_id')) {
      const name = this.schema.select('experiments', 'e', 'experiment_name');
      for (const row of await this.db.query(`SELECT e.run_id AS id, ${name} FROM experiments e`)) {
        names.set(asString(row.id) ?? '', asString(row.experiment_name));
      }
    }
    return names;
  }
}

function toSummary(run: LegacyRun, eventCount: number, names: Map<string, string | null>): SimulationSummary {
  const linked = run.experiment_id !== null;
  const purpose = linked ? parsePurpose(run.simulation_id) : { run_purpose: 'standalone', persistence_reason: null, sample: null };
  return {
    ...run,
    experiment_name: linked ? (names.get(run.experiment_id ?? '') ?? null) : null,
    sample_index: purpose.sample,
    run_purpose: purpose.run_purpose,
    persistence_reason: purpose.persistence_reason,
    // Legacy experiments never wrote per-tick tables for their simulations.
    persistence_level: inferLevel(false, eventCount),
    event_count: eventCount,
    replayable: eventCount > 0,
  };
}

/** Bootstrap runs without a sample number in their id are numbered in id order (the ids carry a run counter). */
function assignSampleIndexes(runs: SimulationSummary[]): void {
  const groups = new Map<string, SimulationSummary[]>();
  for (const run of runs) {
    if (run.run_purpose === 'bootstrap' && run.sample_index === null) {
      const key = `${run.experiment_id}\u0000${run.iteration}`;
      groups.set(key, [...(groups.get(key) ?? []), run]);
    }
  }
  for (const group of groups.values()) {
    group.sort((a, b) => (a.simulation_id < b.simulation_id ? -1 : a.simulation_id > b.simulation_id ? 1 : 0));
    group.forEach((run, index) => {
      run.sample_index = index;
    });
  }
}

/**
 * When an iteration has both an initial run and a regular evaluation run, the regular one is the iteration's
 * evaluation; buildIteration takes the first evaluation run it finds, so put that one first.
 */
function preferEval(runs: SimulationSummary[]): SimulationSummary[] {
  return [...runs].sort((a, b) => Number(a.persistence_reason === 'initial') - Number(b.persistence_reason === 'initial') || compareByExperiment(a, b));
}
