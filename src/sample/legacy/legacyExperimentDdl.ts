/**
 * The predecessor's experiment database (owner B: ExperimentRepository, 7 tables keyed by `run_id`) and its
 * LLM-audit "castro" database (owner C: GameRepository, 5 tables keyed by `game_id`), re-expressed for SQLite from
 * the research notes (simcash-persistence_cli.md §1.3–1.4, simcash-experiments.md §4–5.1). Names, column order and
 * keys follow the originals, including their divergences from the CLI schema: `simulations` has ended_at (not
 * completed_at), experiment_run_id / experiment_iteration and no config_hash; created_at is an ISO string;
 * policy_evaluations costs are 32-bit INTEGER; castro costs are DOUBLE.
 */
export const LEGACY_EXPERIMENT_DDL = `
CREATE TABLE IF NOT EXISTS experiments (
    run_id VARCHAR PRIMARY KEY,
    experiment_name VARCHAR NOT NULL,
    experiment_type VARCHAR NOT NULL,
    config JSON NOT NULL,
    created_at VARCHAR NOT NULL,
    completed_at VARCHAR,
    num_iterations INTEGER DEFAULT 0,
    converged BOOLEAN DEFAULT FALSE,
    convergence_reason VARCHAR
);
CREATE INDEX IF NOT EXISTS idx_experiments_type ON experiments(experiment_type);

CREATE TABLE IF NOT EXISTS experiment_iterations (
    run_id VARCHAR NOT NULL,
    iteration INTEGER NOT NULL,
    costs_per_agent JSON NOT NULL,
    accepted_changes JSON NOT NULL,
    policies JSON NOT NULL,
    timestamp VARCHAR NOT NULL,
    PRIMARY KEY (run_id, iteration)
);
CREATE INDEX IF NOT EXISTS idx_iterations_run ON experiment_iterations(run_id);

CREATE TABLE IF NOT EXISTS experiment_events (
    id INTEGER PRIMARY KEY,
    run_id VARCHAR NOT NULL,
    iteration INTEGER NOT NULL,
    event_type VARCHAR NOT NULL,
    event_data JSON NOT NULL,
    timestamp VARCHAR NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_events_run_iter ON experiment_events(run_id, iteration);

CREATE TABLE IF NOT EXISTS policy_evaluations (
    run_id VARCHAR NOT NULL,
    iteration INTEGER NOT NULL,
    agent_id VARCHAR NOT NULL,
    evaluation_mode VARCHAR NOT NULL,
    proposed_policy JSON NOT NULL,
    old_cost INTEGER NOT NULL,
    new_cost INTEGER NOT NULL,
    context_simulation_cost INTEGER NOT NULL,
    accepted BOOLEAN NOT NULL,
    acceptance_reason VARCHAR NOT NULL,
    delta_sum INTEGER NOT NULL,
    num_samples INTEGER NOT NULL,
    sample_details JSON,
    scenario_seed INTEGER,
    timestamp VARCHAR NOT NULL,
    settlement_rate DOUBLE,
    avg_delay DOUBLE,
    cost_breakdown JSON,
    cost_std_dev INTEGER,
    confidence_interval_95 JSON,
    agent_stats JSON,
    PRIMARY KEY (run_id, iteration, agent_id)
);
CREATE INDEX IF NOT EXISTS idx_policy_eval_run_agent ON policy_evaluations(run_id, agent_id);
CREATE INDEX IF NOT EXISTS idx_policy_eval_run_mode ON policy_evaluations(run_id, evaluation_mode);

CREATE TABLE IF NOT EXISTS simulations (
    simulation_id VARCHAR PRIMARY KEY,
    config_file VARCHAR,
    config_name VARCHAR,
    description VARCHAR,
    rng_seed BIGINT NOT NULL,
    ticks_per_day INTEGER NOT NULL,
    num_days INTEGER NOT NULL,
    num_agents INTEGER NOT NULL,
    status VARCHAR DEFAULT 'running',
    started_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    ended_at TIMESTAMP,
    total_arrivals INTEGER,
    total_settlements INTEGER,
    total_cost_cents BIGINT,
    duration_seconds DOUBLE,
    ticks_per_second DOUBLE,
    config_json TEXT,
    experiment_run_id VARCHAR,
    experiment_iteration INTEGER
);
CREATE INDEX IF NOT EXISTS idx_simulations_experiment ON simulations(experiment_run_id);

CREATE TABLE IF NOT EXISTS simulation_events (
    event_id VARCHAR PRIMARY KEY,
    simulation_id VARCHAR,
    tick INTEGER,
    day INTEGER,
    event_timestamp TIMESTAMP,
    event_type VARCHAR,
    details JSON,
    agent_id VARCHAR,
    tx_id VARCHAR,
    created_at TIMESTAMP
);
CREATE INDEX IF NOT EXISTS idx_sim_events_sim_tick ON simulation_events(simulation_id, tick);
CREATE INDEX IF NOT EXISTS idx_sim_events_sim_type ON simulation_events(simulation_id, event_type);

CREATE TABLE IF NOT EXISTS agent_state_registers (
    simulation_id VARCHAR NOT NULL,
    tick INTEGER NOT NULL,
    agent_id VARCHAR NOT NULL,
    register_key VARCHAR NOT NULL,
    register_value DOUBLE,
    PRIMARY KEY (simulation_id, tick, agent_id, register_key)
);
`;

export const CASTRO_DDL = `
CREATE TABLE IF NOT EXISTS game_sessions (
    game_id VARCHAR PRIMARY KEY,
    scenario_config VARCHAR NOT NULL,
    master_seed BIGINT NOT NULL,
    game_mode VARCHAR NOT NULL,
    config_json VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    status VARCHAR NOT NULL,
    optimized_agents VARCHAR NOT NULL,
    total_iterations INTEGER DEFAULT 0,
    converged BOOLEAN DEFAULT FALSE,
    final_cost DOUBLE
);

CREATE TABLE IF NOT EXISTS policy_iterations (
    game_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    iteration_number INTEGER NOT NULL,
    trigger_tick INTEGER NOT NULL,
    old_policy_json VARCHAR NOT NULL,
    new_policy_json VARCHAR,
    old_cost DOUBLE NOT NULL,
    new_cost DOUBLE,
    cost_improvement DOUBLE,
    was_accepted BOOLEAN NOT NULL,
    validation_errors VARCHAR,
    llm_model VARCHAR NOT NULL,
    llm_latency_seconds DOUBLE NOT NULL,
    tokens_used INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (game_id, agent_id, iteration_number)
);

CREATE TABLE IF NOT EXISTS llm_interaction_log (
    interaction_id VARCHAR PRIMARY KEY,
    game_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    iteration_number INTEGER NOT NULL,
    system_prompt VARCHAR NOT NULL,
    user_prompt VARCHAR NOT NULL,
    raw_response VARCHAR NOT NULL,
    parsed_policy_json VARCHAR,
    parsing_error VARCHAR,
    llm_reasoning VARCHAR,
    request_timestamp TIMESTAMP NOT NULL,
    response_timestamp TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_llm_log_game_agent ON llm_interaction_log(game_id, agent_id, iteration_number);

CREATE TABLE IF NOT EXISTS policy_diffs (
    game_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    iteration_number INTEGER NOT NULL,
    diff_summary VARCHAR NOT NULL,
    parameter_changes_json VARCHAR,
    payment_tree_changed BOOLEAN NOT NULL,
    collateral_tree_changed BOOLEAN NOT NULL,
    parameters_snapshot_json VARCHAR,
    PRIMARY KEY (game_id, agent_id, iteration_number)
);

CREATE TABLE IF NOT EXISTS iteration_context (
    game_id VARCHAR NOT NULL,
    agent_id VARCHAR NOT NULL,
    iteration_number INTEGER NOT NULL,
    monte_carlo_seeds VARCHAR NOT NULL,
    num_samples INTEGER NOT NULL,
    best_seed BIGINT NOT NULL,
    worst_seed BIGINT NOT NULL,
    best_seed_cost DOUBLE NOT NULL,
    worst_seed_cost DOUBLE NOT NULL,
    best_seed_verbose_output VARCHAR,
    worst_seed_verbose_output VARCHAR,
    cost_mean DOUBLE NOT NULL,
    cost_std DOUBLE NOT NULL,
    settlement_rate_mean DOUBLE NOT NULL,
    PRIMARY KEY (game_id, agent_id, iteration_number)
);
`;
