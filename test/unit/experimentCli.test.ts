import * as assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { generatedSample } from '../helpers/sampleFiles';
import { cli } from '../helpers/cli';


interface ExperimentJson {
  experiment_id: string;
  experiment_name: string;
  num_iterations: number;
  converged: boolean;
  best_cost: number;
  final_cost: number;
  optimizer: { label: string };
  iterations: Array<{ iteration: number; costs_per_agent: Record<string, number>; evaluation_simulation_id: string | null; bootstrap_simulation_ids: string[]; replayable_simulation_ids: string[] }>;
}

describe('experiment view: simcash-db experiment', function () {
  this.timeout(60_000);

  it('--json prints the summary and the iterations with their simulations, as stored', async () => {
    const file = await generatedSample('unified');
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      for (const row of db.prepare('SELECT * FROM experiments').all() as Array<Record<string, unknown>>) {
        const result = await cli('experiment', file, String(row.experiment_id), '--json');
        assert.equal(result.code, 0, result.stderr);
        const report = JSON.parse(result.stdout) as ExperimentJson;
        assert.equal(report.experiment_id, row.experiment_id);
        assert.equal(report.experiment_name, row.experiment_name);
        assert.equal(report.num_iterations, row.num_iterations);
        assert.equal(report.converged, row.converged === 1);
        assert.equal(report.best_cost, row.best_cost);
        assert.equal(report.final_cost, row.final_cost);
        const iterations = db.prepare('SELECT * FROM experiment_iterations WHERE experiment_id = ? ORDER BY iteration').all(row.experiment_id) as Array<Record<string, unknown>>;
        assert.deepEqual(
          report.iterations.map((it) => [it.iteration, it.costs_per_agent, it.evaluation_simulation_id, it.bootstrap_simulation_ids]),
          iterations.map((it) => [it.iteration, JSON.parse(String(it.costs_per_agent)), it.evaluation_simulation_id, JSON.parse(String(it.bootstrap_simulation_ids))]),
        );
        const replayable = db
          .prepare('SELECT simulation_id FROM simulation_runs r WHERE experiment_id = ? AND EXISTS (SELECT 1 FROM simulation_events e WHERE e.simulation_id = r.simulation_id)')
          .all(row.experiment_id) as Array<{ simulation_id: string }>;
        assert.deepEqual(report.iterations.flatMap((it) => it.replayable_simulation_ids).sort(), replayable.map((r) => r.simulation_id).sort());
      }
    } finally {
      db.close();
    }
  });

  it('prints the facts and an iterations table for people', async () => {
    const file = await generatedSample('unified');
    const db = new BetterSqlite3(file, { readonly: true });
    const row = db.prepare("SELECT * FROM experiments WHERE experiment_type = 'castro'").get() as Record<string, unknown>;
    db.close();
    const result = await cli('experiment', file, String(row.experiment_id));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Experiment ${String(row.experiment_id)}\\n`));
    for (const line of [/Master seed: +\d+/, /Scenario: +experiments\/castro\/configs\/exp2_12period\.yaml/, /Optimiser: +LLM openai:gpt-5\.2/, /Persistence: +events, policy smart/]) {
      assert.match(result.stdout, line);
    }
    assert.match(result.stdout, /Iter \| +Total \| +BANK_A \| +BANK_B \| Evaluation simulation/);
  });

  it('tells a legacy file apart and refuses an unknown experiment', async () => {
    const legacy = await generatedSample('legacy-experiment');
    const db = new BetterSqlite3(legacy, { readonly: true });
    const runId = (db.prepare('SELECT run_id FROM experiments LIMIT 1').get() as { run_id: string }).run_id;
    db.close();
    const result = await cli('experiment', legacy, runId);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Note: This is a legacy experiment database: .*simulations are not linked/);
    assert.match(result.stdout, /SimCash: Migrate Database/);
    const unknown = await cli('experiment', legacy, 'nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /has no experiment "nope"/);
  });
});
