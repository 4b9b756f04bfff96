/**
 * The events table of one simulation: filtered listings that can be read at any row position, fast, on
 * simulations with millions of events. A listing (FilteredEvents) is indexed by its events per tick (TickIndex);
 * rows are then read by keyset on tick with a short offset inside one tick. The counts of index-served filters
 * come from one GROUP BY over an index and are cached per filter; a text search, which must read details, is
 * counted chunk by chunk (about `chunkEvents` candidate events per statement, so the database worker is never
 * busy for long and other requests interleave), and its rows are readable as soon as their chunk is counted.
 */
import { backendFor } from './backend';
import type { EventSource } from './common/eventQuery';
import type { EventRow, EventTableFilter } from './eventRows';
import { agentsSql, baseKey, headIsIndexOrdered, resolveFilter, rowsSql, tickCountsSql, toEventRow, typeCountsSql, type ResolvedFilter } from './eventTableSql';
import { eventTypeCounts } from './events';
import { getSimulation } from './simulations';
import type { SimCashFile } from './file';
import { TickIndex } from './tickIndex';
import type { EventTypeCount, SimulationSummary } from './types';
import { asInteger, asString } from './values';

/** Candidate events a text search reads per statement (about 30 ms in sql.js). */
export const DEFAULT_SEARCH_CHUNK = 50_000;
/** Events one statement of a type count within other filters reads (about 40 ms in sql.js). */
const TYPE_COUNT_CHUNK_ROWS = 10_000;
/** Per-tick counts kept per table (the unfiltered listing and the last few filters). */
const CACHED_INDEXES = 8;

export class EventTable {
  private readonly indexes = new Map<string, Promise<TickIndex>>();
  private simulationInfo?: Promise<SimulationSummary | null>;
  private typeCounts?: Promise<EventTypeCount[]>;
  /** Type counts within other filters (agent, ticks, day, transaction), the last few. */
  private readonly scopedTypeCounts = new Map<string, Promise<EventTypeCount[]>>();
  private agentList?: Promise<string[]>;

  private constructor(
    readonly file: SimCashFile,
    readonly simulationId: string,
    /** Where the file keeps events; null when it has none (then every listing is empty). */
    readonly source: EventSource | null,
  ) {}

  static async open(file: SimCashFile, simulationId: string): Promise<EventTable> {
    const backend = await backendFor(file);
    return new EventTable(file, simulationId, backend.events);
  }

  /** The simulation's summary (null for an unknown id); read once. */
  simulation(): Promise<SimulationSummary | null> {
    this.simulationInfo ??= getSimulation(this.file, this.simulationId);
    return this.simulationInfo;
  }

  /** Events per type in the whole simulation, most frequent first (the type filter's counts). */
  eventTypeCounts(): Promise<EventTypeCount[]> {
    this.typeCounts ??= eventTypeCounts(this.file, this.simulationId);
    return this.typeCounts;
  }

  /**
   * Events per type within a filter's agent, tick range, day and transaction (its types and text are left out);
   * `scoped` false when none of those is set (then these are the whole simulation's counts).
   */
  async typeCountsWithin(filter: EventTableFilter): Promise<{ counts: EventTypeCount[]; scoped: boolean }> {
    const ticksPerDay = filter.day !== undefined ? ((await this.simulation())?.ticks_per_day ?? null) : null;
    const resolved = resolveFilter({ ...filter, eventTypes: undefined, text: undefined }, ticksPerDay);
    const scoped = Object.keys(resolved.base).length > 0 || resolved.dayColumn !== undefined;
    if (!scoped) return { counts: await this.eventTypeCounts(), scoped };
    const key = baseKey(resolved);
    let counts = this.scopedTypeCounts.get(key);
    if (!counts) {
      counts = this.countTypes(resolved);
      this.scopedTypeCounts.set(key, counts);
      counts.catch(() => this.scopedTypeCounts.delete(key));
      while (this.scopedTypeCounts.size > CACHED_INDEXES) this.scopedTypeCounts.delete(this.scopedTypeCounts.keys().next().value as string);
    }
    return { counts: await counts, scoped };
  }

  /**
   * Counted in tick ranges of about TYPE_COUNT_CHUNK_ROWS events (from the filter's per-tick counts), one statement
   * each: no index holds the type beside the agent, so every event is looked up in the table (about 4 µs each), and
   * the database worker answers other requests (a scroll, a new filter) between the chunks.
   */
  private async countTypes(filter: ResolvedFilter): Promise<EventTypeCount[]> {
    const source = this.source;
    if (!source || filter.empty || !source.schema.hasColumn(source.table, 'event_type')) return [];
    const index = await this.baseIndex(filter);
    const totals = new Map<string, number>();
    for (const chunk of index.chunks(TYPE_COUNT_CHUNK_ROWS)) {
      const { sql, params } = typeCountsSql(source, this.simulationId, filter, chunk);
      for (const r of await this.file.db.query(sql, params)) {
        const type = asString(r.event_type) ?? '';
        totals.set(type, (totals.get(type) ?? 0) + (asInteger(r.n) ?? 0));
      }
    }
    return [...totals].map(([event_type, count]) => ({ event_type, count })).sort((a, b) => b.count - a.count || (a.event_type < b.event_type ? -1 : a.event_type > b.event_type ? 1 : 0));
  }

  /** Agents acting in the simulation's events, sorted. */
  agents(): Promise<string[]> {
    this.agentList ??= (async () => {
      const query = this.source ? agentsSql(this.source, this.simulationId) : null;
      if (!query) return [];
      const rows = await this.file.db.query(query.sql, query.params);
      return rows.map((r) => asString(r.agent) ?? '').filter((a) => a !== '');
    })();
    return this.agentList;
  }

  /** A filtered listing. The day filter needs the run's ticks per day, hence async. */
  async view(filter: EventTableFilter, options: { chunkEvents?: number } = {}): Promise<FilteredEvents> {
    const ticksPerDay = filter.day !== undefined ? ((await this.simulation())?.ticks_per_day ?? null) : null;
    // Not started here: head() may first issue its own read, so that the worker answers the first page before it
    // counts. Every other read starts the counting.
    return new FilteredEvents(this, resolveFilter(filter, ticksPerDay), Math.max(1000, options.chunkEvents ?? DEFAULT_SEARCH_CHUNK));
  }

  /** Per-tick counts of the index-served part of a filter (cached). */
  baseIndex(filter: ResolvedFilter): Promise<TickIndex> {
    const key = baseKey(filter);
    let index = this.indexes.get(key);
    if (index) {
      // Most recently used last, so that eviction drops the oldest.
      this.indexes.delete(key);
      this.indexes.set(key, index);
      return index;
    }
    index = this.countTicks(filter);
    this.indexes.set(key, index);
    index.catch(() => this.indexes.delete(key));
    while (this.indexes.size > CACHED_INDEXES) {
      this.indexes.delete(this.indexes.keys().next().value as string);
    }
    return index;
  }

  private async countTicks(filter: ResolvedFilter): Promise<TickIndex> {
    if (!this.source || filter.empty) return TickIndex.from([]);
    const { sql, params } = tickCountsSql(this.source, this.simulationId, filter, undefined, false);
    const rows = await this.file.db.query(sql, params);
    return TickIndex.from(rows.map((r) => [asInteger(r.tick) ?? 0, asInteger(r.n) ?? 0] as const));
  }
}

/** Raised to waiters of a listing that was disposed (its filter was replaced). */
export class ListingDisposedError extends Error {
  constructor() {
    super('The listing was replaced by another filter.');
    this.name = 'ListingDisposedError';
  }
}

/**
 * One filtered listing. Its index is built in the background (start()); reads wait for the part of the index they
 * need. dispose() stops a running text search between chunks.
 */
export class FilteredEvents {
  private current = new TickIndex();
  private failure: unknown;
  private disposed = false;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<(index: TickIndex) => void>();
  private building?: Promise<void>;
  private base?: TickIndex;

  constructor(
    readonly table: EventTable,
    readonly filter: ResolvedFilter,
    private readonly chunkEvents: number,
  ) {}

  /** The index as far as it is known (grows during a text search; complete otherwise once counted). */
  get index(): TickIndex {
    return this.current;
  }

  get searching(): boolean {
    return this.filter.text !== undefined;
  }

  /** The last tick a text search will look at (that of the listing without the text); null until known. */
  get searchEnd(): number | null {
    return this.base?.lastTick() ?? null;
  }

  start(): void {
    this.building ??= this.build().then(
      () => this.notify(),
      (error: unknown) => {
        this.failure = error;
        this.notify();
      },
    );
  }

  /** Called after each counted chunk and when the index completes. Returns a function that unsubscribes. */
  onProgress(listener: (index: TickIndex) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The complete index (the listing's total, every tick). */
  async complete(): Promise<TickIndex> {
    await this.until(() => this.current.complete);
    return this.current;
  }

  /**
   * The first rows (the first page of a panel). Without a type, agent or text filter they are read in index order
   * before the counts (issued first, so the worker answers them first); otherwise through the counts, which are
   * quick for those filters, since an index-order read would walk every event until enough match.
   */
  async head(limit: number): Promise<EventRow[]> {
    const source = this.table.source;
    if (!source || this.filter.empty) return [];
    if (!headIsIndexOrdered(this.filter)) return this.rows(0, limit, { partial: true });
    const { sql, params } = rowsSql(source, this.table.simulationId, this.filter, null, { limit });
    const rows = this.table.file.db.query(sql, params);
    this.start();
    return (await rows).map(toEventRow);
  }

  /**
   * Rows [start, start + count). Waits until the index covers them (or, with `partial`, at least the first of
   * them) or is complete; rows beyond the end are simply not returned.
   */
  async rows(start: number, count: number, options: { partial?: boolean } = {}): Promise<EventRow[]> {
    const source = this.table.source;
    if (!source || count <= 0 || start < 0) return [];
    await this.until(() => this.current.complete || this.current.total >= (options.partial ? start + 1 : start + count));
    const window = this.current.window(start, count);
    if (!window) return [];
    const { sql, params } = rowsSql(source, this.table.simulationId, this.filter, window, { limit: window.count, offset: window.offset });
    return (await this.table.file.db.query(sql, params)).map(toEventRow);
  }

  /** The first row on or after `tick`, or null when the listing has none that late. */
  async rowOfTick(tick: number): Promise<number | null> {
    await this.until(() => this.current.complete || this.current.rowOfTick(tick) !== null);
    return this.current.rowOfTick(tick);
  }

  /** Every row, in table order, in batches of about `rowsPerBatch` (whole ticks); for exports. */
  async *batches(rowsPerBatch: number): AsyncGenerator<EventRow[]> {
    const source = this.table.source;
    const index = await this.complete();
    if (!source) return;
    for (const chunk of index.chunks(Math.max(1, rowsPerBatch))) {
      if (this.disposed) throw new ListingDisposedError();
      const { sql, params } = rowsSql(source, this.table.simulationId, this.filter, chunk);
      yield (await this.table.file.db.query(sql, params)).map(toEventRow);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.notify();
  }

  private async build(): Promise<void> {
    const base = await this.table.baseIndex(this.filter);
    this.base = base;
    const source = this.table.source;
    if (!this.searching || !source) {
      this.current = base;
      return;
    }
    // A text search: count the matches of each chunk of the base listing's ticks, in tick order.
    const index = this.current;
    for (const chunk of base.chunks(this.chunkEvents)) {
      if (this.disposed) return;
      const { sql, params } = tickCountsSql(source, this.table.simulationId, this.filter, chunk);
      for (const row of await this.table.file.db.query(sql, params)) {
        index.add(asInteger(row.tick) ?? 0, asInteger(row.n) ?? 0);
      }
      index.cover(chunk.toTick);
      this.notify();
    }
    index.finish();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
    if (!this.disposed) {
      for (const listener of this.listeners) listener(this.current);
    }
  }

  /** Resolves once `ready()` holds; rejects if the build failed or the listing was disposed first. */
  private until(ready: () => boolean): Promise<void> {
    this.start();
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.failure !== undefined) {
          reject(this.failure instanceof Error ? this.failure : new Error(String(this.failure)));
          return true;
        }
        if (ready()) {
          resolve();
          return true;
        }
        if (this.disposed) {
          reject(new ListingDisposedError());
          return true;
        }
        return false;
      };
      if (check()) return;
      const waiter = () => {
        if (check()) this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }
}
