import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { UNIFIED_SCHEMA_VERSIONS, CURRENT_SCHEMA_VERSION, createSchemaSql, publishedSchemaSql } from '../../src/schema/versions';
import { parseSchemaDoc, renderSchemaMarkdown } from '../../src/schema/reference';
import { openDatabase } from '../../src/db';
import { detectSchema } from '../../src/schema/detect';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Tables the foundation issue requires in the unified schema. */
const REQUIRED_TABLES = [
  'schema_version', 'experiments', 'experiment_iterations', 'simulation_runs', 'simulation_events', 'transactions',
  'daily_agent_metrics', 'policy_snapshots', 'simulation_checkpoints', 'agent_queue_snapshots', 'policy_decisions',
  'tick_agent_states', 'tick_queue_snapshots', 'lsm_cycles', 'collateral_events', 'agent_state_registers',
  'llm_interaction_log', 'policy_diffs', 'iteration_context',
];

describe('unified schema', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-schema-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates every required table and the linkage columns, and detects as the current unified version', async () => {
    const file = path.join(dir, 'empty.db');
    const writer = new BetterSqlite3(file);
    writer.exec(createSchemaSql());
    writer.close();
    const db = await openDatabase(file);
    try {
      const detection = await detectSchema(db);
      assert.equal(detection.kind, 'unified');
      assert.equal(detection.schemaVersion, CURRENT_SCHEMA_VERSION);
      assert.equal(detection.migratable, false);
      for (const table of REQUIRED_TABLES) assert.ok(detection.tables.includes(table), `missing table ${table}`);
      const runColumns = (await db.query<{ name: string }>("SELECT name FROM pragma_table_info('simulation_runs')")).map((r) => r.name);
      for (const column of ['experiment_id', 'iteration', 'sample_index', 'run_purpose', 'persistence_level']) assert.ok(runColumns.includes(column), column);
      const iterationColumns = (await db.query<{ name: string }>("SELECT name FROM pragma_table_info('experiment_iterations')")).map((r) => r.name);
      assert.ok(iterationColumns.includes('evaluation_simulation_id') && iterationColumns.includes('bootstrap_simulation_ids'));
      for (const table of ['llm_interaction_log', 'policy_diffs', 'iteration_context']) {
        const columns = (await db.query<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table])).map((r) => r.name);
        assert.ok(columns.includes('experiment_id'), `${table} is not keyed by experiment`);
      }
    } finally {
      await db.close();
    }
  });

  it('serves the event queries of the views from indexes', async () => {
    const file = path.join(dir, 'plan.db');
    const writer = new BetterSqlite3(file);
    writer.exec(createSchemaSql());
    writer.close();
    const db = await openDatabase(file);
    try {
      const plans = [
        'SELECT * FROM simulation_events WHERE simulation_id = ? AND event_id > ? ORDER BY event_id LIMIT 100',
        'SELECT * FROM simulation_events WHERE simulation_id = ? AND tick BETWEEN ? AND ? ORDER BY tick, event_id LIMIT 100',
        'SELECT * FROM simulation_events WHERE simulation_id = ? AND tx_id = ? ORDER BY event_id',
        'SELECT * FROM simulation_runs WHERE experiment_id = ? ORDER BY iteration, sample_index',
      ];
      for (const sql of plans) {
        const plan = await db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, sql.split('?').slice(1).map(() => 'x'));
        const text = plan.map((p) => p.detail).join(' | ');
        assert.ok(!/SCAN (simulation_events|simulation_runs)\b(?! USING)/.test(text), `full scan for ${sql}: ${text}`);
      }
    } finally {
      await db.close();
    }
  });

  it('is published as SQL and as a markdown reference that match the source', () => {
    for (const version of UNIFIED_SCHEMA_VERSIONS) {
      const sqlFile = path.join(repoRoot, 'schema', `unified-v${version.version}.sql`);
      const mdFile = path.join(repoRoot, 'docs', 'schema', `unified-v${version.version}.md`);
      assert.equal(fs.readFileSync(sqlFile, 'utf8'), publishedSchemaSql(version), `${sqlFile} is stale: run npm run schema:publish`);
      assert.equal(fs.readFileSync(mdFile, 'utf8'), renderSchemaMarkdown(version), `${mdFile} is stale: run npm run schema:publish`);
    }
  });

  it('documents every column of every table', () => {
    const { tables } = parseSchemaDoc(UNIFIED_SCHEMA_VERSIONS[0].ddl);
    assert.equal(tables.length, REQUIRED_TABLES.length + 2); // + experiment_events, policy_evaluations
    for (const t of tables) {
      assert.ok(t.doc.length > 0, `table ${t.name} has no description`);
      for (const c of t.columns) assert.ok(c.doc.length > 0, `${t.name}.${c.name} has no description`);
    }
  });

  it('the published SQL creates a file other writers can produce independently', () => {
    const file = path.join(dir, 'published.db');
    const writer = new BetterSqlite3(file);
    writer.exec(fs.readFileSync(path.join(repoRoot, 'schema', `unified-v${CURRENT_SCHEMA_VERSION}.sql`), 'utf8'));
    const [row] = writer.prepare('SELECT version FROM schema_version').all() as Array<{ version: number }>;
    writer.close();
    assert.equal(row.version, CURRENT_SCHEMA_VERSION);
  });
});
