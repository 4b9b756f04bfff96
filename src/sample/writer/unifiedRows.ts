/**
 * Row builders of the unified writer for the rows that are not copied straight from simulator records: the run
 * row, policy snapshots, state registers (one value per tick, agent and key) and checkpoints.
 */
import type { SimulationOutput } from '../output';
import { canonicalJson, isoAt, sha256Hex } from './determinism';
import type { SimulationMeta } from './unifiedWriter';

export function configHash(output: SimulationOutput): string {
  return sha256Hex(canonicalJson(output.config));
}

export function runRow(output: SimulationOutput, meta: SimulationMeta, eventCount: number): Record<string, unknown> {
  return {
    simulation_id: meta.simulation_id,
    config_name: meta.config_name ?? output.configName,
    config_hash: configHash(output),
    description: meta.description ?? null,
    rng_seed: output.rngSeed,
    ticks_per_day: output.ticksPerDay,
    num_days: output.numDays,
    num_agents: output.agentIds.length,
    start_time: meta.start_time,
    end_time: meta.end_time,
    status: meta.status ?? 'completed',
    total_transactions: output.totals.transactions,
    total_arrivals: output.totals.arrivals,
    total_settlements: output.totals.settlements,
    total_cost_cents: output.totals.totalCost,
    duration_seconds: meta.duration_seconds ?? null,
    config_json: JSON.stringify(output.config),
    experiment_id: meta.experiment_id ?? null,
    iteration: meta.iteration ?? null,
    sample_index: meta.sample_index ?? null,
    run_purpose: meta.run_purpose,
    persistence_reason: meta.persistence_reason ?? null,
    persistence_level: meta.persistence_level,
    config_path: meta.config_path ?? null,
    event_count: eventCount,
  };
}

export function policySnapshotRows(output: SimulationOutput, meta: SimulationMeta): Record<string, unknown>[] {
  return output.agentIds
    .filter((agent) => output.policies[agent] !== undefined)
    .map((agent) => {
      const policyJson = canonicalJson(output.policies[agent]);
      return {
        agent_id: agent,
        snapshot_day: 0,
        snapshot_tick: 0,
        policy_hash: sha256Hex(policyJson),
        policy_json: policyJson,
        created_by: meta.policy_created_by?.[agent] ?? 'init',
      };
    });
}

/** SimCash keeps one register value per (tick, agent, key): the last one set in that tick. */
export function lastRegisterValues(output: SimulationOutput): SimulationOutput['stateRegisters'] {
  const last = new Map<string, SimulationOutput['stateRegisters'][number]>();
  for (const r of output.stateRegisters) {
    last.set(`${r.tick}\u0000${r.agent_id}\u0000${r.register_key}`, r);
  }
  return [...last.values()];
}

export function checkpointRows(output: SimulationOutput, meta: SimulationMeta): Record<string, unknown>[] {
  const startMs = Date.parse(meta.start_time);
  const durationMs = (meta.duration_seconds ?? 0) * 1000;
  const totalTicks = Math.max(1, output.ticksPerDay * output.numDays);
  const configJson = JSON.stringify(output.config);
  const hash = configHash(output);
  return output.checkpoints.map((cp) => {
    const stateJson = canonicalJson(cp.state);
    return {
      checkpoint_id: `ckpt-${meta.simulation_id}-t${cp.checkpoint_tick}-${cp.checkpoint_type}`,
      checkpoint_tick: cp.checkpoint_tick,
      checkpoint_day: cp.checkpoint_day,
      // Saved when the engine reached that tick: the matching share of the run's (simulated) duration.
      checkpoint_timestamp: isoAt(startMs + (durationMs * Math.min(cp.checkpoint_tick + 1, totalTicks)) / totalTicks),
      state_json: stateJson,
      state_hash: sha256Hex(stateJson),
      config_json: configJson,
      config_hash: hash,
      checkpoint_type: cp.checkpoint_type,
      description: cp.checkpoint_type === 'final' ? 'Final state' : `End of day ${cp.checkpoint_day}`,
      created_by: 'simcash-db sample generator',
      num_agents: cp.num_agents,
      num_transactions: cp.num_transactions,
      total_size_bytes: Buffer.byteLength(stateJson, 'utf8'),
    };
  });
}
