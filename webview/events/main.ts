import styles from './styles.css';
import type { EventRow, EventsHostMessage, EventsPanelInfo, EventsSimulationInfo, EventTableFilter } from '../../src/protocol/events';
import { EMPTY_VIEW_STATE, decodeViewState, encodeViewState, type EventsViewState } from '../../src/protocol/eventsState';
import { formatCount } from '../../src/format';
import { el } from '../shared/dom';
import { installStyles, onMessage, post, saveState, savedState } from './channel';
import { FilterBar } from './filterBar';
import { VirtualGrid } from './grid';
import { noEventsView } from './noEvents';
import { TracePane } from './tracePane';

/**
 * The events panel: every event of one simulation in a virtual table, filterable, with a transaction trace beside
 * it. The page keeps its view state (filters, position, open details and trace) with setState as a URL-like string,
 * so it survives hiding the panel and reloading the window.
 */
installStyles(styles);
const app = document.getElementById('app') as HTMLElement;
// The grid and the status line announce what matters; the whole page must not be a live region.
app.removeAttribute('aria-live');

class EventsApp {
  private view: EventsViewState = { ...EMPTY_VIEW_STATE };
  private generation = 0;
  private total = 0;
  private complete = false;
  private scannedTick: number | null = null;
  private lastTick: number | null = null;
  /** Position to restore once the listing is long enough (after a filter is applied from a saved state). */
  private pending: Pick<EventsViewState, 'top' | 'selected' | 'expanded'> | null = null;
  private simulation: EventsSimulationInfo | null = null;
  private readonly grid: VirtualGrid;
  private readonly filters: FilterBar;
  private readonly trace: TracePane;
  private readonly facts = el('span', { className: 'facts muted' });
  /** Opens the replay at the selected row's tick (else the first visible row's); its label names that tick. */
  private readonly replayButton = el('button', { className: 'replay-at', attrs: { type: 'button', disabled: '' } }, 'Replay');
  private replayTick: number | null = null;
  private readonly status = el('div', { className: 'status-text', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly exportLine = el('div', { className: 'export-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly errorLine = el('div', { className: 'error-line', attrs: { role: 'alert' } });
  /** Shown while the database is closed (from the tree), with the way to open it again. */
  private readonly closedLine = el('div', { className: 'closed-line', attrs: { role: 'alert' } });
  private fileClosed = false;
  private saveTimer = 0;
  private statusFrame = 0;

  constructor(private readonly panel: EventsPanelInfo) {
    this.grid = new VirtualGrid(panel.pageSize, panel.cachedRows, {
      fetch: (start, count) => post({ type: 'rows', generation: this.generation, start, count }),
      trace: (txId) => this.openTrace(txId),
      replay: (tick) => post({ type: 'openReplay', tick }),
      changed: () => this.viewChanged(),
      quickFilter: (kind, value) => this.setFilter(kind === 'type' ? { ...this.view.filter, eventTypes: [value] } : kind === 'agent' ? { ...this.view.filter, agentId: value } : { ...this.view.filter, txId: value }),
      copy: (text) => post({ type: 'copy', text }),
      escape: () => this.closeTrace(),
    });
    this.filters = new FilterBar({
      changed: (filter) => this.setFilter(filter, false),
      goToTick: (tick) => post({ type: 'goToTick', generation: this.generation, tick }),
      export: (format) => post({ type: 'export', format }),
      countTypes: (filter) => post({ type: 'typeCounts', filter }),
    });
    this.trace = new TracePane({
      trace: (txId) => this.openTrace(txId),
      goToTick: (tick) => post({ type: 'goToTick', generation: this.generation, tick }),
      filterTx: (txId) => this.setFilter({ txId }),
      close: () => this.closeTrace(),
    });
    document.addEventListener('keydown', (event) => this.onKey(event));
  }

  get panelId(): string {
    return this.panel.simulationId;
  }

  start(restore: string | null): void {
    const saved = savedState();
    const own = saved && saved.filePath === this.panel.filePath && saved.simulationId === this.panel.simulationId ? saved.view : null;
    this.view = decodeViewState(restore ?? own);
    this.replayButton.addEventListener('click', () => {
      if (this.replayTick !== null) post({ type: 'openReplay', tick: this.replayTick });
    });
    const header = el('header', { className: 'events-header' }, el('h1', { className: 'mono', text: this.panel.simulationId }), el('span', { className: 'muted', text: this.panel.fileName }), this.facts, this.replayButton);
    if (!this.panel.hasEvents) {
      app.replaceChildren(header, el('p', { className: 'muted', text: 'Reading what is stored for this simulation…' }));
      return;
    }
    app.replaceChildren(
      header,
      this.filters.element,
      el('div', { className: 'status-line' }, this.status, this.exportLine),
      this.errorLine,
      this.closedLine,
      el('div', { className: 'events-body' }, this.grid.element, this.trace.element),
    );
    this.applyView(true);
  }

  handle(message: EventsHostMessage): void {
    switch (message.type) {
      case 'simulation':
        this.simulation = message.simulation;
        this.filters.setDays(message.simulation.numDays);
        this.facts.textContent = describeSimulation(message.simulation);
        this.updateStatus();
        return;
      case 'facets':
        this.filters.setFacets(message.facets);
        return;
      case 'typeCounts':
        this.filters.setTypeCounts(message.filter, message.counts, message.scoped);
        return;
      case 'listing':
        if (message.generation !== this.generation) return;
        this.total = message.total;
        this.complete = message.complete;
        this.scannedTick = message.scannedTick;
        this.lastTick = message.lastTick;
        this.grid.setTotal(this.total);
        this.restorePosition();
        this.updateStatus();
        return;
      case 'rows':
        if (message.generation !== this.generation) return;
        this.received(message.start, message.rows);
        return;
      case 'tickRow':
        if (message.generation !== this.generation) return;
        if (message.row === null) {
          this.showError(`No event at or after tick ${formatCount(message.tick)} in this listing.`);
        } else {
          this.grid.select(message.row, 'top');
          this.grid.focus();
        }
        return;
      case 'trace':
        if (message.trace.txId === this.view.trace) this.trace.show(message.trace);
        return;
      case 'traceError':
        if (message.txId === this.view.trace) this.trace.error(message.txId, message.message);
        return;
      case 'noEvents':
        app.replaceChildren(app.firstElementChild ?? el('span'), noEventsView(message.info, (simulationId) => post({ type: 'openSimulation', simulationId })));
        return;
      case 'exportStatus':
        this.showExport(message);
        return;
      case 'applyState':
        this.view = decodeViewState(message.state);
        this.applyView(true);
        return;
      case 'error':
        // While the database is closed every read fails, and the closed line already says why.
        if (this.fileClosed) return;
        if (message.generation === undefined || message.generation === this.generation) this.showError(message.message);
        return;
      case 'closed': {
        this.fileClosed = true;
        const reopen = el('button', { text: 'Reopen', title: `Open ${message.fileName} again and show these events`, attrs: { type: 'button' } });
        reopen.addEventListener('click', () => {
          reopen.disabled = true;
          post({ type: 'reopen' });
        });
        this.closedLine.replaceChildren(`${message.fileName} was closed. The rows shown stay until it is opened again. `, reopen);
        return;
      }
      case 'init':
        this.fileClosed = false;
        this.closedLine.replaceChildren();
        // A second init: the file was read again from disk. Query again, keeping the view.
        if (message.restore !== null) this.view = decodeViewState(message.restore);
        if (this.panel.hasEvents) this.applyView(true);
        return;
    }
  }

  /** Shows the view state: filters in the controls, the trace, and a new listing at the saved position. */
  private applyView(keepPosition: boolean): void {
    this.filters.set(this.view.filter);
    if (this.view.trace) this.openTrace(this.view.trace, false);
    else this.trace.close();
    this.query(keepPosition);
    // Keep it at once: a state applied by the host must survive a hide/show even before the first scroll.
    this.save();
  }

  private setFilter(filter: EventTableFilter, updateControls = true): void {
    this.view = { ...this.view, filter, top: 0, selected: null, expanded: null };
    if (updateControls) this.filters.set(filter);
    this.query(false);
    this.save();
  }

  private query(keepPosition: boolean): void {
    this.generation++;
    this.total = 0;
    this.complete = false;
    this.scannedTick = null;
    this.errorLine.textContent = '';
    this.pending = keepPosition ? { top: this.view.top, selected: this.view.selected, expanded: this.view.expanded } : null;
    this.grid.reset();
    const top = this.pending?.top ?? 0;
    const start = Math.floor(top / this.panel.pageSize) * this.panel.pageSize;
    post({ type: 'query', generation: this.generation, filter: this.view.filter, start, count: this.panel.pageSize });
    this.updateStatus();
  }

  private received(start: number, rows: EventRow[]): void {
    if (!this.complete && start + rows.length > this.total) {
      // The first rows arrive before the count: show them now, the scroll bar grows when the count comes.
      this.total = start + rows.length;
      this.grid.setTotal(this.total);
    }
    this.grid.put(start, rows, this.complete);
    this.restorePosition();
    this.updateStatus();
  }

  private restorePosition(): void {
    const p = this.pending;
    if (!p) return;
    if (p.top > 0 && this.total <= p.top && !this.complete) return;
    this.pending = null;
    if (this.total === 0) return;
    this.grid.scrollToRow(Math.min(p.top, this.total - 1), 'top');
    if (p.selected !== null && p.selected < this.total) this.grid.select(p.selected, 'nearest');
    if (p.expanded !== null && p.expanded < this.total) this.grid.expand(p.expanded);
  }

  private openTrace(txId: string, save = true): void {
    this.view = { ...this.view, trace: txId };
    this.trace.loading(txId);
    post({ type: 'trace', txId });
    if (save) this.save();
  }

  private closeTrace(): void {
    if (this.view.trace === null) return;
    this.trace.close();
    this.view = { ...this.view, trace: null };
    this.save();
    this.grid.focus();
  }

  private viewChanged(): void {
    this.view = { ...this.view, top: this.grid.topRow, selected: this.grid.selectedRow, expanded: this.grid.expandedRow };
    this.save();
    if (this.statusFrame === 0) {
      this.statusFrame = requestAnimationFrame(() => {
        this.statusFrame = 0;
        this.updateStatus();
      });
    }
  }

  /** Keeps the view state (debounced): setState for hide/show and reloads, and the host for its commands. */
  private save(): void {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => {
      const state = encodeViewState(this.view);
      saveState({ filePath: this.panel.filePath, simulationId: this.panel.simulationId, view: state });
      post({ type: 'state', state });
    }, 200);
  }

  private updateStatus(): void {
    const filtered = Object.keys(this.view.filter).length > 0;
    const all = this.simulation ? ` of ${formatCount(this.simulation.eventCount)}` : '';
    let text: string;
    if (this.total === 0 && !this.complete) {
      const scanned = this.scannedTick !== null ? ` tick ${formatCount(this.scannedTick)}${this.lastTick !== null ? ` of ${formatCount(this.lastTick)}` : ''}: no match yet` : '';
      text = this.view.filter.text ? `Searching the details…${scanned}` : 'Loading…';
    } else if (this.total === 0) {
      text = filtered ? 'No event matches these filters.' : 'No events.';
    } else {
      const top = this.grid.topRow;
      const shown = `rows ${formatCount(top + 1)}–${formatCount(Math.min(this.total, top + Math.max(1, Math.floor(this.grid.element.clientHeight / 24) - 2)))}`;
      if (this.complete) {
        text = `${formatCount(this.total)} event${this.total === 1 ? '' : 's'}${filtered ? ` match${this.total === 1 ? 'es' : ''}${all}` : ''} · ${shown}`;
      } else if (this.view.filter.text && this.scannedTick !== null) {
        text = `Searching the details… tick ${formatCount(this.scannedTick)}${this.lastTick !== null ? ` of ${formatCount(this.lastTick)}` : ''}: ${formatCount(this.total)} matches so far · ${shown}`;
      } else {
        text = `Counting… ${shown}`;
      }
    }
    this.status.textContent = text;
    this.grid.element.dataset.complete = String(this.complete);
    this.updateReplayButton();
  }

  private updateReplayButton(): void {
    const row = this.total > 0 ? this.grid.row(this.grid.selectedRow ?? this.grid.topRow) : undefined;
    this.replayTick = row?.tick ?? null;
    this.replayButton.disabled = this.replayTick === null;
    this.replayButton.textContent = this.replayTick === null ? 'Replay' : `Replay at tick ${formatCount(this.replayTick)}`;
    this.replayButton.title =
      this.replayTick === null ? 'Open the replay of this simulation' : `Open the replay of this simulation at the state after tick ${this.replayTick} (${this.grid.selectedRow !== null ? 'the selected event' : 'the first row shown'}; R on a row)`;
  }

  private showExport(message: Extract<EventsHostMessage, { type: 'exportStatus' }>): void {
    const name = message.target.split(/[\\/]/).pop() ?? message.target;
    const parts: Array<Node | string> = [];
    switch (message.status) {
      case 'running': {
        parts.push(`Exporting to ${name}: ${formatCount(message.rows)}${message.total > 0 ? ` of ${formatCount(message.total)}` : ''} events… `);
        const cancel = el('button', { text: 'Cancel', attrs: { type: 'button' } });
        cancel.addEventListener('click', () => post({ type: 'cancelExport' }));
        parts.push(cancel);
        break;
      }
      case 'done':
        parts.push(`Exported ${formatCount(message.rows)} events to ${name}.`);
        break;
      case 'cancelled':
        parts.push('Export cancelled; no file was written.');
        break;
      case 'failed':
        parts.push(`Export failed: ${message.message ?? 'unknown error'}`);
        break;
    }
    this.exportLine.replaceChildren(...parts);
  }

  private showError(message: string): void {
    this.errorLine.textContent = message;
    this.errorLine.classList.add('error');
  }

  private onKey(event: KeyboardEvent): void {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || (event.target as HTMLElement | null)?.tagName === 'VSCODE-MULTI-SELECT';
    if (typing) return;
    if (event.key === '/') {
      event.preventDefault();
      this.filters.focusSearch();
    } else if (event.key === 'g' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.filters.focusGoTo();
    } else if (event.key === 'Escape' && this.view.trace !== null && event.target !== this.grid.element) {
      this.closeTrace();
    }
  }
}

function describeSimulation(s: EventsSimulationInfo): string {
  const parts = [
    s.configName,
    s.experimentId ? `${s.runPurpose === 'bootstrap' ? `sample ${s.sampleIndex ?? '?'}` : (s.runPurpose ?? 'run')} of ${s.experimentId}, iteration ${s.iteration ?? '?'}` : s.runPurpose,
    s.ticksPerDay !== null ? `${s.ticksPerDay} ticks × ${s.numDays ?? '?'} days` : null,
    s.persistenceLevel ? `${s.persistenceLevel} level` : null,
    `${formatCount(s.eventCount)} events`,
  ];
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
}

let events: EventsApp | undefined;
onMessage((message) => {
  if (message.type === 'init' && (!events || message.panel.simulationId !== events.panelId)) {
    events = new EventsApp(message.panel);
    events.start(message.restore);
    return;
  }
  events?.handle(message);
});
post({ type: 'ready', state: savedState()?.view ?? null });
