import type { Row } from '../../db/types';
import type { SimulationFilter, SimulationSummary } from '../types';
import { asInteger, asString } from '../values';

/** SimulationFilter plus the narrower lookups the backends need internally. */
export interface SimulationQuery extends SimulationFilter {
  iteration?: number;
  simulationId?: string;
}

/** Maps a row whose keys are SimulationSummary's field names (as the backends' SELECTs alias them). */
export function simulationFromRow(row: Row): SimulationSummary {
  const eventCount = asInteger(row.event_count) ?? 0;
  return {
    simulation_id: asString(row.simulation_id) ?? '',
    config_name: asString(row.config_name),
    status: asString(row.status),
    start_time: asString(row.start_time),
    end_time: asString(row.end_time),
    ticks_per_day: asInteger(row.ticks_per_day),
    num_days: asInteger(row.num_days),
    total_transactions: asInteger(row.total_transactions),
    rng_seed: asInteger(row.rng_seed),
    total_cost_cents: asInteger(row.total_cost_cents),
    experiment_id: asString(row.experiment_id),
    experiment_name: asString(row.experiment_name),
    iteration: asInteger(row.iteration),
    sample_index: asInteger(row.sample_index),
    run_purpose: asString(row.run_purpose),
    persistence_reason: asString(row.persistence_reason),
    persistence_level: asString(row.persistence_level),
    event_count: eventCount,
    replayable: eventCount > 0,
  };
}

/** Rank of a run purpose within an iteration: the evaluation run first, then bootstrap samples, then the rest. */
export function purposeRank(purpose: string | null): number {
  return purpose === 'evaluation' ? 0 : purpose === 'bootstrap' ? 1 : 2;
}

/**
 * Filters, orders and pages simulations in memory, with the same semantics as the unified backend's SQL. Legacy
 * files hold few simulations and need reconciliation in code first, so they use this instead of SQL.
 */
export function applySimulationQuery(all: readonly SimulationSummary[], query: SimulationQuery): SimulationSummary[] {
  const scope = query.scope ?? 'all';
  let rows = all.filter(
    (s) =>
      (query.experimentId === undefined || s.experiment_id === query.experimentId) &&
      (query.iteration === undefined || s.iteration === query.iteration) &&
      (query.simulationId === undefined || s.simulation_id === query.simulationId) &&
      (scope === 'all' || (scope === 'standalone' ? s.experiment_id === null : s.experiment_id !== null)) &&
      (!query.replayableOnly || s.replayable),
  );
  rows = [...rows].sort(query.order === 'experiment' ? compareByExperiment : compareByRecent);
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const end = query.limit === undefined ? undefined : offset + Math.max(0, Math.floor(query.limit));
  return rows.slice(offset, end);
}

/** ORDER BY start_time DESC (NULLs last, as SQLite does), then simulation_id. */
export function compareByRecent(a: SimulationSummary, b: SimulationSummary): number {
  if (a.start_time !== b.start_time) {
    if (a.start_time === null) return 1;
    if (b.start_time === null) return -1;
    return a.start_time < b.start_time ? 1 : -1;
  }
  return compareText(a.simulation_id, b.simulation_id);
}

/** Experiment-linked first (by experiment, iteration, purpose, sample), standalone last. */
export function compareByExperiment(a: SimulationSummary, b: SimulationSummary): number {
  return (
    Number(a.experiment_id === null) - Number(b.experiment_id === null) ||
    compareText(a.experiment_id ?? '', b.experiment_id ?? '') ||
    compareNullsFirst(a.iteration, b.iteration) ||
    purposeRank(a.run_purpose) - purposeRank(b.run_purpose) ||
    compareNullsFirst(a.sample_index, b.sample_index) ||
    compareText(a.simulation_id, b.simulation_id)
  );
}

function compareNullsFirst(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

/** Byte-wise comparison, like SQLite's default BINARY collation. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
