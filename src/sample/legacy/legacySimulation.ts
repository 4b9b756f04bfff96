/**
 * Writer of the predecessor's CLI simulation database (`payment-sim run --persist [--full-replay]`). A run is
 * written the way the CLI wrote it: one `simulations` and one `simulation_runs` row (duplicated data), transactions
 * as arrival-day snapshots, daily metrics, all events at the end with uuid ids and write-time timestamps, one 'init'
 * policy snapshot per agent; with full replay also tick_agent_states, tick_queue_snapshots and policy_decisions,
 * whose `day` column carries the original's placeholder `tick // 10`. collateral_events and lsm_cycles exist but
 * stay empty (nothing wrote them at the predecessor's HEAD).
 *
 * Richness lets a reader infer a persistence level: 'full' (tick tables present), 'events' (events, no tick
 * tables), 'summary' (run rows and daily metrics only — as left by a run whose event write never happened).
 */
import type { SimulationOutput } from '../output';
import { canonicalJson, sha256Hex, uuidFrom } from '../writer/determinism';
import type { SqliteFile } from '../writer/sqliteFile';
import { LEGACY_SIMULATION_DDL } from './legacySimulationDdl';
import { duckTimestamp, insertLegacyEvents, legacyTransactionRow, ticksPerSecond } from './legacyRows';

export type LegacyRichness = 'summary' | 'events' | 'full';

export interface LegacyRunMeta {
  simulation_id: string;
  richness: LegacyRichness;
  /** Scenario path as given to `--config`. */
  configFile: string;
  description: string | null;
  /** When the run ended (the CLI wrote everything then); start = end − duration. */
  completedAtMs: number;
  durationSeconds: number;
}

/** The original's placeholder day for the full-replay tables (`tick // 10`, whatever ticks_per_day is). */
const placeholderDay = (tick: number): number => Math.floor(tick / 10);

export function createLegacySimulationSchema(file: SqliteFile, appliedAtMs: number): void {
  file.exec(LEGACY_SIMULATION_DDL);
  // Migration bookkeeping as `db migrate` left it: four numbered files, of which only 002 changed the schema.
  const migrations = ['initial_schema', 'add_transaction_priority_columns', 'document_lsm_tables', 'document_castro_tables'];
  migrations.forEach((description, i) =>
    file.insert('schema_migrations', { version: i + 1, applied_at: duckTimestamp(appliedAtMs + i * 1000), description }),
  );
}

export function writeLegacySimulationRun(file: SqliteFile, output: SimulationOutput, meta: LegacyRunMeta): void {
  const sim = meta.simulation_id;
  const startedAtMs = meta.completedAtMs - meta.durationSeconds * 1000;
  // The predecessor hashed Python's str(dict) of the config: not canonical, so plain JSON text stands in for it.
  const configText = JSON.stringify(output.config);
  const configHash = sha256Hex(configText);
  file.insert('simulations', {
    simulation_id: sim,
    config_file: meta.configFile,
    config_hash: configHash,
    rng_seed: output.rngSeed,
    ticks_per_day: output.ticksPerDay,
    num_days: output.numDays,
    num_agents: output.agentIds.length,
    config_json: configText,
    status: 'completed',
    started_at: duckTimestamp(startedAtMs),
    completed_at: duckTimestamp(meta.completedAtMs),
    total_arrivals: output.totals.arrivals,
    total_settlements: output.totals.settlements,
    total_cost_cents: output.totals.totalCost,
    duration_seconds: meta.durationSeconds,
    ticks_per_second: ticksPerSecond(output, meta.durationSeconds),
  });
  file.insert('simulation_runs', {
    simulation_id: sim,
    config_name: meta.configFile.split('/').pop() ?? meta.configFile,
    config_hash: configHash,
    description: meta.description,
    start_time: duckTimestamp(startedAtMs),
    end_time: duckTimestamp(meta.completedAtMs),
    ticks_per_day: output.ticksPerDay,
    num_days: output.numDays,
    rng_seed: output.rngSeed,
    status: 'completed',
    total_transactions: output.totals.transactions,
  });
  const metrics = file.inserter('daily_agent_metrics');
  for (const m of output.dailyMetrics) {
    // The legacy table has no liquidity_opportunity_cost column; pool opportunity cost was part of liquidity_cost.
    const { liquidity_opportunity_cost: opportunity, ...rest } = m;
    metrics.insert({ simulation_id: sim, ...rest, liquidity_cost: m.liquidity_cost + opportunity });
  }
  if (meta.richness === 'summary') {
    return;
  }

  const txs = file.inserter('transactions');
  for (const tx of output.transactions) {
    txs.insert({ simulation_id: sim, ...legacyTransactionRow(tx, output.ticksPerDay) });
  }
  const snapshots = file.inserter('policy_snapshots');
  for (const agent of output.agentIds) {
    const policyJson = canonicalJson(output.policies[agent] ?? {});
    snapshots.insert({ simulation_id: sim, agent_id: agent, snapshot_day: 0, snapshot_tick: 0, policy_hash: sha256Hex(policyJson), policy_json: policyJson, created_by: 'init' });
  }
  const queues = file.inserter('agent_queue_snapshots');
  for (const q of output.eodQueues) queues.insert({ simulation_id: sim, ...q });
  const registers = new Map<string, Record<string, unknown>>();
  for (const r of output.stateRegisters) registers.set(`${r.tick}|${r.agent_id}|${r.register_key}`, { simulation_id: sim, ...r });
  const registerInserter = file.inserter('agent_state_registers');
  for (const r of registers.values()) registerInserter.insert(r);
  insertLegacyEvents(file.inserter('simulation_events'), sim, output.events, meta.completedAtMs);
  if (meta.richness === 'events') {
    return;
  }

  const states = file.inserter('tick_agent_states');
  for (const s of output.tickAgentStates) {
    states.insert({
      simulation_id: sim,
      agent_id: s.agent_id,
      tick: s.tick,
      day: placeholderDay(s.tick),
      balance: s.balance,
      balance_change: s.balance_change,
      unsecured_cap: s.unsecured_cap,
      posted_collateral: s.posted_collateral,
      liquidity_cost: s.liquidity_cost + s.liquidity_opportunity_cost,
      delay_cost: s.delay_cost,
      collateral_cost: s.collateral_cost,
      penalty_cost: s.penalty_cost,
      split_friction_cost: s.split_friction_cost,
      liquidity_cost_delta: s.liquidity_cost_delta + s.liquidity_opportunity_cost_delta,
      delay_cost_delta: s.delay_cost_delta,
      collateral_cost_delta: s.collateral_cost_delta,
      penalty_cost_delta: s.penalty_cost_delta,
      split_friction_cost_delta: s.split_friction_cost_delta,
    });
  }
  const tickQueues = file.inserter('tick_queue_snapshots');
  for (const q of output.tickQueues) tickQueues.insert({ simulation_id: sim, ...q });
  const decisions = file.inserter('policy_decisions');
  for (const d of output.policyDecisions) decisions.insert({ simulation_id: sim, ...d, day: placeholderDay(d.tick) });
  // One checkpoint saved by hand after the run (`checkpoint save`), the only way the CLI stored one.
  const final = output.checkpoints[output.checkpoints.length - 1];
  if (final) {
    const stateJson = canonicalJson(final.state);
    file.insert('simulation_checkpoints', {
      checkpoint_id: uuidFrom(`${sim}:checkpoint`),
      simulation_id: sim,
      checkpoint_tick: final.checkpoint_tick,
      checkpoint_day: final.checkpoint_day,
      checkpoint_timestamp: duckTimestamp(meta.completedAtMs + 60_000),
      state_json: stateJson,
      state_hash: sha256Hex(stateJson),
      config_json: configText,
      config_hash: configHash,
      checkpoint_type: 'manual',
      description: 'saved after the run',
      created_by: 'cli',
      num_agents: final.num_agents,
      num_transactions: final.num_transactions,
      total_size_bytes: Buffer.byteLength(stateJson, 'utf8'),
    });
  }
}
