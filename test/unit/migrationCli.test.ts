/**
 * `simcash-db migrate` and the unified version chain: dry run, in-place and --out migrations, --no-backup, --json,
 * the no-op second run, errors; every schema version after the first has a migration step, and a migrated v1 file
 * has exactly the layout of a file created at the current version.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { UNIFIED_STEPS } from '../../src/schema/migrate';
import { stepsBetween } from '../../src/schema/migrate/unifiedSteps';
import { CURRENT_SCHEMA_VERSION, UNIFIED_SCHEMA_VERSIONS, createSchemaSql } from '../../src/schema/versions';
import { writePlainSqliteFixture } from '../helpers/modelFixtures';
import { listing, rows, sampleCopy, tempDir, unifiedV1Copy, withSqlite } from './migrationFixtures';
import { cli } from '../helpers/cli';



describe('cli: simcash-db migrate', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = tempDir('simcash-migrate-cli-')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--dry-run prints the plan (text and JSON) and writes nothing', async () => {
    const file = await sampleCopy('legacy-experiment', dir, 'exp.db');
    const bytes = fs.readFileSync(file);
    const text = await cli('migrate', file, '--dry-run');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Legacy SimCash experiment database → unified schema v\d+$/m);
    assert.match(text.stdout, /experiments → experiments: 2 rows/);
    assert.match(text.stdout, /simulations → simulation_runs: \d+ rows/);
    assert.match(text.stdout, /run_id → experiment_id/);
    const json = await cli('migrate', file, '--dry-run', '--json');
    assert.equal(json.code, 0, json.stderr);
    const plan = JSON.parse(json.stdout) as { status: string; from: { kind: string }; to: { version: number }; steps: Array<{ tables: Array<{ from: string[]; to: string; rows: number; source_rows: number; notes: string[] }> }>; expected_rows: Record<string, number> };
    assert.equal(plan.status, 'ready');
    assert.equal(plan.from.kind, 'legacy-experiment');
    assert.equal(plan.to.version, CURRENT_SCHEMA_VERSION);
    assert.ok(plan.steps.flatMap((s) => s.tables).some((t) => t.to === 'llm_interaction_log' && t.from[0] === 'experiment_events'));
    assert.ok(plan.expected_rows.simulation_events > 0);
    assert.ok(fs.readFileSync(file).equals(bytes));
    assert.deepEqual(listing(dir), ['exp.db']);
  });

  it('migrates in place with a backup, reports progress on stderr, and a second run says there is nothing to do', async () => {
    const file = await sampleCopy('castro', dir, 'castro.db');
    const bytes = fs.readFileSync(file);
    const first = await cli('migrate', file);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Migrated .*castro\.db: Legacy SimCash LLM-audit \("castro"\) database → unified schema v\d+ \([\d.]+ s\)$/m);
    assert.match(first.stdout, /verified: unified schema v\d+, \d+ tables, 2 experiments/);
    const backup = /backup: +(\S+)/.exec(first.stdout)?.[1] ?? '';
    assert.ok(fs.readFileSync(backup).equals(bytes), 'the backup is a byte copy of the original');
    assert.match(first.stderr, /^migrating +0% {2}Reading castro\.db$/m);
    assert.match(first.stderr, /^migrating 100% {2}Done$/m);
    const second = await cli('migrate', file);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /already has the current unified schema \(v\d+\); nothing to do/);
    const json = await cli('migrate', file, '--json');
    assert.equal((JSON.parse(json.stdout) as { noop: boolean }).noop, true);
    assert.equal(listing(dir).length, 2);
  });

  it('--out writes elsewhere and --no-backup keeps no copy; --json describes the result', async () => {
    const file = await sampleCopy('legacy-simulation', dir, 'sim.db');
    const bytes = fs.readFileSync(file);
    const out = path.join(dir, 'unified.db');
    const result = await cli('migrate', file, '--out', out, '--json');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { noop: boolean; out_path: string; backup_path: string | null; from: { kind: string }; tables: Record<string, number> };
    assert.deepEqual([json.noop, json.out_path, json.backup_path, json.from.kind], [false, out, null, 'legacy-simulation']);
    assert.ok(json.tables.simulation_events > 0);
    assert.ok(fs.readFileSync(file).equals(bytes));
    const inPlace = await cli('migrate', file, '--no-backup');
    assert.equal(inPlace.code, 0, inPlace.stderr);
    assert.match(inPlace.stdout, /backup: +none \(--no-backup\)/);
    assert.deepEqual(listing(dir), ['sim.db', 'unified.db']);
  });

  it('fails with exit code 1 and a clear message, leaving files alone', async () => {
    const plain = path.join(dir, 'plain.db');
    writePlainSqliteFixture(plain);
    const bytes = fs.readFileSync(plain);
    for (const args of [['migrate', plain], ['migrate', plain, '--dry-run']]) {
      const r = await cli(...args);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /error: .*plain\.db is not a SimCash database/);
    }
    const missing = await cli('migrate', path.join(dir, 'missing.db'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /error: .*missing\.db/);
    const file = await sampleCopy('castro', dir, 'castro.db');
    const taken = await cli('migrate', file, '--out', plain);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /plain\.db already exists/);
    assert.ok(fs.readFileSync(plain).equals(bytes));
  });
});

describe('unified version chain', function () {
  this.timeout(60_000);

  it('has one step from every version to the next, up to the current one', () => {
    assert.equal(UNIFIED_SCHEMA_VERSIONS[UNIFIED_SCHEMA_VERSIONS.length - 1].version, CURRENT_SCHEMA_VERSION);
    assert.ok(CURRENT_SCHEMA_VERSION >= 2, 'the chain has at least one real step');
    for (const v of UNIFIED_SCHEMA_VERSIONS.slice(1)) {
      assert.equal(UNIFIED_STEPS.filter((s) => s.to === v.version && s.from === v.version - 1).length, 1, `step to v${v.version}`);
    }
    assert.deepEqual(stepsBetween(1, CURRENT_SCHEMA_VERSION).map((s) => s.to), UNIFIED_SCHEMA_VERSIONS.slice(1).map((v) => v.version));
    assert.throws(() => stepsBetween(CURRENT_SCHEMA_VERSION, CURRENT_SCHEMA_VERSION + 1), /no migration step/);
  });

  it('takes a unified file without a version row (partly written) as v1, and completes it', async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'partial.db');
      const db = new BetterSqlite3(file);
      // Only the tables a writer created before it stopped: no schema_version row, no LLM audit tables.
      db.exec(createSchemaSql(1).replace(/CREATE TABLE IF NOT EXISTS (llm_interaction_log|policy_diffs|iteration_context) \([^;]*\);/g, '').replace(/^(INSERT|CREATE INDEX [^;]* ON llm_interaction_log)[^;]*;$/gm, ''));
      db.exec("INSERT INTO simulation_runs (simulation_id, run_purpose) VALUES ('sim-1', 'standalone')");
      db.exec("INSERT INTO simulation_events (simulation_id, tick, event_type) VALUES ('sim-1', 0, 'Arrival'), ('sim-1', 1, 'EndOfDay')");
      db.close();
      const r = await cli('migrate', file, '--dry-run');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /records no schema version; it is taken to be unified v1/);
      assert.match(r.stdout, /missing from the file are created empty: .*llm_interaction_log/);
      assert.equal((await cli('migrate', file, '--no-backup')).code, 0);
      withSqlite(file, (d) => {
        assert.deepEqual(rows(d, 'SELECT simulation_id, event_count FROM simulation_runs'), [{ simulation_id: 'sim-1', event_count: 2 }]);
        assert.equal(rows(d, "SELECT name FROM sqlite_master WHERE name = 'llm_interaction_log'").length, 1);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns a v1 file into exactly the layout of a file created at the current version', async () => {
    const dir = tempDir();
    try {
      const migrated = await unifiedV1Copy(dir);
      const r = await cli('migrate', migrated, '--no-backup');
      assert.equal(r.code, 0, r.stderr);
      const fresh = path.join(dir, 'fresh.db');
      const db = new BetterSqlite3(fresh);
      db.exec(createSchemaSql());
      db.close();
      const layout = (file: string) =>
        withSqlite(file, (d) => ({
          tables: rows<{ name: string }>(d, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((t) => ({
            table: t.name,
            columns: rows(d, 'SELECT name, type, "notnull", pk FROM pragma_table_info(?)', t.name),
          })),
          indexes: rows<{ name: string; tbl_name: string; sql: string }>(d, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").map(
            (i) => ({ name: i.name, table: i.tbl_name, columns: rows(d, 'SELECT name FROM pragma_index_info(?)', i.name), partial: / WHERE /.test(i.sql) }),
          ),
        }));
      assert.deepEqual(layout(migrated), layout(fresh));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
