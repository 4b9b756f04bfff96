import { backendFor } from './backend';
import type { SimCashFile } from './file';
import type { IterationSummary, SimulationSummary } from './types';

/** An experiment's iterations in order, with costs, acceptance, policies and links to their simulations. */
export async function listIterations(file: SimCashFile, experimentId: string): Promise<IterationSummary[]> {
  return (await backendFor(file)).listIterations(experimentId);
}

/** The simulations stored for one iteration: the evaluation run first, then bootstrap samples by sample_index. */
export async function iterationSimulations(file: SimCashFile, experimentId: string, iteration: number): Promise<SimulationSummary[]> {
  return (await backendFor(file)).iterationSimulations(experimentId, iteration);
}
