import type { NoEventsInfo } from '../../src/protocol/events';
import { formatCents, formatCount } from '../../src/format';
import { el, table } from '../shared/dom';

/** Money columns of the daily metrics (cents), shown as amounts. */
const MONEY = /balance|cost|collateral|overdraft|penalt/;

/**
 * What the panel shows for a simulation without events: why (its persistence level), what the file keeps instead
 * (daily metrics, with a preview) and the design note's alternative, the nearest replayable simulation of the same
 * iteration (or experiment), one click away.
 */
export function noEventsView(info: NoEventsInfo, openSimulation: (simulationId: string) => void): HTMLElement {
  const parts: Node[] = [
    el('h2', { text: 'No events stored for this simulation' }),
    el('p', { className: 'warning', attrs: { role: 'status' }, text: info.message }),
    el('h3', { text: 'What the file keeps instead' }),
    el('ul', {}, ...info.stored.map((s) => el('li', {}, el('code', { text: s.table }), ` — ${formatCount(s.rows)} row${s.rows === 1 ? '' : 's'}: ${s.description}`))),
  ];
  if (info.nearest) {
    const n = info.nearest;
    const open = el('button', { text: `Show the events of ${n.simulationId}`, attrs: { type: 'button' } });
    open.addEventListener('click', () => openSimulation(n.simulationId));
    parts.push(
      el('h3', { text: 'Nearest simulation with events' }),
      el('p', {}, `${n.relation === 'same-iteration' ? 'Of the same iteration' : 'Of the same experiment'}: `, el('code', { text: n.simulationId }), ` (${n.label}, ${formatCount(n.eventCount)} events).`),
      open,
    );
  }
  if (info.metrics.rows.length > 0) {
    const cols = info.metrics.columns;
    const numeric = new Set(cols.map((c, i) => (c === 'agent_id' ? -1 : i)).filter((i) => i >= 0));
    const rows = info.metrics.rows.map((row) => row.map((v, i) => (v === null ? '–' : typeof v === 'number' ? (MONEY.test(cols[i]) ? formatCents(v) : formatCount(v)) : v)));
    parts.push(
      el('h3', { text: `Daily metrics${info.metrics.total > rows.length ? ` (first ${rows.length} of ${formatCount(info.metrics.total)})` : ''}` }),
      el('div', { className: 'scroll' }, table(cols, rows, numeric)),
    );
  }
  return el('section', { className: 'no-events', attrs: { 'aria-label': 'No events' } }, ...parts);
}
