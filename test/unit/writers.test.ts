import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDatabase, type Database } from '../../src/db';
import { generateSampleDatabase } from '../../src/sample/generate';
import { generatedSample } from '../helpers/sampleFiles';
import { demoScenario } from '../../src/sample/scenarios';
import { simulate } from '../../src/sample/simulator';
import type { SimulationOutput } from '../../src/sample/output';
import { SqliteFile, TargetExistsError } from '../../src/sample/writer/sqliteFile';
import { LEVEL_TABLES, UnifiedFile, writeSimulation, type PersistenceLevel } from '../../src/sample/writer/unifiedWriter';
import { streamCalibrated } from '../../src/sample/writer/largeScenario';
import type { SimEvent } from '../../src/sample/output';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-writers-'));
}

async function withDb<T>(file: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(file);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function count(db: Database, table: string, simulationId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}" WHERE simulation_id = ?`, [simulationId]);
  return row.n;
}

/** Every table's rows in a stable order, as JSON: the "content" two generations must agree on. */
async function dumpTables(file: string): Promise<Record<string, string>> {
  return withDb(file, async (db) => {
    const tables = await db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    const dump: Record<string, string> = {};
    for (const { name } of tables) {
      dump[name] = JSON.stringify(await db.query(`SELECT * FROM "${name}" ORDER BY rowid`));
    }
    return dump;
  });
}

const ALL_SIMULATION_TABLES = LEVEL_TABLES.full;

describe('sample writers: unified persistence levels', () => {
  let dir: string;
  let file: string;
  let output: SimulationOutput;
  before(() => {
    dir = tempDir();
    file = path.join(dir, 'levels.db');
    output = simulate(demoScenario(11), { recordTickStates: true });
    const unified = UnifiedFile.create(file);
    for (const level of ['none', 'summary', 'events', 'full'] as PersistenceLevel[]) {
      writeSimulation(unified, output, {
        simulation_id: `sim-${level}`, persistence_level: level, run_purpose: 'standalone',
        start_time: '2025-12-15T00:00:00.000Z', end_time: '2025-12-15T00:00:01.000Z', duration_seconds: 1,
      });
    }
    unified.finish();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores exactly the tables of each level', async () => {
    await withDb(file, async (db) => {
      for (const level of ['none', 'summary', 'events', 'full'] as PersistenceLevel[]) {
        const stored = new Set(LEVEL_TABLES[level]);
        for (const table of ALL_SIMULATION_TABLES) {
          const n = await count(db, table, `sim-${level}`);
          if (!stored.has(table)) {
            assert.equal(n, 0, `${level}: ${table} should be empty`);
          }
        }
        if (level === 'none') continue;
        const [run] = await db.query('SELECT persistence_level, run_purpose, experiment_id FROM simulation_runs WHERE simulation_id = ?', [`sim-${level}`]);
        assert.deepEqual(run, { persistence_level: level, run_purpose: 'standalone', experiment_id: null });
        assert.equal(await count(db, 'daily_agent_metrics', `sim-${level}`), output.dailyMetrics.length);
      }
      assert.equal(await count(db, 'simulation_events', 'sim-summary'), 0);
      for (const level of ['events', 'full']) {
        const sim = `sim-${level}`;
        assert.equal(await count(db, 'simulation_events', sim), output.events.length);
        assert.equal(await count(db, 'transactions', sim), output.transactions.length);
        assert.equal(await count(db, 'policy_snapshots', sim), output.agentIds.length);
        assert.equal(await count(db, 'lsm_cycles', sim), output.lsmCycles.length);
        assert.equal(await count(db, 'collateral_events', sim), output.collateralEvents.length);
      }
      assert.ok(output.tickAgentStates.length > 0 && output.tickQueues.length > 0);
      assert.equal(await count(db, 'tick_agent_states', 'sim-full'), output.tickAgentStates.length);
      assert.equal(await count(db, 'tick_queue_snapshots', 'sim-full'), output.tickQueues.length);
      assert.equal(await count(db, 'policy_decisions', 'sim-full'), output.policyDecisions.length);
      assert.equal(await count(db, 'simulation_checkpoints', 'sim-full'), output.checkpoints.length);
      assert.equal(await count(db, 'tick_agent_states', 'sim-events'), 0);
    });
  });

  it('keeps events in emission order with compact details', async () => {
    await withDb(file, async (db) => {
      const rows = await db.query<{ event_id: number; tick: number; day: number; event_type: string; agent_id: string | null; tx_id: string | null; details: string }>(
        'SELECT event_id, tick, day, event_type, agent_id, tx_id, details FROM simulation_events WHERE simulation_id = ? ORDER BY event_id',
        ['sim-events'],
      );
      assert.equal(rows.length, output.events.length);
      rows.forEach((row, i) => {
        const e = output.events[i];
        assert.equal(row.event_type, e.event_type);
        assert.equal(row.tick, e.tick);
        const details = JSON.parse(row.details) as Record<string, unknown>;
        for (const key of ['tick', 'day', 'event_type', 'agent_id', 'tx_id'] as const) {
          assert.ok(!(key in details) || details[key] !== row[key], `${e.event_type} repeats column ${key} in details`);
        }
      });
    });
  });

  it('writes streamed events once, in order, without keeping them', async () => {
    const streamed = path.join(dir, 'stream.db');
    const unified = UnifiedFile.create(streamed);
    const stream = unified.eventStream('sim-stream');
    const out = simulate(demoScenario(11), { onEvent: stream.onEvent });
    assert.equal(out.events.length, 0);
    writeSimulation(unified, out, { simulation_id: 'sim-stream', persistence_level: 'events', run_purpose: 'standalone', start_time: '2025-12-15T00:00:00.000Z', end_time: null });
    unified.finish();
    await withDb(streamed, async (db) => {
      assert.equal(await count(db, 'simulation_events', 'sim-stream'), stream.count);
      assert.equal(stream.count, output.events.length);
      const [fk] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM pragma_foreign_key_check');
      assert.equal(fk.n, 0);
    });
  });
});

describe('sample writers: calibrated large runs', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('discards a missed attempt so the kept run continues the event ids seamlessly', async () => {
    const file = path.join(dir, 'calibrated.db');
    const unified = UnifiedFile.create(file);
    const event = (tick: number): SimEvent => ({ tick, day: 0, event_type: 'Tick', agent_id: null, tx_id: null, details: { n: tick } });
    unified.insertEvent('sim-before', event(0));
    const mark = unified.lastEventId();
    const attempts: number[] = [];
    let discarded = 0;
    // A fake run whose event count is 3 per tick: the first guess misses a target of 300 events, the rescaled one hits it.
    const run = streamCalibrated(
      300,
      1,
      (scenario) => {
        const ticks = scenario.simulation.ticks_per_day * scenario.simulation.num_days;
        const events = ticks * 3;
        attempts.push(events);
        for (let i = 0; i < events; i++) unified.insertEvent('sim-large', event(i));
        return { events, result: ticks };
      },
      () => {
        discarded++;
        unified.deleteEventsAfter(mark);
      },
    );
    unified.finish();
    assert.ok(Math.abs(run.events - 300) <= 15, `kept ${run.events} events after attempts ${attempts.join(', ')}`);
    assert.ok(attempts.length >= 2, 'the first guess missed and was discarded');
    assert.equal(discarded, attempts.length - 1);
    await withDb(file, async (db) => {
      const [row] = await db.query<{ n: number; lo: number; hi: number }>("SELECT COUNT(*) AS n, MIN(event_id) AS lo, MAX(event_id) AS hi FROM simulation_events WHERE simulation_id = 'sim-large'");
      assert.deepEqual(row, { n: run.events, lo: mark + 1, hi: mark + run.events });
    });
  });
});

describe('sample writers: SQLite file handling', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses to overwrite an existing file unless forced', async () => {
    const target = path.join(dir, 'exists.db');
    fs.writeFileSync(target, 'keep me');
    assert.throws(() => SqliteFile.create(target), TargetExistsError);
    await assert.rejects(generateSampleDatabase(target, { kind: 'castro' }), TargetExistsError);
    assert.equal(fs.readFileSync(target, 'utf8'), 'keep me');
    const report = await generateSampleDatabase(target, { kind: 'castro', force: true });
    assert.equal(report.kind, 'castro');
    assert.ok(fs.statSync(target).size > 0);
  });

  it('leaves neither the target nor a temp file behind when writing fails', () => {
    const target = path.join(dir, 'broken.db');
    const file = SqliteFile.create(target);
    file.exec('CREATE TABLE t (a INTEGER)');
    assert.throws(() => file.insert('t', { a: 1, b: 2 }), /not columns: b/);
    file.abort();
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('inserts by column name whatever the field order', async () => {
    const target = path.join(dir, 'order.db');
    const file = SqliteFile.create(target);
    file.exec('CREATE TABLE t (a INTEGER, b TEXT, c INTEGER, d TEXT)');
    file.insert('t', { c: 3, b: 'two', a: 1, d: undefined });
    file.insert('t', { b: 'x', c: true, a: false, d: '{"k":1}' });
    file.finish();
    await withDb(target, async (db) => {
      assert.deepEqual(await db.query('SELECT * FROM t'), [
        { a: 1, b: 'two', c: 3, d: null },
        { a: 0, b: 'x', c: 1, d: '{"k":1}' },
      ]);
    });
  });
});

describe('sample writers: determinism', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const kind of ['unified', 'legacy-simulation', 'legacy-experiment', 'castro'] as const) {
    it(`${kind}: same seed gives identical content, another seed different content`, async () => {
      const a = path.join(dir, `${kind}-a.db`);
      const b = path.join(dir, `${kind}-b.db`);
      const c = path.join(dir, `${kind}-c.db`);
      await generateSampleDatabase(a, { kind, seed: 5 });
      await generateSampleDatabase(b, { kind, seed: 5 });
      await generateSampleDatabase(c, { kind, seed: 6 });
      const [da, db, dc] = await Promise.all([dumpTables(a), dumpTables(b), dumpTables(c)]);
      assert.deepEqual(da, db);
      assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)), 'files are byte-identical');
      assert.notDeepEqual(da, dc);
    });
  }
});

describe('sample writers: generated kinds', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('unified demo: standalone runs at every level, two experiments, small and quick', async () => {
    const file = path.join(dir, 'demo.db');
    const report = await generateSampleDatabase(file, { kind: 'unified' });
    assert.equal(report.experiments, 2);
    assert.ok(report.sizeBytes < 10 * 2 ** 20, `demo is ${report.sizeBytes} bytes`);
    assert.equal(report.tables.schema_version, 1);
    await withDb(file, async (db) => {
      const standalone = await db.query("SELECT simulation_id, persistence_level FROM simulation_runs WHERE run_purpose = 'standalone' ORDER BY simulation_id");
      assert.deepEqual(standalone.map((r) => r.persistence_level), ['full', 'events', 'summary']);
      assert.ok(standalone.every((r) => /^sim-standalone-\d+$/.test(String(r.simulation_id))));
      const [fk] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM pragma_foreign_key_check');
      assert.equal(fk.n, 0);
      const [appliedAt] = await db.query('SELECT applied_at FROM schema_version');
      assert.equal(appliedAt.applied_at, '2025-12-14T00:00:00.000Z');
    });
  });

  it('events: 100000 adds one streamed simulation of about that many events', async () => {
    const file = path.join(dir, 'large.db');
    const report = await generateSampleDatabase(file, { kind: 'unified', events: 100_000 });
    await withDb(file, async (db) => {
      const [run] = await db.query<{ simulation_id: string; persistence_level: string }>(
        "SELECT simulation_id, persistence_level FROM simulation_runs WHERE run_purpose = 'standalone' ORDER BY start_time DESC LIMIT 1",
      );
      assert.equal(run.persistence_level, 'events');
      const n = await count(db, 'simulation_events', run.simulation_id);
      assert.equal(n, report.largeSimulationEvents);
      assert.ok(n >= 90_000 && n <= 110_000, `${n} events`);
    });
  });
});

describe('sample writers: legacy files are consistent', () => {
  it('legacy simulation DB: duplicated run rows, uuid events, three richness levels', async () => {
    const file = await generatedSample('legacy-simulation');
    await withDb(file, async (db) => {
      const sims = (await db.query<{ simulation_id: string }>('SELECT simulation_id FROM simulations ORDER BY simulation_id')).map((r) => r.simulation_id);
      const runs = (await db.query<{ simulation_id: string }>('SELECT simulation_id FROM simulation_runs ORDER BY simulation_id')).map((r) => r.simulation_id);
      assert.deepEqual(sims, runs);
      const orphans = await db.query(
        `SELECT simulation_id FROM simulation_events WHERE simulation_id NOT IN (SELECT simulation_id FROM simulations)
         UNION SELECT simulation_id FROM daily_agent_metrics WHERE simulation_id NOT IN (SELECT simulation_id FROM simulations)
         UNION SELECT simulation_id FROM tick_agent_states WHERE simulation_id NOT IN (SELECT simulation_id FROM simulations)`,
      );
      assert.deepEqual(orphans, []);
      const richness = await db.query<{ simulation_id: string; events: number; ticks: number; metrics: number }>(
        `SELECT s.simulation_id,
                (SELECT COUNT(*) FROM simulation_events e WHERE e.simulation_id = s.simulation_id) AS events,
                (SELECT COUNT(*) FROM tick_agent_states t WHERE t.simulation_id = s.simulation_id) AS ticks,
                (SELECT COUNT(*) FROM daily_agent_metrics m WHERE m.simulation_id = s.simulation_id) AS metrics
         FROM simulations s`,
      );
      assert.ok(richness.some((r) => r.ticks > 0 && r.events > 0), 'a full-replay run');
      assert.ok(richness.some((r) => r.ticks === 0 && r.events > 0), 'an events-only run');
      assert.ok(richness.some((r) => r.ticks === 0 && r.events === 0 && r.metrics > 0), 'a summary-only run');
      const events = await db.query<{ event_id: string; event_timestamp: string }>('SELECT event_id, event_timestamp FROM simulation_events LIMIT 50');
      for (const e of events) {
        assert.match(e.event_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.match(e.event_timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
      }
      const [migrations] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migrations');
      assert.ok(migrations.n > 0);
    });
  });

  it('legacy experiment DB: runs keyed by run_id, linked simulations, acceptance only in policy_evaluations', async () => {
    const file = await generatedSample('legacy-experiment');
    await withDb(file, async (db) => {
      const runIds = (await db.query<{ run_id: string }>('SELECT run_id FROM experiments')).map((r) => r.run_id);
      assert.equal(runIds.length, 2);
      const sims = await db.query<{ simulation_id: string; experiment_run_id: string; experiment_iteration: number }>('SELECT simulation_id, experiment_run_id, experiment_iteration FROM simulations');
      assert.ok(sims.length > 0);
      for (const s of sims) {
        assert.ok(runIds.includes(s.experiment_run_id));
        assert.match(s.simulation_id, new RegExp(`^${s.experiment_run_id}-sim-\\d{3}-(init|eval|bootstrap)$`));
      }
      assert.ok(sims.some((s) => s.simulation_id.endsWith('-bootstrap')));
      const orphanEvents = await db.query('SELECT DISTINCT simulation_id FROM simulation_events WHERE simulation_id NOT IN (SELECT simulation_id FROM simulations)');
      assert.deepEqual(orphanEvents, []);
      const iterations = await db.query<{ accepted_changes: string }>('SELECT accepted_changes FROM experiment_iterations');
      assert.ok(iterations.every((r) => Object.values(JSON.parse(r.accepted_changes) as Record<string, boolean>).every((v) => v === false)));
      const [accepted] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM policy_evaluations WHERE accepted = 1');
      assert.ok(accepted.n > 0, 'policy_evaluations records real acceptances');
      const llm = await db.query<{ event_data: string }>("SELECT event_data FROM experiment_events WHERE event_type = 'llm_interaction'");
      assert.ok(llm.length > 0);
      for (const row of llm) {
        const data = JSON.parse(row.event_data) as { system_prompt: string; raw_response: string };
        assert.ok(data.system_prompt.startsWith('[SAMPLE'));
        assert.ok(data.raw_response.startsWith('[SAMPLE'));
      }
    });
  });

  it('castro DB: game sessions with linked, labelled LLM audit rows', async () => {
    const file = await generatedSample('castro');
    await withDb(file, async (db) => {
      for (const table of ['policy_iterations', 'llm_interaction_log', 'policy_diffs', 'iteration_context']) {
        const orphans = await db.query(`SELECT game_id FROM ${table} WHERE game_id NOT IN (SELECT game_id FROM game_sessions)`);
        assert.deepEqual(orphans, [], table);
      }
      const log = await db.query<{ system_prompt: string; user_prompt: string; raw_response: string }>('SELECT system_prompt, user_prompt, raw_response FROM llm_interaction_log');
      assert.ok(log.length > 0);
      for (const r of log) {
        for (const text of [r.system_prompt, r.user_prompt, r.raw_response]) {
          assert.ok(text.startsWith('[SAMPLE — generated by simcash-db, not a real LLM exchange]'));
        }
      }
    });
  });
});
