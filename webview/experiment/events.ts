import type { EventsRequest, ExperimentEventsData, ExperimentHostMessage } from '../../src/protocol/experiment';
import type { PanelContext, Section } from './context';
import { button, el, fold, formatCount, select, table, when } from './ui';

/** The experiment's own events (iteration starts, evaluations, decisions, LLM summaries), a page at a time. */
export function eventsSection(ctx: PanelContext): Section {
  const { data } = ctx;
  const element = el('div');
  const pageArea = el('div', { attrs: { 'aria-live': 'polite' } });
  let request: EventsRequest = ctx.state().events ?? { offset: 0 };
  const total = Object.values(data.eventTypes).reduce((a, b) => a + b, 0);
  const fetchPage = (next: EventsRequest) => {
    request = next;
    ctx.save({ events: request });
    pageArea.replaceChildren(el('p', { className: 'muted', text: 'Loading events…' }));
    ctx.post({ type: 'experimentEvents', ...request });
  };
  if (total === 0) {
    element.append(el('p', { className: 'muted', text: data.header.fileKind === 'castro' ? 'Castro files keep no experiment events.' : 'This experiment has no experiment events.' }));
    return { id: 'events', label: 'Events', element };
  }
  const types = Object.entries(data.eventTypes).sort();
  element.append(
    el(
      'div',
      { className: 'controls' },
      select('Type', [{ value: '', label: `all (${formatCount(total)})` }, ...types.map(([t, n]) => ({ value: t, label: `${t} (${formatCount(n)})` }))], request.eventType ?? '', (v) =>
        fetchPage({ ...request, eventType: v === '' ? undefined : v, offset: 0 }),
      ),
      select('Iteration', [{ value: '', label: 'all' }, ...data.iterations.map((r) => ({ value: String(r.iteration), label: String(r.iteration) }))], request.iteration === undefined ? '' : String(request.iteration), (v) =>
        fetchPage({ ...request, iteration: v === '' ? undefined : Number(v), offset: 0 }),
      ),
    ),
    pageArea,
  );
  let requested = false;
  return {
    id: 'events',
    label: 'Events',
    element,
    activate() {
      if (!requested) fetchPage(request);
      requested = true;
    },
    receive(message: ExperimentHostMessage) {
      if (message.type === 'experimentEvents') pageArea.replaceChildren(renderPage(message.page, (offset) => fetchPage({ ...request, offset })));
      if (message.type === 'requestFailed' && message.request === 'experimentEvents') pageArea.replaceChildren(el('div', { className: 'error', attrs: { role: 'alert' }, text: message.message }));
    },
  };
}

function renderPage(page: ExperimentEventsData, go: (offset: number) => void): HTMLElement {
  if (page.total === 0) return el('p', { className: 'muted', text: 'No event matches.' });
  const last = Math.max(0, Math.floor((page.total - 1) / page.pageSize) * page.pageSize);
  const nav = (label: string, offset: number, disabled: boolean) => {
    const b = button(label, label, () => go(offset));
    b.disabled = disabled;
    return b;
  };
  const range = `events ${formatCount(page.offset + 1)}–${formatCount(page.offset + page.events.length)} of ${formatCount(page.total)}`;
  return el(
    'div',
    {},
    el('div', { className: 'pager' }, nav('◀ Previous', Math.max(0, page.offset - page.pageSize), page.offset === 0), el('span', { text: range }), nav('Next ▶', page.offset + page.pageSize, page.offset >= last)),
    table(
      ['#', 'Iteration', 'Type', 'Time', 'Data'],
      page.events.map((e) => [String(e.id), e.iteration === null ? '–' : String(e.iteration), e.eventType, when(e.timestamp), fold(e.summary || '(no data)', e.json)]),
      new Set([0, 1]),
    ),
  );
}
