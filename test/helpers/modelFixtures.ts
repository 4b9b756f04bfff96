/**
 * Small hand-built files for the query-layer tests: one of each kind, with contents chosen so that every answer
 * can be checked exactly (runs described in only one of two legacy tables, unpersisted samples, events of
 * different simulations interleaved so keyset paging cannot rely on contiguous ids, ...).
 */
import BetterSqlite3 from 'better-sqlite3';
import { createSchemaSql } from '../../src/schema/versions';

const EVENT_TYPES = ['Arrival', 'RtgsImmediateSettlement', 'QueuedRtgs', 'LsmBilateralOffset'];
const AGENTS = ['BANK_A', 'BANK_B', 'BANK_C'];

/** The event rows the fixtures write for one simulation: `count` events, three per tick. */
export function fixtureEvents(count: number): { tick: number; event_type: string; agent_id: string; tx_id: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    tick: Math.floor(i / 3),
    event_type: EVENT_TYPES[i % EVENT_TYPES.length],
    agent_id: AGENTS[i % AGENTS.length],
    tx_id: `tx-${Math.floor(i / 2)}`,
  }));
}

/** Events per simulation in the unified fixture (simulations not listed have none). */
export const UNIFIED_EVENT_COUNTS: Record<string, number> = {
  'sim-standalone-full': 30,
  'sim-a-iter0-eval': 20,
  'sim-a-iter2-eval': 15,
  'sim-a-iter2-bs0': 5,
};

export function writeUnifiedFixture(file: string): void {
  const db = new BetterSqlite3(file);
  db.exec(createSchemaSql(1, '2025-12-14T00:00:00Z'));
  const exp = db.prepare(
    'INSERT INTO experiments (experiment_id, experiment_name, experiment_type, config, created_at, completed_at, num_iterations, converged, convergence_reason, final_cost, best_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  exp.run('exp-a', 'castro demo', 'castro', '{}', '2025-12-14T01:00:00Z', '2025-12-14T02:00:00Z', 3, 1, 'stability_reached', 900, 800);
  exp.run('exp-b', 'generic demo', 'generic', '{}', '2025-12-13T01:00:00Z', null, 2, 0, 'max_iterations', null, null);
  const iter = db.prepare(
    'INSERT INTO experiment_iterations (experiment_id, iteration, costs_per_agent, accepted_changes, policies, timestamp, evaluation_simulation_id, bootstrap_simulation_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const bs = (i: number): string => JSON.stringify([`sim-a-iter${i}-bs0`, `sim-a-iter${i}-bs1`, `sim-a-iter${i}-bs2`]);
  iter.run('exp-a', 0, '{"BANK_A": 500, "BANK_B": 600}', '{"BANK_A": false, "BANK_B": false}', '{"BANK_A": {"x": 1}, "BANK_B": {"x": 2}}', 't0', 'sim-a-iter0-eval', bs(0));
  iter.run('exp-a', 1, '{"BANK_A": 450, "BANK_B": 350}', '{"BANK_A": true, "BANK_B": false}', '{"BANK_A": {"x": 3}, "BANK_B": {"x": 2}}', 't1', 'sim-a-iter1-eval', bs(1));
  iter.run('exp-a', 2, '{"BANK_A": 400, "BANK_B": 500}', '{"BANK_A": false, "BANK_B": false}', '{"BANK_A": {"x": 3}, "BANK_B": {"x": 2}}', 't2', 'sim-a-iter2-eval', bs(2));
  // exp-b: links left NULL (older writer); iteration 1's evaluation run was never persisted.
  iter.run('exp-b', 0, '{"BANK_A": 1000}', '{"BANK_A": true}', '{}', 't0', null, null);
  iter.run('exp-b', 1, '{"BANK_A": 700}', '{"BANK_A": false}', '{}', 't1', null, null);
  const run = db.prepare(
    'INSERT INTO simulation_runs (simulation_id, config_name, status, start_time, end_time, ticks_per_day, num_days, total_transactions, experiment_id, iteration, sample_index, run_purpose, persistence_reason, persistence_level) VALUES (?, ?, ?, ?, ?, 10, 1, 12, ?, ?, ?, ?, ?, ?)',
  );
  const t = (m: number): string => `2025-12-14T03:${String(m).padStart(2, '0')}:00Z`;
  run.run('sim-standalone-full', 'scenario.yaml', 'completed', t(50), t(51), null, null, null, 'standalone', null, 'full');
  run.run('sim-standalone-summary', 'other.yaml', 'completed', t(40), t(41), null, null, null, 'standalone', null, 'summary');
  run.run('sim-a-iter0-eval', 'scenario.yaml', 'completed', t(1), t(2), 'exp-a', 0, null, 'evaluation', 'initial', 'events');
  run.run('sim-a-iter0-bs0', 'scenario.yaml', 'completed', t(3), t(3), 'exp-a', 0, 0, 'bootstrap', null, 'summary');
  run.run('sim-a-iter0-bs2', 'scenario.yaml', 'completed', t(4), t(4), 'exp-a', 0, 2, 'bootstrap', null, 'summary');
  run.run('sim-a-iter1-eval', 'scenario.yaml', 'completed', t(5), t(6), 'exp-a', 1, null, 'evaluation', null, 'summary');
  run.run('sim-a-iter2-eval', 'scenario.yaml', 'completed', t(7), t(8), 'exp-a', 2, null, 'evaluation', 'final', 'events');
  run.run('sim-a-iter2-bs0', 'scenario.yaml', 'completed', t(9), t(9), 'exp-a', 2, 0, 'bootstrap', 'best', 'events');
  run.run('sim-b-iter0-eval', 'scenario.yaml', 'completed', t(20), t(21), 'exp-b', 0, null, 'evaluation', null, 'summary');
  const event = db.prepare('INSERT INTO simulation_events (simulation_id, tick, day, event_type, details, agent_id, tx_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  // Interleave simulations so that one simulation's event ids are not contiguous.
  const queues = Object.entries(UNIFIED_EVENT_COUNTS).map(([sim, n]) => ({ sim, rows: fixtureEvents(n), next: 0 }));
  db.transaction(() => {
    let left = true;
    while (left) {
      left = false;
      for (const q of queues) {
        const row = q.rows[q.next++];
        if (row) {
          left = true;
          event.run(q.sim, row.tick, Math.floor(row.tick / 10), row.event_type, JSON.stringify({ n: q.next - 1, amount: 100 * q.next }), row.agent_id, row.tx_id);
        }
      }
    }
  })();
  db.close();
}

/** Hand-written from the notes (CLI schema, §1.2): both run tables, uuid event ids, per-tick tables. */
export function writeLegacySimulationFixture(file: string): void {
  const db = new BetterSqlite3(file);
  db.exec(`
    CREATE TABLE simulations (simulation_id VARCHAR PRIMARY KEY, config_file VARCHAR, config_hash VARCHAR, rng_seed BIGINT,
      ticks_per_day BIGINT, num_days BIGINT, num_agents BIGINT, config_json VARCHAR, status VARCHAR, started_at TIMESTAMP,
      completed_at TIMESTAMP, total_arrivals BIGINT, total_settlements BIGINT, total_cost_cents BIGINT, duration_seconds DOUBLE,
      ticks_per_second DOUBLE);
    CREATE TABLE simulation_runs (simulation_id VARCHAR PRIMARY KEY, config_name VARCHAR, config_hash VARCHAR, description VARCHAR,
      start_time TIMESTAMP, end_time TIMESTAMP, ticks_per_day BIGINT, num_days BIGINT, rng_seed BIGINT, status VARCHAR,
      total_transactions BIGINT);
    CREATE TABLE simulation_events (event_id VARCHAR PRIMARY KEY, simulation_id VARCHAR, tick BIGINT, day BIGINT,
      event_timestamp TIMESTAMP, event_type VARCHAR, details VARCHAR, agent_id VARCHAR, tx_id VARCHAR, created_at TIMESTAMP);
    CREATE INDEX idx_sim_events_sim_tick ON simulation_events(simulation_id, tick);
    CREATE TABLE tick_agent_states (simulation_id VARCHAR, agent_id VARCHAR, tick BIGINT, day BIGINT, balance BIGINT,
      balance_change BIGINT, PRIMARY KEY (simulation_id, agent_id, tick));
    CREATE TABLE daily_agent_metrics (simulation_id VARCHAR, agent_id VARCHAR, day BIGINT, total_cost BIGINT,
      PRIMARY KEY (simulation_id, agent_id, day));
  `);
  // sim-1 in both tables (simulation_runs wins, simulations fills gaps), sim-2 only in simulations,
  // sim-3 only in simulation_runs, sim-4 only in its events (a file cut short).
  db.prepare("INSERT INTO simulations VALUES ('sim-1', 'from-simulations.yaml', 'h', 7, 10, 1, 2, '{}', 'completed', '2025-01-01T00:00:00', '2025-01-01T00:01:00', 40, 38, 12345, 60, 1)").run();
  db.prepare("INSERT INTO simulations VALUES ('sim-2', 'two.yaml', 'h', 8, 10, 2, 2, '{}', 'completed', '2025-01-02T00:00:00', NULL, 50, 50, 999, 60, 1)").run();
  db.prepare("INSERT INTO simulation_runs VALUES ('sim-1', 'one.yaml', 'h', NULL, '2025-01-01T00:00:00', '2025-01-01T00:01:00', 10, 1, 7, 'completed', 42)").run();
  db.prepare("INSERT INTO simulation_runs VALUES ('sim-3', 'three.yaml', 'h', NULL, '2025-01-03T00:00:00', NULL, 10, 1, 9, 'running', NULL)").run();
  const event = db.prepare('INSERT INTO simulation_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let n = 0;
  const uuid = (): string => {
    // Ids whose text order differs from insertion order, as real uuid4 ids do.
    n++;
    return `${((n * 7919) % 1000).toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
  for (const [sim, count] of [['sim-1', 25], ['sim-4', 4]] as const) {
    for (const row of fixtureEvents(count)) {
      event.run(uuid(), sim, row.tick, 0, '2025-01-01', row.event_type, JSON.stringify({ tick: row.tick }), row.agent_id, row.tx_id, '2025-01-01');
    }
  }
  db.prepare("INSERT INTO tick_agent_states VALUES ('sim-1', 'BANK_A', 0, 0, 100, 0)").run();
  db.prepare("INSERT INTO daily_agent_metrics VALUES ('sim-2', 'BANK_A', 0, 10)").run();
  db.close();
}

/** Hand-written from the notes (experiment DB, §1.3): experiments keyed by run_id, divergent `simulations`. */
export function writeLegacyExperimentFixture(file: string): void {
  const db = new BetterSqlite3(file);
  db.exec(`
    CREATE TABLE experiments (run_id VARCHAR PRIMARY KEY, experiment_name VARCHAR, experiment_type VARCHAR, config JSON,
      created_at VARCHAR, completed_at VARCHAR, num_iterations INTEGER DEFAULT 0, converged BOOLEAN, convergence_reason VARCHAR);
    CREATE TABLE experiment_iterations (run_id VARCHAR, iteration INTEGER, costs_per_agent JSON, accepted_changes JSON,
      policies JSON, timestamp VARCHAR, PRIMARY KEY (run_id, iteration));
    CREATE TABLE experiment_events (id INTEGER PRIMARY KEY, run_id VARCHAR, iteration INTEGER, event_type VARCHAR,
      event_data JSON, timestamp VARCHAR);
    CREATE TABLE simulations (simulation_id VARCHAR PRIMARY KEY, config_file VARCHAR, config_name VARCHAR, description VARCHAR,
      rng_seed BIGINT, ticks_per_day INTEGER, num_days INTEGER, num_agents INTEGER, status VARCHAR DEFAULT 'running',
      started_at TIMESTAMP, ended_at TIMESTAMP, total_arrivals INTEGER, total_settlements INTEGER, total_cost_cents BIGINT,
      duration_seconds DOUBLE, ticks_per_second DOUBLE, config_json TEXT, experiment_run_id VARCHAR, experiment_iteration INTEGER);
    CREATE TABLE simulation_events (event_id VARCHAR PRIMARY KEY, simulation_id VARCHAR, tick INTEGER, day INTEGER,
      event_timestamp TIMESTAMP, event_type VARCHAR, details VARCHAR, agent_id VARCHAR, tx_id VARCHAR, created_at TIMESTAMP);
  `);
  db.prepare("INSERT INTO experiments VALUES ('run1', 'legacy exp', 'generic', '{}', '2025-12-01T00:00:00', '2025-12-01T01:00:00', 2, 1, 'stability_reached')").run();
  db.prepare("INSERT INTO experiment_iterations VALUES ('run1', 0, '{\"A\": 300, \"B\": 200}', '{\"A\": true, \"B\": false}', '{\"A\": {}}', 't0')").run();
  db.prepare("INSERT INTO experiment_iterations VALUES ('run1', 1, '{\"A\": 250, \"B\": 200}', '{\"A\": false, \"B\": false}', '{\"A\": {}}', 't1')").run();
  const sim = db.prepare(
    "INSERT INTO simulations (simulation_id, config_name, rng_seed, ticks_per_day, num_days, status, started_at, ended_at, total_arrivals, experiment_run_id, experiment_iteration) VALUES (?, 's.yaml', 1, 10, 1, 'completed', ?, ?, 5, ?, ?)",
  );
  sim.run('run1-sim-001-init', '2025-12-01T00:01:00', '2025-12-01T00:02:00', 'run1', 0);
  sim.run('run1-sim-002-eval', '2025-12-01T00:03:00', '2025-12-01T00:04:00', 'run1', 0);
  sim.run('run1-sim-003-bootstrap', '2025-12-01T00:05:00', null, 'run1', 0);
  sim.run('run1-sim-004-bootstrap', '2025-12-01T00:06:00', null, 'run1', 0);
  sim.run('run1-sim-005-eval', '2025-12-01T00:07:00', '2025-12-01T00:08:00', 'run1', 1);
  sim.run('adhoc-sim', '2025-12-02T00:00:00', null, null, null);
  const event = db.prepare("INSERT INTO simulation_events VALUES (?, ?, ?, 0, NULL, ?, '{}', ?, ?, NULL)");
  let n = 0;
  for (const [simId, count] of [['run1-sim-002-eval', 6], ['run1-sim-005-eval', 9]] as const) {
    for (const row of fixtureEvents(count)) {
      event.run(`z${(997 * ++n) % 1000}-${n}`, simId, row.tick, row.event_type, row.agent_id, row.tx_id);
    }
  }
  db.close();
}

/** Hand-written from the notes (GameRepository, §1.4 and experiments §4). */
export function writeCastroFixture(file: string): void {
  const db = new BetterSqlite3(file);
  db.exec(`
    CREATE TABLE game_sessions (game_id VARCHAR PRIMARY KEY, scenario_config VARCHAR, master_seed BIGINT, game_mode VARCHAR,
      config_json VARCHAR, started_at TIMESTAMP, completed_at TIMESTAMP, status VARCHAR, optimized_agents VARCHAR,
      total_iterations INTEGER, converged BOOLEAN, final_cost DOUBLE);
    CREATE TABLE policy_iterations (game_id VARCHAR, agent_id VARCHAR, iteration_number INTEGER, trigger_tick INTEGER,
      old_policy_json VARCHAR, new_policy_json VARCHAR, old_cost DOUBLE, new_cost DOUBLE, cost_improvement DOUBLE,
      was_accepted BOOLEAN, validation_errors VARCHAR, llm_model VARCHAR, llm_latency_seconds DOUBLE, tokens_used INTEGER,
      created_at TIMESTAMP, PRIMARY KEY (game_id, agent_id, iteration_number));
    CREATE TABLE llm_interaction_log (interaction_id VARCHAR PRIMARY KEY, game_id VARCHAR, agent_id VARCHAR,
      iteration_number INTEGER, system_prompt VARCHAR, user_prompt VARCHAR, raw_response VARCHAR, parsed_policy_json VARCHAR,
      parsing_error VARCHAR, llm_reasoning VARCHAR, request_timestamp TIMESTAMP, response_timestamp TIMESTAMP);
  `);
  db.prepare(
    "INSERT INTO game_sessions VALUES ('game-1', 'castro_2p.yaml', 42, 'rl_optimization', '{\"name\": \"castro two banks\"}', '2025-11-01T00:00:00', '2025-11-01T01:00:00', 'completed', '[\"A\",\"B\"]', 3, 1, 1234.4)",
  ).run();
  const it = db.prepare("INSERT INTO policy_iterations VALUES ('game-1', ?, ?, 0, ?, ?, ?, ?, 0, ?, NULL, 'openai:gpt', 1.5, 100, ?)");
  for (let i = 0; i < 3; i++) {
    it.run('A', i, `{"v": ${i}}`, `{"v": ${i + 1}}`, 1000 - 100 * i + 0.4, 900 - 100 * i, i % 2, `2025-11-01T00:0${i}:00`);
    it.run('B', i, `{"w": ${i}}`, `{"w": ${i + 1}}`, 500, 600, 0, `2025-11-01T00:0${i}:30`);
  }
  db.prepare("INSERT INTO llm_interaction_log (interaction_id, game_id, agent_id, iteration_number) VALUES ('i1', 'game-1', 'A', 0)").run();
  db.close();
}

export function writePlainSqliteFixture(file: string): void {
  const db = new BetterSqlite3(file);
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('a'), ('b');");
  db.close();
}
