/**
 * Records of the experiment view and the CLI's `experiment` command. Row-shaped records keep the unified schema's
 * snake_case column names, as the rest of the query layer does. Money is integer cents.
 */
import type { ExperimentSummary } from '../types';

/** How an experiment's policies were optimised, as far as the file records it. */
export interface OptimizerFacts {
  /** 'llm' when a model proposed the policies, 'optimizer' for a classic optimiser, 'unknown' when nothing says. */
  kind: 'llm' | 'optimizer' | 'unknown';
  /** One line for people, e.g. "LLM openai:gpt-5.2 (temperature 0.5, reasoning effort high)". */
  label: string;
  /** provider:model for LLM experiments. */
  model: string | null;
  /** Where the facts come from: the stored configuration, or (files whose config omits it) the LLM audit rows. */
  source: 'config' | 'llm-audit' | null;
}

/** What the experiment asked to keep of its simulations (design note, phase 4). */
export interface PersistenceFacts {
  /** 'none', 'summary', 'events' or 'full' as configured; null when the file does not record it. */
  level: string | null;
  /** 'smart', 'all', ... as configured; null when not recorded. */
  policy: string | null;
  /** Which simulations were kept at that level: 'initial', 'best', 'worst', 'final' or 'all'. */
  persist_simulations: string[];
}

/** Where an experiment's iteration → simulation links come from. */
export type SimulationLinkage =
  /** experiment_iterations stores evaluation_simulation_id and bootstrap_simulation_ids. */
  | 'stored'
  /** Not stored; reconstructed from the runs' own experiment and iteration columns (and, in legacy files, their ids). */
  | 'inferred'
  /** Nothing links runs to the experiment: the file's kind keeps none (castro), or none was linked or stored. */
  | 'none';

export interface ExperimentDetail extends ExperimentSummary {
  description: string | null;
  scenario_path: string | null;
  master_seed: number | null;
  /** The stored configuration (experiments.config, or a castro session's config_json); {} when missing or malformed. */
  config: Record<string, unknown>;
  optimizer: OptimizerFacts;
  persistence: PersistenceFacts;
  /** 'bootstrap', 'deterministic-pairwise', ... from the configuration. */
  evaluation_mode: string | null;
  /** Bootstrap samples per iteration, from the configuration. */
  num_samples: number | null;
  max_iterations: number | null;
  optimized_agents: string[];
  simulation_linkage: SimulationLinkage;
  /** The iteration with the lowest total cost (the first, on ties); null without iterations. */
  best_iteration: number | null;
  /** Things a reader of this experiment should know about the file (legacy layout, missing links, ...). */
  notes: string[];
}

/** One stored simulation linked to an experiment, with what is kept of it. */
export interface LinkedRun {
  simulation_id: string;
  iteration: number | null;
  sample_index: number | null;
  run_purpose: string | null;
  persistence_level: string | null;
  persistence_reason: string | null;
  /** Events are stored: it can be replayed. */
  replayable: boolean;
}

/** The acceptance record of one agent's proposal in one iteration (policy_evaluations, or castro policy_iterations). */
export interface PolicyEvaluation {
  iteration: number;
  agent_id: string;
  evaluation_mode: string | null;
  /** Mean cost of the policy in force, cents. */
  old_cost: number | null;
  /** Mean cost of the proposal, cents. */
  new_cost: number | null;
  accepted: boolean;
  acceptance_reason: string | null;
  /** Sum over samples of old minus new cost, cents. */
  delta_sum: number | null;
  num_samples: number | null;
  /** Share of the agent's payments settled under the proposal. */
  settlement_rate: number | null;
  avg_delay: number | null;
  cost_std_dev: number | null;
  /** [low, high] in cents. */
  confidence_interval_95: [number, number] | null;
  /** Castro files: the validator's complaints about the proposal. */
  validation_errors: string[];
}

/** One LLM exchange as listed (the long texts are fetched one at a time with getLlmInteraction). */
export interface LlmInteractionSummary {
  /** Opaque key for getLlmInteraction: the interaction id, or the experiment event's id in legacy files. */
  key: string;
  iteration: number;
  agent_id: string;
  model: string | null;
  tokens_used: number | null;
  latency_seconds: number | null;
  /** The answer could not be parsed or failed validation. */
  failed: boolean;
  /** First line of the error, when it failed. */
  error_summary: string | null;
  prompt_chars: number;
  response_chars: number;
  request_timestamp: string | null;
}

/** What the LLM saw about the current policy's evaluation when it was prompted (iteration_context). */
export interface LlmContext {
  num_samples: number | null;
  cost_mean: number | null;
  cost_std: number | null;
  best_seed: number | null;
  best_seed_cost: number | null;
  worst_seed: number | null;
  worst_seed_cost: number | null;
  settlement_rate_mean: number | null;
  best_seed_verbose_output: string | null;
  worst_seed_verbose_output: string | null;
}

export interface LlmInteraction extends LlmInteractionSummary {
  system_prompt: string | null;
  user_prompt: string | null;
  raw_response: string | null;
  /** The policy parsed from the answer; null when parsing failed. */
  parsed_policy: unknown;
  parsing_error: string | null;
  validation_errors: string[];
  reasoning: string | null;
  response_timestamp: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  /** policy_diffs: the writer's own summary of what the proposal changed. */
  diff_summary: string | null;
  parameter_changes: Array<{ path: string; old: unknown; new: unknown }>;
  context: LlmContext | null;
}

/** One row of experiment_events. */
export interface ExperimentEvent {
  id: number;
  iteration: number | null;
  event_type: string;
  timestamp: string | null;
  /** The event_data JSON, parsed ({ raw } when it is not an object). */
  data: Record<string, unknown>;
}

export interface ExperimentEventPage {
  events: ExperimentEvent[];
  /** Events matching the filter in all. */
  total: number;
  offset: number;
  /** {event_type: count} over the whole experiment, for the filter. */
  types: Record<string, number>;
}
