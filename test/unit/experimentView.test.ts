/**
 * The experiment view's data on generated files of every kind, checked against the files themselves (read with
 * better-sqlite3, independently of the query layer).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { listExperiments, openSimCashFile, type SimCashFile } from '../../src/model';
import { getExperimentDetail, listExperimentEvents, listLlmInteractions } from '../../src/model/experiment';
import { ExperimentSession } from '../../src/views/experimentData';
import type { ExperimentActions, ExperimentPanelData } from '../../src/protocol/experiment';
import { generatedSample, type GeneratedKind } from '../helpers/sampleFiles';

const ACTIONS: ExperimentActions = { showEvents: true, openReplay: true, revealInTree: true, migrate: true };
type Raw = Record<string, unknown>;

function raw(file: string): BetterSqlite3.Database {
  return new BetterSqlite3(file, { readonly: true });
}

async function withSession<T>(kind: GeneratedKind, pick: (ids: string[]) => string, fn: (session: ExperimentSession, file: SimCashFile, db: BetterSqlite3.Database, dbPath: string) => Promise<T>): Promise<T> {
  const dbPath = await generatedSample(kind);
  const file = await openSimCashFile(dbPath);
  const db = raw(dbPath);
  try {
    const id = pick((await listExperiments(file)).map((e) => e.experiment_id));
    return await fn(new ExperimentSession(dbPath, id, async () => file), file, db, dbPath);
  } finally {
    db.close();
    await file.close();
  }
}

const byType = (type: string) => (db: BetterSqlite3.Database) => (db.prepare('SELECT experiment_id FROM experiments WHERE experiment_type = ?').get(type) as { experiment_id: string }).experiment_id;

describe('experiment view: panel data on generated files', function () {
  this.timeout(60_000);

  it('unified: the header facts equal the experiments row and its config', async () => {
    const db = raw(await generatedSample('unified'));
    const id = byType('castro')(db);
    const row = db.prepare('SELECT * FROM experiments WHERE experiment_id = ?').get(id) as Raw;
    db.close();
    await withSession('unified', () => id, async (session) => {
      const { header } = await session.load(ACTIONS);
      const config = JSON.parse(String(row.config)) as { llm: { model: string }; output: { persistence_level: string; persistence_policy: string; persist_simulations: string[] } };
      assert.equal(header.experimentId, row.experiment_id);
      assert.equal(header.name, row.experiment_name);
      assert.equal(header.type, row.experiment_type);
      assert.equal(header.createdAt, row.created_at);
      assert.equal(header.completedAt, row.completed_at);
      assert.equal(header.masterSeed, row.master_seed);
      assert.equal(header.scenarioPath, row.scenario_path);
      assert.equal(header.converged, row.converged === 1);
      assert.equal(header.convergenceReason, row.convergence_reason);
      assert.equal(header.finalCost, row.final_cost);
      assert.equal(header.bestCost, row.best_cost);
      assert.equal(header.numIterations, row.num_iterations);
      assert.equal(header.optimizer.kind, 'llm');
      assert.equal(header.optimizer.model, config.llm.model);
      assert.equal(header.persistence.level, config.output.persistence_level);
      assert.equal(header.persistence.policy, config.output.persistence_policy);
      assert.deepEqual(header.persistence.persistSimulations, config.output.persist_simulations);
      assert.equal(header.linkage, 'stored');
      assert.deepEqual(header.notes, []);
    });
  });

  it('unified: the iterations and their linked simulations equal the file', async () => {
    const db = raw(await generatedSample('unified'));
    const id = byType('generic')(db);
    const rows = db.prepare('SELECT * FROM experiment_iterations WHERE experiment_id = ? ORDER BY iteration').all(id) as Raw[];
    const runs = new Map(
      (db.prepare('SELECT simulation_id, persistence_level, persistence_reason, EXISTS (SELECT 1 FROM simulation_events e WHERE e.simulation_id = r.simulation_id) AS replayable FROM simulation_runs r WHERE experiment_id = ?').all(id) as Raw[]).map((r) => [
        String(r.simulation_id),
        r,
      ]),
    );
    const evaluations = db.prepare('SELECT iteration, agent_id, accepted FROM policy_evaluations WHERE experiment_id = ?').all(id) as Raw[];
    db.close();
    await withSession('unified', () => id, async (session) => {
      const data = await session.load(ACTIONS);
      assert.equal(data.iterations.length, rows.length);
      data.iterations.forEach((it, i) => {
        const row = rows[i];
        assert.equal(it.iteration, row.iteration);
        assert.deepEqual(it.costs, JSON.parse(String(row.costs_per_agent)));
        assert.deepEqual(it.accepted, JSON.parse(String(row.accepted_changes)));
        assert.equal(it.evaluation?.simulationId, row.evaluation_simulation_id);
        const evalRun = runs.get(String(row.evaluation_simulation_id));
        assert.equal(it.evaluation?.stored, evalRun !== undefined);
        assert.equal(it.evaluation?.level, evalRun?.persistence_level ?? null);
        assert.equal(it.evaluation?.replayable, evalRun?.replayable === 1);
        const bootstrap = JSON.parse(String(row.bootstrap_simulation_ids)) as string[];
        assert.deepEqual(it.bootstrapIds, bootstrap);
        assert.equal(it.bootstrapStored, bootstrap.filter((b) => runs.has(b)).length);
        assert.deepEqual(
          it.bootstrapReplayable.map((r) => r.simulationId),
          bootstrap.filter((b) => runs.get(b)?.replayable === 1),
        );
        assert.deepEqual(
          it.proposals.map((p) => [p.agentId, p.accepted]),
          evaluations.filter((e) => e.iteration === row.iteration).map((e) => [e.agent_id, e.accepted === 1]),
        );
      });
      const replayable = [...runs.values()].filter((r) => r.replayable === 1).length;
      assert.equal(data.header.linkedSimulations, runs.size);
      assert.equal(data.header.replayableSimulations, replayable);
      const best = rows.reduce((a, b) => (total(b) < total(a) ? b : a));
      assert.equal(data.header.bestIteration, best.iteration);
    });
  });

  it('unified: the policy series follow the stored policies', async () => {
    await withSession('unified', (ids) => ids[0], async (session, _file, db) => {
      const data = await session.load(ACTIONS);
      const rows = db.prepare('SELECT policies FROM experiment_iterations WHERE experiment_id = ? ORDER BY iteration').all(data.header.experimentId) as Raw[];
      for (const series of data.policies) {
        const expected = rows.map((r) => (JSON.parse(String(r.policies)) as Record<string, { parameters: Record<string, number> }>)[series.agentId].parameters.initial_liquidity_fraction);
        assert.deepEqual(series.parameters.initial_liquidity_fraction, expected, series.agentId);
      }
    });
  });

  it('the diff of two known iterations shows the known parameter change', async () => {
    await withSession('unified', (ids) => ids[0], async (session, _file, db) => {
      const data = await session.load(ACTIONS);
      const policies = (db.prepare('SELECT iteration, policies FROM experiment_iterations WHERE experiment_id = ? ORDER BY iteration').all(data.header.experimentId) as Raw[]).map(
        (r) => JSON.parse(String(r.policies)) as Record<string, { parameters: Record<string, number> }>,
      );
      // The first iteration at which some agent's fraction moved: that move is the known change.
      const agent = data.agents.find((a) => policies[0][a].parameters.initial_liquidity_fraction !== policies[1][a].parameters.initial_liquidity_fraction);
      assert.ok(agent, 'the sample optimiser moves a fraction after iteration 0');
      const before = policies[0][agent].parameters.initial_liquidity_fraction;
      const after = policies[1][agent].parameters.initial_liquidity_fraction;
      const message = await session.answer({ type: 'diff', agentId: agent, a: 0, b: 1 });
      assert.equal(message.type, 'diff');
      if (message.type !== 'diff') return;
      const change = message.diff.parameters.find((p) => p.name === 'initial_liquidity_fraction');
      assert.deepEqual(change && [change.before, change.after, change.kind], [String(before), String(after), 'changed']);
      assert.ok(Math.abs((change?.delta ?? 0) - (after - before)) < 1e-9);
      assert.match(message.diff.summary, /initial_liquidity_fraction/);
      assert.ok(message.diff.afterText.includes(`  initial_liquidity_fraction = ${after}`));
    });
  });

  it('compares two iterations: costs from the iterations, settlement from their evaluation runs', async () => {
    await withSession('unified', (ids) => ids[0], async (session, _file, db) => {
      const data = await session.load(ACTIONS);
      const last = data.iterations[data.iterations.length - 1];
      const message = await session.answer({ type: 'compare', a: { kind: 'iteration', iteration: 0 }, b: { kind: 'iteration', iteration: last.iteration } });
      assert.equal(message.type, 'comparison');
      if (message.type !== 'comparison') return;
      const { left, right } = message.comparison;
      assert.deepEqual(left.costs, data.iterations[0].costs);
      assert.deepEqual(right.costs, last.costs);
      for (const [side, sim] of [
        [left, data.iterations[0].evaluation?.simulationId],
        [right, last.evaluation?.simulationId],
      ] as const) {
        assert.equal(side.simulationId, sim);
        const metrics = db.prepare('SELECT agent_id, SUM(num_arrivals) AS a, SUM(num_settled) AS s, SUM(delay_cost) AS d FROM daily_agent_metrics WHERE simulation_id = ? GROUP BY agent_id').all(sim) as Raw[];
        assert.ok(metrics.length > 0);
        for (const m of metrics) {
          const got = side.settlement[String(m.agent_id)];
          assert.deepEqual([got.arrivals, got.settled, got.delayCost], [m.a, m.s, m.d]);
          assert.equal(got.settlementRate, Number(m.s) / Number(m.a));
        }
      }
      // Two simulations of the experiment: costs per agent from their daily metrics.
      const sims = [data.iterations[0].evaluation?.simulationId ?? '', data.iterations[0].bootstrapIds[0]];
      const both = await session.answer({ type: 'compare', a: { kind: 'simulation', simulationId: sims[0] }, b: { kind: 'simulation', simulationId: sims[1] } });
      assert.equal(both.type, 'comparison');
      if (both.type !== 'comparison') return;
      const costs = db.prepare('SELECT agent_id, SUM(total_cost) AS c FROM daily_agent_metrics WHERE simulation_id = ? GROUP BY agent_id').all(sims[1]) as Raw[];
      assert.deepEqual(both.comparison.right.costs, Object.fromEntries(costs.map((c) => [c.agent_id, c.c])));
      const foreign = await session.answer({ type: 'compare', a: { kind: 'iteration', iteration: 0 }, b: { kind: 'simulation', simulationId: 'sim-standalone-1' } }).then(
        () => 'answered',
        (e: Error) => e.message,
      );
      assert.match(foreign, /has no stored simulation sim-standalone-1/);
    });
  });

  it('unified LLM experiment: the audit lists every exchange of llm_interaction_log and opens one in full', async () => {
    const db = raw(await generatedSample('unified'));
    const id = byType('castro')(db);
    const rows = db.prepare('SELECT rowid AS key, * FROM llm_interaction_log WHERE experiment_id = ? ORDER BY iteration, agent_id').all(id) as Raw[];
    db.close();
    await withSession('unified', () => id, async (session) => {
      const data = await session.load(ACTIONS);
      assert.deepEqual(
        data.llm.map((l) => [l.iteration, l.agentId, l.model, l.tokens, l.latencySeconds, l.failed]),
        rows.map((r) => [r.iteration, r.agent_id, r.llm_model, r.tokens_used, r.latency_seconds, r.parsing_error !== null]),
      );
      const failed = rows.find((r) => r.parsing_error !== null);
      assert.ok(failed, 'the sample has an unparseable answer');
      const message = await session.answer({ type: 'llmInteraction', key: String(failed.key) });
      assert.equal(message.type, 'llmInteraction');
      if (message.type !== 'llmInteraction' || !message.interaction) throw new Error('no interaction');
      const x = message.interaction;
      assert.equal(x.systemPrompt, failed.system_prompt);
      assert.equal(x.userPrompt, failed.user_prompt);
      assert.equal(x.rawResponse, failed.raw_response);
      assert.equal(x.parsingError, failed.parsing_error);
      assert.equal(x.parsedPolicyJson, null);
    });
  });

  it('castro: sessions are experiments whose LLM interactions, tokens and latencies come from the audit tables', async () => {
    const db = raw(await generatedSample('castro'));
    const games = db.prepare('SELECT * FROM game_sessions ORDER BY game_id').all() as Raw[];
    await withSession('castro', (ids) => ids[0], async (session, file) => {
      const data = await session.load(ACTIONS);
      const game = games.find((g) => g.game_id === data.header.experimentId) as Raw;
      assert.equal(data.header.type, 'castro');
      assert.equal(data.header.masterSeed, game.master_seed);
      assert.equal(data.header.scenarioPath, game.scenario_config);
      assert.equal(data.header.linkage, 'none');
      assert.match(data.header.notes.join(' '), /castro .*no simulations.*not linked/);
      assert.ok(data.iterations.every((it) => it.evaluation === null && it.bootstrapIds.length === 0));
      const expected = db
        .prepare(
          'SELECT l.rowid AS key, l.iteration_number AS iteration, l.agent_id, p.llm_model, p.tokens_used, p.llm_latency_seconds FROM llm_interaction_log l ' +
            'JOIN policy_iterations p USING (game_id, agent_id, iteration_number) WHERE l.game_id = ? ORDER BY l.iteration_number, l.agent_id',
        )
        .all(game.game_id) as Raw[];
      assert.ok(expected.length > 0);
      assert.deepEqual(
        data.llm.map((l) => [l.key, l.iteration, l.agentId, l.model, l.tokens, l.latencySeconds]),
        expected.map((r) => [String(r.key), r.iteration, r.agent_id, r.llm_model, r.tokens_used, r.llm_latency_seconds]),
      );
      const first = await session.answer({ type: 'llmInteraction', key: data.llm[0].key });
      if (first.type !== 'llmInteraction' || !first.interaction) throw new Error('no interaction');
      const log = db.prepare('SELECT * FROM llm_interaction_log WHERE rowid = ?').get(Number(data.llm[0].key)) as Raw;
      assert.equal(first.interaction.userPrompt, log.user_prompt);
      assert.equal(first.interaction.rawResponse, log.raw_response);
      assert.ok(first.interaction.context && first.interaction.context.costMean !== null, 'iteration_context joined');
      assert.ok(first.interaction.parameterChanges.length > 0, 'policy_diffs joined');
      assert.deepEqual((await listExperimentEvents(file, data.header.experimentId)).total, 0);
    });
    db.close();
  });

  it('legacy experiment: says simulations are not linked, points to the migration, takes acceptance from policy_evaluations', async () => {
    await withSession('legacy-experiment', (ids) => ids[0], async (session, file, db) => {
      const data = await session.load(ACTIONS);
      const id = data.header.experimentId;
      assert.equal(data.header.linkage, 'inferred');
      assert.match(data.header.notes[0], /simulations are not linked/);
      assert.match(data.header.notes[0], /SimCash: Migrate Database/);
      const config = JSON.parse(String((db.prepare('SELECT config FROM experiments WHERE run_id = ?').get(id) as Raw).config)) as { scenario: string; master_seed: number };
      assert.equal(data.header.scenarioPath, config.scenario);
      assert.equal(data.header.masterSeed, config.master_seed);
      assert.equal(data.header.optimizer.source, 'llm-audit');
      const accepted = db.prepare('SELECT iteration, agent_id FROM policy_evaluations WHERE run_id = ? AND accepted = 1').all(id) as Raw[];
      assert.ok(accepted.length > 0);
      for (const a of accepted) assert.equal(data.iterations.find((it) => it.iteration === a.iteration)?.accepted[String(a.agent_id)], true);
      // What the file has is still shown: iterations, costs, policies, the LLM audit and the experiment's events.
      assert.equal(data.iterations.length, (db.prepare('SELECT COUNT(*) AS n FROM experiment_iterations WHERE run_id = ?').get(id) as { n: number }).n);
      assert.ok(data.policies.length > 0);
      const llm = await listLlmInteractions(file, id);
      assert.equal(llm.length, (db.prepare("SELECT COUNT(*) AS n FROM experiment_events WHERE run_id = ? AND event_type = 'llm_interaction'").get(id) as { n: number }).n);
      const events = await session.answer({ type: 'experimentEvents', offset: 0, eventType: 'llm_interaction' });
      if (events.type !== 'experimentEvents') throw new Error(events.type);
      assert.equal(events.page.total, llm.length);
      assert.ok(Object.keys(data.eventTypes).length > 0);
    });
  });

  it('after the migration a legacy experiment links its simulations, and a castro session says none are linked', async () => {
    const { runCli } = await import('../../src/cli/main');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-exp-migrated-'));
    const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };
    try {
      for (const [kind, linkage] of [
        ['legacy-experiment', 'stored'],
        ['castro', 'none'],
      ] as const) {
        const out = path.join(dir, `${kind}.db`);
        assert.equal(await runCli(['node', 'simcash-db', 'migrate', await generatedSample(kind), '--out', out], quiet), 0, `migrating ${kind}`);
        const file = await openSimCashFile(out);
        try {
          for (const e of await listExperiments(file)) {
            const data = await new ExperimentSession(out, e.experiment_id, async () => file).load(ACTIONS);
            assert.equal(data.header.fileKind, 'unified');
            assert.equal(data.header.linkage, linkage, `${kind} ${e.experiment_id}`);
            assert.ok(!data.header.notes.some((n) => /Migrate Database/.test(n)), 'no migration hint on a unified file');
            if (linkage === 'stored') assert.ok(data.iterations.every((it) => it.evaluation?.stored), 'every iteration names its stored evaluation run');
            assert.ok(data.llm.length > 0, 'the LLM audit came along');
          }
        } finally {
          await file.close();
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every experiment of every generated kind loads, and an unknown experiment is refused', async () => {
    for (const kind of ['unified', 'legacy-experiment', 'castro'] as const) {
      const dbPath = await generatedSample(kind);
      const file = await openSimCashFile(dbPath);
      try {
        for (const e of await listExperiments(file)) {
          const data: ExperimentPanelData = await new ExperimentSession(dbPath, e.experiment_id, async () => file).load(ACTIONS);
          assert.equal(data.iterations.length, e.iteration_count, `${kind} ${e.experiment_id}`);
          assert.ok(JSON.stringify(data).length < 2_000_000);
        }
        assert.equal(await getExperimentDetail(file, 'no-such-experiment'), null);
        await assert.rejects(new ExperimentSession(dbPath, 'no-such-experiment', async () => file).load(ACTIONS), /has no experiment no-such-experiment/);
      } finally {
        await file.close();
      }
    }
  });
});

function total(row: Raw): number {
  return Object.values(JSON.parse(String(row.costs_per_agent)) as Record<string, number>).reduce((a, b) => a + b, 0);
}
