import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDatabase, type Database } from '../../src/db';
import { generatedSample } from '../helpers/sampleFiles';
import { writeExperiment, experimentIdFor } from '../../src/sample/experiment';
import { castroExperimentScenario } from '../../src/sample/writer/unifiedDemo';
import { UnifiedFile } from '../../src/sample/writer/unifiedWriter';
import { SAMPLE_TEXT_LABEL } from '../../src/sample/writer/determinism';

interface ExperimentRow {
  experiment_id: string;
  experiment_type: string;
  config: string;
  num_iterations: number;
  converged: number;
  convergence_reason: string;
  final_cost: number;
  best_cost: number;
}
interface IterationRow {
  iteration: number;
  costs_per_agent: string;
  accepted_changes: string;
  policies: string;
  evaluation_simulation_id: string;
  bootstrap_simulation_ids: string;
}
interface RunRow {
  simulation_id: string;
  experiment_id: string;
  iteration: number;
  sample_index: number | null;
  run_purpose: string;
  persistence_level: string;
  persistence_reason: string | null;
}

const sum = (costs: Record<string, number>): number => Object.values(costs).reduce((a, b) => a + b, 0);

describe('sample experiments (unified demo)', () => {
  let db: Database;
  let experiments: ExperimentRow[];

  before(async () => {
    db = await openDatabase(await generatedSample('unified', 42));
    experiments = await db.query<ExperimentRow & Record<string, never>>('SELECT * FROM experiments ORDER BY experiment_id');
  });
  after(async () => {
    await db.close();
  });

  const iterationsOf = (id: string): Promise<IterationRow[]> =>
    db.query<IterationRow & Record<string, never>>('SELECT * FROM experiment_iterations WHERE experiment_id = ? ORDER BY iteration', [id]);
  const runsOf = async (id: string): Promise<Map<string, RunRow>> =>
    new Map((await db.query<RunRow & Record<string, never>>('SELECT * FROM simulation_runs WHERE experiment_id = ?', [id])).map((r) => [r.simulation_id, r]));

  it('has one generic and one castro experiment with design-note ids', () => {
    assert.deepEqual(experiments.map((e) => e.experiment_type).sort(), ['castro', 'generic']);
    for (const e of experiments) {
      assert.match(e.experiment_id, /^[a-z0-9_]+-\d{8}-\d{6}-[0-9a-f]{6}$/);
      const config = JSON.parse(e.config) as { output: { persist_simulations: string[]; persistence_policy: string }; llm?: { model: string }; optimizer?: unknown };
      assert.deepEqual(config.output.persist_simulations, ['initial', 'best', 'worst', 'final']);
      assert.equal(config.output.persistence_policy, 'smart');
      if (e.experiment_type === 'castro') assert.equal(typeof config.llm?.model, 'string');
      else assert.ok(config.optimizer);
    }
  });

  it('links every iteration to existing evaluation and bootstrap simulations', async () => {
    for (const e of experiments) {
      const runs = await runsOf(e.experiment_id);
      const referenced = new Set<string>();
      const iterations = await iterationsOf(e.experiment_id);
      assert.equal(iterations.length, e.num_iterations);
      for (const it of iterations) {
        const evalRun = runs.get(it.evaluation_simulation_id);
        assert.ok(evalRun, `missing ${it.evaluation_simulation_id}`);
        assert.equal(evalRun.iteration, it.iteration);
        assert.equal(evalRun.run_purpose, 'evaluation');
        assert.equal(evalRun.sample_index, null);
        referenced.add(evalRun.simulation_id);
        const ids = JSON.parse(it.bootstrap_simulation_ids) as string[];
        assert.equal(ids.length, 5);
        ids.forEach((id, k) => {
          const run = runs.get(id);
          assert.ok(run, `missing ${id}`);
          assert.deepEqual([run.iteration, run.run_purpose, run.sample_index], [it.iteration, 'bootstrap', k]);
          referenced.add(id);
        });
      }
      assert.deepEqual([...runs.keys()].filter((id) => !referenced.has(id)), [], 'no unreferenced experiment simulations');
    }
  });

  it('applies smart persistence: initial, best, worst and final at the key level, the rest as summary', async () => {
    for (const e of experiments) {
      const keyLevel = e.experiment_type === 'generic' ? 'full' : 'events';
      const runs = await runsOf(e.experiment_id);
      const iterations = await iterationsOf(e.experiment_id);
      let best = Infinity;
      let worst = -Infinity;
      for (const it of iterations) {
        const total = sum(JSON.parse(it.costs_per_agent) as Record<string, number>);
        const last = it.iteration === iterations.length - 1;
        const expected = it.iteration === 0 ? 'initial' : last ? 'final' : total < best ? 'best' : total > worst ? 'worst' : null;
        best = Math.min(best, total);
        worst = Math.max(worst, total);
        const evalRun = runs.get(it.evaluation_simulation_id)!;
        assert.equal(evalRun.persistence_reason, expected, `iteration ${it.iteration}`);
        assert.equal(evalRun.persistence_level, expected === null ? 'summary' : keyLevel);
        (JSON.parse(it.bootstrap_simulation_ids) as string[]).forEach((id, k) => {
          const initial = it.iteration === 0 && k === 0;
          assert.equal(runs.get(id)!.persistence_reason, initial ? 'initial' : null);
          assert.equal(runs.get(id)!.persistence_level, initial ? keyLevel : 'summary');
        });
      }
      const levels = await db.query<{ persistence_level: string; events: number; ticks: number }>(
        `SELECT sr.persistence_level,
                (SELECT COUNT(*) FROM simulation_events se WHERE se.simulation_id = sr.simulation_id) AS events,
                (SELECT COUNT(*) FROM tick_agent_states t WHERE t.simulation_id = sr.simulation_id) AS ticks
         FROM simulation_runs sr WHERE sr.experiment_id = ?`,
        [e.experiment_id],
      );
      for (const l of levels) {
        assert.equal(l.events > 0, l.persistence_level !== 'summary');
        assert.equal(l.ticks > 0, l.persistence_level === 'full');
      }
    }
  });

  it('records acceptance after the decision, consistently with policy_evaluations and the next policies', async () => {
    let acceptedSomewhere = false;
    for (const e of experiments) {
      const iterations = await iterationsOf(e.experiment_id);
      const evaluations = await db.query<{ iteration: number; agent_id: string; accepted: number; proposed_policy: string; old_cost: number; new_cost: number; delta_sum: number; sample_details: string }>(
        'SELECT iteration, agent_id, accepted, proposed_policy, old_cost, new_cost, delta_sum, sample_details FROM policy_evaluations WHERE experiment_id = ?',
        [e.experiment_id],
      );
      for (const it of iterations) {
        const accepted = JSON.parse(it.accepted_changes) as Record<string, boolean>;
        const rows = evaluations.filter((r) => r.iteration === it.iteration);
        for (const [agent, flag] of Object.entries(accepted)) {
          const row = rows.find((r) => r.agent_id === agent);
          assert.equal(flag, row ? row.accepted === 1 : false, `${e.experiment_id} iteration ${it.iteration} ${agent}`);
          acceptedSomewhere ||= flag;
        }
        const next = iterations.find((n) => n.iteration === it.iteration + 1);
        if (!next) continue;
        const now = JSON.parse(it.policies) as Record<string, unknown>;
        const then = JSON.parse(next.policies) as Record<string, unknown>;
        for (const agent of Object.keys(now)) {
          const row = rows.find((r) => r.agent_id === agent);
          assert.deepEqual(then[agent], row?.accepted === 1 ? JSON.parse(row.proposed_policy) : now[agent]);
        }
      }
      for (const r of evaluations) {
        const details = JSON.parse(r.sample_details) as Array<{ delta: number }>;
        assert.equal(details.reduce((a, d) => a + d.delta, 0), r.delta_sum);
        assert.equal(r.accepted === 1, r.delta_sum > 0);
      }
    }
    assert.ok(acceptedSomewhere, 'accepted_changes is not always false');
  });

  it('stores best, final cost and convergence consistently with the iterations', async () => {
    for (const e of experiments) {
      const totals = (await iterationsOf(e.experiment_id)).map((it) => sum(JSON.parse(it.costs_per_agent) as Record<string, number>));
      assert.equal(e.best_cost, Math.min(...totals));
      assert.equal(e.final_cost, totals[totals.length - 1]);
      assert.equal(e.convergence_reason, e.converged ? 'stability_reached' : 'max_iterations');
    }
  });

  it('has LLM audit rows, labelled as sample text, only for the castro experiment', async () => {
    const castro = experiments.find((e) => e.experiment_type === 'castro')!;
    const generic = experiments.find((e) => e.experiment_type === 'generic')!;
    for (const table of ['llm_interaction_log', 'policy_diffs', 'iteration_context']) {
      const [c] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE experiment_id = ?`, [castro.experiment_id]);
      const [g] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE experiment_id = ?`, [generic.experiment_id]);
      assert.ok(c.n > 0, `${table} has castro rows`);
      assert.equal(g.n, 0, `${table} has no generic rows`);
    }
    const log = await db.query<{ system_prompt: string; user_prompt: string; raw_response: string; llm_reasoning: string; parsing_error: string | null; parsed_policy_json: string | null }>(
      'SELECT system_prompt, user_prompt, raw_response, llm_reasoning, parsing_error, parsed_policy_json FROM llm_interaction_log',
    );
    for (const r of log) {
      for (const text of [r.system_prompt, r.user_prompt, r.raw_response, r.llm_reasoning, r.parsing_error ?? SAMPLE_TEXT_LABEL]) {
        assert.ok(text.startsWith(SAMPLE_TEXT_LABEL));
      }
      assert.equal(r.parsing_error === null, r.parsed_policy_json !== null);
    }
  });

  it('answers the design note drill-down query for a persisted evaluation', async () => {
    const castro = experiments.find((e) => e.experiment_type === 'castro')!;
    const [{ iteration }] = await db.query<{ iteration: number }>(
      "SELECT iteration FROM simulation_runs WHERE experiment_id = ? AND run_purpose = 'evaluation' AND persistence_reason = 'final'",
      [castro.experiment_id],
    );
    const events = await db.query(
      `SELECT se.* FROM simulation_events se JOIN simulation_runs sr ON se.simulation_id = sr.simulation_id
       WHERE sr.experiment_id = ? AND sr.iteration = ? AND sr.run_purpose = 'evaluation' ORDER BY se.tick`,
      [castro.experiment_id, iteration],
    );
    assert.ok(events.length > 0);
  });
});

describe('sample experiments (persistence policies)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-policies-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const persistence of ['all', 'summary'] as const) {
    it(`persistence '${persistence}' stores every run at ${persistence === 'all' ? 'the key level' : 'summary level'}`, async () => {
      const file = path.join(dir, `${persistence}.db`);
      const unified = UnifiedFile.create(file);
      const { experimentId, createdAtMs } = experimentIdFor('exp2', 3);
      writeExperiment(unified, {
        experiment_id: experimentId, createdAtMs, name: 'exp2', type: 'castro', scenario: castroExperimentScenario(3),
        iterations: 3, samples: 2, persistence, keyLevel: 'full', seed: 3,
      });
      unified.finish();
      const db = await openDatabase(file);
      try {
        const runs = await db.query<{ persistence_level: string; persistence_reason: string | null }>('SELECT persistence_level, persistence_reason FROM simulation_runs');
        assert.equal(runs.length, 3 * 3);
        for (const r of runs) {
          assert.deepEqual(r, persistence === 'all' ? { persistence_level: 'full', persistence_reason: 'all' } : { persistence_level: 'summary', persistence_reason: null });
        }
        const [llm] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM llm_interaction_log');
        assert.equal(llm.n, 0, 'no LLM rows without llm: true');
      } finally {
        await db.close();
      }
    });
  }
});
