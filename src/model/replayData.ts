/**
 * Raw reads that replay needs beyond the listing API: a simulation's events grouped by tick (fast enough to fold a
 * million events in about a second), its scenario configuration, its per-tick snapshots and its daily metrics.
 * Like the rest of the model, every query is built from the columns the file really has, so a partly written or
 * older file gives empty results rather than SQL errors.
 */
import type { Row, SqlValue } from '../db/types';
import { backendFor } from './backend';
import type { EventSource } from './common/eventQuery';
import type { SimCashFile } from './file';
import { SchemaInfo, quoteIdent } from './schemaInfo';
import { asInteger, asString, parseJson } from './values';

/** One stored event with its details left as JSON text (parsing is the caller's choice, and often unnecessary). */
export interface StoredEvent {
  /** Order within the simulation (event_id in unified files, rowid in legacy ones). */
  seq: number;
  tick: number;
  event_type: string;
  agent_id: string | null;
  tx_id: string | null;
  details: string | null;
}

export interface TickEvents<T = StoredEvent> {
  tick: number;
  events: T[];
}

/** Makes the caller's event object from one stored event's fields (so that no intermediate object is built). */
export type EventBuilder<T> = (seq: number, tick: number, eventType: string, agentId: string | null, txId: string | null, details: string | null) => T;

const storedEvent: EventBuilder<StoredEvent> = (seq, tick, event_type, agent_id, tx_id, details) => ({ seq, tick, event_type, agent_id, tx_id, details });

export interface EventTickQuery {
  /** Inclusive. */
  fromTick?: number;
  /** Inclusive. */
  toTick?: number;
  /** Event types to leave out (done in SQL, so skipped rows never cross into JavaScript). */
  excludeTypes?: readonly string[];
  /** Grouped rows (ticks) fetched per page; default 256. */
  pageTicks?: number;
}

const schemas = new WeakMap<SimCashFile, Promise<SchemaInfo>>();

/** The columns of every table of a file, loaded once per opened file. */
export function fileSchema(file: SimCashFile): Promise<SchemaInfo> {
  let schema = schemas.get(file);
  if (!schema) {
    schema = SchemaInfo.load(file.db, file.detection.tables);
    schemas.set(file, schema);
    schema.catch(() => schemas.delete(file));
  }
  return schema;
}

// Field and event separators of the packed form below. Valid JSON never contains them unescaped, and ids that do
// are caught by the field count check, which falls back to plain rows for that tick.
const FIELD = '\x1f';
const RECORD = '\x1e';

/**
 * A simulation's events in (tick, event order), one tick at a time. Each tick's events arrive packed into one
 * string by SQLite (group_concat over the (simulation_id, tick) index), which is several times faster under sql.js
 * than one JavaScript row per event; a tick whose packing cannot be read back unambiguously is re-read row by row.
 * Ticks without events are not yielded.
 */
export function eventsByTick(file: SimCashFile, simulationId: string, query?: EventTickQuery): AsyncGenerator<TickEvents>;
export function eventsByTick<T>(file: SimCashFile, simulationId: string, query: EventTickQuery, build: EventBuilder<T>): AsyncGenerator<TickEvents<T>>;
export async function* eventsByTick<T>(file: SimCashFile, simulationId: string, query: EventTickQuery = {}, build?: EventBuilder<T>): AsyncGenerator<TickEvents<T | StoredEvent>> {
  const make: EventBuilder<T | StoredEvent> = build ?? storedEvent;
  const source = (await backendFor(file)).events;
  if (!source) {
    return;
  }
  const { where, params } = tickWhere(source, simulationId, query);
  const seq = `${source.seq}`;
  const text = (column: string): string => source.schema.expr(source.table, 'se', column);
  // NULL ids become '' and present ones get a '=' prefix, so that NULL and '' stay distinguishable.
  const packed =
    `group_concat(${seq} || char(31) || ifnull(${text('event_type')}, '') || char(31) || coalesce('=' || ${text('agent_id')}, '') || ` +
    `char(31) || coalesce('=' || ${text('tx_id')}, '') || char(31) || coalesce('=' || ${text('details')}, ''), char(30))`;
  const tick = source.schema.expr(source.table, 'se', 'tick', '0');
  const sql = `SELECT ${tick} AS tick, COUNT(*) AS n, ${packed} AS packed FROM ${quoteIdent(source.table)} se WHERE ${where} GROUP BY ${tick} ORDER BY ${tick}`;
  const pages = file.db.iterate<Row>(sql, params, query.pageTicks ?? 256);
  try {
    let next = pages.next();
    for (;;) {
      const page = await next;
      if (page.done) {
        break;
      }
      // Ask for the following page before unpacking this one: with a worker database its query then runs while
      // this thread unpacks and folds. (The catch only marks the promise handled; it is awaited just above.)
      next = pages.next();
      next.catch(() => undefined);
      for (const row of page.value) {
        const t = asInteger(row.tick) ?? 0;
        const events = unpack(t, asInteger(row.n) ?? 0, row.packed, make);
        yield { tick: t, events: events ?? (await eventsOfTickByRow(file, source, simulationId, t, query.excludeTypes, make)) };
      }
    }
  } finally {
    await pages.return?.(undefined);
  }
}

function tickWhere(source: EventSource, simulationId: string, query: EventTickQuery): { where: string; params: SqlValue[] } {
  const tick = source.schema.expr(source.table, 'se', 'tick', '0');
  const clauses = ['se.simulation_id = ?'];
  const params: SqlValue[] = [simulationId];
  if (query.fromTick !== undefined) {
    clauses.push(`${tick} >= ?`);
    params.push(query.fromTick);
  }
  if (query.toTick !== undefined) {
    clauses.push(`${tick} <= ?`);
    params.push(query.toTick);
  }
  const exclude = query.excludeTypes ?? [];
  if (exclude.length > 0 && source.schema.hasColumn(source.table, 'event_type')) {
    clauses.push(`se.event_type NOT IN (${exclude.map(() => '?').join(', ')})`);
    params.push(...exclude);
  }
  return { where: clauses.join(' AND '), params };
}

/**
 * Reads one packed tick back; null when the packing is ambiguous (a separator inside a value). One scan with
 * indexOf over the packed text: no intermediate string per record, and the details (the longest field) are never
 * scanned, only cut out.
 */
function unpack<T>(tick: number, count: number, packed: SqlValue, make: EventBuilder<T>): T[] | null {
  if (typeof packed !== 'string') {
    return count === 0 ? [] : null;
  }
  const events: T[] = new Array(count);
  const seqs = new Float64Array(count);
  let sorted = true;
  let start = 0;
  for (let i = 0; i < count; i++) {
    let end = packed.indexOf(RECORD, start);
    if (end < 0) {
      end = packed.length;
    }
    const a = packed.indexOf(FIELD, start);
    const b = packed.indexOf(FIELD, a + 1);
    const c = packed.indexOf(FIELD, b + 1);
    const d = packed.indexOf(FIELD, c + 1);
    const seq = Number(packed.slice(start, a));
    // Every optional field is empty or starts with '='; anything else means a separator inside a value.
    if (a < 0 || d < 0 || d > end || !Number.isFinite(seq) || !optional(packed, b, c) || !optional(packed, c, d) || !optional(packed, d, end)) {
      return null;
    }
    if (i > 0 && seq < seqs[i - 1]) {
      sorted = false;
    }
    seqs[i] = seq;
    events[i] = make(
      seq,
      tick,
      packed.slice(a + 1, b),
      c === b + 1 ? null : packed.slice(b + 2, c),
      d === c + 1 ? null : packed.slice(c + 2, d),
      end === d + 1 ? null : packed.slice(d + 2, end),
    );
    start = end + 1;
  }
  if (start !== packed.length + 1) {
    return null; // more records than counted: a record separator inside a value
  }
  // group_concat follows the index order, which is event order; should a planner ever choose otherwise, sort.
  if (!sorted) {
    const order = events.map((_, i) => i).sort((x, y) => seqs[x] - seqs[y]);
    return order.map((i) => events[i]);
  }
  return events;
}

/** Whether the field between two separators (at `from` and `to`) is empty or '='-prefixed. */
function optional(r: string, from: number, to: number): boolean {
  return to === from + 1 || r.charCodeAt(from + 1) === 61;
}

async function eventsOfTickByRow<T>(
  file: SimCashFile,
  source: EventSource,
  simulationId: string,
  tick: number,
  excludeTypes: readonly string[] | undefined,
  make: EventBuilder<T>,
): Promise<T[]> {
  const { where, params } = tickWhere(source, simulationId, { fromTick: tick, toTick: tick, excludeTypes });
  const s = source.schema;
  const rows = await file.db.query(
    `SELECT ${source.seq} AS seq, ${s.select(source.table, 'se', 'event_type')}, ${s.select(source.table, 'se', 'agent_id')}, ` +
      `${s.select(source.table, 'se', 'tx_id')}, ${s.select(source.table, 'se', 'details')} FROM ${quoteIdent(source.table)} se ` +
      `WHERE ${where} ORDER BY ${source.seq}`,
    params,
  );
  return rows.map((r) =>
    make(typeof r.seq === 'number' ? r.seq : Number(r.seq), tick, asString(r.event_type) ?? '', asString(r.agent_id), asString(r.tx_id), typeof r.details === 'string' ? r.details : null),
  );
}

/** First and last tick with events, and how many events (null when the simulation has none). */
export async function eventTickBounds(file: SimCashFile, simulationId: string): Promise<{ first: number; last: number } | null> {
  const source = (await backendFor(file)).events;
  if (!source) {
    return null;
  }
  const tick = source.schema.expr(source.table, 'se', 'tick', '0');
  // Two index probes on (simulation_id, tick) rather than MIN/MAX, which SQLite cannot answer from that index.
  const edge = async (direction: 'ASC' | 'DESC'): Promise<number | null> => {
    const [row] = await file.db.query(`SELECT ${tick} AS t FROM ${quoteIdent(source.table)} se WHERE se.simulation_id = ? ORDER BY ${tick} ${direction} LIMIT 1`, [simulationId]);
    return row ? asInteger(row.t) : null;
  };
  const first = await edge('ASC');
  const last = await edge('DESC');
  return first === null || last === null ? null : { first, last };
}

/** The scenario configuration a run used (simulation_runs.config_json, or legacy simulations.config_json). */
export async function simulationConfig(file: SimCashFile, simulationId: string): Promise<Record<string, unknown> | null> {
  const schema = await fileSchema(file);
  for (const table of ['simulation_runs', 'simulations']) {
    if (!schema.hasColumns(table, 'simulation_id', 'config_json')) {
      continue;
    }
    const [row] = await file.db.query(`SELECT config_json FROM ${quoteIdent(table)} WHERE simulation_id = ? LIMIT 1`, [simulationId]);
    const parsed = row ? parseJson(row.config_json) : null;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  }
  return null;
}

/** A row of tick_agent_states as stored (columns a file lacks are null). */
export type TickAgentStateRow = Readonly<Record<(typeof TICK_AGENT_COLUMNS)[number], number | null>> & { agent_id: string };

export const TICK_AGENT_COLUMNS = [
  'tick',
  'balance',
  'balance_change',
  'unsecured_cap',
  'posted_collateral',
  'allocated_liquidity',
  'credit_used',
  'liquidity_cost',
  'delay_cost',
  'collateral_cost',
  'penalty_cost',
  'split_friction_cost',
  'liquidity_opportunity_cost',
  'liquidity_cost_delta',
  'delay_cost_delta',
  'collateral_cost_delta',
  'penalty_cost_delta',
  'split_friction_cost_delta',
  'liquidity_opportunity_cost_delta',
] as const;

export interface TickQueueRow {
  tick: number;
  agent_id: string;
  queue_type: string;
  position: number;
  tx_id: string;
}

/** Whether the simulation has per-tick snapshots (the full persistence level). */
export async function hasTickSnapshots(file: SimCashFile, simulationId: string): Promise<boolean> {
  const schema = await fileSchema(file);
  if (!schema.hasColumns('tick_agent_states', 'simulation_id', 'tick', 'agent_id')) {
    return false;
  }
  const rows = await file.db.query('SELECT 1 FROM tick_agent_states WHERE simulation_id = ? LIMIT 1', [simulationId]);
  return rows.length > 0;
}

/** tick_agent_states rows for ticks fromTick..toTick (inclusive), by tick then agent. */
export async function tickAgentStates(file: SimCashFile, simulationId: string, fromTick: number, toTick: number): Promise<TickAgentStateRow[]> {
  const schema = await fileSchema(file);
  if (!schema.hasColumns('tick_agent_states', 'simulation_id', 'tick', 'agent_id')) {
    return [];
  }
  const columns = TICK_AGENT_COLUMNS.map((c) => schema.select('tick_agent_states', 's', c)).join(', ');
  const rows = await file.db.query(
    `SELECT s.agent_id AS agent_id, ${columns} FROM tick_agent_states s WHERE s.simulation_id = ? AND s.tick BETWEEN ? AND ? ORDER BY s.tick, s.agent_id`,
    [simulationId, fromTick, toTick],
  );
  return rows.map((r) => {
    const out: Record<string, number | string | null> = { agent_id: asString(r.agent_id) ?? '' };
    for (const c of TICK_AGENT_COLUMNS) {
      out[c] = asInteger(r[c]);
    }
    return out as TickAgentStateRow;
  });
}

/** tick_queue_snapshots rows for ticks fromTick..toTick (inclusive), by tick, queue type, agent and position. */
export async function tickQueueSnapshots(file: SimCashFile, simulationId: string, fromTick: number, toTick: number): Promise<TickQueueRow[]> {
  const schema = await fileSchema(file);
  if (!schema.hasColumns('tick_queue_snapshots', 'simulation_id', 'tick', 'agent_id', 'queue_type', 'position', 'tx_id')) {
    return [];
  }
  const rows = await file.db.query(
    'SELECT tick, agent_id, queue_type, position, tx_id FROM tick_queue_snapshots WHERE simulation_id = ? AND tick BETWEEN ? AND ? ' +
      'ORDER BY tick, queue_type, agent_id, position',
    [simulationId, fromTick, toTick],
  );
  return rows.map((r) => ({
    tick: asInteger(r.tick) ?? 0,
    agent_id: asString(r.agent_id) ?? '',
    queue_type: asString(r.queue_type) ?? '',
    position: asInteger(r.position) ?? 0,
    tx_id: asString(r.tx_id) ?? '',
  }));
}

/** daily_agent_metrics of a simulation, by day then agent, every stored column (null when absent). */
export async function dailyAgentMetrics(file: SimCashFile, simulationId: string): Promise<Record<string, number | string | null>[]> {
  const schema = await fileSchema(file);
  if (!schema.hasColumns('daily_agent_metrics', 'simulation_id', 'agent_id')) {
    return [];
  }
  const order = schema.hasColumn('daily_agent_metrics', 'day') ? 'day, agent_id' : 'agent_id';
  const rows = await file.db.query(`SELECT * FROM daily_agent_metrics WHERE simulation_id = ? ORDER BY ${order}`, [simulationId]);
  return rows.map((r) => {
    const out: Record<string, number | string | null> = {};
    for (const [k, v] of Object.entries(r)) {
      if (k !== 'simulation_id') {
        out[k] = v instanceof Uint8Array ? null : v;
      }
    }
    return out;
  });
}

/** Agent ids found in a simulation's events (a fallback for files without a configuration). */
export async function eventAgentIds(file: SimCashFile, simulationId: string): Promise<string[]> {
  const source = (await backendFor(file)).events;
  if (!source || !source.schema.hasColumn(source.table, 'agent_id')) {
    return [];
  }
  const rows = await file.db.query(
    `SELECT DISTINCT se.agent_id AS agent_id FROM ${quoteIdent(source.table)} se WHERE se.simulation_id = ? AND se.agent_id IS NOT NULL ORDER BY 1`,
    [simulationId],
  );
  return rows.flatMap((r) => {
    const id = asString(r.agent_id);
    return id === null ? [] : [id];
  });
}
