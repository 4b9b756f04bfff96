/**
 * The unified version chain: one step per schema version after the first, each turning a file of version N into
 * one of version N + 1 in place (on the migration's working copy). A file several versions behind runs every step
 * in turn. A step is written against a complete file of its `from` version; the chain first completes a partly
 * written file (missing tables of that version are created) and ends by creating any index of the current
 * version the file lacks.
 */
import type { Job } from './job';
import type { SourceInfo } from './source';
import type { PlanTable } from './types';

export interface UnifiedStep {
  from: number;
  to: number;
  title: string;
  description: string;
  /** What the step changes, for the plan. */
  tables(source: SourceInfo): PlanTable[];
  /** The work, on a file that has every table of version `from`. */
  jobs(source: SourceInfo): Job[];
}

const V1_TO_V2: UnifiedStep = {
  from: 1,
  to: 2,
  title: 'Unified v1 → v2',
  description:
    'Adds simulation_runs.config_path and simulation_runs.event_count (filled by counting each run\'s events), and rebuilds ' +
    'idx_events_sim_tx as a partial index over events that name a transaction. No row changes.',
  tables(source) {
    const runs = source.rows('simulation_runs');
    const events = source.rows('simulation_events');
    return [
      {
        from: ['simulation_runs', 'simulation_events'],
        to: 'simulation_runs',
        rows: runs,
        sourceRows: runs,
        notes: ['adds config_path (NULL: v1 files do not record it)', 'adds event_count, filled with each run\'s number of stored events'],
      },
      { from: ['simulation_events'], to: 'simulation_events', rows: events, sourceRows: events, notes: ['idx_events_sim_tx rebuilt with WHERE tx_id IS NOT NULL'] },
    ];
  },
  jobs(source) {
    const runs = source.rows('simulation_runs');
    const events = source.rows('simulation_events');
    const addColumns = [
      ...(source.hasColumn('simulation_runs', 'config_path') ? [] : ['ALTER TABLE simulation_runs ADD COLUMN config_path VARCHAR;']),
      ...(source.hasColumn('simulation_runs', 'event_count') ? [] : ['ALTER TABLE simulation_runs ADD COLUMN event_count INTEGER;']),
    ];
    return [
      {
        label: 'Counting events per simulation',
        cost: Math.ceil(events / 5) + runs,
        *run(db) {
          db.run(addColumns.join('\n'));
          // One index range count per run (served by idx_events_sim_tick); runs written by v2 writers keep their value.
          db.run('UPDATE simulation_runs SET event_count = (SELECT COUNT(*) FROM simulation_events se WHERE se.simulation_id = simulation_runs.simulation_id) WHERE event_count IS NULL;');
          yield Math.ceil(events / 5) + runs;
        },
      },
      {
        label: 'Rebuilding idx_events_sim_tx as a partial index',
        cost: events,
        *run(db) {
          db.run(
            'DROP INDEX IF EXISTS idx_events_sim_tx;\nCREATE INDEX IF NOT EXISTS idx_events_sim_tx ON simulation_events(simulation_id, tx_id) WHERE tx_id IS NOT NULL;',
          );
          yield events;
        },
      },
    ];
  },
};

/** Every step, oldest first. A new schema version adds its step here. */
export const UNIFIED_STEPS: readonly UnifiedStep[] = [V1_TO_V2];

/** The steps that take a file from `from` to `to`, in order; throws when the chain has a gap. */
export function stepsBetween(from: number, to: number): UnifiedStep[] {
  const steps: UnifiedStep[] = [];
  for (let v = from; v < to; v++) {
    const step = UNIFIED_STEPS.find((s) => s.from === v);
    if (!step || step.to !== v + 1) {
      throw new Error(`no migration step from unified schema v${v} to v${v + 1}`);
    }
    steps.push(step);
  }
  return steps;
}
