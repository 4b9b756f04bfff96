/**
 * Mappings of the per-simulation tables the predecessor wrote (CLI simulation files, and the event and register
 * tables of experiment files) onto their unified homes. The unified tables keep the CLI's names and columns, so
 * most columns carry over by name; what differs is spelled out here and listed in docs/migration.md.
 */
import type { ColumnRule, TableMapping } from './mapping';
import { booleanSql, isoTimestampSql } from './sqlText';

/**
 * The run's day of a tick. The predecessor's full-replay tables stored the placeholder `tick // 10` whatever the
 * scenario's ticks per day; the real day follows from the run's ticks_per_day (the run rows are written first).
 * Without a known ticks_per_day the stored value is kept.
 */
const RUN_DAY: ColumnRule = {
  sql: '(CASE WHEN CAST(r.ticks_per_day AS INTEGER) > 0 THEN CAST(s.tick AS INTEGER) / CAST(r.ticks_per_day AS INTEGER) ELSE s.day END)',
  needs: ['tick', 'day'],
  fallback: 'NULL',
};
const RUN_JOIN = 'LEFT JOIN main.simulation_runs r ON r.simulation_id = s.simulation_id';
const DAY_NOTE = "day recomputed as tick / the run's ticks_per_day (the predecessor stored the placeholder tick // 10)";
const OPPORTUNITY_NOTE = 'liquidity_opportunity_cost left NULL: the predecessor folded pool opportunity cost into liquidity_cost';

export const SIMULATION_TABLE_MAPPINGS: readonly TableMapping[] = [
  {
    from: 'simulation_events',
    to: 'simulation_events',
    skip: ['event_id'],
    ordered: true,
    dropped: {
      event_id: 'a random uuid; events get integer ids assigned in stored order, so (tick, event_id) keeps the order readers saw',
      event_timestamp: 'wall-clock time the batch was written, not simulation time',
      created_at: 'wall-clock time the batch was written, not simulation time',
    },
    notes: ['simulation_id, tick, day, event_type, details, agent_id and tx_id carried as stored'],
  },
  {
    from: 'transactions',
    to: 'transactions',
    columns: { is_divisible: { sql: booleanSql('s.is_divisible'), needs: ['is_divisible'] } },
    notes: ['every column carried; legacy rows are snapshots taken at the end of the arrival day (a payment settled later reads pending), as the predecessor left them'],
  },
  {
    from: 'daily_agent_metrics',
    to: 'daily_agent_metrics',
    notes: ['every column carried', OPPORTUNITY_NOTE],
  },
  { from: 'agent_queue_snapshots', to: 'agent_queue_snapshots', notes: ['every column carried'] },
  { from: 'agent_state_registers', to: 'agent_state_registers', notes: ['every column carried'] },
  { from: 'policy_snapshots', to: 'policy_snapshots', notes: ['every column carried (template rows included)'] },
  {
    from: 'simulation_checkpoints',
    to: 'simulation_checkpoints',
    columns: { checkpoint_timestamp: { sql: isoTimestampSql('s.checkpoint_timestamp'), needs: ['checkpoint_timestamp'] } },
    notes: ['every column carried; checkpoint_timestamp in ISO-8601 form'],
  },
  { from: 'collateral_events', to: 'collateral_events', notes: ['every column carried, ids kept'] },
  { from: 'lsm_cycles', to: 'lsm_cycles', notes: ['every column carried, ids kept'] },
  {
    from: 'policy_decisions',
    to: 'policy_decisions',
    columns: { day: RUN_DAY },
    join: RUN_JOIN,
    notes: ['ids kept', DAY_NOTE],
  },
  {
    from: 'tick_agent_states',
    to: 'tick_agent_states',
    columns: {
      day: RUN_DAY,
      credit_used: { sql: '(CASE WHEN s.balance < 0 THEN -s.balance ELSE 0 END)', needs: ['balance'] },
    },
    join: RUN_JOIN,
    notes: [DAY_NOTE, 'credit_used derived as max(0, -balance)', 'allocated_liquidity left NULL (not recorded)', `${OPPORTUNITY_NOTE} (and its _delta)`],
  },
  { from: 'tick_queue_snapshots', to: 'tick_queue_snapshots', notes: ['every column carried'] },
];

/** Tables these mappings consume (plus the two run tables, reconciled separately). */
export const SIMULATION_TABLES: readonly string[] = ['simulations', 'simulation_runs', ...SIMULATION_TABLE_MAPPINGS.map((m) => m.from)];
