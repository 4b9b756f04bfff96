/**
 * The host side of one events panel, free of the vscode API so that tests and benchmarks can drive it: it answers
 * the webview's messages (src/protocol/events.ts) from the simulation's EventTable. The panel (eventsPanel.ts)
 * wires it to a WebviewPanel, the registry and the commands.
 */
import {
  EventTable,
  ListingDisposedError,
  exportEventsToFile,
  listEvents,
  transactionTrace,
  type EventExportFormat,
  type EventRow,
  type EventTableFilter,
  type ExportResult,
  type FilteredEvents,
  type SimCashFile,
  type TickIndex,
} from '../../model';
import type { EventsHostMessage, EventsWebviewMessage } from '../../protocol/events';
import { decodeViewState, sameFilter } from '../../protocol/eventsState';
import { noEventsInfo } from './noEventsInfo';

export interface EventsSettings {
  pageSize: number;
  cachedRows: number;
  searchChunkEvents: number;
}

/** What the controller needs from its surroundings. */
export interface EventsControllerHost {
  /** The opened file (the registry's shared copy). */
  file(): Promise<SimCashFile>;
  post(message: EventsHostMessage): void;
  settings(): EventsSettings;
  /** The webview asked to export (the panel shows a save dialog and progress). */
  requestExport?(format: EventExportFormat): void;
  cancelExport?(): void;
  /** The webview asked for another simulation's events (the no-events alternative). */
  openSimulation?(simulationId: string): void;
  /** The webview asked for this simulation's replay at a tick. */
  openReplay?(tick: number): void;
  /** The webview asked to open the closed database again. */
  reopen?(): Promise<void>;
  copy?(text: string): void;
  log?(message: string): void;
}

interface Listing {
  generation: number;
  filter: EventTableFilter;
  view: Promise<FilteredEvents>;
}

/** The first page read while the webview builds its page after `init` (it will ask for it next). */
interface Prefetch {
  filter: EventTableFilter;
  view: Promise<FilteredEvents>;
  head: Promise<EventRow[]>;
}

export class EventsController {
  private table?: { file: SimCashFile; table: Promise<EventTable> };
  private listing?: Listing;
  private prefetch?: Prefetch;
  private lastState: string | null = null;
  private pendingRestore: string | null = null;
  private announced?: EventTable;
  private readonly observers = new Set<(message: EventsHostMessage) => void>();

  constructor(
    readonly filePath: string,
    readonly simulationId: string,
    private readonly host: EventsControllerHost,
  ) {}

  /** The view state the webview last reported (URL-like), or the one to be restored. */
  get state(): string | null {
    return this.pendingRestore ?? this.lastState;
  }

  /** The filter of the webview's current listing (empty before its first query). */
  get filter(): EventTableFilter {
    return this.listing?.filter ?? decodeViewState(this.state).filter;
  }

  get generation(): number {
    return this.listing?.generation ?? 0;
  }

  /** Sees every message the controller posts (tests). Returns a function that stops observing. */
  observe(observer: (message: EventsHostMessage) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Handles one message and returns what was posted while handling it (tests; the panel ignores the result). */
  async request(message: EventsWebviewMessage): Promise<EventsHostMessage[]> {
    const posted: EventsHostMessage[] = [];
    const stop = this.observe((m) => posted.push(m));
    try {
      await this.handle(message);
    } finally {
      stop();
    }
    return posted;
  }

  async handle(message: EventsWebviewMessage): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          this.lastState = message.state;
          return await this.init();
        case 'state':
          this.lastState = message.state;
          this.pendingRestore = null;
          return;
        case 'query':
          return await this.query(message.generation, message.filter, message.start, message.count);
        case 'rows':
          return await this.rows(message.generation, message.start, message.count);
        case 'goToTick':
          return await this.goToTick(message.generation, message.tick);
        case 'trace':
          return await this.trace(message.txId);
        case 'export':
          return this.host.requestExport?.(message.format);
        case 'cancelExport':
          return this.host.cancelExport?.();
        case 'openSimulation':
          return this.host.openSimulation?.(message.simulationId);
        case 'typeCounts':
          return await this.typeCounts(message.filter);
        case 'reopen':
          return await this.host.reopen?.();
        case 'openReplay':
          return Number.isInteger(message.tick) && message.tick >= 0 ? this.host.openReplay?.(message.tick) : undefined;
        case 'copy':
          return this.host.copy?.(message.text);
      }
    } catch (error) {
      if (error instanceof ListingDisposedError) return;
      const text = error instanceof Error ? error.message : String(error);
      this.host.log?.(`Events panel ${this.simulationId}: ${text}`);
      this.post({ type: 'error', message: text, generation: 'generation' in message ? message.generation : undefined });
    }
  }

  /** Asks the webview to show a view state (a command's filter, a trace); kept until the webview reports its own. */
  applyState(state: string): void {
    this.pendingRestore = state;
    this.post({ type: 'applyState', state });
  }

  /** The database was closed: the listing is dropped and the webview says so (it offers to reopen). */
  closed(fileName: string): void {
    this.forgetFile();
    this.post({ type: 'closed', fileName });
  }

  /** The file changed on disk and was read again: drop everything read from the old copy and start over. */
  async reset(): Promise<void> {
    this.forgetFile();
    await this.init();
  }

  /** Drops what was read from the file (listing, table, announced facts), keeping the view state to restore. */
  private forgetFile(): void {
    this.listing?.view.then((v) => v.dispose(), () => undefined);
    this.listing = undefined;
    this.prefetch = undefined;
    this.table = undefined;
    this.announced = undefined;
    this.pendingRestore = this.state;
  }

  /** The listing of the current filter, complete (exports). */
  async currentListing(): Promise<FilteredEvents> {
    return (await this.eventTable()).view(this.filter, { chunkEvents: this.host.settings().searchChunkEvents });
  }

  /** Exports the current filter's events to a file (the panel supplies the target and the cancellation). */
  async exportTo(target: string, format: EventExportFormat, options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<ExportResult> {
    const view = await this.currentListing();
    try {
      this.post({ type: 'exportStatus', status: 'running', rows: 0, total: 0, target });
      const result = await exportEventsToFile(view, format, target, {
        signal: options.signal,
        onProgress: (done, total) => {
          options.onProgress?.(done, total);
          this.post({ type: 'exportStatus', status: 'running', rows: done, total, target });
        },
      });
      const total = view.index.total;
      this.post({ type: 'exportStatus', status: result.cancelled ? 'cancelled' : 'done', rows: result.rows, total, target });
      return result;
    } catch (error) {
      this.post({ type: 'exportStatus', status: 'failed', rows: 0, total: view.index.total, target, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      view.dispose();
    }
  }

  dispose(): void {
    this.listing?.view.then((v) => v.dispose(), () => undefined);
    this.listing = undefined;
    this.observers.clear();
  }

  private post(message: EventsHostMessage): void {
    this.host.post(message);
    for (const observer of this.observers) observer(message);
  }

  private async eventTable(): Promise<EventTable> {
    const file = await this.host.file();
    if (this.table?.file !== file) {
      this.table = { file, table: EventTable.open(file, this.simulationId) };
    }
    return this.table.table;
  }

  private async init(): Promise<void> {
    // A new page (the panel was hidden and shown, or the window reloaded) has no header facts or filter choices yet.
    this.announced = undefined;
    const { pageSize, cachedRows } = this.host.settings();
    const file = await this.host.file();
    const fileName = file.path.split(/[\\/]/).pop() ?? file.path;
    // One index probe: does the simulation have any event at all?
    const hasEvents = (await listEvents(file, this.simulationId, {}, { limit: 1 })).events.length > 0;
    this.post({
      type: 'init',
      panel: { filePath: this.filePath, fileName, simulationId: this.simulationId, hasEvents, pageSize, cachedRows },
      restore: this.pendingRestore,
    });
    // The webview's first query will be for the state it kept (or is told to restore), from its top: read that page
    // now, while the page is being built, instead of after another round trip.
    const state = decodeViewState(this.state);
    if (hasEvents && state.top === 0) {
      const view = (await this.eventTable()).view(state.filter, { chunkEvents: this.host.settings().searchChunkEvents });
      this.prefetch = { filter: state.filter, view, head: view.then((v) => v.head(pageSize)) };
      this.prefetch.head.catch(() => undefined);
    }
    if (!hasEvents) {
      const simulation = await (await this.eventTable()).simulation();
      if (!simulation) {
        this.post({ type: 'error', message: `${fileName} has no simulation ${this.simulationId}.` });
        return;
      }
      this.post({ type: 'noEvents', info: await noEventsInfo(file, simulation) });
    }
  }

  private async query(generation: number, filter: EventTableFilter, start: number, count: number): Promise<void> {
    const table = await this.eventTable();
    this.listing?.view.then((v) => v.dispose(), () => undefined);
    const prefetch = this.prefetch;
    this.prefetch = undefined;
    const reuse = prefetch !== undefined && start === 0 && this.limit(count) === this.host.settings().pageSize && sameFilter(prefetch.filter, filter);
    if (prefetch && !reuse) void prefetch.view.then((v) => v.dispose(), () => undefined);
    const view = reuse ? prefetch.view : table.view(filter, { chunkEvents: this.host.settings().searchChunkEvents });
    const listing: Listing = { generation, filter, view };
    this.listing = listing;
    const opened = await view;
    const report = (index: TickIndex) => {
      if (this.listing !== listing) return;
      this.post({ type: 'listing', generation, total: index.total, complete: index.complete, scannedTick: index.complete ? null : Number.isFinite(index.scannedTo) ? index.scannedTo : null, lastTick: opened.searchEnd });
    };
    opened.onProgress(report);
    // A prefetched listing may have finished counting before anyone listened.
    if (opened.index.complete) report(opened.index);
    const rows = reuse ? await prefetch.head : start === 0 ? await opened.head(this.limit(count)) : await opened.rows(start, this.limit(count), { partial: true });
    if (this.listing === listing) this.post({ type: 'rows', generation, start, rows });
    // The header facts and the filters' choices, once per table, after the first page (the worker answers in order).
    if (this.announced !== table) {
      this.announced = table;
      void this.announce(table);
    }
  }

  private async typeCounts(filter: EventTableFilter): Promise<void> {
    const { counts, scoped } = await (await this.eventTable()).typeCountsWithin(filter);
    this.post({ type: 'typeCounts', filter, counts: counts.map((c) => ({ type: c.event_type, count: c.count })), scoped });
  }

  private async announce(table: EventTable): Promise<void> {
    try {
      const [simulation, types, agents] = await Promise.all([table.simulation(), table.eventTypeCounts(), table.agents()]);
      if (simulation) {
        this.post({
          type: 'simulation',
          simulation: {
            configName: simulation.config_name,
            status: simulation.status,
            persistenceLevel: simulation.persistence_level,
            runPurpose: simulation.run_purpose,
            experimentId: simulation.experiment_id,
            iteration: simulation.iteration,
            sampleIndex: simulation.sample_index,
            ticksPerDay: simulation.ticks_per_day,
            numDays: simulation.num_days,
            eventCount: simulation.event_count,
          },
        });
      }
      this.post({ type: 'facets', facets: { eventTypes: types.map((t) => ({ type: t.event_type, count: t.count })), agents } });
    } catch (error) {
      this.host.log?.(`Events panel ${this.simulationId}: could not read the filters' choices: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private current(generation: number): Listing | undefined {
    return this.listing?.generation === generation ? this.listing : undefined;
  }

  private limit(count: number): number {
    return Math.max(1, Math.min(Math.floor(count), 5 * this.host.settings().pageSize));
  }

  private async rows(generation: number, start: number, count: number): Promise<void> {
    const listing = this.current(generation);
    if (!listing) return;
    const rows = await (await listing.view).rows(start, this.limit(count), { partial: true });
    if (this.listing === listing) this.post({ type: 'rows', generation, start, rows });
  }

  private async goToTick(generation: number, tick: number): Promise<void> {
    const listing = this.current(generation);
    if (!listing) return;
    const row = await (await listing.view).rowOfTick(tick);
    if (this.listing === listing) this.post({ type: 'tickRow', generation, tick, row });
  }

  private async trace(txId: string): Promise<void> {
    try {
      const file = await this.host.file();
      const trace = await transactionTrace(file, this.simulationId, txId);
      if (!trace.found) {
        this.post({ type: 'traceError', txId, message: `No event of ${this.simulationId} names the transaction ${txId}.` });
        return;
      }
      this.post({ type: 'trace', trace });
    } catch (error) {
      this.post({ type: 'traceError', txId, message: error instanceof Error ? error.message : String(error) });
    }
  }
}
