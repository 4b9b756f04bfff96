/**
 * Records an experiment run produces, independent of the file format they end up in. The runner
 * (experimentRunner.ts) emits them to an ExperimentSink; the unified writer (experiment.ts) and the legacy writers
 * (legacy/*) each map them to their own tables. Money is integer cents.
 */
import type { SimulationOutput } from './output';
import type { PolicyJson } from './policy';
import type { Scenario } from './scenario';
import type { PersistenceLevel, RunPurpose } from './writer/unifiedWriter';

export type PersistencePolicy = 'smart' | 'all' | 'summary';

export interface ExperimentSpec {
  /** e.g. exp2-20251214-011720-cd2e23 (see experimentIdFor). */
  experiment_id: string;
  name: string;
  type: 'generic' | 'castro';
  scenario: Scenario;
  /** Scenario YAML path recorded in experiments.scenario_path (default: `scenarios/<config name>.yaml`). */
  scenarioPath?: string;
  /** Maximum iterations (the run may converge earlier). */
  iterations: number;
  /** Bootstrap samples per iteration. */
  samples: number;
  persistence: PersistencePolicy;
  /** Level of the key simulations (smart: initial/best/worst/final; all: every run). */
  keyLevel: 'events' | 'full';
  seed: number;
  /** Simulated LLM optimiser with audit rows (castro experiments). */
  llm?: boolean;
  description?: string;
  /** Agents to optimise, in order (default: every agent). */
  optimizedAgents?: string[];
  /** Starting policies (default: each agent's scenario policy). */
  initialPolicies?: Record<string, PolicyJson>;
  /** Consecutive iterations without an accepted change that count as converged (default 3). */
  stabilityWindow?: number;
  /** Start time in ms since the epoch (default: derived from the seed). */
  createdAtMs?: number;
  /** LLM model recorded in config and audit rows (default openai:gpt-5.2). */
  llmModel?: string;
}

/** One simulation the experiment ran and wants persisted (level 'none' runs are not emitted). */
export interface ExperimentSimulation {
  simulation_id: string;
  iteration: number;
  sample_index: number | null;
  run_purpose: Exclude<RunPurpose, 'standalone'>;
  persistence_level: PersistenceLevel;
  persistence_reason: string | null;
  seed: number;
  output: SimulationOutput;
  start_time: string;
  end_time: string;
  duration_seconds: number;
  policy_created_by: Record<string, 'init' | 'manual' | 'llm'>;
}

export interface IterationRecord {
  iteration: number;
  costs_per_agent: Record<string, number>;
  /** Written after the decisions of this iteration: true where the agent's proposal was adopted. */
  accepted_changes: Record<string, boolean>;
  /** Policies in force during this iteration. */
  policies: Record<string, PolicyJson>;
  timestamp: string;
  evaluation_simulation_id: string;
  bootstrap_simulation_ids: string[];
  total_cost: number;
}

export interface SampleDetail {
  index: number;
  seed: number;
  old_cost: number;
  new_cost: number;
  delta: number;
}

/** One row of policy_evaluations (without the experiment key). */
export interface PolicyEvaluationRecord {
  iteration: number;
  agent_id: string;
  evaluation_mode: string;
  proposed_policy: PolicyJson;
  old_cost: number;
  new_cost: number;
  context_simulation_cost: number;
  accepted: boolean;
  acceptance_reason: string;
  delta_sum: number;
  num_samples: number;
  sample_details: SampleDetail[];
  scenario_seed: number | null;
  timestamp: string;
  settlement_rate: number;
  avg_delay: number;
  cost_breakdown: Record<string, number>;
  cost_std_dev: number;
  confidence_interval_95: [number, number];
  agent_stats: Record<string, number>;
}

export interface ExperimentEventRecord {
  iteration: number | null;
  event_type: string;
  event_data: Record<string, unknown>;
  timestamp: string;
}

export interface ParameterChange {
  path: string;
  old: number | null;
  new: number | null;
}

/** A simulated LLM exchange plus the derived audit rows (llm_interaction_log, policy_diffs, iteration_context). */
export interface LlmExchangeRecord {
  interaction_id: string;
  agent_id: string;
  iteration: number;
  system_prompt: string;
  user_prompt: string;
  raw_response: string;
  parsed_policy: PolicyJson | null;
  parsing_error: string | null;
  llm_reasoning: string;
  llm_model: string;
  tokens_used: number;
  latency_seconds: number;
  request_timestamp: string;
  response_timestamp: string;
  /** null when the answer could not be parsed (no proposal, so no diff). */
  diff: {
    diff_summary: string;
    parameter_changes: ParameterChange[];
    payment_tree_changed: boolean;
    collateral_tree_changed: boolean;
    parameters_snapshot: Record<string, number>;
  } | null;
  context: {
    monte_carlo_seeds: number[];
    num_samples: number;
    best_seed: number;
    worst_seed: number;
    best_seed_cost: number;
    worst_seed_cost: number;
    best_seed_verbose_output: string;
    worst_seed_verbose_output: string;
    cost_mean: number;
    cost_std: number;
    settlement_rate_mean: number;
  };
}

/** The experiments row (without format-specific renames). */
export interface ExperimentSummary {
  experiment_id: string;
  experiment_name: string;
  experiment_type: string;
  config: Record<string, unknown>;
  scenario_path: string;
  master_seed: number;
  created_at: string;
  completed_at: string;
  num_iterations: number;
  converged: boolean;
  convergence_reason: string;
  final_cost: number;
  best_cost: number;
  optimized_agents: string[];
  /** Every persisted simulation id, in order. */
  simulation_ids: string[];
}

/** Receives an experiment's records as they are produced. */
export interface ExperimentSink {
  simulation(sim: ExperimentSimulation): void;
  iteration(record: IterationRecord): void;
  policyEvaluation(record: PolicyEvaluationRecord): void;
  event(record: ExperimentEventRecord): void;
  llmExchange(record: LlmExchangeRecord): void;
}
