/**
 * The SQL behind the events table: the WHERE clause of a table filter (the listing filter of eventQuery.ts plus day
 * and text search), the per-tick counts that index a filtered listing, and the row reads. Every statement is
 * served by the simulation_events indexes except the text search, whose LIKE must read each candidate row's
 * details: callers bound it by tick ranges (see FilteredEvents).
 */
import type { SqlValue } from '../db/types';
import { eventWhere, type EventSource } from './common/eventQuery';
import type { EventTableFilter, EventRow } from './eventRows';
import { describeEvent, type PaymentFacts } from './eventDescribe';
import type { EventFilter } from './types';
import { quoteIdent } from './schemaInfo';
import { asInteger, asString, parseJsonObject } from './values';

/** A table filter made ready for SQL: the day turned into a tick range where the run's ticks per day are known. */
export interface ResolvedFilter {
  /** The index-served part. */
  base: EventFilter;
  /** `day = ?` on the column, only when ticks per day are unknown (legacy files). */
  dayColumn?: number;
  /** Lower-cased search text, trimmed; absent when not searching. */
  text?: string;
  /** True when the filter can match nothing (e.g. a day outside the tick range): no query needed. */
  empty: boolean;
}

/** Normalises a filter from the webview or a command: trims text, drops blanks, intersects the day with the ticks. */
export function resolveFilter(filter: EventTableFilter, ticksPerDay: number | null): ResolvedFilter {
  const base: EventFilter = {};
  let from = finiteInt(filter.fromTick);
  let to = finiteInt(filter.toTick);
  const day = finiteInt(filter.day);
  let dayColumn: number | undefined;
  if (day !== undefined) {
    if (ticksPerDay !== null && ticksPerDay > 0) {
      from = Math.max(from ?? Number.NEGATIVE_INFINITY, day * ticksPerDay);
      to = Math.min(to ?? Number.POSITIVE_INFINITY, (day + 1) * ticksPerDay - 1);
    } else {
      dayColumn = day;
    }
  }
  if (from !== undefined && Number.isFinite(from)) base.fromTick = from;
  if (to !== undefined && Number.isFinite(to)) base.toTick = to;
  const types = (filter.eventTypes ?? []).filter((t) => typeof t === 'string' && t !== '');
  if (types.length > 0) base.eventTypes = [...new Set(types)].sort();
  const agent = filter.agentId?.trim();
  if (agent) base.agentId = agent;
  const tx = filter.txId?.trim();
  if (tx) base.txId = tx;
  const text = filter.text?.trim().toLowerCase();
  const empty = base.fromTick !== undefined && base.toTick !== undefined && base.fromTick > base.toTick;
  return { base, dayColumn, text: text ? text : undefined, empty };
}

function finiteInt(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : undefined;
}

/** A stable key of the index-served part of a filter (for caching per-tick counts). */
export function baseKey(filter: ResolvedFilter): string {
  return JSON.stringify([filter.base.fromTick ?? null, filter.base.toTick ?? null, filter.base.eventTypes ?? [], filter.base.agentId ?? null, filter.base.txId ?? null, filter.dayColumn ?? null]);
}

/**
 * How statements should walk the indexes. The file has no table statistics, so SQLite's planner is steered here
 * (measured on a million events, see docs/events.md):
 * - a transaction filter: a unary `+` on tick (as in eventQuery.ts) keeps SQLite on (simulation_id, tx_id), which
 *   yields a handful of rows, instead of the tick index;
 * - a type or agent filter: ORDER BY `+tick, +seq`, so that no index can serve the order and the planner picks
 *   (simulation_id, event_type | agent_id, tick) with the tick range instead of walking the tick index through
 *   every event of the range; the sort is over one page's rows only;
 * - several types: GROUP BY `+tick` counts from the covering type index plus a small sort, instead of reading every
 *   event through the tick index.
 */
export function tickExpr(source: EventSource, filter: ResolvedFilter): string {
  const tick = source.schema.expr(source.table, 'se', 'tick', '0');
  return filter.base.txId !== undefined ? `+${tick}` : tick;
}

function groupTickExpr(source: EventSource, filter: ResolvedFilter): string {
  const tick = source.schema.expr(source.table, 'se', 'tick', '0');
  const manyTypes = (filter.base.eventTypes?.length ?? 0) > 1 && filter.base.agentId === undefined;
  return filter.base.txId !== undefined || manyTypes ? `+${tick}` : tick;
}

function orderSql(source: EventSource, filter: ResolvedFilter, descending: boolean): string {
  const tick = source.schema.expr(source.table, 'se', 'tick', '0');
  const direction = descending ? ' DESC' : '';
  if (filter.base.txId !== undefined) return `+${tick}${direction}, ${source.seq}${direction}`;
  if (filter.base.eventTypes !== undefined || filter.base.agentId !== undefined) return `+${tick}${direction}, +${source.seq}${direction}`;
  return `${tick}${direction}, ${source.seq}${direction}`;
}

/** True when the first rows are cheap to read in index order without the per-tick counts (no type or agent filter). */
export function headIsIndexOrdered(filter: ResolvedFilter): boolean {
  return filter.base.eventTypes === undefined && filter.base.agentId === undefined && filter.text === undefined;
}

/** Escapes LIKE wildcards so that the search text matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * WHERE clause of a filter, optionally narrowed to a tick range and with or without the text condition (the
 * per-tick counts of a text search are built from the base filter's ticks, chunk by chunk).
 */
export function whereSql(source: EventSource, simulationId: string, filter: ResolvedFilter, range?: { fromTick: number; toTick: number }, withText = true): { where: string; params: SqlValue[] } {
  const base: EventFilter = range ? { ...filter.base, fromTick: range.fromTick, toTick: range.toTick } : filter.base;
  const { where, params } = eventWhere(source, [simulationId], base);
  const clauses = [where];
  if (filter.dayColumn !== undefined) {
    clauses.push(`${source.schema.expr(source.table, 'se', 'day')} = ?`);
    params.push(filter.dayColumn);
  }
  if (withText && filter.text !== undefined) {
    if (source.schema.hasColumn(source.table, 'details')) {
      clauses.push("se.details LIKE ? ESCAPE '\\'");
      params.push(likePattern(filter.text));
    } else {
      clauses.push('0');
    }
  }
  return { where: clauses.join(' AND '), params };
}

/** Events per tick of a filter, ascending: `SELECT tick, COUNT(*) … GROUP BY tick`. */
export function tickCountsSql(source: EventSource, simulationId: string, filter: ResolvedFilter, range?: { fromTick: number; toTick: number }, withText = true): { sql: string; params: SqlValue[] } {
  const tick = groupTickExpr(source, filter);
  const { where, params } = whereSql(source, simulationId, filter, range, withText);
  return { sql: `SELECT ${tick} AS tick, COUNT(*) AS n FROM ${quoteIdent(source.table)} se WHERE ${where} GROUP BY ${tick} ORDER BY ${tick}`, params };
}

/**
 * Events per type within a filter's other conditions (agent, ticks, day, transaction): the type filter's counts
 * while those are set. The types and the text search are left out, so every type keeps its count.
 */
export function typeCountsSql(source: EventSource, simulationId: string, filter: ResolvedFilter, range?: { fromTick: number; toTick: number }): { sql: string; params: SqlValue[] } {
  const scope: ResolvedFilter = { ...filter, base: { ...filter.base, eventTypes: undefined }, text: undefined };
  const { where, params } = whereSql(source, simulationId, scope, range, false);
  return { sql: `SELECT se.event_type AS event_type, COUNT(*) AS n FROM ${quoteIdent(source.table)} se WHERE ${where} GROUP BY se.event_type ORDER BY n DESC, se.event_type`, params };
}

/** True when the file has a transactions table that can fill in payment facts for events (joined by tx_id). */
function canJoinTransactions(source: EventSource): boolean {
  return source.schema.hasColumns('transactions', 'simulation_id', 'tx_id') && source.schema.hasColumn(source.table, 'tx_id');
}

export interface RowsQuery {
  /** Rows to return; absent: all of the range (exports). */
  limit?: number;
  /** Matching rows to skip first (within the range's first tick, so that the skip stays short). */
  offset?: number;
  /** Newest first: the end of the listing without counting up to it. */
  descending?: boolean;
}

/** Rows of a filter, optionally within a tick range, in table order (or reversed). */
export function rowsSql(source: EventSource, simulationId: string, filter: ResolvedFilter, range: { fromTick: number; toTick: number } | null, query: RowsQuery = {}): { sql: string; params: SqlValue[] } {
  const { schema, table } = source;
  const { where, params } = whereSql(source, simulationId, filter, range ?? undefined);
  const join = canJoinTransactions(source);
  const tx = (column: string, as: string): string => (schema.hasColumn('transactions', column) ? `tr.${quoteIdent(column)} AS ${as}` : `NULL AS ${as}`);
  const columns = [
    `${source.seq} AS _seq`,
    schema.select(table, 'se', 'event_id'),
    `${schema.expr(table, 'se', 'tick', '0')} AS tick`,
    schema.select(table, 'se', 'day'),
    schema.select(table, 'se', 'event_type'),
    schema.select(table, 'se', 'agent_id'),
    schema.select(table, 'se', 'tx_id'),
    schema.select(table, 'se', 'details'),
    ...(join ? [tx('amount', '_tx_amount'), tx('sender_id', '_tx_sender'), tx('receiver_id', '_tx_receiver')] : []),
  ];
  // A LEFT JOIN keeps the events as the outer loop, so the index order still serves ORDER BY; the lookup is by
  // the transactions primary key (simulation_id, tx_id).
  const from = join ? `${quoteIdent(table)} se LEFT JOIN transactions tr ON tr.simulation_id = se.simulation_id AND tr.tx_id = se.tx_id` : `${quoteIdent(table)} se`;
  let sql = `SELECT ${columns.join(', ')} FROM ${from} WHERE ${where} ORDER BY ${orderSql(source, filter, query.descending === true)}`;
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  if (query.limit !== undefined) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(Math.max(0, Math.floor(query.limit)), offset);
  } else if (offset > 0) {
    sql += ' LIMIT -1 OFFSET ?';
    params.push(offset);
  }
  return { sql, params };
}

/** Maps a row of rowsSql to the table's row shape, with the derived columns. */
export function toEventRow(row: Record<string, SqlValue>): EventRow {
  const details = parseJsonObject(row.details, true);
  const type = asString(row.event_type) ?? '';
  const agent = asString(row.agent_id);
  const tx = asString(row.tx_id);
  const payment: PaymentFacts | null =
    row._tx_amount !== undefined && (row._tx_amount !== null || row._tx_sender !== null)
      ? { amount: asInteger(row._tx_amount), sender: asString(row._tx_sender), receiver: asString(row._tx_receiver) }
      : null;
  const seq = typeof row._seq === 'number' ? row._seq : (asString(row._seq) ?? '');
  const rawId = row.event_id;
  return {
    eventId: typeof rawId === 'number' ? rawId : (asString(rawId) ?? seq),
    tick: asInteger(row.tick) ?? 0,
    day: asInteger(row.day),
    type,
    agent,
    tx,
    ...describeEvent(type, agent, tx, details, payment),
    details,
  };
}

/**
 * The simulation's agents that act in its events, by a skip scan of the (simulation_id, agent_id, …) index: one
 * index probe per agent instead of reading every event.
 */
export function agentsSql(source: EventSource, simulationId: string): { sql: string; params: SqlValue[] } | null {
  if (!source.schema.hasColumn(source.table, 'agent_id')) return null;
  const t = quoteIdent(source.table);
  return {
    sql:
      `WITH RECURSIVE a(agent) AS (SELECT (SELECT MIN(se.agent_id) FROM ${t} se WHERE se.simulation_id = ? AND se.agent_id IS NOT NULL) ` +
      `UNION ALL SELECT (SELECT MIN(se.agent_id) FROM ${t} se WHERE se.simulation_id = ? AND se.agent_id > a.agent) FROM a WHERE a.agent IS NOT NULL) ` +
      'SELECT agent FROM a WHERE agent IS NOT NULL',
    params: [simulationId, simulationId],
  };
}
