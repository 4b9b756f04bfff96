import type { EventSource } from './common/eventQuery';
import type { SimCashFile } from './file';
import { SchemaInfo } from './schemaInfo';
import type { ExperimentSummary, IterationSummary, SimulationFilter, SimulationSummary } from './types';
import { UnifiedBackend } from './unified/backend';
import { LegacySimulationBackend } from './legacy/simulationBackend';
import { LegacyExperimentBackend } from './legacy/experimentBackend';
import { CastroBackend } from './legacy/castroBackend';
import { EmptyBackend } from './legacy/emptyBackend';

/**
 * The kind-specific half of the query layer. Each kind of file implements it with its own SQL; the public
 * functions (experiments.ts, simulations.ts, ...) only ever talk to this interface, so callers never branch on
 * the kind. Implementations must not throw for a missing table or column: they return empty lists or nulls.
 */
export interface ModelBackend {
  listExperiments(): Promise<ExperimentSummary[]>;
  listSimulations(filter: SimulationFilter): Promise<SimulationSummary[]>;
  countSimulations(filter: SimulationFilter): Promise<number>;
  getSimulation(simulationId: string): Promise<SimulationSummary | null>;
  /** Iterations in order; empty for an unknown experiment. */
  listIterations(experimentId: string): Promise<IterationSummary[]>;
  /** The iteration's simulations: evaluation first, then bootstrap samples by sample_index, then any others. */
  iterationSimulations(experimentId: string, iteration: number): Promise<SimulationSummary[]>;
  /** Where the file keeps events, or null when it has none. */
  readonly events: EventSource | null;
}

const backends = new WeakMap<SimCashFile, Promise<ModelBackend>>();

/** The backend for a file, built once per opened file (the file is an immutable in-memory copy). */
export function backendFor(file: SimCashFile): Promise<ModelBackend> {
  let backend = backends.get(file);
  if (!backend) {
    backend = createBackend(file);
    backends.set(file, backend);
    // A failed build (e.g. the file was closed) must not be cached for ever.
    backend.catch(() => backends.delete(file));
  }
  return backend;
}

async function createBackend(file: SimCashFile): Promise<ModelBackend> {
  const schema = await SchemaInfo.load(file.db, file.detection.tables);
  switch (file.detection.kind) {
    case 'unified':
      return new UnifiedBackend(file.db, schema);
    case 'legacy-simulation':
      return new LegacySimulationBackend(file.db, schema);
    case 'legacy-experiment':
      return new LegacyExperimentBackend(file.db, schema);
    case 'castro':
      return new CastroBackend(file.db, schema);
    case 'sqlite':
      return new EmptyBackend();
  }
}
