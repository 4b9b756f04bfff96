import type { Database, SqlValue } from '../../db/types';
import { ModelError } from '../errors';
import { SchemaInfo, quoteIdent } from '../schemaInfo';
import type { EventCursor, EventFilter, EventPage, EventPageRequest, EventRecord, EventTypeCount } from '../types';
import { asInteger, asString, parseJsonObject } from '../values';

/**
 * Where a file keeps its events and how to order them stably. Unified files order by (tick, event_id): event_id
 * is the rowid, so every (simulation_id, …, tick) index already yields that order and no sort is needed. Legacy
 * files have uuid event_ids, so their stable order is (tick, rowid).
 */
export interface EventSource {
  readonly table: string;
  /** SQL expression (on alias `se`) that orders events within a tick and is unique in the table. */
  readonly seq: string;
  /** True when `seq` is the integer event_id itself, so a numeric event_id can stand for a cursor. */
  readonly seqIsEventId: boolean;
  readonly schema: SchemaInfo;
}

export const DEFAULT_EVENT_PAGE = 100;
export const MAX_EVENT_PAGE = 10_000;

/** Builds the event source for a table, or null when the file has no usable events table. */
export function eventSourceFor(schema: SchemaInfo, options: { integerEventId: boolean }, table = 'simulation_events'): EventSource | null {
  if (!schema.hasColumns(table, 'simulation_id')) {
    return null;
  }
  if (options.integerEventId && schema.hasColumn(table, 'event_id')) {
    return { table, seq: 'se.event_id', seqIsEventId: true, schema };
  }
  if (schema.hasRowid(table)) {
    return { table, seq: 'se.rowid', seqIsEventId: false, schema };
  }
  return { table, seq: schema.expr(table, 'se', 'event_id', "''"), seqIsEventId: false, schema };
}

/** Correlated subquery counting one simulation's events (served by any index that starts with simulation_id). */
export function eventCountSql(source: EventSource | null, simulationIdExpr: string): string {
  return source ? `(SELECT COUNT(*) FROM ${quoteIdent(source.table)} se WHERE se.simulation_id = ${simulationIdExpr})` : '0';
}

/** Correlated EXISTS for "has events"; one index probe per simulation. */
export function hasEventsSql(source: EventSource | null, simulationIdExpr: string): string {
  return source ? `EXISTS (SELECT 1 FROM ${quoteIdent(source.table)} se WHERE se.simulation_id = ${simulationIdExpr})` : '0';
}

interface Position {
  tick: number;
  seq: number | string;
}

export function encodeCursor(position: Position): EventCursor {
  return Buffer.from(JSON.stringify([position.tick, position.seq]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: EventCursor): Position {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'number' && (typeof parsed[1] === 'number' || typeof parsed[1] === 'string')) {
      return { tick: parsed[0], seq: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new ModelError('bad-cursor', `"${cursor}" is not an event cursor from this listing.`);
}

/** The SQL WHERE clause and parameters of a filter over one or more simulations. */
export function eventWhere(source: EventSource, simulationIds: readonly string[], filter: EventFilter): { where: string; params: SqlValue[] } {
  const { schema, table } = source;
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (simulationIds.length === 1) {
    clauses.push('se.simulation_id = ?');
  } else {
    clauses.push(`se.simulation_id IN (${simulationIds.map(() => '?').join(', ')})`);
  }
  params.push(...simulationIds);
  const tick = tickBound(source, filter);
  if (filter.fromTick !== undefined) {
    clauses.push(`${tick} >= ?`);
    params.push(filter.fromTick);
  }
  if (filter.toTick !== undefined) {
    clauses.push(`${tick} <= ?`);
    params.push(filter.toTick);
  }
  if (filter.eventTypes && filter.eventTypes.length > 0) {
    clauses.push(`${schema.expr(table, 'se', 'event_type')} IN (${filter.eventTypes.map(() => '?').join(', ')})`);
    params.push(...filter.eventTypes);
  }
  if (filter.agentId !== undefined) {
    clauses.push(`${schema.expr(table, 'se', 'agent_id')} = ?`);
    params.push(filter.agentId);
  }
  if (filter.txId !== undefined) {
    clauses.push(`${schema.expr(table, 'se', 'tx_id')} = ?`);
    params.push(filter.txId);
  }
  return { where: clauses.join(' AND '), params };
}

/**
 * The tick expression used in range conditions. A transaction filter is far more selective than any tick range,
 * but without table statistics SQLite prefers the (simulation_id, tick) index, whose order saves a sort; a unary
 * `+` (in the range and in ORDER BY) takes that index out of the running so that (simulation_id, tx_id) is used
 * and only that handful of rows is sorted.
 */
function tickBound(source: EventSource, filter: EventFilter): string {
  const tick = source.schema.expr(source.table, 'se', 'tick', '0');
  return filter.txId !== undefined ? `+${tick}` : tick;
}

/** The statement behind one page; exported so tests can check its query plan. */
export function eventPageSql(source: EventSource, simulationIds: readonly string[], filter: EventFilter, after: Position | null, limit: number, offset: number): { sql: string; params: SqlValue[] } {
  const { schema, table } = source;
  const { where, params } = eventWhere(source, simulationIds, filter);
  const tick = schema.expr(table, 'se', 'tick', '0');
  const bound = tickBound(source, filter);
  let keyset = '';
  if (after) {
    // `tick >= ?` bounds the index range; the OR only filters rows of the cursor's own tick.
    keyset = ` AND ${bound} >= ? AND (${bound} > ? OR ${source.seq} > ?)`;
    params.push(after.tick, after.tick, after.seq);
  }
  const sql =
    `SELECT ${source.seq} AS _seq, ${schema.select(table, 'se', 'event_id')}, se.simulation_id AS simulation_id, ${tick} AS tick, ` +
    `${schema.select(table, 'se', 'day')}, ${schema.select(table, 'se', 'event_type')}, ${schema.select(table, 'se', 'agent_id')}, ` +
    `${schema.select(table, 'se', 'tx_id')}, ${schema.select(table, 'se', 'details')} ` +
    `FROM ${quoteIdent(table)} se WHERE ${where}${keyset} ORDER BY ${bound}, ${source.seq} LIMIT ? OFFSET ?`;
  params.push(limit, offset);
  return { sql, params };
}

/** One keyset page of events. Fetches one row more than asked to know whether another page follows. */
export async function queryEvents(db: Database, source: EventSource | null, simulationIds: readonly string[], filter: EventFilter, page: EventPageRequest): Promise<EventPage> {
  if (!source || simulationIds.length === 0) {
    return { events: [], nextCursor: null };
  }
  const limit = clampLimit(page.limit);
  const offset = Math.max(0, Math.floor(page.offset ?? 0));
  const after = page.after === undefined ? null : await resolveAfter(db, source, page.after);
  const { sql, params } = eventPageSql(source, simulationIds, filter, after, limit + 1, offset);
  const rows = await db.query(sql, params);
  const events = rows.slice(0, limit).map(toEventRecord);
  const nextCursor = rows.length > limit && events.length > 0 ? events[events.length - 1].cursor : null;
  return { events, nextCursor };
}

/** Matching events in all, for a filter (used for totals next to a paged view). */
export async function countEvents(db: Database, source: EventSource | null, simulationIds: readonly string[], filter: EventFilter): Promise<number> {
  if (!source || simulationIds.length === 0) {
    return 0;
  }
  const { where, params } = eventWhere(source, simulationIds, filter);
  const [row] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(source.table)} se WHERE ${where}`, params);
  return row?.n ?? 0;
}

export async function queryEventTypeCounts(db: Database, source: EventSource | null, simulationId: string): Promise<EventTypeCount[]> {
  if (!source || !source.schema.hasColumn(source.table, 'event_type')) {
    return [];
  }
  const rows = await db.query<{ event_type: string | null; n: number }>(
    `SELECT se.event_type AS event_type, COUNT(*) AS n FROM ${quoteIdent(source.table)} se WHERE se.simulation_id = ? GROUP BY se.event_type ORDER BY n DESC, se.event_type`,
    [simulationId],
  );
  return rows.map((r) => ({ event_type: r.event_type ?? '', count: r.n }));
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) {
    return DEFAULT_EVENT_PAGE;
  }
  return Math.min(MAX_EVENT_PAGE, Math.max(1, Math.floor(limit)));
}

async function resolveAfter(db: Database, source: EventSource, after: EventCursor | number): Promise<Position> {
  if (typeof after === 'string') {
    return decodeCursor(after);
  }
  if (!source.seqIsEventId || !Number.isInteger(after)) {
    throw new ModelError('bad-cursor', `Event id ${after} cannot be used as a position here; pass the cursor of an event instead.`);
  }
  const tick = source.schema.expr(source.table, 'se', 'tick', '0');
  const [row] = await db.query<{ tick: number }>(`SELECT ${tick} AS tick FROM ${quoteIdent(source.table)} se WHERE ${source.seq} = ?`, [after]);
  if (!row) {
    throw new ModelError('bad-cursor', `There is no event with id ${after}.`);
  }
  return { tick: row.tick, seq: after };
}

function toEventRecord(row: Record<string, SqlValue>): EventRecord {
  const tick = asInteger(row.tick) ?? 0;
  const seq = typeof row._seq === 'number' ? row._seq : (asString(row._seq) ?? '');
  const rawId = row.event_id;
  return {
    event_id: typeof rawId === 'number' ? rawId : (asString(rawId) ?? seq),
    simulation_id: asString(row.simulation_id) ?? '',
    tick,
    day: asInteger(row.day),
    event_type: asString(row.event_type) ?? '',
    agent_id: asString(row.agent_id),
    tx_id: asString(row.tx_id),
    details: parseJsonObject(row.details, true),
    cursor: encodeCursor({ tick, seq }),
  };
}
