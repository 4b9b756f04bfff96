-- SimCash unified database schema, version 2.
-- Money columns are integer cents. JSON columns hold JSON text. Timestamps are ISO-8601 UTC text.

-- Schema versions applied to this file, one row per version; the highest is the file's version.
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,        -- schema version number
    applied_at TIMESTAMP NOT NULL,      -- when this version was written or migrated to
    description VARCHAR                 -- what the version introduced
);

-- An experiment: an optimisation run over many iterations; the optional container of simulations.
CREATE TABLE IF NOT EXISTS experiments (
    experiment_id VARCHAR PRIMARY KEY,  -- e.g. exp2-20251214-011720-cd2e23
    experiment_name VARCHAR NOT NULL,   -- name from the experiment YAML
    experiment_type VARCHAR NOT NULL,   -- 'generic', 'castro' or 'custom'
    config JSON NOT NULL,               -- the full experiment configuration (optimiser or LLM model, evaluation, output.persistence_level, output.persist_simulations)
    scenario_path VARCHAR,              -- scenario YAML the experiment ran
    master_seed BIGINT,                 -- root of all seed derivation
    created_at TIMESTAMP NOT NULL,      -- start time
    completed_at TIMESTAMP,             -- end time; NULL while running
    num_iterations INTEGER DEFAULT 0,   -- iterations completed
    converged BOOLEAN DEFAULT FALSE,    -- 1 when the convergence detector stopped the run
    convergence_reason VARCHAR,         -- e.g. 'stability_reached', 'max_iterations'
    final_cost BIGINT,                  -- total cost of the last iteration, cents
    best_cost BIGINT                    -- lowest total cost over all iterations, cents
);

-- Per-iteration summary of an experiment, linked to the simulations that evaluated it.
CREATE TABLE IF NOT EXISTS experiment_iterations (
    experiment_id VARCHAR NOT NULL,     -- owning experiment
    iteration INTEGER NOT NULL,         -- 0-based iteration number
    costs_per_agent JSON NOT NULL,      -- {agent_id: cost in cents}
    accepted_changes JSON NOT NULL,     -- {agent_id: true when that agent's proposed policy was accepted}
    policies JSON NOT NULL,             -- {agent_id: policy JSON in force during this iteration}
    timestamp VARCHAR NOT NULL,         -- when the iteration finished
    evaluation_simulation_id VARCHAR,   -- the iteration's main evaluation run (simulation_runs.simulation_id)
    bootstrap_simulation_ids JSON,      -- JSON array of the bootstrap sample runs' simulation ids, in sample order
    PRIMARY KEY (experiment_id, iteration),
    FOREIGN KEY (experiment_id) REFERENCES experiments(experiment_id)
);

-- High-level experiment events (iteration start, evaluation, LLM interaction summaries, ...).
CREATE TABLE IF NOT EXISTS experiment_events (
    id INTEGER PRIMARY KEY,             -- insertion order
    experiment_id VARCHAR NOT NULL,     -- owning experiment
    iteration INTEGER,                  -- iteration the event belongs to, if any
    event_type VARCHAR NOT NULL,        -- e.g. 'iteration_start', 'evaluation', 'llm_interaction'
    event_data JSON,                    -- event payload
    timestamp VARCHAR NOT NULL,         -- when it happened
    FOREIGN KEY (experiment_id) REFERENCES experiments(experiment_id)
);

-- The authoritative acceptance record: one row per agent per iteration.
CREATE TABLE IF NOT EXISTS policy_evaluations (
    experiment_id VARCHAR NOT NULL,     -- owning experiment
    iteration INTEGER NOT NULL,         -- iteration evaluated
    agent_id VARCHAR NOT NULL,          -- agent whose proposal was evaluated
    evaluation_mode VARCHAR,            -- 'bootstrap', 'deterministic-pairwise' or 'deterministic-temporal'
    proposed_policy JSON,               -- the policy that was proposed
    old_cost BIGINT,                    -- mean cost of the current policy, cents
    new_cost BIGINT,                    -- mean cost of the proposed policy, cents
    context_simulation_cost BIGINT,     -- the agent's cost in the context simulation, cents
    accepted BOOLEAN,                   -- 1 when the proposal was adopted
    acceptance_reason VARCHAR,          -- why it was accepted or rejected
    delta_sum BIGINT,                   -- sum over samples of old minus new cost, cents
    num_samples INTEGER,                -- bootstrap samples used
    sample_details JSON,                -- [{index, seed, old_cost, new_cost, delta}]
    scenario_seed BIGINT,               -- seed of the deterministic evaluation, if any
    timestamp VARCHAR,                  -- when the evaluation finished
    settlement_rate DOUBLE,             -- share of the agent's payments settled under the proposal
    avg_delay DOUBLE,                   -- mean settlement delay in ticks
    cost_breakdown JSON,                -- {liquidity, delay, penalty, ...} in cents
    cost_std_dev BIGINT,                -- standard deviation of the sample costs, cents
    confidence_interval_95 JSON,        -- [low, high] in cents
    agent_stats JSON,                   -- further per-agent statistics
    PRIMARY KEY (experiment_id, iteration, agent_id),
    FOREIGN KEY (experiment_id) REFERENCES experiments(experiment_id)
);

-- One row per simulation, standalone or inside an experiment.
CREATE TABLE IF NOT EXISTS simulation_runs (
    simulation_id VARCHAR PRIMARY KEY,  -- e.g. sim-exp2-iter5-eval or sim-20251214-120000-xyz
    config_name VARCHAR,                -- scenario file name
    config_hash VARCHAR,                -- SHA-256 of the canonical (sorted-key) scenario JSON
    description VARCHAR,                -- free text
    rng_seed BIGINT,                    -- seed the simulation ran with
    ticks_per_day INTEGER,              -- ticks in one simulated day
    num_days INTEGER,                   -- simulated days
    num_agents INTEGER,                 -- banks in the scenario
    start_time TIMESTAMP,               -- wall-clock start
    end_time TIMESTAMP,                 -- wall-clock end; NULL while running
    status VARCHAR,                     -- 'running', 'completed' or 'failed'
    total_transactions INTEGER,         -- payments created (arrivals, split children included)
    total_arrivals INTEGER,             -- arrivals (split children excluded)
    total_settlements INTEGER,          -- payments settled
    total_cost_cents BIGINT,            -- all agents' costs over the whole run, cents
    duration_seconds DOUBLE,            -- wall-clock duration
    config_json JSON,                   -- the scenario configuration the run used, policies included
    experiment_id VARCHAR,              -- owning experiment; NULL for a standalone run
    iteration INTEGER,                  -- experiment iteration; NULL for a standalone run
    sample_index INTEGER,               -- bootstrap sample index; NULL for evaluation and standalone runs
    run_purpose VARCHAR,                -- 'standalone', 'evaluation' or 'bootstrap'
    persistence_reason VARCHAR,         -- why the run was persisted at its level: 'initial', 'best', 'worst', 'final', 'all' or NULL
    persistence_level VARCHAR,          -- what is stored for it: 'none', 'summary', 'events' or 'full'
    config_path VARCHAR,                -- scenario file the run was started with, as given (e.g. examples/configs/demo.yaml); NULL when unknown
    event_count INTEGER,                -- rows of simulation_events stored for the run, counted when it was written; NULL when not recorded
    FOREIGN KEY (experiment_id) REFERENCES experiments(experiment_id)
);

-- Every engine event of a simulation, in order; the source of truth for replay.
CREATE TABLE IF NOT EXISTS simulation_events (
    event_id INTEGER PRIMARY KEY,       -- strictly increasing in emission order (also within a tick)
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    tick INTEGER NOT NULL,              -- tick the event happened in
    day INTEGER,                        -- tick / ticks_per_day
    event_type VARCHAR NOT NULL,        -- one of the engine's event types, e.g. 'Arrival', 'RtgsImmediateSettlement'
    details JSON,                       -- the event's remaining fields
    agent_id VARCHAR,                   -- acting agent (sender for payments), if any
    tx_id VARCHAR,                      -- transaction concerned, if any
    FOREIGN KEY (simulation_id) REFERENCES simulation_runs(simulation_id)
);

-- Each payment's final state at the end of the run.
CREATE TABLE IF NOT EXISTS transactions (
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    tx_id VARCHAR NOT NULL,             -- transaction id
    sender_id VARCHAR NOT NULL,         -- paying agent
    receiver_id VARCHAR NOT NULL,       -- receiving agent
    amount BIGINT NOT NULL,             -- cents
    priority INTEGER,                   -- internal priority 0-10
    is_divisible BOOLEAN,               -- whether the payment may be split
    arrival_tick INTEGER NOT NULL,      -- tick it arrived
    arrival_day INTEGER NOT NULL,       -- day it arrived
    deadline_tick INTEGER NOT NULL,     -- last tick before it is overdue
    settlement_tick INTEGER,            -- tick it settled; NULL if it never did
    settlement_day INTEGER,             -- day it settled
    status VARCHAR NOT NULL,            -- 'pending', 'settled', 'dropped', 'overdue' or 'split'
    overdue_since_tick INTEGER,         -- first tick it was overdue
    drop_reason VARCHAR,                -- why the policy dropped it
    amount_settled BIGINT,              -- cents settled (a split parent: sum of its settled children)
    queue1_ticks INTEGER,               -- ticks spent in the bank's queue
    queue2_ticks INTEGER,               -- ticks spent in the RTGS queue
    total_delay_ticks INTEGER,          -- settlement tick minus arrival tick
    delay_cost BIGINT,                  -- delay cost it caused, cents
    parent_tx_id VARCHAR,               -- parent of a split child
    split_index INTEGER,                -- position among its siblings
    rtgs_priority VARCHAR,              -- RTGS priority when submitted
    rtgs_submission_tick INTEGER,       -- tick it entered RTGS
    declared_rtgs_priority VARCHAR,     -- priority declared by the bank
    PRIMARY KEY (simulation_id, tx_id)
);

-- Per-agent, per-day metrics; stored for every persisted simulation (summary level and above).
CREATE TABLE IF NOT EXISTS daily_agent_metrics (
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    agent_id VARCHAR NOT NULL,          -- agent
    day INTEGER NOT NULL,               -- day
    opening_balance BIGINT,             -- balance at the start of the day, cents
    closing_balance BIGINT,             -- balance at the end of the day, cents
    min_balance BIGINT,                 -- lowest end-of-tick balance, cents
    max_balance BIGINT,                 -- highest end-of-tick balance, cents
    unsecured_cap BIGINT,               -- unsecured overdraft capacity, cents
    peak_overdraft BIGINT,              -- largest credit used, cents
    opening_posted_collateral BIGINT,   -- cents
    closing_posted_collateral BIGINT,   -- cents
    peak_posted_collateral BIGINT,      -- cents
    collateral_capacity BIGINT,         -- cents
    num_collateral_posts INTEGER,       -- collateral posts that day
    num_collateral_withdrawals INTEGER, -- collateral withdrawals that day
    num_arrivals INTEGER,               -- payments that arrived for this sender
    num_sent INTEGER,                   -- payments it submitted to RTGS
    num_received INTEGER,               -- payments it received (settled)
    num_settled INTEGER,                -- its payments that settled
    num_dropped INTEGER,                -- its payments the policy dropped
    queue1_peak_size INTEGER,           -- largest bank-queue length
    queue1_eod_size INTEGER,            -- bank-queue length at end of day
    liquidity_cost BIGINT,              -- overdraft cost, cents
    delay_cost BIGINT,                  -- delay cost, cents
    collateral_cost BIGINT,             -- collateral opportunity cost, cents
    split_friction_cost BIGINT,         -- split friction, cents
    deadline_penalty BIGINT,            -- deadline and end-of-day penalties, cents
    liquidity_opportunity_cost BIGINT,  -- opportunity cost of pool liquidity, cents
    total_cost BIGINT,                  -- sum of the cost columns, cents
    PRIMARY KEY (simulation_id, agent_id, day)
);

-- Queue-1 contents of each agent at each end of day.
CREATE TABLE IF NOT EXISTS agent_queue_snapshots (
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    agent_id VARCHAR NOT NULL,          -- agent
    day INTEGER NOT NULL,               -- day
    queue_type VARCHAR NOT NULL,        -- 'queue1'
    position INTEGER NOT NULL,          -- 0-based queue position
    transaction_id VARCHAR NOT NULL,    -- queued transaction
    PRIMARY KEY (simulation_id, agent_id, day, queue_type, position)
);

-- Policy state registers (policy micro-memory) as set during the run.
CREATE TABLE IF NOT EXISTS agent_state_registers (
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    tick INTEGER NOT NULL,              -- tick it was set
    agent_id VARCHAR NOT NULL,          -- agent
    register_key VARCHAR NOT NULL,      -- bank_state_* key
    register_value DOUBLE,              -- value after the tick
    PRIMARY KEY (simulation_id, tick, agent_id, register_key)
);

-- Policy configuration history of each agent.
CREATE TABLE IF NOT EXISTS policy_snapshots (
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    agent_id VARCHAR NOT NULL,          -- agent
    snapshot_day INTEGER NOT NULL,      -- day the policy took effect
    snapshot_tick INTEGER NOT NULL,     -- tick the policy took effect
    policy_hash VARCHAR NOT NULL,       -- SHA-256 hex of policy_json
    policy_json JSON NOT NULL,          -- the policy (sorted keys)
    created_by VARCHAR NOT NULL,        -- 'init', 'manual' or 'llm'
    PRIMARY KEY (simulation_id, agent_id, snapshot_day, snapshot_tick)
);

-- Saved engine states (end of day, manual, final) for resuming or seeking.
CREATE TABLE IF NOT EXISTS simulation_checkpoints (
    checkpoint_id VARCHAR PRIMARY KEY,  -- checkpoint id
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    checkpoint_tick INTEGER NOT NULL,   -- state after this tick
    checkpoint_day INTEGER NOT NULL,    -- day of that tick
    checkpoint_timestamp TIMESTAMP NOT NULL, -- when it was saved
    state_json JSON NOT NULL,           -- the engine state
    state_hash VARCHAR NOT NULL,        -- SHA-256 of state_json
    config_json JSON,                   -- configuration of the run
    config_hash VARCHAR,                -- SHA-256 of config_json
    checkpoint_type VARCHAR NOT NULL,   -- 'manual', 'auto', 'end_of_day' or 'final'
    description VARCHAR,                -- free text
    created_by VARCHAR,                 -- who saved it
    num_agents INTEGER,                 -- agents in the state
    num_transactions INTEGER,           -- transactions in the state
    total_size_bytes INTEGER            -- size of state_json
);

-- Every policy decision (full persistence level).
CREATE TABLE IF NOT EXISTS policy_decisions (
    id INTEGER PRIMARY KEY,             -- insertion order
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    agent_id VARCHAR NOT NULL,          -- deciding agent
    tick INTEGER NOT NULL,              -- tick of the decision
    day INTEGER NOT NULL,               -- day of the decision (tick / ticks_per_day)
    decision_type VARCHAR NOT NULL,     -- 'submit', 'hold', 'drop' or 'split'
    tx_id VARCHAR NOT NULL,             -- transaction decided on
    reason VARCHAR,                     -- hold or drop reason
    num_splits INTEGER,                 -- parts of a split
    child_tx_ids JSON                   -- JSON array of split children
);

-- Per-tick state of each agent after the tick (full persistence level). Costs are cumulative since tick 0.
CREATE TABLE IF NOT EXISTS tick_agent_states (
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    agent_id VARCHAR NOT NULL,          -- agent
    tick INTEGER NOT NULL,              -- tick
    day INTEGER NOT NULL,               -- tick / ticks_per_day
    balance BIGINT NOT NULL,            -- settlement balance after the tick, cents
    balance_change BIGINT NOT NULL,     -- change during the tick, cents
    unsecured_cap BIGINT,               -- unsecured overdraft capacity, cents
    posted_collateral BIGINT,           -- collateral posted, cents
    allocated_liquidity BIGINT,         -- liquidity drawn from the pool, cents
    credit_used BIGINT,                 -- max(0, -balance), cents
    liquidity_cost BIGINT,              -- cumulative overdraft cost, cents
    delay_cost BIGINT,                  -- cumulative delay cost, cents
    collateral_cost BIGINT,             -- cumulative collateral cost, cents
    penalty_cost BIGINT,                -- cumulative deadline and end-of-day penalties, cents
    split_friction_cost BIGINT,         -- cumulative split friction, cents
    liquidity_opportunity_cost BIGINT,  -- cumulative pool-liquidity opportunity cost, cents
    liquidity_cost_delta BIGINT,        -- this tick's overdraft cost, cents
    delay_cost_delta BIGINT,            -- this tick's delay cost, cents
    collateral_cost_delta BIGINT,       -- this tick's collateral cost, cents
    penalty_cost_delta BIGINT,          -- this tick's penalties, cents
    split_friction_cost_delta BIGINT,   -- this tick's split friction, cents
    liquidity_opportunity_cost_delta BIGINT, -- this tick's opportunity cost, cents
    PRIMARY KEY (simulation_id, agent_id, tick)
);

-- Per-tick queue contents after the tick (full persistence level); RTGS entries are attributed to the sender.
CREATE TABLE IF NOT EXISTS tick_queue_snapshots (
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    agent_id VARCHAR NOT NULL,          -- queue owner (the sender)
    tick INTEGER NOT NULL,              -- tick
    queue_type VARCHAR NOT NULL,        -- 'queue1' (bank queue) or 'rtgs' (central queue)
    position INTEGER NOT NULL,          -- 0-based position (in the central queue: global position)
    tx_id VARCHAR NOT NULL,             -- queued transaction
    PRIMARY KEY (simulation_id, agent_id, tick, queue_type, position)
);

-- Liquidity-saving mechanism settlements: bilateral offsets and cycles.
CREATE TABLE IF NOT EXISTS lsm_cycles (
    id INTEGER PRIMARY KEY,             -- insertion order
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    tick INTEGER NOT NULL,              -- tick
    day INTEGER NOT NULL,               -- day
    cycle_type VARCHAR NOT NULL,        -- 'bilateral' or 'multilateral'
    cycle_length INTEGER NOT NULL,      -- agents in the cycle
    agents JSON NOT NULL,               -- JSON array of agent ids
    transactions JSON NOT NULL,         -- JSON array of settled transaction ids
    settled_value BIGINT NOT NULL,      -- gross value settled, cents
    total_value BIGINT NOT NULL,        -- gross value of the cycle, cents
    tx_amounts JSON,                    -- JSON array of amounts, in transaction order
    net_positions JSON,                 -- {agent_id: net position in cents}
    max_net_outflow BIGINT,             -- largest net outflow, cents
    max_net_outflow_agent VARCHAR       -- agent with that outflow
);

-- Collateral posts and withdrawals.
CREATE TABLE IF NOT EXISTS collateral_events (
    id INTEGER PRIMARY KEY,             -- insertion order
    simulation_id VARCHAR NOT NULL,     -- owning simulation
    agent_id VARCHAR NOT NULL,          -- agent
    tick INTEGER NOT NULL,              -- tick
    day INTEGER NOT NULL,               -- day
    action VARCHAR NOT NULL,            -- 'post', 'withdraw' or 'hold'
    amount BIGINT NOT NULL,             -- cents
    reason VARCHAR,                     -- why
    layer VARCHAR,                      -- 'strategic' or 'end_of_tick'
    balance_before BIGINT,              -- settlement balance at the time, cents
    posted_collateral_before BIGINT,    -- cents
    posted_collateral_after BIGINT,     -- cents
    available_capacity_after BIGINT     -- remaining collateral capacity, cents
);

-- LLM audit: every prompt and response of an LLM-driven experiment.
CREATE TABLE IF NOT EXISTS llm_interaction_log (
    interaction_id VARCHAR PRIMARY KEY, -- interaction id
    experiment_id VARCHAR NOT NULL,     -- owning experiment
    agent_id VARCHAR NOT NULL,          -- agent being optimised
    iteration INTEGER NOT NULL,         -- iteration
    system_prompt TEXT,                 -- full system prompt
    user_prompt TEXT,                   -- full user prompt
    raw_response TEXT,                  -- the model's raw answer
    parsed_policy_json JSON,            -- the policy parsed from it
    parsing_error TEXT,                 -- parse or validation errors
    llm_reasoning TEXT,                 -- reasoning summary, if the provider returns one
    llm_model VARCHAR,                  -- provider:model
    tokens_used INTEGER,                -- tokens of prompt and answer
    latency_seconds DOUBLE,             -- wall-clock latency
    request_timestamp TIMESTAMP,        -- request sent
    response_timestamp TIMESTAMP,       -- response received
    FOREIGN KEY (experiment_id) REFERENCES experiments(experiment_id)
);

-- LLM audit: what changed between an agent's consecutive policies.
CREATE TABLE IF NOT EXISTS policy_diffs (
    experiment_id VARCHAR NOT NULL,     -- owning experiment
    agent_id VARCHAR NOT NULL,          -- agent
    iteration INTEGER NOT NULL,         -- iteration that proposed the change
    diff_summary TEXT,                  -- human-readable summary
    parameter_changes_json JSON,        -- [{path, old, new}]
    payment_tree_changed BOOLEAN,       -- 1 when the payment tree changed
    collateral_tree_changed BOOLEAN,    -- 1 when a collateral tree changed
    parameters_snapshot_json JSON,      -- parameters after the change
    PRIMARY KEY (experiment_id, agent_id, iteration),
    FOREIGN KEY (experiment_id) REFERENCES experiments(experiment_id)
);

-- LLM audit: the evaluation context the LLM saw for an agent at an iteration.
CREATE TABLE IF NOT EXISTS iteration_context (
    experiment_id VARCHAR NOT NULL,     -- owning experiment
    agent_id VARCHAR NOT NULL,          -- agent
    iteration INTEGER NOT NULL,         -- iteration
    monte_carlo_seeds JSON,             -- JSON array of sample seeds
    num_samples INTEGER,                -- samples evaluated
    best_seed BIGINT,                   -- seed of the cheapest sample
    worst_seed BIGINT,                  -- seed of the costliest sample
    best_seed_cost BIGINT,              -- cents
    worst_seed_cost BIGINT,             -- cents
    best_seed_verbose_output TEXT,      -- verbose output of the best sample
    worst_seed_verbose_output TEXT,     -- verbose output of the worst sample
    cost_mean BIGINT,                   -- cents
    cost_std BIGINT,                    -- cents
    settlement_rate_mean DOUBLE,        -- mean settlement rate over samples
    PRIMARY KEY (experiment_id, agent_id, iteration),
    FOREIGN KEY (experiment_id) REFERENCES experiments(experiment_id)
);

-- Indexes behind the views and the design note's queries.
CREATE INDEX IF NOT EXISTS idx_sim_experiment ON simulation_runs(experiment_id, iteration, sample_index);
CREATE INDEX IF NOT EXISTS idx_sim_start_time ON simulation_runs(start_time);
CREATE INDEX IF NOT EXISTS idx_events_sim_tick ON simulation_events(simulation_id, tick);
CREATE INDEX IF NOT EXISTS idx_events_sim_type ON simulation_events(simulation_id, event_type, tick);
CREATE INDEX IF NOT EXISTS idx_events_sim_agent ON simulation_events(simulation_id, agent_id, tick);
CREATE INDEX IF NOT EXISTS idx_events_sim_tx ON simulation_events(simulation_id, tx_id) WHERE tx_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_tx_sim_sender ON transactions(simulation_id, sender_id);
CREATE INDEX IF NOT EXISTS idx_tick_agent_states_sim_tick ON tick_agent_states(simulation_id, tick);
CREATE INDEX IF NOT EXISTS idx_tick_queue_sim_tick ON tick_queue_snapshots(simulation_id, tick);
CREATE INDEX IF NOT EXISTS idx_policy_decisions_sim_tick ON policy_decisions(simulation_id, tick);
CREATE INDEX IF NOT EXISTS idx_lsm_cycles_sim_tick ON lsm_cycles(simulation_id, tick);
CREATE INDEX IF NOT EXISTS idx_collateral_sim_tick ON collateral_events(simulation_id, tick);
CREATE INDEX IF NOT EXISTS idx_checkpoints_sim_tick ON simulation_checkpoints(simulation_id, checkpoint_tick);
CREATE INDEX IF NOT EXISTS idx_experiment_events_iter ON experiment_events(experiment_id, iteration);
CREATE INDEX IF NOT EXISTS idx_llm_experiment_iter ON llm_interaction_log(experiment_id, iteration, agent_id);

INSERT OR IGNORE INTO schema_version (version, applied_at, description) VALUES (2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'Unified schema v1 plus a partial transaction index on events and cached event counts and scenario paths on simulation runs');
