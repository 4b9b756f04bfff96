/**
 * Messages between the extension host and the events panel (webview/events), defined once and imported by both
 * sides. Kept free of host-only imports: the webview bundle compiles this file and the record shapes it re-exports
 * (src/model/eventRows.ts). Money is integer cents.
 *
 * The conversation: the webview says `ready` (with the view state it kept, if any); the host answers `init`. The
 * webview then sends `query` for its filter and first visible rows; every filter change is a new `generation`, and
 * answers for an older generation are dropped. Rows are asked for by position (`rows`), the host reads them by
 * keyset on tick (see src/model/eventTable.ts), and `listing` reports the filtered total as it becomes known (a text
 * search counts progressively).
 */
import type { EventRow, EventTableFilter, TransactionTrace } from '../model/eventRows';

export type { EventRow, EventTableFilter, TransactionTrace } from '../model/eventRows';
export type {
  TraceBalance,
  TraceCosts,
  TraceEvent,
  TraceRelative,
  TraceSettledBy,
  TraceStatus,
  TraceStep,
  TraceStepKind,
} from '../model/eventRows';

/** The webview panel type (also the key of the panel serializer and of `onWebviewPanel` activation). */
export const EVENTS_VIEW_TYPE = 'simcash.events';

export type EventExportFormat = 'csv' | 'jsonl';

/** What the panel shows, fixed for its life. */
export interface EventsPanelInfo {
  filePath: string;
  fileName: string;
  simulationId: string;
  /** False for a simulation without stored events: the panel explains instead (a `noEvents` message follows). */
  hasEvents: boolean;
  /** Rows per request (setting simcash.events.pageSize). */
  pageSize: number;
  /** Rows the webview keeps at most (setting simcash.events.cachedRows). */
  cachedRows: number;
}

/** The simulation's facts for the panel header (sent after the first page). */
export interface EventsSimulationInfo {
  configName: string | null;
  status: string | null;
  persistenceLevel: string | null;
  runPurpose: string | null;
  experimentId: string | null;
  iteration: number | null;
  sampleIndex: number | null;
  ticksPerDay: number | null;
  numDays: number | null;
  /** Every event of the simulation (unfiltered). */
  eventCount: number;
}

/** The filters' choices: event types with their counts in the whole simulation, and the acting agents. */
export interface EventsFacets {
  eventTypes: Array<{ type: string; count: number }>;
  agents: string[];
}

/** A simulation without events: why, what is stored instead, and the design note's alternative. */
export interface NoEventsInfo {
  simulationId: string;
  persistenceLevel: string | null;
  /** One paragraph for people. */
  message: string;
  /** Why, one clause ("it was stored at the summary level: …"). */
  reason: string;
  /** What the file keeps for it instead. */
  stored: Array<{ table: string; rows: number; description: string }>;
  /** A preview of its daily metrics (first rows). */
  metrics: { columns: string[]; rows: Array<Array<string | number | null>>; total: number };
  /** The nearest simulation of the same experiment with events, preferring the same iteration. */
  nearest: { simulationId: string; label: string; relation: 'same-iteration' | 'same-experiment'; eventCount: number } | null;
}

/** Host → events webview. */
export type EventsHostMessage =
  | { type: 'init'; panel: EventsPanelInfo; /** A view state to apply instead of the webview's own (URL-like, see eventsState.ts). */ restore: string | null }
  | { type: 'simulation'; simulation: EventsSimulationInfo }
  | { type: 'facets'; facets: EventsFacets }
  /**
   * The answer to `typeCounts`: each type's events within `filter`'s agent, ticks, day and transaction (not its types
   * or text). `scoped` false: none of those is set, these are the whole simulation's counts.
   */
  | { type: 'typeCounts'; filter: EventTableFilter; counts: Array<{ type: string; count: number }>; scoped: boolean }
  | {
      type: 'listing';
      generation: number;
      /** Matching rows known so far; the total once `complete`. */
      total: number;
      complete: boolean;
      /** While a text search counts: the last tick searched, and the simulation's last tick. */
      scannedTick: number | null;
      lastTick: number | null;
    }
  | { type: 'rows'; generation: number; start: number; rows: EventRow[] }
  | { type: 'tickRow'; generation: number; tick: number; row: number | null }
  | { type: 'trace'; trace: TransactionTrace }
  | { type: 'traceError'; txId: string; message: string }
  | { type: 'noEvents'; info: NoEventsInfo }
  | { type: 'exportStatus'; status: 'running' | 'done' | 'cancelled' | 'failed'; rows: number; total: number; target: string; message?: string }
  | { type: 'applyState'; state: string }
  /** The database was closed (from the tree): nothing is read until the person reopens it (`reopen`). */
  | { type: 'closed'; fileName: string }
  | { type: 'error'; message: string; generation?: number };

/** Events webview → host. */
export type EventsWebviewMessage =
  | { type: 'ready'; /** The view state the webview kept (URL-like), or null on a fresh panel. */ state: string | null }
  | { type: 'query'; generation: number; filter: EventTableFilter; start: number; count: number }
  | { type: 'rows'; generation: number; start: number; count: number }
  | { type: 'goToTick'; generation: number; tick: number }
  | { type: 'trace'; txId: string }
  | { type: 'export'; format: EventExportFormat }
  | { type: 'cancelExport' }
  | { type: 'openSimulation'; simulationId: string }
  /**
   * Count the types within a filter's agent, ticks, day and transaction. Asked when the type choices are opened, not
   * with every filter: under an agent filter it reads every event of that agent (about 0.4 s for 1M events).
   */
  | { type: 'typeCounts'; filter: EventTableFilter }
  /** Open the closed database again and show this simulation's events as they were. */
  | { type: 'reopen' }
  /** "Replay at this tick": the replay panel of this simulation, at the state after `tick`. */
  | { type: 'openReplay'; tick: number }
  | { type: 'copy'; text: string }
  | { type: 'state'; state: string };
