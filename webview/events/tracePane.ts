import type { TraceRelative, TraceStep, TransactionTrace } from '../../src/protocol/events';
import { formatCents, formatCount } from '../../src/format';
import { el } from '../shared/dom';

export interface TracePaneCallbacks {
  /** Open another transaction's trace (a split child or parent). */
  trace(txId: string): void;
  /** Show the event of a step in the table. */
  goToTick(tick: number): void;
  /** Filter the table to this transaction's own events. */
  filterTx(txId: string): void;
  close(): void;
}

const STATUS_TEXT: Record<TransactionTrace['status'], string> = {
  settled: 'settled',
  dropped: 'dropped',
  split: 'split',
  overdue: 'overdue, unsettled',
  queued: 'in the RTGS queue',
  pending: 'pending',
  unknown: 'status unknown',
};

const SETTLED_BY: Record<NonNullable<TransactionTrace['settledBy']>, string> = {
  rtgs: 'by RTGS on submission',
  queue2: 'from the RTGS queue',
  'lsm-bilateral': 'by an LSM bilateral offset',
  'lsm-cycle': 'in an LSM cycle',
  'entry-offset': 'by an entry offset',
  children: 'through its split children',
};

function fact(label: string, value: Node | string): HTMLElement {
  return el('div', {}, el('dt', { text: label }), el('dd', {}, value));
}

function money(cents: number | null): string {
  return cents === null ? '–' : formatCents(cents);
}

/**
 * The transaction trace: a payment's lifecycle (arrival, decisions, the RTGS queue, settlement or where it ended),
 * with balances where the events carry them, its costs, and links between a split parent and its children. Opened
 * from a transaction id in the table; Back returns to the previous trace.
 */
export class TracePane {
  readonly element: HTMLElement;
  private readonly history: string[] = [];
  private shown: string | null = null;

  constructor(private readonly callbacks: TracePaneCallbacks) {
    this.element = el('aside', { className: 'trace', attrs: { 'aria-label': 'Transaction trace', hidden: '' } });
  }

  /** The transaction shown, or null when closed. */
  get txId(): string | null {
    return this.shown;
  }

  loading(txId: string): void {
    this.open(txId);
    this.element.replaceChildren(this.header(txId), el('p', { className: 'muted', text: `Tracing ${txId}…` }));
  }

  error(txId: string, message: string): void {
    this.open(txId);
    this.element.replaceChildren(this.header(txId), el('div', { className: 'error', attrs: { role: 'alert' }, text: message }));
  }

  show(trace: TransactionTrace): void {
    this.open(trace.txId);
    const status =
      trace.status === 'split'
        ? `split into ${trace.children.length}${trace.settlementTick !== null ? `; every part settled by tick ${trace.settlementTick}` : '; not every part settled'}`
        : `${STATUS_TEXT[trace.status]}${trace.settledBy ? ` ${SETTLED_BY[trace.settledBy]}` : ''}${trace.settlementTick !== null ? ` at tick ${trace.settlementTick}` : ''}`;
    const facts = el(
      'dl',
      { className: 'trace-facts' },
      fact('Payment', `${trace.sender ?? '?'} → ${trace.receiver ?? '?'}`),
      fact('Amount', money(trace.amount)),
      fact('Status', el('span', { className: `status status-${trace.status}`, text: status })),
      fact('Arrival', trace.arrivalTick === null ? '–' : `tick ${trace.arrivalTick}`),
      fact('Deadline', trace.deadlineTick === null ? '–' : `tick ${trace.deadlineTick}`),
      fact('Priority', trace.priority === null ? '–' : String(trace.priority)),
      fact('Delay', trace.delayTicks === null ? '–' : `${formatCount(trace.delayTicks)} ticks${trace.queue1Ticks !== null || trace.queue2Ticks !== null ? ` (bank queue ${trace.queue1Ticks ?? '?'}, RTGS queue ${trace.queue2Ticks ?? '?'})` : ''}`),
    );
    const c = trace.costs;
    const costs = el(
      'dl',
      { className: 'trace-facts costs' },
      fact(c.delayIsEstimate ? 'Delay cost (estimate)' : 'Delay cost', money(c.delay)),
      fact('Penalties', money(c.penalty)),
      fact('Split friction', money(c.splitFriction)),
      fact('Total', el('strong', { text: formatCents(c.total) })),
    );
    const parts: Node[] = [this.header(trace.txId), facts];
    if (trace.parent) parts.push(el('h3', { text: 'Split from' }), this.relatives([trace.parent]));
    if (trace.children.length > 0) parts.push(el('h3', { text: `Split into ${trace.children.length}` }), this.relatives(trace.children));
    parts.push(el('h3', { text: 'Costs it caused' }), costs);
    parts.push(el('h3', { text: `Lifecycle (${formatCount(trace.events.length)} events)` }), el('ol', { className: 'timeline' }, ...trace.steps.map((s) => this.step(s))));
    if (trace.notes.length > 0) parts.push(el('ul', { className: 'notes muted' }, ...trace.notes.map((n) => el('li', { text: n }))));
    this.element.replaceChildren(...parts);
    this.element.querySelector<HTMLElement>('h2')?.focus();
  }

  /** Closes the pane and forgets its history. */
  close(): void {
    this.shown = null;
    this.history.length = 0;
    this.element.hidden = true;
    this.element.replaceChildren();
  }

  private open(txId: string): void {
    if (this.shown !== null && this.shown !== txId && this.history[this.history.length - 1] !== this.shown) this.history.push(this.shown);
    this.shown = txId;
    this.element.hidden = false;
  }

  private header(txId: string): HTMLElement {
    const close = el('button', { className: 'icon', text: '✕', title: 'Close the trace (Escape)', attrs: { type: 'button', 'aria-label': 'Close the trace' } });
    close.addEventListener('click', () => this.callbacks.close());
    const buttons: HTMLElement[] = [];
    const previous = this.history[this.history.length - 1];
    if (previous) {
      const back = el('button', { text: `← ${previous}`, title: 'Back to the previous trace', attrs: { type: 'button' } });
      back.addEventListener('click', () => {
        this.history.pop();
        this.shown = null;
        this.callbacks.trace(previous);
      });
      buttons.push(back);
    }
    const only = el('button', { text: 'Show its events', title: 'Filter the table to this transaction', attrs: { type: 'button' } });
    only.addEventListener('click', () => this.callbacks.filterTx(txId));
    buttons.push(only);
    return el('header', {}, el('h2', { className: 'mono', text: txId, attrs: { tabindex: '-1' } }), el('div', { className: 'trace-actions' }, ...buttons, close));
  }

  private relatives(list: TraceRelative[]): HTMLElement {
    return el(
      'ul',
      { className: 'relatives' },
      ...list.map((r) => {
        const link = el('button', { className: 'link mono', text: r.txId, title: `Trace ${r.txId}`, attrs: { type: 'button' } });
        link.addEventListener('click', () => this.callbacks.trace(r.txId));
        const settled = r.settlementTick === null ? '' : r.status === 'split' ? `, every part settled by tick ${r.settlementTick}` : ` at tick ${r.settlementTick}`;
        return el('li', {}, link, ` ${money(r.amount)} · ${STATUS_TEXT[r.status]}${settled}`);
      }),
    );
  }

  private step(s: TraceStep): HTMLElement {
    const ticks = s.toTick !== s.tick ? `t${s.tick}–${s.toTick}` : `t${s.tick}`;
    const go = el('button', { className: 'link tick', text: ticks, title: `Show tick ${s.tick} in the table`, attrs: { type: 'button' } });
    go.addEventListener('click', () => this.callbacks.goToTick(s.tick));
    const title = s.count > 1 ? `${s.title} ×${s.count}` : s.title;
    const balances = s.balances.map((b) => el('div', { className: 'balance' }, `${b.agent}: ${money(b.before)} → ${money(b.after)}`));
    return el(
      'li',
      { className: `step step-${s.kind}${s.count === 0 ? ' derived' : ''}` },
      go,
      el('div', { className: 'step-body' }, el('div', { className: 'step-title', text: title }), el('div', { className: 'muted', text: s.detail }), ...balances, s.cost !== null && s.cost > 0 ? el('div', { className: 'cost', text: `cost ${formatCents(s.cost)}` }) : null),
    );
  }
}
