import { backendFor } from './backend';
import type { SimCashFile } from './file';
import type { SimulationFilter, SimulationSummary } from './types';

/**
 * Simulations with their experiment context: the design note's listing query (simulation_runs LEFT JOIN
 * experiments, newest first) plus persistence and event counts.
 */
export async function listSimulations(file: SimCashFile, filter: SimulationFilter = {}): Promise<SimulationSummary[]> {
  return (await backendFor(file)).listSimulations(filter);
}

/** How many simulations match the filter (limit and offset are ignored). */
export async function countSimulations(file: SimCashFile, filter: SimulationFilter = {}): Promise<number> {
  return (await backendFor(file)).countSimulations({ ...filter, limit: undefined, offset: undefined });
}

/**
 * The design note's second query: an experiment's simulations that have events stored, ordered by iteration
 * and sample (evaluation runs, whose sample_index is NULL, first). Uses EXISTS probes on the events index instead
 * of the note's `IN (SELECT DISTINCT ...)`, which reads every event; the rows are the same.
 */
export async function replayableSimulations(file: SimCashFile, experimentId: string): Promise<SimulationSummary[]> {
  return (await backendFor(file)).listSimulations({ experimentId, replayableOnly: true, order: 'experiment' });
}

/** One simulation, or null when the file has no simulation with that id. */
export async function getSimulation(file: SimCashFile, simulationId: string): Promise<SimulationSummary | null> {
  return (await backendFor(file)).getSimulation(simulationId);
}
