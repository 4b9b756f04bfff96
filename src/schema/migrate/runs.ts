/**
 * One unified simulation_runs row per simulation of a legacy file. The predecessor described a run in up to two
 * tables with different column names (`simulation_runs`, and `simulations` in its CLI or its experiment flavour),
 * or only through its events. The linkage and classification of each run — experiment, iteration, purpose,
 * sample, persistence level, event count — are taken from the query layer (src/model), which is what the views
 * show for the legacy file; so the migrated file lists exactly the same simulations, linked the same way. The
 * remaining columns are reconciled here from the raw rows: the preferred table's value, gaps filled from the
 * other, as the query layer reads them. Run tables are small, so the rows pass through JavaScript.
 */
import type { SqlValue } from '../../db/types';
import { listSimulations } from '../../model';
import type { SimCashFile, SimulationSummary } from '../../model';
import type { Job } from './job';
import type { SourceInfo } from './source';
import { isoTimestamp, quoteIdent } from './sqlText';
import type { PlanTable } from './types';

/** Unified run column ← legacy column names, in order of preference. */
const RUN_FIELDS: Readonly<Record<string, readonly string[]>> = {
  config_name: ['config_name', 'config_file'],
  config_hash: ['config_hash'],
  description: ['description'],
  rng_seed: ['rng_seed'],
  ticks_per_day: ['ticks_per_day'],
  num_days: ['num_days'],
  num_agents: ['num_agents'],
  start_time: ['start_time', 'started_at'],
  end_time: ['end_time', 'completed_at', 'ended_at'],
  status: ['status'],
  total_transactions: ['total_transactions'],
  total_arrivals: ['total_arrivals'],
  total_settlements: ['total_settlements'],
  total_cost_cents: ['total_cost_cents'],
  duration_seconds: ['duration_seconds'],
  config_json: ['config_json'],
  config_path: ['config_file'],
};

const TIMESTAMP_FIELDS = new Set(['start_time', 'end_time']);

/** Legacy run columns carried through the query layer's linkage rather than by name. */
const LINKAGE_COLUMNS = ['simulation_id', 'experiment_run_id', 'experiment_iteration', 'experiment_id', 'iteration'];

/** Legacy run columns not carried, and why. */
export const RUN_DROPPED: Readonly<Record<string, string>> = {
  ticks_per_second: 'derived: ticks_per_day × num_days / duration_seconds',
};

export interface ReconciledRuns {
  plan: PlanTable;
  job: Job;
  /** The summaries the query layer gave for the legacy file (used to link experiment iterations). */
  summaries: SimulationSummary[];
  unknownColumns: string[];
}

export async function reconcileRuns(file: SimCashFile, source: SourceInfo, targetColumns: readonly string[]): Promise<ReconciledRuns> {
  const experimentKind = file.detection.kind === 'legacy-experiment';
  // The same preference as the query layer: an experiment file's own `simulations` table first.
  const tables = (experimentKind ? ['simulations', 'simulation_runs'] : ['simulation_runs', 'simulations']).filter((t) => source.hasColumn(t, 'simulation_id'));
  const raw = new Map<string, Record<string, SqlValue>>();
  for (const table of tables) {
    for (const row of await file.db.query(`SELECT * FROM ${quoteIdent(table)} WHERE simulation_id IS NOT NULL`)) {
      const id = String(row.simulation_id);
      raw.set(id, fillGaps(raw.get(id), row));
    }
  }

  const summaries = await listSimulations(file, { order: 'experiment' });
  const listed = new Set(summaries.map((s) => s.simulation_id));
  // The query layer does not list events of an experiment file whose run row is missing; every event must still
  // belong to a run, so such a run becomes a standalone row with only what its events tell.
  const orphans = experimentKind ? await orphanRuns(file, source, listed) : [];
  const runs = [...summaries, ...orphans];

  const rows = runs.map((summary) => targetColumns.map((column) => runValue(column, summary, raw.get(summary.simulation_id))));
  const insert = `INSERT INTO main.simulation_runs (${targetColumns.map(quoteIdent).join(', ')}) VALUES (${targetColumns.map(() => '?').join(', ')})`;

  const known = new Set([...LINKAGE_COLUMNS, ...Object.values(RUN_FIELDS).flat(), ...Object.keys(RUN_DROPPED)]);
  const unknownColumns = [...new Set(tables.flatMap((t) => source.columns(t)))].filter((c) => !known.has(c));
  const notes = [
    tables.length > 1 ? `${tables.join(' and ')} reconciled into one row per simulation: ${tables[0]} preferred, gaps filled from ${tables[1]}` : `one row per simulation of ${tables[0] ?? 'the events'}`,
    experimentKind
      ? 'experiment_run_id → experiment_id, experiment_iteration → iteration; run_purpose, persistence_reason and sample_index from the id suffix (-init: evaluation kept as initial, -eval: evaluation, -bootstrap: sample numbered in id order)'
      : "run_purpose 'standalone'; no experiment linkage",
    'persistence_level inferred from what is stored: full (per-tick tables), events (events), summary (neither)',
    'event_count counted from simulation_events',
    'config_name from config_name (else config_file); config_path from simulations.config_file; start/end times in ISO-8601 form',
    ...Object.entries(RUN_DROPPED)
      .filter(([c]) => tables.some((t) => source.hasColumn(t, c)))
      .map(([c, why]) => `not carried: ${c} (${why})`),
    ...(orphans.length > 0 ? [`${orphans.length} simulation(s) known only from their events become standalone rows`] : []),
    ...(unknownColumns.length > 0 ? [`not carried, unknown to this migration: ${unknownColumns.join(', ')}`] : []),
  ];
  const job: Job = {
    label: 'Writing simulation runs',
    cost: rows.length,
    *run(db) {
      db.runMany(insert, rows);
      yield rows.length;
    },
  };
  return {
    plan: { from: orphans.length > 0 ? [...tables, 'simulation_events'] : tables, to: 'simulation_runs', rows: rows.length, sourceRows: source.totalRows(tables), notes },
    job,
    summaries,
    unknownColumns: unknownColumns.map((c) => `${tables.join('/')}.${c}`),
  };
}

function runValue(column: string, summary: SimulationSummary, raw: Record<string, SqlValue> | undefined): SqlValue {
  switch (column) {
    case 'simulation_id':
      return summary.simulation_id;
    case 'experiment_id':
      return summary.experiment_id;
    case 'iteration':
      return summary.iteration;
    case 'sample_index':
      return summary.sample_index;
    case 'run_purpose':
      return summary.run_purpose;
    case 'persistence_reason':
      return summary.persistence_reason;
    case 'persistence_level':
      return summary.persistence_level;
    case 'event_count':
      return summary.event_count;
  }
  const value = pick(raw, RUN_FIELDS[column] ?? []);
  return TIMESTAMP_FIELDS.has(column) ? isoTimestamp(value) : value;
}

function pick(row: Record<string, SqlValue> | undefined, names: readonly string[]): SqlValue {
  for (const name of names) {
    const value = row?.[name];
    if (value !== undefined && value !== null) {
      return value;
    }
  }
  return null;
}

function fillGaps(preferred: Record<string, SqlValue> | undefined, other: Record<string, SqlValue>): Record<string, SqlValue> {
  if (!preferred) {
    return { ...other };
  }
  const merged = { ...preferred };
  for (const [key, value] of Object.entries(other)) {
    if ((merged[key] === undefined || merged[key] === null) && value !== null) {
      merged[key] = value;
    }
  }
  return merged;
}

async function orphanRuns(file: SimCashFile, source: SourceInfo, listed: ReadonlySet<string>): Promise<SimulationSummary[]> {
  if (!source.hasColumn('simulation_events', 'simulation_id')) {
    return [];
  }
  const rows = await file.db.query<{ id: string; n: number }>(
    'SELECT simulation_id AS id, COUNT(*) AS n FROM simulation_events WHERE simulation_id IS NOT NULL GROUP BY simulation_id',
  );
  return rows
    .filter((r) => !listed.has(String(r.id)))
    .map((r) => ({
      simulation_id: String(r.id), config_name: null, status: null, start_time: null, end_time: null, ticks_per_day: null, num_days: null,
      total_transactions: null, rng_seed: null, total_cost_cents: null, experiment_id: null, experiment_name: null, iteration: null,
      sample_index: null, run_purpose: 'standalone', persistence_reason: null, persistence_level: 'events', event_count: r.n, replayable: true,
    }));
}
