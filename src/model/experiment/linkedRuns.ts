import { listSimulations } from '../simulations';
import type { SimCashFile } from '../file';
import { eventSourceFor, hasEventsSql } from '../common/eventQuery';
import { purposeRank } from '../common/simulationRows';
import { asInteger, asString } from '../values';
import { fileSchema } from './fileSchema';
import type { LinkedRun } from './types';

/**
 * Every stored simulation of an experiment with its level and whether it can be replayed, in iteration order.
 *
 * Unified files get a lean statement of their own: the shared simulation listing also counts each run's events and
 * joins the experiment's name, which for an experiment of thousands of bootstrap runs costs several times more
 * than the one index probe per run ("has any event") this view needs. Other kinds hold few runs and are read
 * through the shared listing.
 */
export async function linkedRuns(file: SimCashFile, experimentId: string): Promise<LinkedRun[]> {
  if (file.detection.kind !== 'unified') {
    const runs = await listSimulations(file, { experimentId, order: 'experiment' });
    return runs.map((r) => ({
      simulation_id: r.simulation_id,
      iteration: r.iteration,
      sample_index: r.sample_index,
      run_purpose: r.run_purpose,
      persistence_level: r.persistence_level,
      persistence_reason: r.persistence_reason,
      replayable: r.replayable,
    }));
  }
  const schema = await fileSchema(file);
  if (!schema.hasColumns('simulation_runs', 'simulation_id', 'experiment_id')) {
    return [];
  }
  const col = (c: string): string => schema.select('simulation_runs', 'sr', c);
  const events = eventSourceFor(schema, { integerEventId: true });
  const rows = await file.db.query(
    `SELECT sr.simulation_id AS simulation_id, ${col('iteration')}, ${col('sample_index')}, ${col('run_purpose')}, ${col('persistence_level')}, ` +
      `${col('persistence_reason')}, ${hasEventsSql(events, 'sr.simulation_id')} AS replayable FROM simulation_runs sr WHERE sr.experiment_id = ?`,
    [experimentId],
  );
  const runs = rows.map((row) => ({
    simulation_id: asString(row.simulation_id) ?? '',
    iteration: asInteger(row.iteration),
    sample_index: asInteger(row.sample_index),
    run_purpose: asString(row.run_purpose),
    persistence_level: asString(row.persistence_level),
    persistence_reason: asString(row.persistence_reason),
    replayable: asInteger(row.replayable) === 1,
  }));
  // Sorted here rather than in SQL: the index already yields iteration order, and a sort over expressions
  // (purpose rank, NULL samples first) would make SQLite build a temporary B-tree for thousands of rows.
  return runs.sort(
    (a, b) =>
      (a.iteration ?? -1) - (b.iteration ?? -1) || purposeRank(a.run_purpose) - purposeRank(b.run_purpose) || (a.sample_index ?? -1) - (b.sample_index ?? -1),
  );
}

