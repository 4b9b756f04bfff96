import type { Database } from '../../db/types';
import type { ModelBackend } from '../backend';
import { eventSourceFor } from '../common/eventQuery';
import type { EventSource } from '../common/eventQuery';
import { applySimulationQuery } from '../common/simulationRows';
import type { SchemaInfo } from '../schemaInfo';
import type { ExperimentSummary, IterationSummary, SimulationFilter, SimulationSummary } from '../types';
import { emptyRun, inferLevel, legacyEventCounts, legacyIdsWithRows, readLegacyRuns } from './runTables';

/** Tables that only the CLI's `--full-replay` mode writes. */
const TICK_TABLES = ['tick_agent_states', 'tick_queue_snapshots'];

/**
 * Legacy CLI simulation files (`payment-sim run --persist`): every run is standalone. A run may be described in
 * `simulation_runs`, in `simulations`, or (in a file cut short) only by its events; all are reconciled to one row.
 */
export class LegacySimulationBackend implements ModelBackend {
  readonly events: EventSource | null;
  private runs: Promise<SimulationSummary[]> | undefined;

  constructor(
    private readonly db: Database,
    private readonly schema: SchemaInfo,
  ) {
    this.events = eventSourceFor(schema, { integerEventId: false });
  }

  async listExperiments(): Promise<ExperimentSummary[]> {
    return [];
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

  async listIterations(): Promise<IterationSummary[]> {
    return [];
  }

  async iterationSimulations(): Promise<SimulationSummary[]> {
    return [];
  }

  private allRuns(): Promise<SimulationSummary[]> {
    this.runs ??= this.loadRuns();
    return this.runs;
  }

  private async loadRuns(): Promise<SimulationSummary[]> {
    const runs = await readLegacyRuns(this.db, this.schema, ['simulation_runs', 'simulations']);
    const counts = await legacyEventCounts(this.db, this.schema);
    const full = await legacyIdsWithRows(this.db, this.schema, TICK_TABLES);
    for (const id of counts.keys()) {
      if (!runs.has(id)) {
        runs.set(id, emptyRun(id));
      }
    }
    return [...runs.values()].map((run) => {
      const eventCount = counts.get(run.simulation_id) ?? 0;
      return {
        ...run,
        // The CLI schema has no experiment linkage, whatever a stray column might say.
        experiment_id: null,
        iteration: null,
        experiment_name: null,
        sample_index: null,
        run_purpose: 'standalone',
        persistence_reason: null,
        persistence_level: inferLevel(full.has(run.simulation_id), eventCount),
        event_count: eventCount,
        replayable: eventCount > 0,
      };
    });
  }
}
