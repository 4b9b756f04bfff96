/**
 * The replay panel's tables for the tick on screen: agents, queued payments and the tick's events by phase. They
 * are rebuilt on every tick (up to 30 a second while playing), so each keeps its row count bounded: queues show a
 * few payments each until one queue is chosen, and long phases are cut with a count of what is left.
 */
import { MAX_QUEUE_ROWS, PLAYING_PHASE_EVENTS, PLAYING_QUEUE_ROWS, PREVIEW_QUEUE_ROWS, type ReplayPayment, type ReplayQueue, type ReplayTickView } from '../../src/protocol/replay';
import { formatCents, formatCount } from '../../src/format';
import { el } from '../shared/dom';
import type { AgentStyle } from './charts';

/** Payments shown per queue when every queue is listed, and for one chosen queue (what the host sends). */
const ROWS_PER_QUEUE = PREVIEW_QUEUE_ROWS;
const ROWS_ONE_QUEUE = MAX_QUEUE_ROWS;
/** Events shown per phase run. */
const EVENTS_PER_PHASE = 40;

export interface TableActions {
  trace(txId: string): void;
  /** Shows one queue (agent id, 'rtgs'), or every queue (''). */
  chooseQueue(queue: string): void;
  openEvents?(): void;
}

const num = (text: string, extra = '') => el('td', { className: `num ${extra}`.trim(), text });
const signed = (cents: number) => (cents > 0 ? `+${formatCents(cents)}` : cents === 0 ? '–' : formatCents(cents));

function swatch(style: AgentStyle | undefined): HTMLElement {
  const mark = el('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
  if (style) {
    mark.style.borderColor = style.colour;
    mark.style.borderStyle = style.dash ? 'dashed' : 'solid';
  }
  return mark;
}

/** One cell of an agent's row: its text, and an extra class (sign colours) or ''. */
type AgentCell = [text: string, className: string, title?: string];

function agentCells(a: ReplayTickView['agents'][number]): AgentCell[] {
  const queue = (size: number, value: number): AgentCell => [size === 0 ? '–' : formatCount(size), '', size > 0 ? `${formatCount(size)} payments, ${formatCents(value)}` : ''];
  return [
    [formatCents(a.balance), a.balance < 0 ? 'negative' : ''],
    [signed(a.balanceChange), a.balanceChange < 0 ? 'negative' : a.balanceChange > 0 ? 'positive' : ''],
    [formatCents(a.creditUsed), ''],
    [formatCents(a.headroom), a.headroom < 0 ? 'negative' : ''],
    [formatCents(a.postedCollateral), ''],
    [formatCents(a.allocatedLiquidity), ''],
    queue(a.queue1Size, a.queue1Value),
    queue(a.queue2Size, a.queue2Value),
    [formatCents(a.costsToday), ''],
    [formatCents(a.costsTotal), ''],
    [formatCount(a.settled), ''],
    [formatCount(a.unsettled), ''],
  ];
}

/**
 * The agents table, built once; each tick only rewrites its cells' text (the table is redrawn on every frame while
 * playing, so it must not rebuild its elements).
 */
export class AgentsTable {
  readonly element: HTMLTableElement;
  private readonly cells: HTMLTableCellElement[][] = [];

  constructor(agentIds: readonly string[], styles: readonly AgentStyle[]) {
    const headers = ['Agent', 'Balance', 'Change', 'Credit used', 'Headroom', 'Collateral', 'Liquidity', 'Queue 1', 'RTGS queue', 'Costs today', 'Costs total', 'Settled', 'Unsettled'];
    const head = el('tr', {}, ...headers.map((h, i) => el('th', { text: h, className: i === 0 ? '' : 'num', attrs: { scope: 'col' } })));
    const rows = agentIds.map((id, i) => {
      const cells = headers.slice(1).map(() => el('td', { className: 'num' }));
      this.cells.push(cells);
      return el('tr', {}, el('th', { attrs: { scope: 'row' }, className: 'agent' }, swatch(styles[i]), id), ...cells);
    });
    this.element = el('table', { className: 'agents' }, el('thead', {}, head), el('tbody', {}, ...rows));
  }

  update(view: ReplayTickView): void {
    view.agents.forEach((a, row) => {
      const cells = this.cells[row];
      if (!cells) return;
      agentCells(a).forEach(([text, extra, title], i) => {
        const cell = cells[i];
        if (cell.textContent !== text) cell.textContent = text;
        const className = extra ? `num ${extra}` : 'num';
        if (cell.className !== className) cell.className = className;
        if ((title ?? '') !== cell.title) cell.title = title ?? '';
      });
    });
  }
}

/** The deadline and how far it is; an overdue payment says so (in red) whether or not its own deadline passed. */
function deadline(p: ReplayPayment, tick: number): string {
  if (p.deadlineTick === null) return p.overdue ? 'overdue' : '–';
  const left = p.deadlineTick - tick;
  if (left < 0) return `${p.deadlineTick} (${-left} late)`;
  return p.overdue ? `${p.deadlineTick} (overdue)` : `${p.deadlineTick} (in ${left})`;
}

function paymentRow(p: ReplayPayment, position: number, tick: number, actions: TableActions): HTMLElement {
  const tx = el('button', { className: 'link mono', text: p.txId, title: `Show the trace of ${p.txId}`, attrs: { type: 'button' } });
  tx.addEventListener('click', () => actions.trace(p.txId));
  return el(
    'tr',
    { className: p.overdue ? 'overdue' : '', title: p.overdue ? `${p.txId} is overdue` : '' },
    num(String(position + 1), 'muted'),
    el('td', {}, tx),
    el('td', { text: p.receiver ? `${p.sender} → ${p.receiver}` : p.sender }),
    num(formatCents(p.amount)),
    num(p.age === null ? '–' : formatCount(p.age)),
    num(deadline(p, tick), p.overdue ? 'negative' : ''),
    num(p.priority === null ? '–' : String(p.priority)),
  );
}

function queueTitle(q: ReplayQueue): string {
  return q.kind === 'rtgs' ? 'RTGS queue (queue 2)' : `${q.agentId ?? '?'} · queue 1`;
}

/**
 * Queued payments after the tick. `chosen` is '' (every non-empty queue, a few payments each), 'rtgs' or an agent
 * id (that queue, up to the host's cap). `brief` while playing.
 */
export function queuesSection(view: ReplayTickView, chosen: string, actions: TableActions, brief = false): HTMLElement {
  const key = (q: ReplayQueue) => (q.kind === 'rtgs' ? 'rtgs' : (q.agentId ?? ''));
  const picker = el('select', { attrs: { 'aria-label': 'Which queue to list' } });
  picker.append(el('option', { text: 'Every queue', attrs: { value: '' } }));
  for (const q of view.queues) {
    const option = el('option', { text: `${queueTitle(q)} (${formatCount(q.size)})`, attrs: { value: key(q) } });
    picker.append(option);
  }
  picker.value = view.queues.some((q) => key(q) === chosen) ? chosen : '';
  picker.addEventListener('change', () => actions.chooseQueue(picker.value));

  const shownQueues = picker.value === '' ? view.queues.filter((q) => q.size > 0) : view.queues.filter((q) => key(q) === picker.value);
  const limit = brief ? PLAYING_QUEUE_ROWS : picker.value === '' ? ROWS_PER_QUEUE : ROWS_ONE_QUEUE;
  const head = el('tr', {}, ...['#', 'Payment', 'From → to', 'Amount', 'Age', 'Deadline', 'Priority'].map((h, i) => el('th', { text: h, className: [0, 3, 4, 5, 6].includes(i) ? 'num' : '', attrs: { scope: 'col' } })));
  const body: HTMLElement[] = [];
  for (const q of shownQueues) {
    const more = q.size - Math.min(limit, q.payments.length);
    const title = el('th', { attrs: { colspan: '7', scope: 'rowgroup' }, className: 'group' }, `${queueTitle(q)} · ${formatCount(q.size)} payment${q.size === 1 ? '' : 's'}, ${formatCents(q.value)}`);
    body.push(el('tr', {}, title));
    q.payments.slice(0, limit).forEach((p, i) => body.push(paymentRow(p, i, view.tick, actions)));
    if (more > 0) {
      const cell = el('td', { attrs: { colspan: '7' }, className: 'muted' });
      if (brief) {
        cell.textContent = `${formatCount(more)} more (listed when paused)`;
      } else if (picker.value === '') {
        const all = el('button', { className: 'link', text: `${formatCount(more)} more: list this queue`, attrs: { type: 'button' } });
        all.addEventListener('click', () => actions.chooseQueue(key(q)));
        cell.append(all);
      } else {
        cell.textContent = `${formatCount(more)} more payments are not listed (the first ${formatCount(q.payments.length)} are).`;
      }
      body.push(el('tr', {}, cell));
    }
  }
  const content =
    shownQueues.length === 0 || (picker.value !== '' && shownQueues.every((q) => q.size === 0))
      ? el('p', { className: 'muted', text: picker.value === '' ? 'No payment is queued after this tick.' : 'This queue is empty after this tick.' })
      : el('table', { className: 'payments' }, el('thead', {}, head), el('tbody', {}, ...body));
  return el('div', {}, el('div', { className: 'section-tools' }, picker), content);
}

/** The tick's events by phase; `brief` while playing. */
export function eventsSection(view: ReplayTickView, actions: TableActions, brief = false): HTMLElement {
  if (view.eventCount === 0) return el('p', { className: 'muted', text: 'Nothing happened in this tick.' });
  const groups = view.phases.map((g) => {
    const items = g.events.slice(0, brief ? PLAYING_PHASE_EVENTS : EVENTS_PER_PHASE).map((e) => {
      const parts: Array<Node | string> = [el('span', { className: 'event-type', text: e.type })];
      if (e.agentId) parts.push(el('span', { className: 'muted', text: ` ${e.agentId}` }));
      if (e.txId) {
        const tx = el('button', { className: 'link mono', text: e.txId, title: `Show the trace of ${e.txId}`, attrs: { type: 'button' } });
        const id = e.txId;
        tx.addEventListener('click', () => actions.trace(id));
        parts.push(' ', tx);
      }
      if (e.summary) parts.push(el('span', { className: 'summary', text: ` ${e.summary}` }));
      return el('li', {}, ...parts);
    });
    const left = g.events.length - items.length + g.omitted;
    if (left > 0) {
      const more = el('li', { className: 'muted' }, `${formatCount(left)} more`);
      if (actions.openEvents) {
        const open = el('button', { className: 'link', text: 'show them in the events panel', attrs: { type: 'button' } });
        open.addEventListener('click', () => actions.openEvents?.());
        more.append(' · ', open);
      }
      items.push(more);
    }
    return el('section', { className: `phase phase-${g.phase}` }, el('h3', {}, g.label, el('span', { className: 'count', text: ` ${formatCount(g.events.length + g.omitted)}` })), el('ul', {}, ...items));
  });
  return el('div', { className: 'phases' }, ...groups);
}
