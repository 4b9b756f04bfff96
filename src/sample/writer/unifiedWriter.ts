/**
 * Writes simulator output into a unified file (the current schema version).
 *
 * Persistence levels decide which tables receive a simulation's rows (the design note's SimulationPersistenceLevel):
 * - `none`:    nothing at all (the run happened but left no trace; experiments still reference its id nowhere).
 * - `summary`: `simulation_runs` + `daily_agent_metrics` — enough for cost tables and iteration charts.
 * - `events`:  summary + `simulation_events`, `transactions`, `policy_snapshots`, `agent_queue_snapshots`,
 *              `lsm_cycles`, `collateral_events`, `agent_state_registers` — everything replay folds over.
 * - `full`:    events + `tick_agent_states`, `tick_queue_snapshots`, `policy_decisions`, `simulation_checkpoints` —
 *              per-tick snapshots that let a viewer seek without folding and check the fold against them.
 * The level is stored on the run row (`simulation_runs.persistence_level`) so readers can say why data is missing.
 */
import type { SimEvent, SimulationOutput } from '../output';
import { createSchemaSql, CURRENT_SCHEMA_VERSION } from '../../schema/versions';
import { SAMPLE_BASE_TIME_MS, isoAt } from './determinism';
import { checkpointRows, lastRegisterValues, policySnapshotRows, runRow } from './unifiedRows';
import { SqliteFile, type SqliteFileOptions, type TableInserter } from './sqliteFile';

export type PersistenceLevel = 'none' | 'summary' | 'events' | 'full';
export type RunPurpose = 'standalone' | 'evaluation' | 'bootstrap';

const LEVEL_RANK: Record<PersistenceLevel, number> = { none: 0, summary: 1, events: 2, full: 3 };

/** Tables that receive rows at each level (cumulative), for documentation, reports and tests. */
export const LEVEL_TABLES: Record<PersistenceLevel, readonly string[]> = {
  none: [],
  summary: ['simulation_runs', 'daily_agent_metrics'],
  events: [
    'simulation_runs', 'daily_agent_metrics', 'simulation_events', 'transactions', 'policy_snapshots',
    'agent_queue_snapshots', 'lsm_cycles', 'collateral_events', 'agent_state_registers',
  ],
  full: [
    'simulation_runs', 'daily_agent_metrics', 'simulation_events', 'transactions', 'policy_snapshots',
    'agent_queue_snapshots', 'lsm_cycles', 'collateral_events', 'agent_state_registers',
    'tick_agent_states', 'tick_queue_snapshots', 'policy_decisions', 'simulation_checkpoints',
  ],
};

export function levelAtLeast(level: PersistenceLevel, minimum: PersistenceLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[minimum];
}

/** What the caller knows about a run that the simulator does not: identity, linkage, level, times. */
export interface SimulationMeta {
  simulation_id: string;
  persistence_level: PersistenceLevel;
  run_purpose: RunPurpose;
  experiment_id?: string | null;
  iteration?: number | null;
  sample_index?: number | null;
  /** 'initial', 'best', 'worst', 'final', 'all' or null. */
  persistence_reason?: string | null;
  start_time: string;
  end_time: string | null;
  status?: 'completed' | 'running' | 'failed';
  description?: string | null;
  duration_seconds?: number | null;
  /** simulation_runs.config_name (default: the scenario name from the output). */
  config_name?: string;
  /** policy_snapshots.created_by per agent ('init' when absent). */
  policy_created_by?: Readonly<Record<string, 'init' | 'manual' | 'llm'>>;
  /** simulation_runs.config_path: the scenario file as given, when known. */
  config_path?: string | null;
  /** Events already written through `eventStream` for this run (they are not in the output passed to writeSimulation). */
  streamed_events?: number;
}

/** Event fields that are columns of simulation_events and therefore never repeated inside `details`. */
const EVENT_COLUMN_KEYS = ['simulation_id', 'event_id', 'tick', 'day', 'event_type', 'agent_id', 'tx_id'] as const;

/**
 * JSON text of an event's remaining fields: a field that repeats a column with the same value (e.g. EndOfDay's
 * `day`) is dropped, so the biggest table stores nothing twice. A same-named field with a different value is kept.
 */
export function compactDetails(event: SimEvent): string {
  const details = event.details;
  const columns = event as unknown as Record<string, unknown>;
  let clean = details;
  for (const key of EVENT_COLUMN_KEYS) {
    if (key in details && (key === 'simulation_id' || key === 'event_id' || details[key] === columns[key])) {
      if (clean === details) {
        clean = { ...details };
      }
      delete clean[key];
    }
  }
  return JSON.stringify(clean);
}

export interface UnifiedFileOptions extends SqliteFileOptions {
  /** schema_version.applied_at; defaults to the fixed sample base time so files are reproducible. */
  appliedAt?: string;
}

/**
 * A unified file being generated. Secondary indexes are created by `finish()`, after the bulk inserts: building
 * an index once from sorted data is much cheaper than maintaining it row by row for millions of events.
 */
export class UnifiedFile {
  readonly file: SqliteFile;
  private readonly deferredIndexes: string[];
  private eventInserter: TableInserter | undefined;

  private constructor(file: SqliteFile, appliedAt: string) {
    this.file = file;
    const sql = createSchemaSql(CURRENT_SCHEMA_VERSION, appliedAt);
    this.deferredIndexes = sql.match(/^CREATE INDEX[^;]*;/gm) ?? [];
    file.exec(sql.replace(/^CREATE INDEX[^;]*;/gm, ''));
  }

  static create(finalPath: string, options: UnifiedFileOptions = {}): UnifiedFile {
    const file = SqliteFile.create(finalPath, options);
    try {
      return new UnifiedFile(file, options.appliedAt ?? isoAt(SAMPLE_BASE_TIME_MS));
    } catch (error) {
      file.abort();
      throw error;
    }
  }

  insert(table: string, row: Readonly<Record<string, unknown>>): void {
    this.file.insert(table, row);
  }

  /** Appends one event of a simulation (event_id is assigned in insertion order). */
  insertEvent(simulationId: string, event: SimEvent): void {
    this.eventInserter ??= this.file.inserter('simulation_events', ['simulation_id', 'tick', 'day', 'event_type', 'details', 'agent_id', 'tx_id']);
    this.eventInserter.insert({
      simulation_id: simulationId,
      tick: event.tick,
      day: event.day,
      event_type: event.event_type,
      details: compactDetails(event),
      agent_id: event.agent_id,
      tx_id: event.tx_id,
    });
  }

  /**
   * A callback for `simulate(..., { onEvent })` that writes each event as it is emitted, so a run with millions of
   * events never sits in memory. Write the run's other rows afterwards with `writeSimulation` (its output then
   * carries no events).
   */
  eventStream(simulationId: string): EventStream {
    return new EventStream(this, simulationId);
  }

  /** Highest event_id written so far (0 for none). */
  lastEventId(): number {
    const row = this.file.db.prepare('SELECT COALESCE(MAX(event_id), 0) AS id FROM simulation_events').get() as { id: number };
    return row.id;
  }

  /**
   * Deletes every event after `eventId` (a discarded streamed attempt). New events then continue at eventId + 1,
   * so the file's content is as if the discarded rows had never been written.
   */
  deleteEventsAfter(eventId: number): void {
    this.file.run('DELETE FROM simulation_events WHERE event_id > ?', [eventId]);
  }

  tableCounts(): Record<string, number> {
    return this.file.tableCounts();
  }

  /** Builds the deferred indexes and moves the file into place. */
  finish(): void {
    this.file.commit();
    for (const statement of this.deferredIndexes) {
      this.file.exec(statement);
    }
    this.file.finish();
  }

  abort(): void {
    this.file.abort();
  }
}

export class EventStream {
  count = 0;
  readonly onEvent: (event: SimEvent) => void;

  constructor(file: UnifiedFile, simulationId: string) {
    this.onEvent = (event) => {
      file.insertEvent(simulationId, event);
      this.count++;
    };
  }
}

/** Rows written for one simulation, per table. */
export type SimulationRowCounts = Record<string, number>;

/**
 * Writes one simulation at `meta.persistence_level` (see the file comment). Events come from `output.events`; a
 * run whose events were streamed through `eventStream` has none left there, and nothing is duplicated.
 */
export function writeSimulation(target: UnifiedFile, output: SimulationOutput, meta: SimulationMeta): SimulationRowCounts {
  const level = meta.persistence_level;
  const counts: SimulationRowCounts = {};
  if (level === 'none') {
    return counts;
  }
  if (level === 'full' && output.tickAgentStates.length === 0 && output.agentIds.length > 0) {
    throw new Error(`${meta.simulation_id}: the full level needs per-tick states; simulate with { recordTickStates: true }`);
  }
  const sim = meta.simulation_id;
  const put = (table: string, rows: readonly object[]): void => {
    const inserter = target.file.inserter(table);
    for (const row of rows) {
      inserter.insert({ simulation_id: sim, ...(row as Record<string, unknown>) });
    }
    counts[table] = (counts[table] ?? 0) + rows.length;
  };

  // The run row caches how many events the run keeps (schema v2), so it is known before the events are written.
  const eventCount = levelAtLeast(level, 'events') ? output.events.length + (meta.streamed_events ?? 0) : 0;
  target.insert('simulation_runs', runRow(output, meta, eventCount));
  counts.simulation_runs = 1;
  put('daily_agent_metrics', output.dailyMetrics);
  if (!levelAtLeast(level, 'events')) {
    return counts;
  }

  for (const event of output.events) {
    target.insertEvent(sim, event);
  }
  counts.simulation_events = output.events.length;
  put('transactions', output.transactions);
  put('policy_snapshots', policySnapshotRows(output, meta));
  put('agent_queue_snapshots', output.eodQueues);
  put('lsm_cycles', output.lsmCycles);
  put('collateral_events', output.collateralEvents);
  put('agent_state_registers', lastRegisterValues(output));
  if (!levelAtLeast(level, 'full')) {
    return counts;
  }

  put('tick_agent_states', output.tickAgentStates);
  put('tick_queue_snapshots', output.tickQueues);
  put('policy_decisions', output.policyDecisions);
  put('simulation_checkpoints', checkpointRows(output, meta));
  return counts;
}

export { configHash } from './unifiedRows';
