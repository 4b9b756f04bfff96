/**
 * Writer of the predecessor's experiment database (`payment-sim experiment run`, ExperimentRepository). The run
 * itself is the same sample experiment the unified writer stores; this module maps it the way the predecessor
 * stored it, including the quirks a migration must handle:
 * - `experiments.config` holds only the subset the runner saved (no LLM model, no acceptance or persistence);
 * - `experiment_iterations.accepted_changes` is all false (it was written before the agents were optimised;
 *   `policy_evaluations` is the authoritative acceptance record);
 * - simulations live in the divergent `simulations` table with ids `{run_id}-sim-{NNN}-{init|eval|bootstrap}`,
 *   linked by experiment_run_id / experiment_iteration, with their events in `simulation_events`; there are no
 *   daily metrics, transactions or tick tables;
 * - LLM audit data is an `llm_interaction` experiment event carrying the full prompts and response.
 */
import type { ExperimentSink, ExperimentSpec, ExperimentSummary } from '../experimentTypes';
import { runExperiment } from '../experimentRunner';
import type { SqliteFile } from '../writer/sqliteFile';
import { LEGACY_EXPERIMENT_DDL } from './legacyExperimentDdl';
import { duckTimestamp, insertLegacyEvents, pythonIso, ticksPerSecond } from './legacyRows';

export function createLegacyExperimentSchema(file: SqliteFile): void {
  file.exec(LEGACY_EXPERIMENT_DDL);
}

/**
 * Runs `spec` and writes it as one legacy experiment run. Pass persistence 'all' to get every bootstrap sample
 * persisted as well (the predecessor's `--persist-bootstrap`); otherwise only evaluation runs are stored.
 */
export function writeLegacyExperiment(file: SqliteFile, spec: ExperimentSpec): ExperimentSummary {
  const runId = spec.experiment_id;
  const legacyIds = new Map<string, string>();
  let counter = 0;
  const events = file.inserter('experiment_events');
  const addEvent = (iteration: number, type: string, data: Record<string, unknown>, iso: string): void =>
    events.insert({ run_id: runId, iteration, event_type: type, event_data: JSON.stringify(data), timestamp: pythonIso(iso) });

  const sink: ExperimentSink = {
    simulation(sim) {
      if (sim.run_purpose === 'bootstrap' && spec.persistence !== 'all') return;
      const purpose = sim.run_purpose === 'bootstrap' ? 'bootstrap' : sim.iteration === 0 ? 'init' : 'eval';
      const id = `${runId}-sim-${String(counter++).padStart(3, '0')}-${purpose}`;
      legacyIds.set(sim.simulation_id, id);
      const out = sim.output;
      file.insert('simulations', {
        simulation_id: id,
        config_file: spec.scenarioPath ?? `scenarios/${spec.scenario.name}.yaml`,
        config_name: out.configName,
        description: `${purpose} simulation, iteration ${sim.iteration}${sim.sample_index === null ? '' : `, sample ${sim.sample_index}`}`,
        rng_seed: out.rngSeed,
        ticks_per_day: out.ticksPerDay,
        num_days: out.numDays,
        num_agents: out.agentIds.length,
        status: 'completed',
        started_at: duckTimestamp(Date.parse(sim.start_time)),
        ended_at: duckTimestamp(Date.parse(sim.end_time)),
        total_arrivals: out.totals.arrivals,
        total_settlements: out.totals.settlements,
        total_cost_cents: out.totals.totalCost,
        duration_seconds: sim.duration_seconds,
        ticks_per_second: ticksPerSecond(out, sim.duration_seconds),
        config_json: JSON.stringify(out.config),
        experiment_run_id: runId,
        experiment_iteration: sim.iteration,
      });
      // The provider wrote events grouped by tick after the run; the registers were dual-written with them.
      insertLegacyEvents(file.inserter('simulation_events'), id, out.events, Date.parse(sim.end_time));
      const registers = new Map<string, Record<string, unknown>>();
      for (const r of out.stateRegisters) registers.set(`${r.tick}|${r.agent_id}|${r.register_key}`, { simulation_id: id, ...r });
      const registerInserter = file.inserter('agent_state_registers');
      for (const r of registers.values()) registerInserter.insert(r);
      addEvent(sim.iteration, 'simulation_run', {
        simulation_id: id,
        purpose,
        sample_index: sim.sample_index,
        seed: sim.seed,
        total_cost: out.totals.totalCost,
        costs_per_agent: out.totals.costsPerAgent,
        num_events: out.events.length,
      }, sim.end_time);
    },
    iteration(r) {
      file.insert('experiment_iterations', {
        run_id: runId,
        iteration: r.iteration,
        costs_per_agent: JSON.stringify(r.costs_per_agent),
        // Faithful to the predecessor's bug: the row was saved before optimisation, so nothing is ever accepted here.
        accepted_changes: JSON.stringify(Object.fromEntries(Object.keys(r.accepted_changes).map((a) => [a, false]))),
        policies: JSON.stringify(r.policies),
        timestamp: pythonIso(r.timestamp),
      });
    },
    policyEvaluation(r) {
      file.insert('policy_evaluations', {
        run_id: runId,
        ...r,
        proposed_policy: JSON.stringify(r.proposed_policy),
        sample_details: JSON.stringify(r.sample_details),
        timestamp: pythonIso(r.timestamp),
        cost_breakdown: JSON.stringify(r.cost_breakdown),
        confidence_interval_95: JSON.stringify(r.confidence_interval_95),
        agent_stats: JSON.stringify(r.agent_stats),
      });
    },
    event(r) {
      // Experiment-level start/end events and the runner's short LLM summaries were not persisted by the predecessor.
      if (r.iteration === null || r.event_type === 'experiment_end' || r.event_type === 'llm_interaction') return;
      const data = { ...r.event_data };
      if (typeof data.evaluation_simulation_id === 'string') {
        data.evaluation_simulation_id = legacyIds.get(data.evaluation_simulation_id) ?? null;
      }
      if (Array.isArray(data.bootstrap_simulation_ids)) {
        data.bootstrap_simulation_ids = data.bootstrap_simulation_ids.map((id: unknown) => legacyIds.get(String(id)) ?? null).filter((id) => id !== null);
      }
      addEvent(r.iteration, r.event_type, data, r.timestamp);
    },
    llmExchange(r) {
      addEvent(r.iteration, 'llm_interaction', {
        agent_id: r.agent_id,
        system_prompt: r.system_prompt,
        user_prompt: r.user_prompt,
        raw_response: r.raw_response,
        parsed_policy: r.parsed_policy,
        parsing_error: r.parsing_error,
        model: r.llm_model,
        prompt_tokens: Math.round(r.tokens_used * 0.8),
        completion_tokens: r.tokens_used - Math.round(r.tokens_used * 0.8),
        latency_seconds: r.latency_seconds,
      }, r.response_timestamp);
    },
  };

  const summary = runExperiment(spec, sink);
  const c = summary.config as { evaluation: Record<string, unknown>; convergence: Record<string, unknown> };
  file.insert('experiments', {
    run_id: runId,
    experiment_name: summary.experiment_name,
    experiment_type: 'generic',
    config: JSON.stringify({
      name: summary.experiment_name,
      scenario: summary.scenario_path,
      master_seed: summary.master_seed,
      evaluation: { mode: c.evaluation.mode, ticks: c.evaluation.ticks, num_samples: c.evaluation.num_samples },
      convergence: { max_iterations: c.convergence.max_iterations, stability_threshold: c.convergence.stability_threshold, stability_window: c.convergence.stability_window },
      optimized_agents: summary.optimized_agents,
    }),
    created_at: pythonIso(summary.created_at),
    completed_at: pythonIso(summary.completed_at),
    num_iterations: summary.num_iterations,
    converged: summary.converged,
    convergence_reason: summary.convergence_reason,
  });
  return summary;
}
