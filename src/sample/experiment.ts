/**
 * Runs a sample experiment and writes it into a unified file: the experiments row, one experiment_iterations row per
 * iteration linked to its evaluation and bootstrap simulations, policy_evaluations (the acceptance record),
 * experiment_events, the linked simulation_runs at their smart-persistence levels and, for LLM experiments, the
 * audit tables (llm_interaction_log, policy_diffs, iteration_context).
 */
import type { ExperimentSink, ExperimentSpec, ExperimentSummary } from './experimentTypes';
import { runExperiment } from './experimentRunner';
import { writeSimulation, type UnifiedFile } from './writer/unifiedWriter';

export type { ExperimentSpec, ExperimentSummary } from './experimentTypes';
export { experimentIdFor, shortExperimentId } from './experimentRunner';

/** Runs the experiment described by `spec` and writes everything it produced into `file`. */
export function writeExperiment(file: UnifiedFile, spec: ExperimentSpec): ExperimentSummary {
  const experimentId = spec.experiment_id;
  const sink: ExperimentSink = {
    simulation(sim) {
      writeSimulation(file, sim.output, {
        simulation_id: sim.simulation_id,
        config_name: (spec.scenarioPath ?? `${spec.scenario.name}.yaml`).split('/').pop(),
        persistence_level: sim.persistence_level,
        run_purpose: sim.run_purpose,
        experiment_id: experimentId,
        iteration: sim.iteration,
        sample_index: sim.sample_index,
        persistence_reason: sim.persistence_reason,
        start_time: sim.start_time,
        end_time: sim.end_time,
        status: 'completed',
        description:
          sim.sample_index === null
            ? `${spec.name}: evaluation of iteration ${sim.iteration}`
            : `${spec.name}: iteration ${sim.iteration}, bootstrap sample ${sim.sample_index}`,
        duration_seconds: sim.duration_seconds,
        policy_created_by: sim.policy_created_by,
      });
    },
    iteration(r) {
      file.insert('experiment_iterations', {
        experiment_id: experimentId,
        iteration: r.iteration,
        costs_per_agent: JSON.stringify(r.costs_per_agent),
        accepted_changes: JSON.stringify(r.accepted_changes),
        policies: JSON.stringify(r.policies),
        timestamp: r.timestamp,
        evaluation_simulation_id: r.evaluation_simulation_id,
        bootstrap_simulation_ids: JSON.stringify(r.bootstrap_simulation_ids),
      });
    },
    policyEvaluation(r) {
      file.insert('policy_evaluations', {
        experiment_id: experimentId,
        ...r,
        proposed_policy: JSON.stringify(r.proposed_policy),
        sample_details: JSON.stringify(r.sample_details),
        cost_breakdown: JSON.stringify(r.cost_breakdown),
        confidence_interval_95: JSON.stringify(r.confidence_interval_95),
        agent_stats: JSON.stringify(r.agent_stats),
      });
    },
    event(r) {
      file.insert('experiment_events', {
        experiment_id: experimentId,
        iteration: r.iteration,
        event_type: r.event_type,
        event_data: JSON.stringify(r.event_data),
        timestamp: r.timestamp,
      });
    },
    llmExchange(r) {
      file.insert('llm_interaction_log', {
        interaction_id: r.interaction_id,
        experiment_id: experimentId,
        agent_id: r.agent_id,
        iteration: r.iteration,
        system_prompt: r.system_prompt,
        user_prompt: r.user_prompt,
        raw_response: r.raw_response,
        parsed_policy_json: r.parsed_policy === null ? null : JSON.stringify(r.parsed_policy),
        parsing_error: r.parsing_error,
        llm_reasoning: r.llm_reasoning,
        llm_model: r.llm_model,
        tokens_used: r.tokens_used,
        latency_seconds: r.latency_seconds,
        request_timestamp: r.request_timestamp,
        response_timestamp: r.response_timestamp,
      });
      if (r.diff) {
        file.insert('policy_diffs', {
          experiment_id: experimentId,
          agent_id: r.agent_id,
          iteration: r.iteration,
          diff_summary: r.diff.diff_summary,
          parameter_changes_json: JSON.stringify(r.diff.parameter_changes),
          payment_tree_changed: r.diff.payment_tree_changed,
          collateral_tree_changed: r.diff.collateral_tree_changed,
          parameters_snapshot_json: JSON.stringify(r.diff.parameters_snapshot),
        });
      }
      file.insert('iteration_context', {
        experiment_id: experimentId,
        agent_id: r.agent_id,
        iteration: r.iteration,
        ...r.context,
        monte_carlo_seeds: JSON.stringify(r.context.monte_carlo_seeds),
      });
    },
  };

  const summary = runExperiment(spec, sink);
  file.insert('experiments', {
    experiment_id: experimentId,
    experiment_name: summary.experiment_name,
    experiment_type: summary.experiment_type,
    config: JSON.stringify(summary.config),
    scenario_path: summary.scenario_path,
    master_seed: summary.master_seed,
    created_at: summary.created_at,
    completed_at: summary.completed_at,
    num_iterations: summary.num_iterations,
    converged: summary.converged,
    convergence_reason: summary.convergence_reason,
    final_cost: summary.final_cost,
    best_cost: summary.best_cost,
  });
  return summary;
}
