/**
 * What one simulated run produces, before anything is written. The simulator (simulator.ts) fills it; the
 * writers (unified and legacy) persist the parts their persistence level or format keeps. Record fields are named
 * exactly like the unified schema's columns (src/schema/unifiedV1.ts) so that writers insert by name.
 * Money is integer cents everywhere.
 */

/** One engine event. `details` holds the event's remaining fields (SimCash event catalog, simcash-engine.md §8). */
export interface SimEvent {
  tick: number;
  day: number;
  event_type: string;
  /** Acting agent (the sender for payment events), if any. */
  agent_id: string | null;
  tx_id: string | null;
  details: Record<string, unknown>;
}

/** A payment's final state (row of `transactions`, without simulation_id). */
export interface TransactionRecord {
  tx_id: string;
  sender_id: string;
  receiver_id: string;
  amount: number;
  priority: number;
  is_divisible: boolean;
  arrival_tick: number;
  arrival_day: number;
  deadline_tick: number;
  settlement_tick: number | null;
  settlement_day: number | null;
  /** 'pending' | 'settled' | 'dropped' | 'overdue' | 'split' */
  status: string;
  overdue_since_tick: number | null;
  drop_reason: string | null;
  amount_settled: number;
  queue1_ticks: number;
  queue2_ticks: number;
  total_delay_ticks: number | null;
  delay_cost: number;
  parent_tx_id: string | null;
  split_index: number | null;
  rtgs_priority: string | null;
  rtgs_submission_tick: number | null;
  declared_rtgs_priority: string | null;
}

/** Row of `daily_agent_metrics`, without simulation_id. */
export interface DailyAgentMetricsRecord {
  agent_id: string;
  day: number;
  opening_balance: number;
  closing_balance: number;
  min_balance: number;
  max_balance: number;
  unsecured_cap: number;
  peak_overdraft: number;
  opening_posted_collateral: number;
  closing_posted_collateral: number;
  peak_posted_collateral: number;
  collateral_capacity: number;
  num_collateral_posts: number;
  num_collateral_withdrawals: number;
  num_arrivals: number;
  num_sent: number;
  num_received: number;
  num_settled: number;
  num_dropped: number;
  queue1_peak_size: number;
  queue1_eod_size: number;
  liquidity_cost: number;
  delay_cost: number;
  collateral_cost: number;
  split_friction_cost: number;
  deadline_penalty: number;
  liquidity_opportunity_cost: number;
  total_cost: number;
}

/** Row of `tick_agent_states` (state after the tick; costs cumulative since tick 0), without simulation_id. */
export interface TickAgentStateRecord {
  agent_id: string;
  tick: number;
  day: number;
  balance: number;
  balance_change: number;
  unsecured_cap: number;
  posted_collateral: number;
  allocated_liquidity: number;
  credit_used: number;
  liquidity_cost: number;
  delay_cost: number;
  collateral_cost: number;
  penalty_cost: number;
  split_friction_cost: number;
  liquidity_opportunity_cost: number;
  liquidity_cost_delta: number;
  delay_cost_delta: number;
  collateral_cost_delta: number;
  penalty_cost_delta: number;
  split_friction_cost_delta: number;
  liquidity_opportunity_cost_delta: number;
}

/** Row of `tick_queue_snapshots` (queue contents after the tick), without simulation_id. */
export interface TickQueueRecord {
  agent_id: string;
  tick: number;
  /** 'queue1' (the bank's own queue) or 'rtgs' (the central queue; attributed to the sender) */
  queue_type: 'queue1' | 'rtgs';
  position: number;
  tx_id: string;
}

/** Row of `agent_queue_snapshots` (queue 1 at each end of day), without simulation_id. */
export interface EodQueueRecord {
  agent_id: string;
  day: number;
  queue_type: 'queue1';
  position: number;
  transaction_id: string;
}

/** Row of `policy_decisions`, without simulation_id and id. */
export interface PolicyDecisionRecord {
  agent_id: string;
  tick: number;
  day: number;
  decision_type: 'submit' | 'hold' | 'drop' | 'split';
  tx_id: string;
  reason: string | null;
  num_splits: number | null;
  /** JSON array text of child ids, or null */
  child_tx_ids: string | null;
}

/** Row of `lsm_cycles`, without simulation_id and id. JSON columns are JSON text. */
export interface LsmCycleRecord {
  tick: number;
  day: number;
  cycle_type: 'bilateral' | 'multilateral';
  cycle_length: number;
  agents: string;
  transactions: string;
  settled_value: number;
  total_value: number;
  tx_amounts: string | null;
  net_positions: string | null;
  max_net_outflow: number | null;
  max_net_outflow_agent: string | null;
}

/** Row of `collateral_events`, without simulation_id and id. */
export interface CollateralEventRecord {
  agent_id: string;
  tick: number;
  day: number;
  action: 'post' | 'withdraw' | 'hold';
  amount: number;
  reason: string | null;
  layer: string | null;
  balance_before: number;
  posted_collateral_before: number;
  posted_collateral_after: number;
  available_capacity_after: number;
}

/** Row of `agent_state_registers`, without simulation_id. */
export interface StateRegisterRecord {
  tick: number;
  agent_id: string;
  register_key: string;
  register_value: number;
}

/** An engine state saved after `tick` (written to `simulation_checkpoints` at the full level). */
export interface CheckpointRecord {
  checkpoint_tick: number;
  checkpoint_day: number;
  checkpoint_type: 'end_of_day' | 'final';
  /** JSON-serialisable engine state: agents (balances, queues, costs), the RTGS queue, open transactions. */
  state: Record<string, unknown>;
  num_agents: number;
  num_transactions: number;
}

/** Everything one run produced. */
export interface SimulationOutput {
  /** The scenario as run (policies included), JSON-serialisable: becomes simulation_runs.config_json. */
  config: Record<string, unknown>;
  /** Scenario name, e.g. the YAML file name: becomes simulation_runs.config_name. */
  configName: string;
  rngSeed: number;
  ticksPerDay: number;
  numDays: number;
  agentIds: string[];
  /** Each agent's policy JSON in force (becomes policy_snapshots at tick 0). */
  policies: Record<string, Record<string, unknown>>;
  events: SimEvent[];
  transactions: TransactionRecord[];
  dailyMetrics: DailyAgentMetricsRecord[];
  tickAgentStates: TickAgentStateRecord[];
  tickQueues: TickQueueRecord[];
  eodQueues: EodQueueRecord[];
  policyDecisions: PolicyDecisionRecord[];
  lsmCycles: LsmCycleRecord[];
  collateralEvents: CollateralEventRecord[];
  stateRegisters: StateRegisterRecord[];
  checkpoints: CheckpointRecord[];
  totals: {
    arrivals: number;
    settlements: number;
    /** Payments created, split children included. */
    transactions: number;
    /** All agents' costs over the whole run, cents. */
    totalCost: number;
    /** Each agent's cost over the whole run, cents. */
    costsPerAgent: Record<string, number>;
  };
}
