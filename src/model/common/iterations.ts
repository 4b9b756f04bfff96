import type { Row } from '../../db/types';
import type { IterationSummary, SimulationSummary } from '../types';
import { asString, parseBooleanMap, parseJsonObject, parseNumberMap, parseStringArray, sumValues } from '../values';

/**
 * Builds an IterationSummary from a row with costs_per_agent, accepted_changes, policies, timestamp and the
 * optional link columns. When the links are missing they are filled from the runs that name this iteration.
 */
export function buildIteration(row: Row, iteration: number, runsOfIteration: readonly SimulationSummary[]): IterationSummary {
  const costs = parseNumberMap(row.costs_per_agent);
  const accepted = parseBooleanMap(row.accepted_changes);
  let evaluation = asString(row.evaluation_simulation_id);
  let bootstrap = parseStringArray(row.bootstrap_simulation_ids);
  if (evaluation === null) {
    evaluation = runsOfIteration.find((r) => r.run_purpose === 'evaluation')?.simulation_id ?? null;
  }
  if (bootstrap.length === 0) {
    bootstrap = runsOfIteration
      .filter((r) => r.run_purpose === 'bootstrap')
      .sort((a, b) => (a.sample_index ?? 0) - (b.sample_index ?? 0))
      .map((r) => r.simulation_id);
  }
  return {
    iteration,
    costs_per_agent: costs,
    total_cost: sumValues(costs),
    accepted_changes: accepted,
    any_accepted: Object.values(accepted).some(Boolean),
    policies: parseJsonObject(row.policies),
    timestamp: asString(row.timestamp),
    evaluation_simulation_id: evaluation,
    bootstrap_simulation_ids: bootstrap,
  };
}
