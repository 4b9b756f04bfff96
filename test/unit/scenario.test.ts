import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScenarioYaml, resolveScenario, DEFAULT_COST_RATES } from '../../src/sample/scenario';
import { castroExp2Scenario } from '../../src/sample/scenarios';
import { simulate } from '../../src/sample/simulator';

/** The reference SimCash checkout lives next to the repository (../shared/reference/simcash). */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SIMCASH = path.join(REPO_ROOT, '..', 'shared', 'reference', 'simcash');

function reference(rel: string): string {
  const file = path.join(SIMCASH, rel);
  assert.ok(fs.existsSync(file), `reference file missing: ${file} (the scenario tests need the SimCash reference checkout)`);
  return fs.readFileSync(file, 'utf8');
}

const readPolicyFile = (jsonPath: string) => reference(jsonPath);

describe('scenario YAML loader', function () {
  this.timeout(30_000);

  it('loads the Castro exp2 config exactly like the built-in mirror', () => {
    const parsed = parseScenarioYaml(reference('experiments/castro/configs/exp2_12period.yaml'), 'exp2_12period');
    assert.deepEqual(parsed.ignored, []);
    assert.deepEqual(parsed.warnings, []);
    const s = parsed.scenario;
    assert.deepEqual(s.simulation, { ticks_per_day: 12, num_days: 1, rng_seed: 42 });
    assert.equal(s.deferred_crediting, true);
    assert.equal(s.deadline_cap_at_eod, true);
    assert.deepEqual(s.lsm_config, { enable_bilateral: false, enable_cycles: false });
    assert.deepEqual(s.agents[0].arrival_config?.amount_distribution, { type: 'LogNormal', mean: 10_000, std_dev: 5_000 });
    assert.deepEqual(s.agents[1].arrival_config?.deadline_range, [3, 8]);
    assert.equal(s.cost_rates?.eod_penalty_per_transaction, 100_000);
    assert.deepEqual(simulate(s), simulate(castroExp2Scenario(42)));
  });

  it('reports the keys it ignores instead of failing', () => {
    const parsed = parseScenarioYaml(reference('examples/configs/target2_lsm_features_test.yaml'), 'target2', { readPolicyFile });
    for (const key of ['algorithm_sequencing', 'entry_disposition_offsetting', 'priority_escalation', 'scenario_events',
      'agents[0].bilateral_limits', 'agents[0].multilateral_limit']) {
      assert.ok(parsed.ignored.includes(key), `expected ${key} among ${parsed.ignored.join(', ')}`);
    }
    assert.deepEqual(parsed.warnings, []);
    assert.equal(parsed.scenario.agents.length, 4);
    const minimal = parseScenarioYaml(reference('examples/configs/test_minimal_eod.yaml'), 'minimal');
    assert.ok(minimal.ignored.includes('simulation.lsm_enabled'));
    assert.ok(minimal.ignored.includes('agents[0].overdraft_rate'));
    assert.ok(parseScenarioYaml(reference('examples/configs/test_near_deadline.yaml'), 'near').ignored.includes('cost_model'));
  });

  it('loads and runs every reference scenario', () => {
    const files = [
      ...fs.readdirSync(path.join(SIMCASH, 'examples', 'configs')).map((f) => `examples/configs/${f}`),
      ...fs.readdirSync(path.join(SIMCASH, 'experiments', 'castro', 'configs')).map((f) => `experiments/castro/configs/${f}`),
    ].filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 5, `only ${files.length} reference scenarios found`);
    for (const f of files) {
      const { scenario } = parseScenarioYaml(reference(f), path.basename(f, '.yaml'), { readPolicyFile });
      // Keep the long crisis scenarios short: loading and a couple of days is the point here.
      scenario.simulation.num_days = Math.min(scenario.simulation.num_days, 2);
      const out = simulate(scenario);
      assert.equal(out.dailyMetrics.length, scenario.agents.length * scenario.simulation.num_days, f);
    }
  });

  it('falls back to Fifo with a warning when a FromJson policy cannot be read', () => {
    const parsed = parseScenarioYaml(reference('examples/configs/target2_lsm_features_test.yaml'), 'target2');
    assert.ok(parsed.warnings.some((w) => /FromJson policy 'simulator\/policies\/target2_priority_aware.json'/.test(w)));
    assert.equal(parsed.scenario.agents[0].policy.policy_id, 'fifo');
  });

  it('fills the SimCash defaults and rejects malformed input', () => {
    const text = `
simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 3}
agents:
  - id: A
    opening_balance: 1000
    arrival_config: {rate_per_tick: 1, amount_distribution: {type: Uniform, min: 1, max: 5}, deadline_range: [1, 3]}
  - id: B
    opening_balance: 1000
    policy: {type: LiquidityAware, target_buffer: 10, urgency_threshold: 2}
`;
    const { scenario, ignored } = parseScenarioYaml(text, 'inline');
    assert.deepEqual(ignored, []);
    const r = resolveScenario(scenario);
    assert.deepEqual(r.cost_rates, DEFAULT_COST_RATES);
    assert.deepEqual(r.lsm_config, { enable_bilateral: true, enable_cycles: true, max_cycle_length: 4, max_cycles_per_tick: 10 });
    assert.equal(r.deferred_crediting, false);
    assert.equal(scenario.agents[0].policy.policy_id, 'fifo');
    assert.equal(scenario.agents[1].policy.parameters.target_buffer, 10);
    assert.throws(() => parseScenarioYaml(text.replace('Uniform', 'Pareto'), 'bad'), /unsupported amount distribution/);
    assert.throws(() => resolveScenario({ ...scenario, agents: [...scenario.agents, scenario.agents[0]] }), /duplicate agent id 'A'/);
  });
});
