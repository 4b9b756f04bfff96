import type { ModelBackend } from '../backend';
import type { ExperimentSummary, IterationSummary, SimulationSummary } from '../types';

/** A SQLite file with no SimCash tables: nothing to list, but nothing fails either. */
export class EmptyBackend implements ModelBackend {
  readonly events = null;

  async listExperiments(): Promise<ExperimentSummary[]> {
    return [];
  }

  async listSimulations(): Promise<SimulationSummary[]> {
    return [];
  }

  async countSimulations(): Promise<number> {
    return 0;
  }

  async getSimulation(): Promise<SimulationSummary | null> {
    return null;
  }

  async listIterations(): Promise<IterationSummary[]> {
    return [];
  }

  async iterationSimulations(): Promise<SimulationSummary[]> {
    return [];
  }
}
