/**
 * The predecessor's CLI simulation database (owner A: pydantic models + schema generator, 15 tables), re-expressed
 * for SQLite. Table names, column names and order, nullability and keys follow the research notes
 * (simcash-persistence_cli.md §1.2). DuckDB types keep their names (SQLite derives affinities from them); DuckDB
 * sequences become `INTEGER PRIMARY KEY` row ids; JSON is VARCHAR text, as the generator stored it. The index that
 * the original lost to a name collision (`idx_policy_sim_agent` on policy_decisions) is left out here too.
 */
export const LEGACY_SIMULATION_DDL = `
CREATE TABLE IF NOT EXISTS simulations (
    simulation_id VARCHAR NOT NULL PRIMARY KEY,
    config_file VARCHAR NOT NULL,
    config_hash VARCHAR NOT NULL,
    rng_seed BIGINT NOT NULL,
    ticks_per_day BIGINT NOT NULL,
    num_days BIGINT NOT NULL,
    num_agents BIGINT NOT NULL,
    config_json VARCHAR,
    status VARCHAR NOT NULL,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    total_arrivals BIGINT,
    total_settlements BIGINT,
    total_cost_cents BIGINT,
    duration_seconds DOUBLE,
    ticks_per_second DOUBLE
);
CREATE INDEX IF NOT EXISTS idx_simulations_status ON simulations(status);
CREATE INDEX IF NOT EXISTS idx_simulations_started_at ON simulations(started_at);

CREATE TABLE IF NOT EXISTS simulation_runs (
    simulation_id VARCHAR NOT NULL PRIMARY KEY,
    config_name VARCHAR NOT NULL,
    config_hash VARCHAR NOT NULL,
    description VARCHAR,
    start_time TIMESTAMP NOT NULL,
    end_time TIMESTAMP,
    ticks_per_day BIGINT NOT NULL,
    num_days BIGINT NOT NULL,
    rng_seed BIGINT NOT NULL,
    status VARCHAR NOT NULL,
    total_transactions BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_runs_config_seed ON simulation_runs(config_hash, rng_seed);
CREATE INDEX IF NOT EXISTS idx_runs_start_time ON simulation_runs(start_time);

CREATE TABLE IF NOT EXISTS transactions (
    simulation_id VARCHAR NOT NULL,
    tx_id VARCHAR NOT NULL,
    sender_id VARCHAR NOT NULL,
    receiver_id VARCHAR NOT NULL,
    amount BIGINT NOT NULL,
    priority BIGINT NOT NULL,
    is_divisible BOOLEAN NOT NULL,
    arrival_tick BIGINT NOT NULL,
    arrival_day BIGINT NOT NULL,
    deadline_tick BIGINT NOT NULL,
    settlement_tick BIGINT,
    settlement_day BIGINT,
    status VARCHAR NOT NULL,
    overdue_since_tick BIGINT,
    drop_reason VARCHAR,
    amount_settled BIGINT NOT NULL,
    queue1_ticks BIGINT NOT NULL,
    queue2_ticks BIGINT NOT NULL,
    total_delay_ticks BIGINT NOT NULL,
    delay_cost BIGINT NOT NULL,
    parent_tx_id VARCHAR,
    split_index BIGINT,
    rtgs_priority VARCHAR,
    rtgs_submission_tick BIGINT,
    declared_rtgs_priority VARCHAR,
    PRIMARY KEY (simulation_id, tx_id)
);
CREATE INDEX IF NOT EXISTS idx_tx_sim_sender ON transactions(simulation_id, sender_id);
CREATE INDEX IF NOT EXISTS idx_tx_sim_day ON transactions(simulation_id, arrival_day);
CREATE INDEX IF NOT EXISTS idx_tx_status ON transactions(status);

CREATE TABLE IF NOT EXISTS daily_agent_metrics (
    simulation_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    day BIGINT NOT NULL,
    opening_balance BIGINT NOT NULL,
    closing_balance BIGINT NOT NULL,
    min_balance BIGINT NOT NULL,
    max_balance BIGINT NOT NULL,
    unsecured_cap BIGINT NOT NULL,
    peak_overdraft BIGINT NOT NULL,
    opening_posted_collateral BIGINT NOT NULL,
    closing_posted_collateral BIGINT NOT NULL,
    peak_posted_collateral BIGINT NOT NULL,
    collateral_capacity BIGINT NOT NULL,
    num_collateral_posts BIGINT NOT NULL,
    num_collateral_withdrawals BIGINT NOT NULL,
    num_arrivals BIGINT NOT NULL,
    num_sent BIGINT NOT NULL,
    num_received BIGINT NOT NULL,
    num_settled BIGINT NOT NULL,
    num_dropped BIGINT NOT NULL,
    queue1_peak_size BIGINT NOT NULL,
    queue1_eod_size BIGINT NOT NULL,
    liquidity_cost BIGINT NOT NULL,
    delay_cost BIGINT NOT NULL,
    collateral_cost BIGINT NOT NULL,
    split_friction_cost BIGINT NOT NULL,
    deadline_penalty BIGINT NOT NULL,
    total_cost BIGINT NOT NULL,
    PRIMARY KEY (simulation_id, agent_id, day)
);
CREATE INDEX IF NOT EXISTS idx_metrics_sim_day ON daily_agent_metrics(simulation_id, day);

CREATE TABLE IF NOT EXISTS agent_queue_snapshots (
    simulation_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    day BIGINT NOT NULL,
    queue_type VARCHAR NOT NULL,
    position BIGINT NOT NULL,
    transaction_id VARCHAR NOT NULL,
    PRIMARY KEY (simulation_id, agent_id, day, queue_type, position)
);
CREATE INDEX IF NOT EXISTS idx_queue_sim_agent_day ON agent_queue_snapshots(simulation_id, agent_id, day);
CREATE INDEX IF NOT EXISTS idx_queue_sim_day ON agent_queue_snapshots(simulation_id, day);

CREATE TABLE IF NOT EXISTS agent_state_registers (
    simulation_id VARCHAR NOT NULL,
    tick BIGINT NOT NULL,
    agent_id VARCHAR NOT NULL,
    register_key VARCHAR NOT NULL,
    register_value DOUBLE NOT NULL,
    PRIMARY KEY (simulation_id, tick, agent_id, register_key)
);
CREATE INDEX IF NOT EXISTS idx_registers_sim_agent_tick ON agent_state_registers(simulation_id, agent_id, tick);

CREATE TABLE IF NOT EXISTS policy_snapshots (
    simulation_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    snapshot_day BIGINT NOT NULL,
    snapshot_tick BIGINT NOT NULL,
    policy_hash VARCHAR NOT NULL,
    policy_json VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    PRIMARY KEY (simulation_id, agent_id, snapshot_day, snapshot_tick)
);
CREATE INDEX IF NOT EXISTS idx_policy_sim_agent ON policy_snapshots(simulation_id, agent_id);
CREATE INDEX IF NOT EXISTS idx_policy_hash ON policy_snapshots(policy_hash);
CREATE INDEX IF NOT EXISTS idx_policy_created_by ON policy_snapshots(created_by);

CREATE TABLE IF NOT EXISTS simulation_checkpoints (
    checkpoint_id VARCHAR NOT NULL PRIMARY KEY,
    simulation_id VARCHAR NOT NULL,
    checkpoint_tick BIGINT NOT NULL,
    checkpoint_day BIGINT NOT NULL,
    checkpoint_timestamp TIMESTAMP NOT NULL,
    state_json VARCHAR NOT NULL,
    state_hash VARCHAR NOT NULL,
    config_json VARCHAR NOT NULL,
    config_hash VARCHAR NOT NULL,
    checkpoint_type VARCHAR NOT NULL,
    description VARCHAR,
    created_by VARCHAR NOT NULL,
    num_agents BIGINT NOT NULL,
    num_transactions BIGINT NOT NULL,
    total_size_bytes BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_checkpoints_sim ON simulation_checkpoints(simulation_id);
CREATE INDEX IF NOT EXISTS idx_checkpoints_timestamp ON simulation_checkpoints(checkpoint_timestamp);
CREATE INDEX IF NOT EXISTS idx_checkpoints_type ON simulation_checkpoints(checkpoint_type);
CREATE INDEX IF NOT EXISTS idx_checkpoints_sim_tick ON simulation_checkpoints(simulation_id, checkpoint_tick);

CREATE TABLE IF NOT EXISTS simulation_events (
    event_id VARCHAR NOT NULL PRIMARY KEY,
    simulation_id VARCHAR NOT NULL,
    tick BIGINT NOT NULL,
    day BIGINT NOT NULL,
    event_timestamp TIMESTAMP NOT NULL,
    event_type VARCHAR NOT NULL,
    details VARCHAR NOT NULL,
    agent_id VARCHAR,
    tx_id VARCHAR,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_events_sim_tick ON simulation_events(simulation_id, tick);
CREATE INDEX IF NOT EXISTS idx_events_sim_agent ON simulation_events(simulation_id, agent_id);
CREATE INDEX IF NOT EXISTS idx_events_sim_tx ON simulation_events(simulation_id, tx_id);
CREATE INDEX IF NOT EXISTS idx_events_sim_type ON simulation_events(simulation_id, event_type);
CREATE INDEX IF NOT EXISTS idx_events_sim_day ON simulation_events(simulation_id, day);
CREATE INDEX IF NOT EXISTS idx_events_sim_tick_type ON simulation_events(simulation_id, tick, event_type);

CREATE TABLE IF NOT EXISTS collateral_events (
    id INTEGER PRIMARY KEY,
    simulation_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    tick BIGINT NOT NULL,
    day BIGINT NOT NULL,
    action VARCHAR NOT NULL,
    amount BIGINT NOT NULL,
    reason VARCHAR,
    layer VARCHAR,
    balance_before BIGINT NOT NULL,
    posted_collateral_before BIGINT NOT NULL,
    posted_collateral_after BIGINT NOT NULL,
    available_capacity_after BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_collateral_sim_agent ON collateral_events(simulation_id, agent_id);
CREATE INDEX IF NOT EXISTS idx_collateral_sim_day ON collateral_events(simulation_id, day);
CREATE INDEX IF NOT EXISTS idx_collateral_action ON collateral_events(action);

CREATE TABLE IF NOT EXISTS lsm_cycles (
    id INTEGER PRIMARY KEY,
    simulation_id VARCHAR NOT NULL,
    tick BIGINT NOT NULL,
    day BIGINT NOT NULL,
    cycle_type VARCHAR NOT NULL,
    cycle_length BIGINT NOT NULL,
    agents VARCHAR NOT NULL,
    transactions VARCHAR NOT NULL,
    settled_value BIGINT NOT NULL,
    total_value BIGINT NOT NULL,
    tx_amounts VARCHAR,
    net_positions VARCHAR,
    max_net_outflow BIGINT,
    max_net_outflow_agent VARCHAR
);
CREATE INDEX IF NOT EXISTS idx_lsm_sim_day ON lsm_cycles(simulation_id, day);
CREATE INDEX IF NOT EXISTS idx_lsm_cycle_type ON lsm_cycles(cycle_type);

CREATE TABLE IF NOT EXISTS policy_decisions (
    id INTEGER PRIMARY KEY,
    simulation_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    tick BIGINT NOT NULL,
    day BIGINT NOT NULL,
    decision_type VARCHAR NOT NULL,
    tx_id VARCHAR NOT NULL,
    reason VARCHAR,
    num_splits BIGINT,
    child_tx_ids VARCHAR
);
CREATE INDEX IF NOT EXISTS idx_policy_decisions_sim_tick ON policy_decisions(simulation_id, tick);

CREATE TABLE IF NOT EXISTS tick_agent_states (
    simulation_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    tick BIGINT NOT NULL,
    day BIGINT NOT NULL,
    balance BIGINT NOT NULL,
    balance_change BIGINT NOT NULL,
    unsecured_cap BIGINT NOT NULL,
    posted_collateral BIGINT NOT NULL,
    liquidity_cost BIGINT NOT NULL,
    delay_cost BIGINT NOT NULL,
    collateral_cost BIGINT NOT NULL,
    penalty_cost BIGINT NOT NULL,
    split_friction_cost BIGINT NOT NULL,
    liquidity_cost_delta BIGINT NOT NULL,
    delay_cost_delta BIGINT NOT NULL,
    collateral_cost_delta BIGINT NOT NULL,
    penalty_cost_delta BIGINT NOT NULL,
    split_friction_cost_delta BIGINT NOT NULL,
    PRIMARY KEY (simulation_id, agent_id, tick)
);
CREATE INDEX IF NOT EXISTS idx_tick_states_sim_tick ON tick_agent_states(simulation_id, tick);

CREATE TABLE IF NOT EXISTS tick_queue_snapshots (
    simulation_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    tick BIGINT NOT NULL,
    queue_type VARCHAR NOT NULL,
    position BIGINT NOT NULL,
    tx_id VARCHAR NOT NULL,
    PRIMARY KEY (simulation_id, agent_id, tick, queue_type, position)
);
CREATE INDEX IF NOT EXISTS idx_tick_queue_sim_tick ON tick_queue_snapshots(simulation_id, tick);
CREATE INDEX IF NOT EXISTS idx_tick_queue_sim_agent_tick ON tick_queue_snapshots(simulation_id, agent_id, tick);

CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER NOT NULL PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL,
    description VARCHAR NOT NULL
);
`;
