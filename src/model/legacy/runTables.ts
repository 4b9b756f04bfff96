import type { Database, Row } from '../../db/types';
import type { SchemaInfo } from '../schemaInfo';
import { quoteIdent } from '../schemaInfo';
import { asInteger, asString } from '../values';

/**
 * Legacy files describe a run in `simulation_runs` and/or `simulations`, with different column names for the
 * same fact (and the experiment DB's `simulations` diverges again). Each field lists the names it goes by, in
 * order of preference; the first non-null value across the tables wins.
 */
const FIELD_ALIASES = {
  config_name: ['config_name', 'config_file'],
  status: ['status'],
  start_time: ['start_time', 'started_at'],
  end_time: ['end_time', 'completed_at', 'ended_at'],
  ticks_per_day: ['ticks_per_day'],
  num_days: ['num_days'],
  total_transactions: ['total_transactions', 'total_arrivals'],
  rng_seed: ['rng_seed'],
  total_cost_cents: ['total_cost_cents'],
  experiment_id: ['experiment_run_id', 'experiment_id'],
  iteration: ['experiment_iteration', 'iteration'],
} as const;

type Field = keyof typeof FIELD_ALIASES;

/** One run as the legacy tables describe it, before kind-specific interpretation. */
export interface LegacyRun {
  simulation_id: string;
  config_name: string | null;
  status: string | null;
  start_time: string | null;
  end_time: string | null;
  ticks_per_day: number | null;
  num_days: number | null;
  total_transactions: number | null;
  rng_seed: number | null;
  total_cost_cents: number | null;
  experiment_id: string | null;
  iteration: number | null;
}

/** Reads the run tables (in order of preference) and reconciles them to one record per simulation id. */
export async function readLegacyRuns(db: Database, schema: SchemaInfo, tables: readonly string[]): Promise<Map<string, LegacyRun>> {
  const runs = new Map<string, LegacyRun>();
  for (const table of tables) {
    if (!schema.hasColumn(table, 'simulation_id')) {
      continue;
    }
    const present = Object.values(FIELD_ALIASES)
      .flat()
      .filter((name) => schema.hasColumn(table, name));
    const select = ['simulation_id', ...new Set(present)].map(quoteIdent).join(', ');
    const rows = await db.query(`SELECT ${select} FROM ${quoteIdent(table)} WHERE simulation_id IS NOT NULL`);
    for (const row of rows) {
      const id = asString(row.simulation_id);
      if (id !== null) {
        const found = runFromRow(id, row);
        const earlier = runs.get(id);
        runs.set(id, earlier ? fillGaps(earlier, found) : found);
      }
    }
  }
  return runs;
}

function runFromRow(simulationId: string, row: Row): LegacyRun {
  const text = (field: Field): string | null => asString(pick(row, FIELD_ALIASES[field]));
  const integer = (field: Field): number | null => asInteger(pick(row, FIELD_ALIASES[field]));
  return {
    simulation_id: simulationId,
    config_name: text('config_name'),
    status: text('status'),
    start_time: text('start_time'),
    end_time: text('end_time'),
    ticks_per_day: integer('ticks_per_day'),
    num_days: integer('num_days'),
    total_transactions: integer('total_transactions'),
    rng_seed: integer('rng_seed'),
    total_cost_cents: integer('total_cost_cents'),
    experiment_id: text('experiment_id'),
    iteration: integer('iteration'),
  };
}

/** The preferred record, with its NULLs filled from a less preferred table's record. */
function fillGaps(preferred: LegacyRun, other: LegacyRun): LegacyRun {
  const merged: LegacyRun = { ...preferred };
  for (const [key, value] of Object.entries(other)) {
    if (merged[key as keyof LegacyRun] === null && value !== null) {
      Object.assign(merged, { [key]: value });
    }
  }
  return merged;
}

export function emptyRun(simulationId: string): LegacyRun {
  return runFromRow(simulationId, {});
}

function pick(row: Row, names: readonly string[]): Row[string] | null {
  for (const name of names) {
    const v = row[name];
    if (v !== undefined && v !== null) {
      return v;
    }
  }
  return null;
}

/** {simulation_id: events} in one grouped query. */
export async function legacyEventCounts(db: Database, schema: SchemaInfo, table = 'simulation_events'): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!schema.hasColumn(table, 'simulation_id')) {
    return counts;
  }
  const rows = await db.query<{ simulation_id: string | null; n: number }>(
    `SELECT simulation_id, COUNT(*) AS n FROM ${quoteIdent(table)} WHERE simulation_id IS NOT NULL GROUP BY simulation_id`,
  );
  for (const row of rows) {
    if (row.simulation_id !== null) {
      counts.set(String(row.simulation_id), row.n);
    }
  }
  return counts;
}

/** Simulation ids with rows in any of the given per-tick tables (the mark of full persistence). */
export async function legacyIdsWithRows(db: Database, schema: SchemaInfo, tables: readonly string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const table of tables) {
    if (!schema.hasColumn(table, 'simulation_id')) {
      continue;
    }
    const rows = await db.query<{ simulation_id: string | null }>(`SELECT DISTINCT simulation_id FROM ${quoteIdent(table)}`);
    for (const row of rows) {
      if (row.simulation_id !== null) {
        ids.add(String(row.simulation_id));
      }
    }
  }
  return ids;
}

/** The level a legacy run was in effect persisted at, from what the file holds for it. */
export function inferLevel(hasTickRows: boolean, eventCount: number): 'full' | 'events' | 'summary' {
  return hasTickRows ? 'full' : eventCount > 0 ? 'events' : 'summary';
}
