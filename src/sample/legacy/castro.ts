/**
 * Writer of the predecessor's LLM-audit ("castro", GameRepository) database: one game session per sample LLM
 * experiment, with per-agent policy iterations, the full prompt/response log, policy diffs and the bootstrap context
 * each prompt was built from. Costs are DOUBLE cents as in the original; no simulations are stored (this schema
 * has no simulation tables). All prompt and response text is labelled as generated sample text.
 */
import type { LlmExchangeRecord, PolicyEvaluationRecord, ExperimentSpec, ExperimentSummary, IterationRecord } from '../experimentTypes';
import { runExperiment } from '../experimentRunner';
import type { SqliteFile } from '../writer/sqliteFile';
import { CASTRO_DDL } from './legacyExperimentDdl';
import { duckTimestamp } from './legacyRows';

export function createCastroSchema(file: SqliteFile): void {
  file.exec(CASTRO_DDL);
}

/** Runs `spec` (an LLM experiment) and writes it as one game session keyed by `spec.experiment_id`. */
export function writeCastroGame(file: SqliteFile, spec: ExperimentSpec): ExperimentSummary {
  const gameId = spec.experiment_id;
  const exchanges: LlmExchangeRecord[] = [];
  const evaluations = new Map<string, PolicyEvaluationRecord>();
  const iterations = new Map<number, IterationRecord>();
  const summary = runExperiment({ ...spec, llm: true }, {
    simulation: () => undefined,
    iteration: (r) => void iterations.set(r.iteration, r),
    policyEvaluation: (r) => void evaluations.set(`${r.iteration}|${r.agent_id}`, r),
    event: () => undefined,
    llmExchange: (r) => void exchanges.push(r),
  });
  const ticksPerRun = spec.scenario.simulation.ticks_per_day * spec.scenario.simulation.num_days;
  const ts = (iso: string): string => duckTimestamp(Date.parse(iso));

  file.insert('game_sessions', {
    game_id: gameId,
    scenario_config: summary.scenario_path,
    master_seed: summary.master_seed,
    game_mode: 'rl_optimization',
    config_json: JSON.stringify(summary.config),
    started_at: ts(summary.created_at),
    completed_at: ts(summary.completed_at),
    status: 'completed',
    optimized_agents: JSON.stringify(summary.optimized_agents),
    total_iterations: summary.num_iterations,
    converged: summary.converged,
    final_cost: summary.final_cost,
  });
  for (const x of exchanges) {
    const evaluation = evaluations.get(`${x.iteration}|${x.agent_id}`);
    const current = iterations.get(x.iteration)?.policies[x.agent_id] ?? null;
    file.insert('policy_iterations', {
      game_id: gameId,
      agent_id: x.agent_id,
      iteration_number: x.iteration,
      // Optimisation ran after each simulated run (schedule on_simulation_end): the trigger is that run's last tick.
      trigger_tick: (x.iteration + 1) * ticksPerRun - 1,
      old_policy_json: JSON.stringify(current),
      new_policy_json: x.parsed_policy === null ? null : JSON.stringify(x.parsed_policy),
      old_cost: evaluation ? evaluation.old_cost : x.context.cost_mean,
      new_cost: evaluation ? evaluation.new_cost : null,
      cost_improvement: evaluation ? evaluation.old_cost - evaluation.new_cost : null,
      was_accepted: evaluation?.accepted ?? false,
      validation_errors: JSON.stringify(x.parsing_error === null ? [] : [x.parsing_error]),
      llm_model: x.llm_model,
      llm_latency_seconds: x.latency_seconds,
      tokens_used: x.tokens_used,
      created_at: ts(x.response_timestamp),
    });
    file.insert('llm_interaction_log', {
      interaction_id: x.interaction_id,
      game_id: gameId,
      agent_id: x.agent_id,
      iteration_number: x.iteration,
      system_prompt: x.system_prompt,
      user_prompt: x.user_prompt,
      raw_response: x.raw_response,
      parsed_policy_json: x.parsed_policy === null ? null : JSON.stringify(x.parsed_policy),
      parsing_error: x.parsing_error,
      llm_reasoning: x.llm_reasoning,
      request_timestamp: ts(x.request_timestamp),
      response_timestamp: ts(x.response_timestamp),
    });
    if (x.diff) {
      file.insert('policy_diffs', {
        game_id: gameId,
        agent_id: x.agent_id,
        iteration_number: x.iteration,
        diff_summary: x.diff.diff_summary,
        parameter_changes_json: JSON.stringify(x.diff.parameter_changes),
        payment_tree_changed: x.diff.payment_tree_changed,
        collateral_tree_changed: x.diff.collateral_tree_changed,
        parameters_snapshot_json: JSON.stringify(x.diff.parameters_snapshot),
      });
    }
    file.insert('iteration_context', {
      game_id: gameId,
      agent_id: x.agent_id,
      iteration_number: x.iteration,
      ...x.context,
      monte_carlo_seeds: JSON.stringify(x.context.monte_carlo_seeds),
    });
  }
  return summary;
}
