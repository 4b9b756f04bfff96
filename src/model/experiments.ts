import { backendFor } from './backend';
import type { SimCashFile } from './file';
import type { ExperimentSummary } from './types';

/** Every experiment in the file, newest first; empty for files without experiments. */
export async function listExperiments(file: SimCashFile): Promise<ExperimentSummary[]> {
  return (await backendFor(file)).listExperiments();
}

/** One experiment, or null when the file has no experiment with that id. */
export async function getExperiment(file: SimCashFile, experimentId: string): Promise<ExperimentSummary | null> {
  return (await listExperiments(file)).find((e) => e.experiment_id === experimentId) ?? null;
}
