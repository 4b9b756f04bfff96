import type { AgentSettlementData, CompareRequest, CompareTarget, ComparisonData, ComparisonSideData, ExperimentHostMessage } from '../../src/protocol/experiment';
import type { PanelContext, Section } from './context';
import { button, centsDelta, el, formatCents, formatCount, rate, select, table } from './ui';

/**
 * Two iterations, or two simulations of this experiment, side by side: costs per agent and settlement figures.
 * Each side is picked as an iteration or as one of an iteration's stored simulations.
 */
export function compareSection(ctx: PanelContext): Section {
  const { data } = ctx;
  const element = el('div');
  const result = el('div', { attrs: { 'aria-live': 'polite' } });
  const first = data.iterations[0]?.iteration ?? 0;
  const best = data.header.bestIteration ?? data.iterations[data.iterations.length - 1]?.iteration ?? 0;
  let request: CompareRequest = ctx.state().compare ?? { a: { kind: 'iteration', iteration: first }, b: { kind: 'iteration', iteration: best } };
  const form = el('div');

  const run = () => {
    ctx.save({ compare: request });
    result.replaceChildren(el('p', { className: 'muted', text: 'Comparing…' }));
    ctx.post({ type: 'compare', ...request });
  };
  const renderForm = () => {
    form.replaceChildren(
      picker(ctx, 'A', request.a, (t) => {
        request = { ...request, a: t };
        renderForm();
      }),
      picker(ctx, 'B', request.b, (t) => {
        request = { ...request, b: t };
        renderForm();
      }),
      el('div', { className: 'controls' }, button('Compare', 'Show both side by side', run), button('Swap', 'Swap A and B', () => {
        request = { a: request.b, b: request.a };
        renderForm();
        run();
      })),
    );
  };
  if (data.iterations.length === 0) {
    element.append(el('p', { className: 'muted', text: 'There are no iterations to compare.' }));
    return { id: 'compare', label: 'Compare', element };
  }
  renderForm();
  element.append(el('p', { className: 'muted', text: 'Pick two iterations, or two simulations of this experiment.' }), form, result);
  let requested = false;
  return {
    id: 'compare',
    label: 'Compare',
    element,
    activate() {
      if (!requested) run();
      requested = true;
    },
    receive(message: ExperimentHostMessage) {
      if (message.type === 'comparison') result.replaceChildren(renderComparison(message.comparison));
      if (message.type === 'requestFailed' && message.request === 'compare') result.replaceChildren(el('div', { className: 'error', attrs: { role: 'alert' }, text: message.message }));
    },
  };
}

/** One side's picker: an iteration, then "the iteration itself" or one of its stored simulations. */
function picker(ctx: PanelContext, name: string, target: CompareTarget, onChange: (t: CompareTarget) => void): HTMLElement {
  const rows = ctx.data.iterations;
  const iteration = target.kind === 'iteration' ? target.iteration : (rows.find((r) => r.evaluation?.simulationId === target.simulationId || r.bootstrapIds.includes(target.simulationId))?.iteration ?? rows[0].iteration);
  const row = rows.find((r) => r.iteration === iteration) ?? rows[0];
  const missing = new Set(row.bootstrapMissing);
  const choices = [
    { value: '', label: 'the iteration (its costs)' },
    ...(row.evaluation?.stored ? [{ value: row.evaluation.simulationId, label: `evaluation simulation ${row.evaluation.simulationId}` }] : []),
    ...row.bootstrapIds.filter((id) => !missing.has(id)).map((id, k) => ({ value: id, label: `bootstrap sample ${k}: ${id}` })),
  ];
  return el(
    'div',
    { className: 'controls' },
    el('strong', { text: name }),
    select('Iteration', rows.map((r) => ({ value: String(r.iteration), label: `iteration ${r.iteration}` })), String(row.iteration), (v) => onChange({ kind: 'iteration', iteration: Number(v) })),
    select('Show', choices, target.kind === 'simulation' ? target.simulationId : '', (v) => onChange(v === '' ? { kind: 'iteration', iteration: row.iteration } : { kind: 'simulation', simulationId: v })),
  );
}

const METRICS: ReadonlyArray<{ label: string; value: (m: AgentSettlementData) => number | null; format: (v: number | null) => string; cents?: boolean }> = [
  { label: 'settlement rate', value: (m) => m.settlementRate, format: rate },
  { label: 'payments arrived', value: (m) => m.arrivals, format: formatCount },
  { label: 'payments settled', value: (m) => m.settled, format: formatCount },
  { label: 'payments dropped', value: (m) => m.dropped, format: formatCount },
  { label: 'liquidity cost', value: (m) => m.liquidityCost, format: formatCents, cents: true },
  { label: 'delay cost', value: (m) => m.delayCost, format: formatCents, cents: true },
  { label: 'deadline and end-of-day penalties', value: (m) => m.penaltyCost, format: formatCents, cents: true },
  { label: 'collateral cost', value: (m) => m.collateralCost, format: formatCents, cents: true },
];

function renderComparison(c: ComparisonData): HTMLElement {
  const { left, right } = c;
  const costRows = c.agents.map((agent) => {
    const a = left.costs[agent] ?? null;
    const b = right.costs[agent] ?? null;
    return [agent, formatCents(a), formatCents(b), a === null || b === null ? '–' : centsDelta(b - a), change(a, b)];
  });
  costRows.push([
    'total',
    formatCents(left.totalCost),
    formatCents(right.totalCost),
    left.totalCost === null || right.totalCost === null ? '–' : centsDelta(right.totalCost - left.totalCost),
    change(left.totalCost, right.totalCost),
  ]);
  const parts: Node[] = [
    el('h3', { text: `Costs per agent: ${left.label} vs ${right.label}` }),
    table(['Agent', `A: ${left.label}`, `B: ${right.label}`, 'B − A', 'Change'], costRows, new Set([1, 2, 3, 4])),
    sources('Costs', left.costsSource, right.costsSource),
    el('h3', { text: 'Settlement' }),
  ];
  const settlementRows: Array<Array<Node | string>> = [];
  for (const agent of c.agents) {
    const a = left.settlement[agent];
    const b = right.settlement[agent];
    if (!a && !b) continue;
    for (const metric of METRICS) {
      const x = a ? metric.value(a) : null;
      const y = b ? metric.value(b) : null;
      if (x === null && y === null) continue;
      const delta = x === null || y === null ? '–' : metric.cents ? centsDelta(y - x) : metric.format === rate ? `${y - x > 0 ? '+' : y - x < 0 ? '−' : '±'}${Math.abs((y - x) * 100).toFixed(1)} pp` : `${y - x > 0 ? '+' : y - x < 0 ? '−' : '±'}${formatCount(Math.abs(y - x))}`;
      settlementRows.push([agent, metric.label, metric.format(x), metric.format(y), delta]);
    }
  }
  parts.push(
    settlementRows.length === 0
      ? el('p', { className: 'muted', text: 'Neither side has settlement figures in this file.' })
      : table(['Agent', 'Figure', 'A', 'B', 'B − A'], settlementRows, new Set([2, 3, 4])),
    sources('Settlement figures', left.settlementSource ?? 'none', right.settlementSource ?? 'none'),
  );
  const totals = (s: ComparisonSideData) => (s.totals ? `${formatCount(s.totals.settlements)} of ${formatCount(s.totals.arrivals)} payments settled, total cost ${formatCents(s.totals.totalCost)}` : '–');
  if (left.totals || right.totals) {
    parts.push(el('h3', { text: 'Whole simulation' }), table(['', 'A', 'B'], [['simulation', left.simulationId ?? '–', right.simulationId ?? '–'], ['stored at level', left.level ?? '–', right.level ?? '–'], ['run totals', totals(left), totals(right)]]));
  }
  for (const note of [...left.notes.map((n) => `A: ${n}`), ...right.notes.map((n) => `B: ${n}`)]) parts.push(el('p', { className: 'muted', text: note }));
  return el('div', {}, ...parts);
}

/** Relative change from a to b: +12.5% / −3.0%. */
function change(a: number | null, b: number | null): string {
  if (a === null || b === null || a === 0) return '–';
  const pct = ((b - a) / Math.abs(a)) * 100;
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct).toFixed(1)}%`;
}

function sources(what: string, a: string, b: string): HTMLElement {
  return el('p', { className: 'muted', text: a === b ? `${what} from ${a}.` : `${what} — A: ${a}; B: ${b}.` });
}
