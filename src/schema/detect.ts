import type { Database } from '../db/types';
import { CURRENT_SCHEMA_VERSION } from './versions';

/** The kinds of SQLite file the extension tells apart. */
export type SchemaKind = 'unified' | 'legacy-simulation' | 'legacy-experiment' | 'castro' | 'sqlite';

export interface SchemaDetection {
  kind: SchemaKind;
  /** Unified files: the highest version in schema_version (null when the table is missing or empty). */
  schemaVersion: number | null;
  /** User tables in the file, sorted by name. */
  tables: string[];
  /** True for legacy kinds and for unified files older than CURRENT_SCHEMA_VERSION. */
  migratable: boolean;
  /** One line for people, e.g. "SimCash unified database, schema v1". */
  label: string;
}

const KIND_LABELS: Record<SchemaKind, string> = {
  unified: 'SimCash unified database',
  'legacy-simulation': 'Legacy SimCash simulation database',
  'legacy-experiment': 'Legacy SimCash experiment database',
  castro: 'Legacy SimCash LLM-audit ("castro") database',
  sqlite: 'SQLite database (not a SimCash schema)',
};

/**
 * Classifies a file by its tables and key columns. Order matters: a legacy experiment file also holds
 * `simulations` and `simulation_events`, and a castro file may also hold the CLI's simulation tables, so the
 * more specific signatures are checked first.
 */
export async function detectSchema(db: Database): Promise<SchemaDetection> {
  const tableRows = await db.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const tables = tableRows.map((r) => r.name);
  const has = new Set(tables);
  const columnsOf = async (table: string): Promise<Set<string>> =>
    has.has(table) ? new Set((await db.query<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [table])).map((r) => r.name)) : new Set();

  const kind = await classify(has, columnsOf);
  let schemaVersion: number | null = null;
  if (kind === 'unified' && has.has('schema_version')) {
    const [row] = await db.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version');
    schemaVersion = row?.v ?? null;
  }
  const migratable =
    kind === 'legacy-simulation' || kind === 'legacy-experiment' || kind === 'castro' || (kind === 'unified' && (schemaVersion ?? 0) < CURRENT_SCHEMA_VERSION);
  const label = kind === 'unified' ? `${KIND_LABELS.unified}, schema ${schemaVersion === null ? 'version unknown' : `v${schemaVersion}`}` : KIND_LABELS[kind];
  return { kind, schemaVersion, tables, migratable, label };
}

async function classify(has: Set<string>, columnsOf: (table: string) => Promise<Set<string>>): Promise<SchemaKind> {
  if (has.has('schema_version') && has.has('simulation_runs') && (await columnsOf('simulation_runs')).has('experiment_id')) {
    return 'unified';
  }
  if (has.has('simulation_runs') && has.has('experiments')) {
    const [runs, experiments] = await Promise.all([columnsOf('simulation_runs'), columnsOf('experiments')]);
    if (runs.has('experiment_id') && experiments.has('experiment_id')) {
      return 'unified'; // partly written unified file without its version row
    }
  }
  if (has.has('experiments') && (await columnsOf('experiments')).has('run_id')) {
    return 'legacy-experiment';
  }
  if (has.has('experiment_iterations') && (await columnsOf('experiment_iterations')).has('run_id')) {
    return 'legacy-experiment';
  }
  if (has.has('game_sessions') || (has.has('policy_iterations') && has.has('llm_interaction_log'))) {
    return 'castro';
  }
  const simulationSignature = ['simulations', 'simulation_runs', 'simulation_events', 'daily_agent_metrics'];
  if (simulationSignature.some((t) => has.has(t))) {
    return 'legacy-simulation';
  }
  return 'sqlite';
}
