/**
 * Unified SimCash database schema, version 2: version 1 plus three changes, each carried out on existing files by
 * the v1 → v2 migration step (src/schema/migrate/unifiedSteps.ts):
 *
 * - `idx_events_sim_tx` becomes a partial index (`WHERE tx_id IS NOT NULL`). Every transaction lookup of the views
 *   has `tx_id = ?`, which implies NOT NULL, so they keep using it; events without a transaction (end of day, LSM
 *   cycles, collateral, about a tenth of all events) no longer cost index space or insert time.
 * - `simulation_runs.event_count` caches the number of stored events of a run, counted when the run is written.
 *   Every simulation listing and the design note's "replayable simulations" query show that number; counting it
 *   from the index on each listing costs one index range scan per simulation (tens of milliseconds for a run of a
 *   million events in sql.js). NULL means "not recorded": readers fall back to counting.
 * - `simulation_runs.config_path` keeps the scenario file a run was started with. Legacy files recorded it
 *   (`simulations.config_file`) next to a bare scenario name, and a migration must not drop it.
 *
 * The DDL is derived from version 1 by exact, checked edits so that the two texts cannot drift apart silently; the
 * published copies (`schema/unified-v2.sql`, `docs/schema/unified-v2.md`) are written by `npm run schema:publish`.
 */
import { UNIFIED_SCHEMA_V1 } from './unifiedV1';

/** Replaces `from` (which must occur exactly once) by `to`; a failed edit is a programming error caught at load. */
function edit(text: string, from: string, to: string): string {
  const first = text.indexOf(from);
  if (first < 0 || text.indexOf(from, first + 1) >= 0) {
    throw new Error(`unified schema v2: the v1 text to replace must occur exactly once: ${from}`);
  }
  return text.slice(0, first) + to + text.slice(first + from.length);
}

const RUN_LEVEL_COLUMN = "    persistence_level VARCHAR,          -- what is stored for it: 'none', 'summary', 'events' or 'full'\n";

export const UNIFIED_SCHEMA_V2 = [
  (ddl: string) => edit(ddl, '-- SimCash unified database schema, version 1.', '-- SimCash unified database schema, version 2.'),
  (ddl: string) =>
    edit(
      ddl,
      RUN_LEVEL_COLUMN,
      RUN_LEVEL_COLUMN +
        '    config_path VARCHAR,                -- scenario file the run was started with, as given (e.g. examples/configs/demo.yaml); NULL when unknown\n' +
        '    event_count INTEGER,                -- rows of simulation_events stored for the run, counted when it was written; NULL when not recorded\n',
    ),
  (ddl: string) =>
    edit(
      ddl,
      'CREATE INDEX IF NOT EXISTS idx_events_sim_tx ON simulation_events(simulation_id, tx_id);',
      'CREATE INDEX IF NOT EXISTS idx_events_sim_tx ON simulation_events(simulation_id, tx_id) WHERE tx_id IS NOT NULL;',
    ),
].reduce((ddl, step) => step(ddl), UNIFIED_SCHEMA_V1);
