import type uPlot from 'uplot';
import type { ExperimentPanelData } from '../../src/protocol/experiment';
import { axes, chart, dollarsAxis, drawDiamond, drawTriangle, pointAt, seriesColour } from './chart';
import { el, formatCents } from './ui';

/**
 * Total cost and each agent's cost per iteration. Triangles mark an accepted policy change (in the agent's colour,
 * on the iteration whose evaluation accepted it); the best iteration is shaded and its total marked with a diamond.
 */
export function convergenceChart(data: ExperimentPanelData, onPick: (iteration: number) => void): HTMLElement {
  const rows = data.iterations;
  if (rows.length === 0) return el('p', { className: 'muted', text: 'This experiment has no iterations yet.' });
  const xs = rows.map((r) => r.iteration);
  const totals = rows.map((r) => r.totalCost);
  const perAgent = data.agents.map((agent) => rows.map((r) => (agent in r.costs ? r.costs[agent] : null)));
  const bestIndex = data.header.bestIteration === null ? -1 : rows.findIndex((r) => r.iteration === data.header.bestIteration);
  const acceptedAt = data.agents.map((agent) => rows.map((r) => r.accepted[agent] === true));

  const container = chart({
    description: describe(data),
    data: [xs, totals, ...perAgent] as uPlot.AlignedData,
    onPick: (index) => onPick(xs[index]),
    options: (width, height, colours) => ({
      width,
      height,
      scales: { x: { time: false } },
      legend: { live: true },
      cursor: { points: { size: 7 } },
      axes: axes(colours, dollarsAxis, 'cost'),
      series: [
        { label: 'Iteration', value: (_u, v) => (v === null ? '–' : String(v)) },
        { label: 'Total', stroke: colours.foreground, width: 2.5, value: (_u, v) => formatCents(v) },
        ...data.agents.map((agent, i) => ({ label: agent, stroke: seriesColour(i), width: 1.5, value: (_u: uPlot, v: number | null) => formatCents(v) })),
      ],
      hooks: {
        drawClear: [
          (u: uPlot) => {
            if (bestIndex < 0) return;
            // The best iteration's band, behind everything else.
            const x = u.valToPos(xs[bestIndex], 'x', true);
            const step = xs.length > 1 ? Math.abs(u.valToPos(xs[1], 'x', true) - u.valToPos(xs[0], 'x', true)) : 20;
            const half = Math.max(4, Math.min(step * 0.45, 30));
            u.ctx.save();
            u.ctx.globalAlpha = 0.18;
            u.ctx.fillStyle = colours.highlight;
            u.ctx.fillRect(x - half, u.bbox.top, half * 2, u.bbox.height);
            u.ctx.restore();
          },
        ],
        draw: [
          (u: uPlot) => {
            const ctx = u.ctx;
            // Smaller marks when iterations are dense, so the lines stay readable.
            const size = (rows.length > 60 ? 3.5 : 5) * devicePixelRatio;
            ctx.save();
            acceptedAt.forEach((flags, i) => {
              flags.forEach((accepted, index) => {
                const p = accepted ? pointAt(u, i + 2, index) : null;
                if (p) drawTriangle(ctx, p.x, p.y, size, seriesColour(i), colours.foreground);
              });
            });
            const best = bestIndex >= 0 ? pointAt(u, 1, bestIndex) : null;
            if (best) drawDiamond(ctx, best.x, best.y, size * 1.3, colours.highlight, colours.foreground);
            ctx.restore();
          },
        ],
      },
    }),
  });
  return el('figure', { attrs: { 'aria-label': 'Convergence chart' } }, container, chartKey(data));
}

function chartKey(data: ExperimentPanelData): HTMLElement {
  const best = data.header.bestIteration;
  return el(
    'figcaption',
    { className: 'chart-key' },
    el('span', { text: '▲ accepted policy change (agent colour)' }),
    el('span', { text: best === null ? '' : `◆ best iteration (${best}, shaded)` }),
    el('span', { text: 'Click the chart to find an iteration in the table.' }),
  );
}

/** The chart's text alternative. */
function describe(data: ExperimentPanelData): string {
  const rows = data.iterations;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const accepted = rows.filter((r) => Object.values(r.accepted).some(Boolean)).map((r) => r.iteration);
  const best = rows.find((r) => r.iteration === data.header.bestIteration);
  return (
    `Convergence chart: total cost per iteration, from ${formatCents(first.totalCost)} at iteration ${first.iteration} to ${formatCents(last.totalCost)} ` +
    `at iteration ${last.iteration}${best ? `; best ${formatCents(best.totalCost)} at iteration ${best.iteration}` : ''}; one line per agent (${data.agents.join(', ')}). ` +
    `Accepted changes at iterations ${accepted.length > 0 ? accepted.join(', ') : 'none'}.`
  );
}
