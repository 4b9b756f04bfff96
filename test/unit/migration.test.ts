/**
 * Migration of every legacy kind (and of a unified v1 file) produced by the sample generator: detection, row counts
 * per carried table, sampled rows field by field, the simulations/experiments/iterations the views list, the design
 * note's three queries, and a second migration that does nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDatabase } from '../../src/db';
import { detectSchema } from '../../src/schema/detect';
import { applyMigration } from '../../src/schema/migrate';
import type { MigrationResult } from '../../src/schema/migrate';
import { CURRENT_SCHEMA_VERSION } from '../../src/schema/versions';
import { count, designNoteQueries, iso, listing, modelView, rows, sampleCopy, tempDir, unifiedV1Copy, withSqlite } from './migrationFixtures';

type Row = Record<string, unknown>;

/** Rows at the start, a third, two thirds and the end of a table (by rowid), to compare field by field. */
function sampled(db: Parameters<typeof rows>[0], table: string): Row[] {
  const n = count(db, table);
  const picks = [...new Set([0, Math.floor(n / 3), Math.floor((2 * n) / 3), n - 1])].filter((i) => i >= 0 && i < n);
  return picks.map((offset) => rows<Row>(db, `SELECT rowid AS _rowid, * FROM "${table}" ORDER BY rowid LIMIT 1 OFFSET ?`, offset)[0]);
}

function pick(row: Row, drop: readonly string[] = []): Row {
  return Object.fromEntries(Object.entries(row).filter(([k]) => k !== '_rowid' && !drop.includes(k)));
}

interface Migrated {
  original: string;
  file: string;
  dir: string;
  result: MigrationResult;
  before: Awaited<ReturnType<typeof modelView>>;
}

async function migrateSample(make: (dir: string) => Promise<string>): Promise<Migrated> {
  const dir = tempDir();
  const file = await make(dir);
  const original = path.join(dir, 'original.db');
  fs.copyFileSync(file, original);
  const before = await modelView(file);
  const result = await applyMigration(file);
  return { original, file, dir, result, before };
}

async function assertUnifiedCurrent(file: string): Promise<void> {
  const db = await openDatabase(file);
  try {
    const detection = await detectSchema(db);
    assert.equal(detection.kind, 'unified');
    assert.equal(detection.schemaVersion, CURRENT_SCHEMA_VERSION);
    assert.equal(detection.migratable, false);
  } finally {
    await db.close();
  }
}

/** The views list the same simulations, experiments and iterations (ids, links, levels, costs) before and after. */
async function assertSameModel(m: Migrated): Promise<void> {
  const after = await modelView(m.file);
  assert.deepEqual(after.simulations, m.before.simulations);
  assert.deepEqual(after.experiments, m.before.experiments);
  assert.deepEqual(after.iterations, m.before.iterations);
}

async function assertSecondRunIsNoop(m: Migrated): Promise<void> {
  const bytes = fs.readFileSync(m.file);
  const files = listing(m.dir);
  const again = await applyMigration(m.file);
  assert.equal(again.noop, true);
  assert.match(again.message, /already has the current unified schema \(v\d+\); nothing to do/);
  assert.equal(again.backupPath, null);
  assert.ok(fs.readFileSync(m.file).equals(bytes), 'a no-op migration changed the file');
  assert.deepEqual(listing(m.dir), files);
}

describe('migration: legacy simulation database', function () {
  this.timeout(60_000);
  let m: Migrated;
  before(async () => {
    m = await migrateSample((dir) => sampleCopy('legacy-simulation', dir));
  });
  after(() => fs.rmSync(m.dir, { recursive: true, force: true }));

  it('is detected as unified at the current version, with a byte-identical backup', async () => {
    await assertUnifiedCurrent(m.file);
    assert.equal(m.result.noop, false);
    assert.ok(m.result.backupPath && fs.readFileSync(m.result.backupPath).equals(fs.readFileSync(m.original)), 'backup differs from the original');
    assert.equal(m.result.verified?.schemaVersion, CURRENT_SCHEMA_VERSION);
  });

  it('carries every table with the same row counts; both run tables become one row per simulation', () => {
    const legacy = withSqlite(m.original, (db) => ({
      counts: Object.fromEntries(
        ['simulation_events', 'transactions', 'daily_agent_metrics', 'agent_queue_snapshots', 'agent_state_registers', 'policy_snapshots',
          'simulation_checkpoints', 'collateral_events', 'lsm_cycles', 'policy_decisions', 'tick_agent_states', 'tick_queue_snapshots', 'schema_migrations',
        ].map((t) => [t, count(db, t)]),
      ),
      ids: rows<{ id: string }>(db, 'SELECT simulation_id AS id FROM simulations UNION SELECT simulation_id FROM simulation_runs UNION SELECT DISTINCT simulation_id FROM simulation_events'),
    }));
    withSqlite(m.file, (db) => {
      for (const [table, n] of Object.entries(legacy.counts)) assert.equal(count(db, table), n, table);
      assert.ok(legacy.counts.simulation_events > 1000 && legacy.counts.tick_agent_states > 0);
      assert.equal(count(db, 'simulation_runs'), legacy.ids.length);
      assert.equal(legacy.ids.length, 4);
      assert.ok(!rows(db, "SELECT name FROM sqlite_master WHERE name = 'simulations'").length, 'the legacy run table is reconciled, not copied');
    });
  });

  it('keeps sampled rows equal field by field (ids, days and derived columns as documented)', () => {
    withSqlite(m.original, (legacy) =>
      withSqlite(m.file, (unified) => {
        // Events: integer ids in stored order; every other column as stored.
        const legacyEvents = rows<Row>(legacy, 'SELECT simulation_id, tick, day, event_type, details, agent_id, tx_id FROM simulation_events ORDER BY rowid');
        const unifiedEvents = rows<Row>(unified, 'SELECT event_id, simulation_id, tick, day, event_type, details, agent_id, tx_id FROM simulation_events ORDER BY event_id');
        assert.equal(unifiedEvents.length, legacyEvents.length);
        for (const i of [0, 17, Math.floor(legacyEvents.length / 2), legacyEvents.length - 1]) {
          assert.equal(unifiedEvents[i].event_id, i + 1);
          assert.deepEqual(pick(unifiedEvents[i], ['event_id']), legacyEvents[i], `event ${i}`);
        }
        for (const row of sampled(legacy, 'transactions')) {
          const [other] = rows<Row>(unified, 'SELECT * FROM transactions WHERE simulation_id = ? AND tx_id = ?', row.simulation_id, row.tx_id);
          assert.deepEqual({ ...pick(other), ...pick(row) }, pick(other), `transaction ${String(row.tx_id)}`);
        }
        for (const row of sampled(legacy, 'daily_agent_metrics')) {
          const [other] = rows<Row>(unified, 'SELECT * FROM daily_agent_metrics WHERE simulation_id = ? AND agent_id = ? AND day = ?', row.simulation_id, row.agent_id, row.day);
          assert.deepEqual({ ...pick(other), ...pick(row) }, pick(other));
          assert.equal(other.liquidity_opportunity_cost, null);
        }
        const ticksPerDay = new Map(rows<{ id: string; tpd: number }>(legacy, 'SELECT simulation_id AS id, ticks_per_day AS tpd FROM simulation_runs').map((r) => [r.id, r.tpd]));
        for (const row of sampled(legacy, 'policy_decisions')) {
          const [other] = rows<Row>(unified, 'SELECT * FROM policy_decisions WHERE id = ?', row.id);
          assert.deepEqual(pick(other, ['day']), pick(row, ['day']));
          assert.equal(other.day, Math.floor(Number(row.tick) / (ticksPerDay.get(String(row.simulation_id)) ?? 1)));
        }
        for (const row of sampled(legacy, 'tick_agent_states')) {
          const [other] = rows<Row>(unified, 'SELECT * FROM tick_agent_states WHERE simulation_id = ? AND agent_id = ? AND tick = ?', row.simulation_id, row.agent_id, row.tick);
          assert.deepEqual({ ...pick(other), ...pick(row, ['day']) }, pick(other));
          assert.equal(other.day, Math.floor(Number(row.tick) / (ticksPerDay.get(String(row.simulation_id)) ?? 1)));
          assert.equal(other.credit_used, Math.max(0, -Number(row.balance)));
        }
        for (const table of ['agent_queue_snapshots', 'policy_snapshots', 'tick_queue_snapshots', 'schema_migrations']) {
          for (const row of sampled(legacy, table)) {
            const keys = Object.keys(pick(row));
            const where = keys.map((k) => `"${k}" IS ?`).join(' AND ');
            assert.equal(rows(unified, `SELECT 1 FROM "${table}" WHERE ${where}`, ...keys.map((k) => row[k])).length, 1, `${table} row ${JSON.stringify(row)}`);
          }
        }
        const [checkpoint] = rows<Row>(legacy, 'SELECT * FROM simulation_checkpoints');
        const [migratedCheckpoint] = rows<Row>(unified, 'SELECT * FROM simulation_checkpoints');
        assert.deepEqual(migratedCheckpoint, { ...checkpoint, checkpoint_timestamp: iso(checkpoint.checkpoint_timestamp) });
      }),
    );
  });

  it('makes every run standalone, reconciling both run tables, with its level inferred and the scenario path kept', () => {
    const legacy = withSqlite(m.original, (db) =>
      rows<Row>(db, 'SELECT r.*, s.config_file, s.num_agents, s.total_arrivals, s.total_settlements, s.total_cost_cents, s.duration_seconds, s.config_json, s.started_at FROM simulation_runs r JOIN simulations s USING (simulation_id) ORDER BY r.start_time'),
    );
    const migrated = withSqlite(m.file, (db) => rows<Row>(db, 'SELECT * FROM simulation_runs ORDER BY start_time'));
    assert.equal(migrated.length, legacy.length);
    const levels: string[] = [];
    migrated.forEach((run, i) => {
      const old = legacy[i];
      assert.equal(run.simulation_id, old.simulation_id);
      for (const c of ['config_name', 'config_hash', 'description', 'rng_seed', 'ticks_per_day', 'num_days', 'status', 'total_transactions', 'num_agents', 'total_arrivals', 'total_settlements', 'total_cost_cents', 'duration_seconds', 'config_json']) {
        assert.deepEqual(run[c], old[c], c);
      }
      assert.equal(run.start_time, iso(old.start_time));
      assert.equal(run.end_time, iso(old.end_time));
      assert.equal(run.config_path, old.config_file);
      assert.equal(run.run_purpose, 'standalone');
      assert.equal(run.experiment_id, null);
      levels.push(String(run.persistence_level));
    });
    // The sample's runs, oldest first: full replay, events, events, and one whose events were lost.
    assert.deepEqual(levels, ['full', 'events', 'events', 'summary']);
    withSqlite(m.file, (db) => {
      const counts = rows<{ n: number; events: number }>(db, 'SELECT event_count AS n, (SELECT COUNT(*) FROM simulation_events se WHERE se.simulation_id = sr.simulation_id) AS events FROM simulation_runs sr');
      assert.ok(counts.every((r) => r.n === r.events));
    });
  });

  it('lists the same simulations in the views, and answers the design note queries', async () => {
    await assertSameModel(m);
    const q = designNoteQueries(m.file, null, 0);
    assert.equal(q.all.length, 4);
    assert.deepEqual([q.replayable, q.experiment, q.iterations, q.events], [[], [], [], []]);
  });

  it('does nothing when migrated again', async () => {
    await assertSecondRunIsNoop(m);
  });
});

describe('migration: legacy experiment database', function () {
  this.timeout(60_000);
  let m: Migrated;
  before(async () => {
    m = await migrateSample((dir) => sampleCopy('legacy-experiment', dir));
  });
  after(() => fs.rmSync(m.dir, { recursive: true, force: true }));

  it('is detected as unified at the current version', async () => {
    await assertUnifiedCurrent(m.file);
  });

  it('carries experiments, iterations, events, evaluations, simulations and their events with the same row counts', () => {
    const pairs: Array<[string, string]> = [
      ['experiments', 'experiments'], ['experiment_iterations', 'experiment_iterations'], ['experiment_events', 'experiment_events'],
      ['policy_evaluations', 'policy_evaluations'], ['simulations', 'simulation_runs'], ['simulation_events', 'simulation_events'],
      ['agent_state_registers', 'agent_state_registers'],
    ];
    const legacy = withSqlite(m.original, (db) => ({
      counts: pairs.map(([from]) => count(db, from)),
      llm: (db.prepare("SELECT COUNT(*) AS n FROM experiment_events WHERE event_type = 'llm_interaction'").get() as { n: number }).n,
    }));
    withSqlite(m.file, (db) => {
      pairs.forEach(([, to], i) => assert.equal(count(db, to), legacy.counts[i], to));
      assert.ok(legacy.llm > 0);
      assert.equal(count(db, 'llm_interaction_log'), legacy.llm);
    });
  });

  it('keeps sampled rows equal field by field, run_id becoming experiment_id', () => {
    withSqlite(m.original, (legacy) =>
      withSqlite(m.file, (unified) => {
        for (const row of rows<Row>(legacy, 'SELECT * FROM experiments')) {
          const [e] = rows<Row>(unified, 'SELECT * FROM experiments WHERE experiment_id = ?', row.run_id);
          for (const c of ['experiment_name', 'experiment_type', 'config', 'num_iterations', 'converged', 'convergence_reason', 'created_at', 'completed_at']) {
            assert.deepEqual(e[c], iso(row[c]), c);
          }
          const config = JSON.parse(String(row.config)) as { scenario: string; master_seed: number };
          assert.equal(e.scenario_path, config.scenario);
          assert.equal(e.master_seed, config.master_seed);
        }
        for (const row of sampled(legacy, 'experiment_events')) {
          const [e] = rows<Row>(unified, 'SELECT * FROM experiment_events WHERE id = ?', row.id);
          assert.deepEqual(e, { ...pick(row, ['run_id']), experiment_id: row.run_id, timestamp: iso(row.timestamp) });
        }
        for (const row of sampled(legacy, 'policy_evaluations')) {
          const [e] = rows<Row>(unified, 'SELECT * FROM policy_evaluations WHERE experiment_id = ? AND iteration = ? AND agent_id = ?', row.run_id, row.iteration, row.agent_id);
          assert.deepEqual(e, { ...pick(row, ['run_id']), experiment_id: row.run_id, timestamp: iso(row.timestamp) });
        }
        for (const row of sampled(legacy, 'simulation_events')) {
          const [e] = rows<Row>(unified, 'SELECT simulation_id, tick, day, event_type, details, agent_id, tx_id FROM simulation_events WHERE event_id = ?', row._rowid);
          assert.deepEqual(e, pick(row, ['event_id', 'event_timestamp', 'created_at']));
        }
        for (const row of rows<Row>(legacy, 'SELECT * FROM simulations')) {
          const [run] = rows<Row>(unified, 'SELECT * FROM simulation_runs WHERE simulation_id = ?', row.simulation_id);
          assert.equal(run.experiment_id, row.experiment_run_id);
          assert.equal(run.iteration, row.experiment_iteration);
          assert.equal(run.end_time, iso(row.ended_at));
          assert.equal(run.start_time, iso(row.started_at));
          assert.equal(run.config_path, row.config_file);
          for (const c of ['config_name', 'description', 'rng_seed', 'ticks_per_day', 'num_days', 'num_agents', 'status', 'total_arrivals', 'total_settlements', 'total_cost_cents', 'duration_seconds', 'config_json']) {
            assert.deepEqual(run[c], row[c], c);
          }
          const purpose = /-(init|eval|bootstrap)$/.exec(String(row.simulation_id))?.[1];
          assert.equal(run.run_purpose, purpose === 'bootstrap' ? 'bootstrap' : 'evaluation');
          assert.equal(run.persistence_reason, purpose === 'init' ? 'initial' : null);
          assert.equal(run.persistence_level, 'events');
        }
      }),
    );
  });

  it('derives acceptance from policy_evaluations and links iterations to their simulations like the predecessor recorded', () => {
    withSqlite(m.original, (legacy) =>
      withSqlite(m.file, (unified) => {
        for (const it of rows<Row>(legacy, 'SELECT * FROM experiment_iterations')) {
          const [u] = rows<Row>(unified, 'SELECT * FROM experiment_iterations WHERE experiment_id = ? AND iteration = ?', it.run_id, it.iteration);
          assert.equal(u.costs_per_agent, it.costs_per_agent);
          assert.equal(u.policies, it.policies);
          assert.equal(u.timestamp, iso(it.timestamp));
          const accepted = JSON.parse(String(u.accepted_changes)) as Record<string, boolean>;
          for (const pe of rows<{ agent_id: string; accepted: number }>(legacy, 'SELECT agent_id, accepted FROM policy_evaluations WHERE run_id = ? AND iteration = ?', it.run_id, it.iteration)) {
            assert.equal(accepted[pe.agent_id], pe.accepted === 1, `${String(it.run_id)} iteration ${String(it.iteration)} ${pe.agent_id}`);
          }
          // The predecessor's own record of the iteration's simulations, in its 'evaluation' event.
          const [event] = rows<{ event_data: string }>(legacy, "SELECT event_data FROM experiment_events WHERE run_id = ? AND iteration = ? AND event_type = 'evaluation'", it.run_id, it.iteration);
          const data = JSON.parse(event.event_data) as { evaluation_simulation_id: string; bootstrap_simulation_ids: string[] };
          assert.equal(u.evaluation_simulation_id, data.evaluation_simulation_id);
          assert.deepEqual(JSON.parse(String(u.bootstrap_simulation_ids ?? '[]')), data.bootstrap_simulation_ids);
        }
        const someAccepted = rows(unified, "SELECT 1 FROM experiment_iterations WHERE accepted_changes LIKE '%true%'");
        assert.ok(someAccepted.length > 0, 'the sample accepts some proposals');
        for (const [log] of [rows<Row>(unified, 'SELECT * FROM llm_interaction_log ORDER BY interaction_id LIMIT 1')]) {
          const id = Number(String(log.interaction_id).split(':event:')[1]);
          const [event] = rows<{ event_data: string; timestamp: string }>(legacy, 'SELECT event_data, timestamp FROM experiment_events WHERE id = ?', id);
          const data = JSON.parse(event.event_data) as Record<string, unknown>;
          assert.equal(log.system_prompt, data.system_prompt);
          assert.equal(log.user_prompt, data.user_prompt);
          assert.equal(log.raw_response, data.raw_response);
          assert.equal(log.llm_model, data.model);
          assert.equal(log.tokens_used, Number(data.prompt_tokens) + Number(data.completion_tokens));
          assert.equal(log.response_timestamp, iso(event.timestamp));
        }
      }),
    );
  });

  it('lists the same simulations, experiments and iterations in the views, and answers the design note queries', async () => {
    await assertSameModel(m);
    const experiment = (m.before.experiments[0] as { experiment_id: string }).experiment_id;
    const q = designNoteQueries(m.file, experiment, 1);
    assert.equal(q.all.length, m.before.simulations.length);
    assert.ok(q.replayable.length > 0 && q.replayable.every((r) => r.event_count > 0));
    assert.equal(q.experiment.length, 1);
    assert.ok(q.iterations.length > 0 && q.iterations.every((i) => i.evaluation_simulation_id !== null));
    assert.ok(q.events.length > 0);
  });

  it('does nothing when migrated again', async () => {
    await assertSecondRunIsNoop(m);
  });
});

describe('migration: castro database', function () {
  this.timeout(60_000);
  let m: Migrated;
  before(async () => {
    m = await migrateSample((dir) => sampleCopy('castro', dir));
  });
  after(() => fs.rmSync(m.dir, { recursive: true, force: true }));

  it('is detected as unified at the current version', async () => {
    await assertUnifiedCurrent(m.file);
  });

  it('turns sessions into castro experiments and policy iterations into iterations and evaluations, with the same row counts', () => {
    const legacy = withSqlite(m.original, (db) => ({
      sessions: count(db, 'game_sessions'),
      policy: count(db, 'policy_iterations'),
      iterations: (db.prepare('SELECT COUNT(*) AS n FROM (SELECT DISTINCT game_id, iteration_number FROM policy_iterations)').get() as { n: number }).n,
      audit: ['llm_interaction_log', 'policy_diffs', 'iteration_context'].map((t) => count(db, t)),
    }));
    withSqlite(m.file, (db) => {
      assert.equal(count(db, 'experiments'), legacy.sessions);
      assert.equal(count(db, 'policy_evaluations'), legacy.policy);
      assert.equal(count(db, 'experiment_iterations'), legacy.iterations);
      assert.deepEqual(['llm_interaction_log', 'policy_diffs', 'iteration_context'].map((t) => count(db, t)), legacy.audit);
      assert.deepEqual(rows(db, 'SELECT DISTINCT experiment_type FROM experiments'), [{ experiment_type: 'castro' }]);
    });
  });

  it('keeps sampled rows equal field by field, amounts in whole cents and the exact values in agent_stats', () => {
    withSqlite(m.original, (legacy) =>
      withSqlite(m.file, (unified) => {
        for (const g of rows<Row>(legacy, 'SELECT * FROM game_sessions')) {
          const [e] = rows<Row>(unified, 'SELECT * FROM experiments WHERE experiment_id = ?', g.game_id);
          assert.equal(e.scenario_path, g.scenario_config);
          assert.equal(e.master_seed, g.master_seed);
          assert.equal(e.created_at, iso(g.started_at));
          assert.equal(e.completed_at, iso(g.completed_at));
          assert.equal(e.num_iterations, g.total_iterations);
          assert.equal(e.converged, g.converged);
          assert.equal(e.final_cost, Math.round(Number(g.final_cost)));
          const config = JSON.parse(String(e.config)) as Record<string, unknown>;
          assert.equal(config.game_mode, g.game_mode);
          assert.deepEqual(config.optimized_agents, JSON.parse(String(g.optimized_agents)));
        }
        for (const p of sampled(legacy, 'policy_iterations')) {
          const [e] = rows<Row>(unified, 'SELECT * FROM policy_evaluations WHERE experiment_id = ? AND iteration = ? AND agent_id = ?', p.game_id, p.iteration_number, p.agent_id);
          assert.equal(e.proposed_policy, p.new_policy_json);
          assert.equal(e.old_cost, Math.round(Number(p.old_cost)));
          assert.equal(e.accepted, p.was_accepted);
          assert.equal(e.timestamp, iso(p.created_at));
          const castro = (JSON.parse(String(e.agent_stats)) as { castro: Record<string, unknown> }).castro;
          assert.deepEqual(
            { trigger_tick: castro.trigger_tick, llm_model: castro.llm_model, tokens_used: castro.tokens_used, old_cost: castro.old_cost, validation_errors: castro.validation_errors },
            { trigger_tick: p.trigger_tick, llm_model: p.llm_model, tokens_used: p.tokens_used, old_cost: p.old_cost, validation_errors: JSON.parse(String(p.validation_errors)) },
          );
          const [it] = rows<Row>(unified, 'SELECT * FROM experiment_iterations WHERE experiment_id = ? AND iteration = ?', p.game_id, p.iteration_number);
          assert.equal((JSON.parse(String(it.costs_per_agent)) as Record<string, number>)[String(p.agent_id)], Math.round(Number(p.old_cost)));
          assert.equal((JSON.parse(String(it.accepted_changes)) as Record<string, boolean>)[String(p.agent_id)], p.was_accepted === 1);
        }
        for (const l of sampled(legacy, 'llm_interaction_log')) {
          const [u] = rows<Row>(unified, 'SELECT * FROM llm_interaction_log WHERE interaction_id = ?', l.interaction_id);
          for (const c of ['agent_id', 'system_prompt', 'user_prompt', 'raw_response', 'parsed_policy_json', 'parsing_error', 'llm_reasoning']) assert.deepEqual(u[c], l[c], c);
          assert.equal(u.experiment_id, l.game_id);
          assert.equal(u.iteration, l.iteration_number);
          assert.equal(u.request_timestamp, iso(l.request_timestamp));
          const [p] = rows<Row>(legacy, 'SELECT llm_model, tokens_used FROM policy_iterations WHERE game_id = ? AND agent_id = ? AND iteration_number = ?', l.game_id, l.agent_id, l.iteration_number);
          assert.equal(u.llm_model, p.llm_model);
          assert.equal(u.tokens_used, p.tokens_used);
        }
        for (const d of sampled(legacy, 'policy_diffs')) {
          const [u] = rows<Row>(unified, 'SELECT * FROM policy_diffs WHERE experiment_id = ? AND agent_id = ? AND iteration = ?', d.game_id, d.agent_id, d.iteration_number);
          assert.deepEqual(u, { ...pick(d, ['game_id', 'iteration_number']), experiment_id: d.game_id, iteration: d.iteration_number });
        }
        for (const c of sampled(legacy, 'iteration_context')) {
          const [u] = rows<Row>(unified, 'SELECT * FROM iteration_context WHERE experiment_id = ? AND agent_id = ? AND iteration = ?', c.game_id, c.agent_id, c.iteration_number);
          for (const k of ['monte_carlo_seeds', 'num_samples', 'best_seed', 'worst_seed', 'best_seed_verbose_output', 'worst_seed_verbose_output', 'settlement_rate_mean']) assert.deepEqual(u[k], c[k], k);
          for (const k of ['best_seed_cost', 'worst_seed_cost', 'cost_mean', 'cost_std']) assert.equal(u[k], Math.round(Number(c[k])), k);
        }
      }),
    );
  });

  it('lists the same experiments and iterations in the views, and answers the design note queries', async () => {
    await assertSameModel(m);
    const experiment = (m.before.experiments[0] as { experiment_id: string }).experiment_id;
    const q = designNoteQueries(m.file, experiment, 1);
    assert.equal(q.experiment.length, 1);
    assert.ok(q.iterations.length > 0);
    assert.deepEqual([q.all, q.replayable, q.events], [[], [], []]);
  });

  it('does nothing when migrated again', async () => {
    await assertSecondRunIsNoop(m);
  });
});

describe('migration: unified v1 file', function () {
  this.timeout(60_000);
  let m: Migrated;
  before(async () => {
    m = await migrateSample((dir) => unifiedV1Copy(dir));
  });
  after(() => fs.rmSync(m.dir, { recursive: true, force: true }));

  it('was v1 and migratable, and is now unified at the current version with a byte-identical backup', async () => {
    assert.equal(m.result.plan.from.version, 1);
    const db = await openDatabase(m.original);
    try {
      const detection = await detectSchema(db);
      assert.deepEqual([detection.kind, detection.schemaVersion, detection.migratable], ['unified', 1, true]);
    } finally {
      await db.close();
    }
    await assertUnifiedCurrent(m.file);
    assert.ok(m.result.backupPath && fs.readFileSync(m.result.backupPath).equals(fs.readFileSync(m.original)));
    withSqlite(m.file, (db) => assert.deepEqual(rows(db, 'SELECT version FROM schema_version ORDER BY version'), [{ version: 1 }, { version: 2 }]));
  });

  it('keeps every row of every table, adds the v2 columns, and rebuilds the transaction index as a partial index', () => {
    withSqlite(m.original, (legacy) =>
      withSqlite(m.file, (unified) => {
        const tables = rows<{ name: string }>(legacy, "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_version'");
        for (const { name } of tables) {
          const columns = rows<{ name: string }>(legacy, 'SELECT name FROM pragma_table_info(?)', name).map((c) => `"${c.name}"`).join(', ');
          assert.deepEqual(rows(unified, `SELECT ${columns} FROM "${name}" ORDER BY rowid`), rows(legacy, `SELECT ${columns} FROM "${name}" ORDER BY rowid`), name);
        }
        const runs = rows<{ n: number | null; events: number; path: unknown }>(
          unified,
          'SELECT event_count AS n, (SELECT COUNT(*) FROM simulation_events se WHERE se.simulation_id = sr.simulation_id) AS events, config_path AS path FROM simulation_runs sr',
        );
        assert.ok(runs.length > 0 && runs.every((r) => r.n === r.events && r.path === null));
        const [index] = rows<{ sql: string }>(unified, "SELECT sql FROM sqlite_master WHERE name = 'idx_events_sim_tx'");
        assert.match(index.sql, /WHERE tx_id IS NOT NULL$/);
      }),
    );
  });

  it('lists the same simulations, experiments and iterations in the views, and answers the design note queries', async () => {
    await assertSameModel(m);
    const experiment = (m.before.experiments[0] as { experiment_id: string }).experiment_id;
    const q = designNoteQueries(m.file, experiment, 1);
    assert.equal(q.all.length, m.before.simulations.length);
    assert.ok(q.replayable.length > 0 && q.iterations.length > 0 && q.events.length > 0);
  });

  it('does nothing when migrated again', async () => {
    await assertSecondRunIsNoop(m);
  });
});
