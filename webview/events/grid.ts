import type { EventRow } from '../../src/protocol/events';
import { formatCents } from '../../src/format';
import { el } from '../shared/dom';
import { RowCache } from './rowCache';

/** Height of one row in CSS pixels (rows never wrap; the stylesheet uses the same value through --row-height). */
export const ROW_HEIGHT = 24;
/**
 * Tallest scroll area the grid makes. Browsers cap element heights (about 33 million pixels in Chromium); beyond
 * this the scroll bar maps proportionally onto the rows, so a simulation of any length stays scrollable end to end.
 */
const MAX_SCROLL_PX = 8_000_000;
/** Rows fetched beyond the visible ones, so that short scrolls find their rows already there. */
const OVERSCAN = 40;

export const COLUMNS = ['Event', 'Tick', 'Day', 'Type', 'Agent', 'Transaction', 'Amount', 'Counterparty', 'Summary'] as const;

export interface GridCallbacks {
  /** Rows [start, start + count) are needed (a block of the cache). */
  fetch(start: number, count: number): void;
  trace(txId: string): void;
  /** "Replay at this tick" (R, or the details' button). */
  replay(tick: number): void;
  /** The first visible row, the selection or the expanded row changed (the panel saves its state). */
  changed(): void;
  /** A quick filter from a row's details: only this type, agent or transaction. */
  quickFilter(kind: 'type' | 'agent' | 'tx', value: string): void;
  copy(text: string): void;
  /** Escape with nothing to collapse (the panel closes the trace). */
  escape(): void;
}

/** Colour class of an event type (theme chart colours): settlements, decisions, queueing, LSM, trouble, costs. */
function category(type: string): string {
  if (/Settlement|LiquidityRelease|Queue2Settle|OverdueTransactionSettled/.test(type)) return 'cat-settle';
  if (/^Lsm|EntryDisposition|AlgorithmExecution/.test(type)) return 'cat-lsm';
  if (/Overdue|Drop|LimitExceeded|Blocked/.test(type)) return 'cat-trouble';
  if (/^Policy|Priority|Reprioritized|BankBudget|StateRegister|Rtgs(Submission|Withdrawal|Resubmission)/.test(type)) return 'cat-policy';
  if (/Queued/.test(type)) return 'cat-queue';
  if (/Cost|EndOfDay/.test(type)) return 'cat-cost';
  if (/Liquidity|Collateral|DeferredCredit/.test(type)) return 'cat-liquidity';
  if (type === 'Arrival') return 'cat-arrival';
  return 'cat-other';
}

/**
 * The events table: a virtual grid over any number of rows. Only the rows on screen exist in the DOM (a few dozen),
 * rows are fetched in blocks as they come into view and held in a bounded cache. One row at a time can show its
 * details (formatted JSON) inline. Keyboard: arrows, Page Up/Down, Home/End, Enter (details), T (trace), R (replay at
 * the row's tick), Escape.
 */
export class VirtualGrid {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly windowEl: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly cache: RowCache;
  private total = 0;
  private selected: number | null = null;
  private expanded: number | null = null;
  private detailsHeight = 0;
  /** Virtual pixel offset of the top of the viewport. */
  private y = 0;
  private viewHeight = 0;
  private frame = 0;
  /** The scrollTop we set ourselves (its scroll event must not recompute `y`, which would drift when scaled). */
  private ownScrollTop: number | null = null;

  constructor(
    readonly pageSize: number,
    cachedRows: number,
    private readonly callbacks: GridCallbacks,
  ) {
    this.cache = new RowCache(pageSize, Math.max(cachedRows, pageSize * 4));
    const head = el('div', { className: 'grid-row grid-head', attrs: { role: 'row', 'aria-rowindex': '1' } }, ...COLUMNS.map((c, i) => el('div', { className: `cell c${i}`, text: c, attrs: { role: 'columnheader' } })));
    this.windowEl = el('div', { className: 'grid-window' });
    this.spacer = el('div', { className: 'grid-spacer', attrs: { 'aria-hidden': 'true' } });
    this.scroller = el('div', { className: 'grid-scroll', attrs: { role: 'rowgroup' } }, this.windowEl, this.spacer);
    this.element = el('div', { className: 'grid', attrs: { role: 'grid', tabindex: '0', 'aria-label': 'Events', 'aria-colcount': String(COLUMNS.length), 'aria-rowcount': '1', 'aria-multiselectable': 'false' } }, head, this.scroller);
    this.element.style.setProperty('--row-height', `${ROW_HEIGHT}px`);
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    new ResizeObserver(() => this.layout()).observe(this.scroller);
  }

  get rowCount(): number {
    return this.total;
  }

  get selectedRow(): number | null {
    return this.selected;
  }

  get expandedRow(): number | null {
    return this.expanded;
  }

  /** The first row at least partly visible. */
  get topRow(): number {
    return this.total === 0 ? 0 : Math.min(this.total - 1, this.rowAt(this.y));
  }

  /** The row at a position, if it is held. */
  row(index: number): EventRow | undefined {
    return this.cache.get(index);
  }

  /** Forgets every row (a new filter). */
  reset(): void {
    this.cache.clear();
    this.total = 0;
    this.selected = null;
    this.expanded = null;
    this.detailsHeight = 0;
    this.y = 0;
    this.setScrollTop(0);
    this.layout();
  }

  /** The listing's row count (grows while a text search counts). */
  setTotal(total: number): void {
    this.total = total;
    if (this.selected !== null && this.selected >= total) this.selected = null;
    if (this.expanded !== null && this.expanded >= total) this.expanded = null;
    this.layout();
  }

  /** Rows that arrived from the host. */
  put(start: number, rows: EventRow[], totalComplete: boolean): void {
    this.cache.put(start, rows, totalComplete, this.total, this.visibleBlocks());
    this.schedule();
  }

  /** Scrolls so that `row` is the first visible row ('top') or just visible ('nearest'). */
  scrollToRow(row: number, align: 'top' | 'nearest' = 'nearest'): void {
    if (this.total === 0) return;
    const r = Math.max(0, Math.min(this.total - 1, row));
    const top = this.topOf(r);
    const bottom = top + ROW_HEIGHT + (r === this.expanded ? this.detailsHeight : 0);
    let y = this.y;
    if (align === 'top' || top < y) y = top;
    else if (bottom > y + this.viewHeight) y = bottom - this.viewHeight;
    this.setY(y);
  }

  select(row: number | null, align: 'top' | 'nearest' = 'nearest'): void {
    this.selected = row === null || this.total === 0 ? null : Math.max(0, Math.min(this.total - 1, row));
    if (this.selected !== null) this.scrollToRow(this.selected, align);
    this.schedule();
    this.callbacks.changed();
  }

  /** Shows (or hides, with null) one row's details inline. */
  expand(row: number | null): void {
    this.expanded = row;
    this.detailsHeight = row === null ? 0 : this.detailsHeight || 200;
    this.layout();
    if (row !== null) this.scrollToRow(row);
    this.callbacks.changed();
  }

  focus(): void {
    this.element.focus({ preventScroll: true });
  }

  /** Rows held in memory and row elements in the DOM (the panel reports them in data attributes). */
  get footprint(): { cachedRows: number; domRows: number } {
    return { cachedRows: this.cache.size, domRows: this.windowEl.childElementCount };
  }

  private visibleBlocks(): Set<number> {
    const first = this.rowAt(this.y);
    const last = this.rowAt(this.y + this.viewHeight);
    const blocks = new Set<number>();
    for (let b = Math.floor(first / this.pageSize); b <= Math.floor(last / this.pageSize); b++) blocks.add(b);
    return blocks;
  }

  /** Total height of the rows in virtual pixels (the expanded row's details included). */
  private get virtualHeight(): number {
    return this.total * ROW_HEIGHT + (this.expanded !== null ? this.detailsHeight : 0);
  }

  private get physicalHeight(): number {
    return Math.min(this.virtualHeight, MAX_SCROLL_PX);
  }

  private topOf(row: number): number {
    return row * ROW_HEIGHT + (this.expanded !== null && row > this.expanded ? this.detailsHeight : 0);
  }

  private rowAt(y: number): number {
    const plain = Math.floor(y / ROW_HEIGHT);
    if (this.expanded === null || plain <= this.expanded) return Math.max(0, plain);
    const detailsEnd = (this.expanded + 1) * ROW_HEIGHT + this.detailsHeight;
    return y < detailsEnd ? this.expanded : Math.floor((y - this.detailsHeight) / ROW_HEIGHT);
  }

  /** scrollTop ↔ virtual offset: identity until the rows outgrow MAX_SCROLL_PX, then proportional. */
  private scale(): { maxY: number; maxScroll: number } {
    return { maxY: Math.max(0, this.virtualHeight - this.viewHeight), maxScroll: Math.max(0, this.physicalHeight - this.viewHeight) };
  }

  private setY(y: number): void {
    const { maxY, maxScroll } = this.scale();
    this.y = Math.max(0, Math.min(maxY, y));
    this.setScrollTop(maxY > 0 ? (this.y * maxScroll) / maxY : 0);
    this.schedule();
    this.callbacks.changed();
  }

  private setScrollTop(top: number): void {
    this.ownScrollTop = top;
    this.scroller.scrollTop = top;
  }

  private onScroll(): void {
    const top = this.scroller.scrollTop;
    if (this.ownScrollTop !== null && Math.abs(top - this.ownScrollTop) < 1) {
      this.ownScrollTop = null;
      return;
    }
    this.ownScrollTop = null;
    const { maxY, maxScroll } = this.scale();
    this.y = maxScroll > 0 ? (top * maxY) / maxScroll : 0;
    this.schedule();
    this.callbacks.changed();
  }

  private layout(): void {
    this.viewHeight = this.scroller.clientHeight;
    this.windowEl.style.height = `${this.viewHeight}px`;
    this.spacer.style.height = `${Math.max(0, this.physicalHeight - this.viewHeight)}px`;
    this.element.setAttribute('aria-rowcount', String(this.total + 1));
    this.element.dataset.total = String(this.total);
    const { maxY } = this.scale();
    if (this.y > maxY) this.setY(maxY);
    this.schedule();
  }

  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.frame = 0;
    const rows: HTMLElement[] = [];
    if (this.total > 0) {
      const first = this.rowAt(this.y);
      for (let r = first; r < this.total; r++) {
        const offset = this.topOf(r) - this.y;
        if (offset >= this.viewHeight) break;
        const row = this.rowElement(r, this.cache.get(r));
        row.style.transform = `translateY(${offset}px)`;
        rows.push(row);
        if (r === this.expanded) {
          const details = this.detailsElement(r, this.cache.get(r));
          details.style.transform = `translateY(${offset + ROW_HEIGHT}px)`;
          rows.push(details);
        }
      }
      this.request(first, this.rowAt(this.y + this.viewHeight));
    }
    this.windowEl.replaceChildren(...rows);
    const selectedId = this.selected !== null && rows.some((r) => r.id === `row-${this.selected}`) ? `row-${this.selected}` : '';
    if (selectedId) this.element.setAttribute('aria-activedescendant', selectedId);
    else this.element.removeAttribute('aria-activedescendant');
    this.measureDetails();
    const footprint = this.footprint;
    this.element.dataset.cachedRows = String(footprint.cachedRows);
    this.element.dataset.domRows = String(footprint.domRows);
    this.element.dataset.top = String(this.topRow);
  }

  /** Asks for the blocks of the visible rows that are not held, then for those just around them. */
  private request(first: number, last: number): void {
    for (const b of this.visibleBlocks()) this.cache.touch(b);
    // Visible blocks first: the host answers in order, so the screen fills before the prefetch.
    for (const [from, to] of [
      [first, last],
      [first - OVERSCAN, last + OVERSCAN],
    ]) {
      for (const block of this.cache.missing(from, to, this.total)) {
        this.cache.markPending(block);
        this.callbacks.fetch(block * this.pageSize, this.pageSize);
      }
    }
  }

  private measureDetails(): void {
    const details = this.windowEl.querySelector<HTMLElement>('.details');
    if (!details) return;
    const height = Math.ceil(details.getBoundingClientRect().height);
    if (height > 0 && Math.abs(height - this.detailsHeight) > 1) {
      this.detailsHeight = height;
      this.layout();
    }
  }

  private rowElement(index: number, row: EventRow | undefined): HTMLElement {
    const attrs = { role: 'row', 'aria-rowindex': String(index + 2), 'aria-selected': String(index === this.selected) };
    const classes = `grid-row${index === this.selected ? ' selected' : ''}${index === this.expanded ? ' expanded' : ''}${index % 2 ? ' odd' : ''}`;
    if (!row) {
      return el('div', { className: `${classes} loading`, attrs: { ...attrs, id: `row-${index}` } }, el('div', { className: 'cell c0 muted', text: '…', attrs: { role: 'gridcell' } }));
    }
    const cell = (i: number, content: Node | string, title?: string, extra = '') => el('div', { className: `cell c${i}${extra}`, title, attrs: { role: 'gridcell' } }, content);
    const id = String(row.eventId);
    const tx = row.tx ? el('button', { className: 'link mono', text: row.tx, title: `Trace ${row.tx}: its lifecycle from arrival to settlement`, attrs: { type: 'button', tabindex: '-1' } }) : '';
    if (tx) {
      tx.addEventListener('click', (event) => {
        event.stopPropagation();
        this.callbacks.trace(row.tx ?? '');
      });
    }
    const element = el(
      'div',
      { className: `${classes} ${category(row.type)}`, attrs: { ...attrs, id: `row-${index}` } },
      cell(0, id.length > 10 ? `${id.slice(0, 8)}…` : id, id, ' mono'),
      cell(1, String(row.tick), undefined, ' num'),
      cell(2, row.day === null ? '' : String(row.day), undefined, ' num'),
      cell(3, row.type, row.type, ' type'),
      cell(4, row.agent ?? ''),
      cell(5, tx),
      cell(6, row.amount === null ? '' : formatCents(row.amount), undefined, ' num'),
      cell(7, row.counterparty ?? ''),
      cell(8, row.summary, row.summary),
    );
    element.addEventListener('click', () => {
      // Updated in place, not re-rendered: a replaced element would swallow the second click of a double click.
      this.selected = index;
      this.refreshSelection();
      this.focus();
      this.callbacks.changed();
    });
    element.addEventListener('dblclick', () => this.expand(this.expanded === index ? null : index));
    return element;
  }

  private detailsElement(index: number, row: EventRow | undefined): HTMLElement {
    const actions = el('div', { className: 'details-actions' });
    const action = (label: string, title: string, run: () => void) => {
      const b = el('button', { text: label, title, attrs: { type: 'button' } });
      b.addEventListener('click', (event) => {
        event.stopPropagation();
        run();
      });
      actions.append(b);
    };
    if (row) {
      action('Copy JSON', 'Copy the event as JSON', () => this.callbacks.copy(JSON.stringify({ event_id: row.eventId, tick: row.tick, day: row.day, event_type: row.type, agent_id: row.agent, tx_id: row.tx, details: row.details }, null, 2)));
      if (row.tx) action('Trace', `Trace ${row.tx}`, () => this.callbacks.trace(row.tx ?? ''));
      action(`Replay at tick ${row.tick}`, 'Open the replay of this simulation at the state after this tick (R)', () => this.callbacks.replay(row.tick));
      action(`Only ${row.type}`, 'Filter the table to this event type', () => this.callbacks.quickFilter('type', row.type));
      if (row.agent) action(`Only ${row.agent}`, 'Filter the table to this agent', () => this.callbacks.quickFilter('agent', row.agent ?? ''));
      if (row.tx) action(`Only ${row.tx}`, 'Filter the table to this transaction', () => this.callbacks.quickFilter('tx', row.tx ?? ''));
      action('Close', 'Hide the details (Enter or Escape)', () => this.expand(null));
    }
    const json = row ? JSON.stringify(row.details, null, 2) : 'Loading…';
    return el(
      'div',
      { className: 'details', attrs: { role: 'row', 'aria-label': `Details of row ${index + 1}` } },
      el('div', { className: 'cell', attrs: { role: 'gridcell', 'aria-colspan': String(COLUMNS.length) } }, el('pre', { className: 'mono', text: json }), actions),
    );
  }

  private refreshSelection(): void {
    for (const row of this.windowEl.querySelectorAll<HTMLElement>('.grid-row')) {
      const selected = row.id === `row-${this.selected}`;
      row.classList.toggle('selected', selected);
      row.setAttribute('aria-selected', String(selected));
    }
    if (this.selected !== null) this.element.setAttribute('aria-activedescendant', `row-${this.selected}`);
  }

  private visibleCount(): number {
    return Math.max(1, Math.floor(this.viewHeight / ROW_HEIGHT) - 1);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target !== this.element) return;
    const current = this.selected ?? this.topRow;
    const move = (row: number, align: 'top' | 'nearest' = 'nearest') => {
      event.preventDefault();
      this.select(row, align);
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(this.selected === null ? current : current + 1);
      case 'ArrowUp':
        return move(current - 1);
      case 'PageDown':
        return move(current + this.visibleCount());
      case 'PageUp':
        return move(current - this.visibleCount());
      case 'Home':
        return move(0, 'top');
      case 'End':
        return move(this.total - 1);
      case 'Enter':
      case ' ':
        if (this.selected !== null) {
          event.preventDefault();
          this.expand(this.expanded === this.selected ? null : this.selected);
        }
        return;
      case 'r':
      case 'R': {
        const tick = this.selected !== null ? this.cache.get(this.selected)?.tick : undefined;
        if (tick !== undefined && !event.ctrlKey && !event.metaKey && !event.altKey) {
          event.preventDefault();
          this.callbacks.replay(tick);
        }
        return;
      }
      case 't':
      case 'T': {
        const tx = this.selected !== null ? this.cache.get(this.selected)?.tx : null;
        if (tx) {
          event.preventDefault();
          this.callbacks.trace(tx);
        }
        return;
      }
      case 'c':
        if ((event.ctrlKey || event.metaKey) && this.selected !== null) {
          const row = this.cache.get(this.selected);
          if (row) {
            event.preventDefault();
            this.callbacks.copy(JSON.stringify(row.details));
          }
        }
        return;
      case 'Escape':
        event.preventDefault();
        if (this.expanded !== null) this.expand(null);
        else this.callbacks.escape();
        return;
    }
  }
}
