/**
 * Records the query layer hands to views and the CLI. Field names follow the unified schema's columns
 * (src/schema/unifiedV1.ts) so that `--json` output and SQL results read the same; every kind of file
 * (unified, legacy, castro, plain SQLite) is mapped onto these shapes. Money is integer cents.
 */
import type { SchemaKind } from '../schema/detect';

/** What a persisted simulation keeps: the unified schema's persistence levels. */
export type PersistenceLevel = 'none' | 'summary' | 'events' | 'full';

export interface ExperimentSummary {
  experiment_id: string;
  /** As stored; the id when the file gives no name. */
  experiment_name: string;
  /** 'generic', 'castro', 'custom', ... as stored; 'unknown' when the file does not say. */
  experiment_type: string;
  created_at: string | null;
  completed_at: string | null;
  /** Iterations the experiment says it completed (experiments.num_iterations). */
  num_iterations: number | null;
  /** Iteration rows actually present in the file (differs from num_iterations in a partly written file). */
  iteration_count: number;
  converged: boolean;
  convergence_reason: string | null;
  /** Cents. */
  final_cost: number | null;
  /** Cents. */
  best_cost: number | null;
  /** Simulations stored for this experiment (any persistence level). */
  linked_simulation_count: number;
  /** Linked simulations that have events stored. */
  replayable_simulation_count: number;
}

export interface SimulationSummary {
  simulation_id: string;
  config_name: string | null;
  status: string | null;
  start_time: string | null;
  end_time: string | null;
  ticks_per_day: number | null;
  num_days: number | null;
  total_transactions: number | null;
  rng_seed: number | null;
  /** Cents; null when the file does not record it. */
  total_cost_cents: number | null;
  /** Owning experiment; null for a standalone run. */
  experiment_id: string | null;
  experiment_name: string | null;
  iteration: number | null;
  /** Bootstrap sample index; null for evaluation and standalone runs. */
  sample_index: number | null;
  /** 'standalone', 'evaluation', 'bootstrap' (other values are passed through as stored). */
  run_purpose: string | null;
  /** 'initial', 'best', 'worst', 'final', 'all' or null. */
  persistence_reason: string | null;
  /** Stored level, or for legacy files the level inferred from what is stored. */
  persistence_level: string | null;
  event_count: number;
  /** True when the simulation has events stored, i.e. it can be replayed. */
  replayable: boolean;
}

export type SimulationScope = 'all' | 'standalone' | 'experiment';

export interface SimulationFilter {
  experimentId?: string;
  /** 'standalone': runs outside any experiment; 'experiment': runs linked to one. Default 'all'. */
  scope?: SimulationScope;
  /** Only simulations with events stored. */
  replayableOnly?: boolean;
  limit?: number;
  offset?: number;
  /**
   * 'recent' (default): newest first, as the design note's listing query (ORDER BY start_time DESC).
   * 'experiment': by experiment, iteration, then evaluation before bootstrap samples in sample order.
   */
  order?: 'recent' | 'experiment';
}

export interface IterationSummary {
  iteration: number;
  /** {agent_id: cost in cents}. */
  costs_per_agent: Record<string, number>;
  /** Sum of costs_per_agent, cents. */
  total_cost: number;
  /** {agent_id: whether that agent's proposal was accepted}. */
  accepted_changes: Record<string, boolean>;
  any_accepted: boolean;
  /** {agent_id: policy JSON} as stored (parsed). */
  policies: Record<string, unknown>;
  timestamp: string | null;
  evaluation_simulation_id: string | null;
  /** In sample order. */
  bootstrap_simulation_ids: string[];
}

/**
 * Opaque position in an event listing; pass an event's `cursor` (or a page's `nextCursor`) as `after` to continue
 * after it. Callers must not build or parse it.
 */
export type EventCursor = string;

export interface EventRecord {
  /** Integer in unified files; a uuid string in legacy files. */
  event_id: number | string;
  simulation_id: string;
  tick: number;
  day: number | null;
  event_type: string;
  agent_id: string | null;
  tx_id: string | null;
  /** The stored details JSON, parsed; `{ raw: text }` when it is not a JSON object. */
  details: Record<string, unknown>;
  /** Position of this event, for resuming a listing after it. */
  cursor: EventCursor;
}

export interface EventFilter {
  /** Inclusive. */
  fromTick?: number;
  /** Inclusive. */
  toTick?: number;
  eventTypes?: string[];
  agentId?: string;
  txId?: string;
}

export interface EventPageRequest {
  /** Continue after this event: a cursor from an earlier page, or (unified files) a numeric event_id. */
  after?: EventCursor | number;
  /** Events per page; default 100, at most 10,000. */
  limit?: number;
  /** Skip this many matching events (after `after`, if given). Keyset paging with `after` is cheaper. */
  offset?: number;
}

export interface EventPage {
  events: EventRecord[];
  /** Cursor for the next page; null when this page ends the listing. */
  nextCursor: EventCursor | null;
}

export interface EventTypeCount {
  event_type: string;
  count: number;
}

export interface DrillDownRequest extends EventPageRequest {
  /** Which of the iteration's simulations: default 'evaluation'. */
  purpose?: string;
  /** Bootstrap sample; without it every simulation of that purpose in the iteration is included. */
  sampleIndex?: number;
  filter?: EventFilter;
}

export interface DrillDownResult extends EventPage {
  /** The simulations whose events are listed. */
  simulations: SimulationSummary[];
}

/**
 * Overview of a file. Unlike the row-shaped records above it is not a table row, so its fields are camelCase;
 * the CLI's `info --json` prints it with snake_case keys.
 */
export interface FileSummary {
  path: string;
  kind: SchemaKind;
  schemaVersion: number | null;
  label: string;
  sizeBytes: number;
  warnings: string[];
  migratable: boolean;
  /** {table: row count} for every user table, by name. */
  tables: Record<string, number>;
  experimentCount: number;
  simulationCount: number;
  /** {persistence level: simulations}; 'unknown' for runs without one. */
  simulationsPerLevel: Record<string, number>;
  /** Rows of simulation_events (0 when there is no such table). */
  totalEvents: number;
}
