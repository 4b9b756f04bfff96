/**
 * Shared helpers of the migration tests: copies of the generated sample files (the shared ones are read-only), a
 * unified v1 file made from the current sample, what the query layer shows for a file, and the design note's
 * three queries.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { listExperiments, listIterations, listSimulations, openSimCashFile } from '../../src/model';
import { createSchemaSql } from '../../src/schema/versions';
import { generatedSample, type GeneratedKind } from '../helpers/sampleFiles';

export function tempDir(prefix = 'simcash-migration-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A private copy of a generated sample, safe to migrate. */
export async function sampleCopy(kind: GeneratedKind, dir: string, name = `${kind}.db`): Promise<string> {
  const file = path.join(dir, name);
  fs.copyFileSync(await generatedSample(kind), file);
  return file;
}

/**
 * A unified schema v1 file with the contents of the current unified sample: the v1 DDL, then every v1 column of
 * every table copied over. This is what a file written before schema v2 looks like.
 */
export async function unifiedV1Copy(dir: string, name = 'unified-v1.db'): Promise<string> {
  const file = path.join(dir, name);
  const db = new BetterSqlite3(file);
  try {
    db.exec(createSchemaSql(1, '2025-12-14T00:00:00.000Z'));
    db.exec(`ATTACH '${await generatedSample('unified')}' AS s`);
    const tables = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name <> 'schema_version'").all() as Array<{ name: string }>;
    for (const { name: table } of tables) {
      const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>).map((c) => `"${c.name}"`).join(', ');
      db.exec(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM s."${table}"`);
    }
    db.exec('DETACH s');
  } finally {
    db.close();
  }
  return file;
}

/** Runs `fn` on a read-only better-sqlite3 connection (the reference reader in these tests). */
export function withSqlite<T>(file: string, fn: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function rows<T = Record<string, unknown>>(db: BetterSqlite3.Database, sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).all(...params) as T[];
}

export function count(db: BetterSqlite3.Database, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** Files in a folder, for "nothing else was written" checks. */
export function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

/** DuckDB's `YYYY-MM-DD HH:MM:SS.ffffff` in the ISO form the migration writes. */
export function iso(value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(value) ? `${value.slice(0, 10)}T${value.slice(11)}` : value;
}

/** What the views show for a file: simulations (with their links and levels), experiments and iterations. */
export async function modelView(file: string): Promise<{ simulations: unknown[]; experiments: unknown[]; iterations: Record<string, unknown[]> }> {
  const simcash = await openSimCashFile(file);
  try {
    const simulations = (await listSimulations(simcash, { order: 'experiment' })).map((s) => ({
      simulation_id: s.simulation_id,
      experiment_id: s.experiment_id,
      experiment_name: s.experiment_name,
      iteration: s.iteration,
      sample_index: s.sample_index,
      run_purpose: s.run_purpose,
      persistence_reason: s.persistence_reason,
      persistence_level: s.persistence_level,
      event_count: s.event_count,
      replayable: s.replayable,
      config_name: s.config_name,
      status: s.status,
      rng_seed: s.rng_seed,
      ticks_per_day: s.ticks_per_day,
      num_days: s.num_days,
      total_cost_cents: s.total_cost_cents,
    }));
    const experiments = await listExperiments(simcash);
    const iterations: Record<string, unknown[]> = {};
    for (const e of experiments) {
      iterations[e.experiment_id] = (await listIterations(simcash, e.experiment_id)).map((it) => ({
        iteration: it.iteration,
        costs_per_agent: it.costs_per_agent,
        total_cost: it.total_cost,
        policies: it.policies,
        evaluation_simulation_id: it.evaluation_simulation_id,
        bootstrap_simulation_ids: it.bootstrap_simulation_ids,
      }));
    }
    return {
      simulations,
      experiments: experiments.map((e) => ({ ...e, created_at: iso(e.created_at), completed_at: iso(e.completed_at) })),
      iterations,
    };
  } finally {
    await simcash.close();
  }
}

/**
 * The design note's "Unified Query Examples", verbatim (parameters bound): all simulations; an experiment's
 * replayable simulations; and the drill-down experiment → iterations → the events of one iteration's evaluation.
 */
export function designNoteQueries(file: string, experimentId: string | null, iteration: number): {
  all: unknown[];
  replayable: Array<{ simulation_id: string; event_count: number }>;
  experiment: unknown[];
  iterations: Array<{ iteration: number; evaluation_simulation_id: string | null }>;
  events: unknown[];
} {
  return withSqlite(file, (db) => ({
    all: rows(
      db,
      `SELECT sr.simulation_id, sr.config_name, sr.status, sr.start_time, e.experiment_name, sr.iteration, sr.sample_index, sr.run_purpose
       FROM simulation_runs sr LEFT JOIN experiments e ON sr.experiment_id = e.experiment_id ORDER BY sr.start_time DESC`,
    ),
    replayable: rows(
      db,
      `SELECT sr.simulation_id, sr.iteration, sr.sample_index, sr.run_purpose,
         (SELECT COUNT(*) FROM simulation_events se WHERE se.simulation_id = sr.simulation_id) as event_count
       FROM simulation_runs sr WHERE sr.experiment_id = ? AND sr.simulation_id IN (SELECT DISTINCT simulation_id FROM simulation_events)
       ORDER BY sr.iteration, sr.sample_index`,
      experimentId,
    ),
    experiment: rows(db, 'SELECT * FROM experiments WHERE experiment_id = ?', experimentId),
    iterations: rows(db, 'SELECT iteration, costs_per_agent, evaluation_simulation_id FROM experiment_iterations WHERE experiment_id = ?', experimentId),
    events: rows(
      db,
      `SELECT se.* FROM simulation_events se JOIN simulation_runs sr ON se.simulation_id = sr.simulation_id
       WHERE sr.experiment_id = ? AND sr.iteration = ? AND sr.run_purpose = 'evaluation' ORDER BY se.tick`,
      experimentId,
      iteration,
    ),
  }));
}
