/**
 * The replay charts (uPlot): balances, queued payments and cumulative costs per agent over the whole run, with day
 * boundaries and a cursor at the current tick. The lines are drawn once; moving to another tick only moves the
 * cursor (a positioned element over each chart), so playback costs no redraw. Clicking a chart goes to that tick.
 */
import uPlot from 'uplot';
import type { ReplayChartData } from '../../src/protocol/replay';
import { el } from '../shared/dom';

/** Theme colours for the agents' lines (VS Code's chart colours, then terminal colours for runs of many agents). */
const AGENT_COLOUR_VARS: ReadonlyArray<readonly [string, string]> = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-terminal-ansiCyan', '#11a8cd'],
  ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
  ['--vscode-terminal-ansiBrightGreen', '#23d18b'],
  ['--vscode-terminal-ansiBrightBlue', '#3b8eea'],
];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export interface AgentStyle {
  colour: string;
  /** Dashed beyond the palette, so every agent stays distinguishable. */
  dash: number[] | undefined;
}

export function agentStyles(count: number): AgentStyle[] {
  return Array.from({ length: count }, (_, i) => {
    const [name, fallback] = AGENT_COLOUR_VARS[i % AGENT_COLOUR_VARS.length];
    return { colour: cssVar(name, fallback), dash: i >= AGENT_COLOUR_VARS.length ? [5, 3] : undefined };
  });
}

/** Short money for axes: $1.2k, $3.4M (values in cents). */
function shortMoney(cents: number): string {
  const dollars = cents / 100;
  const abs = Math.abs(dollars);
  if (abs >= 1e6) return `$${(dollars / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `$${(dollars / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return `$${dollars.toFixed(abs >= 10 || dollars === 0 ? 0 : 2)}`;
}

interface ChartSpec {
  title: string;
  lines: Float64Array[];
  /** Extra line drawn in the foreground colour (the whole RTGS queue). */
  total?: { label: string; values: Float64Array };
  money: boolean;
}

const CHART_HEIGHT = 130;

export class ReplayCharts {
  private readonly plots: uPlot[] = [];
  private readonly cursors: HTMLElement[] = [];
  private readonly observer: ResizeObserver;
  private tick = 0;

  constructor(
    readonly element: HTMLElement,
    private readonly data: ReplayChartData,
    agentIds: readonly string[],
    private readonly ticksPerDay: number | null,
    private readonly totalTicks: number,
    private readonly onPick: (tick: number) => void,
  ) {
    const styles = agentStyles(agentIds.length);
    const specs: ChartSpec[] = [
      { title: 'Balances', lines: data.balance, money: true },
      { title: 'Queued payments', lines: data.queued, total: { label: 'RTGS queue (all)', values: data.rtgsQueue }, money: false },
      { title: 'Cumulative costs', lines: data.cumulativeCost, money: true },
    ];
    this.observer = new ResizeObserver(() => this.resize());
    for (const spec of specs) {
      const box = el('div', { className: 'chart-box' });
      const figure = el('figure', { className: 'chart', attrs: { 'aria-label': `${spec.title} over the run; the line marks the current tick` } }, el('figcaption', { text: spec.title }), box);
      element.append(figure);
      this.plots.push(this.plot(box, spec, agentIds, styles));
    }
    this.observer.observe(element);
  }

  /** Moves the cursors to `tick` (no redraw). */
  setTick(tick: number): void {
    this.tick = tick;
    this.plots.forEach((u, i) => {
      const x = u.valToPos(tick, 'x');
      this.cursors[i].style.transform = `translateX(${Math.round(x)}px)`;
    });
  }

  destroy(): void {
    this.observer.disconnect();
    this.plots.forEach((u) => u.destroy());
    this.element.replaceChildren();
  }

  private plot(box: HTMLElement, spec: ChartSpec, agentIds: readonly string[], styles: AgentStyle[]): uPlot {
    const foreground = cssVar('--vscode-descriptionForeground', '#999999');
    const grid = cssVar('--vscode-charts-lines', 'rgba(128,128,128,0.25)');
    const dayLine = cssVar('--vscode-editorRuler-foreground', 'rgba(128,128,128,0.45)');
    const font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    const axis = (values?: uPlot.Axis['values']): uPlot.Axis => ({
      stroke: foreground,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      font,
      values,
    });
    const series: uPlot.Series[] = [
      {},
      ...agentIds.map((id, i) => ({ label: id, stroke: styles[i].colour, width: 1.5, dash: styles[i].dash, points: { show: false } })),
    ];
    const columns: uPlot.AlignedData = [this.data.x, ...spec.lines];
    if (spec.total) {
      series.push({ label: spec.total.label, stroke: foreground, width: 1, dash: [2, 2], points: { show: false } });
      (columns as unknown[]).push(spec.total.values);
    }
    const options: uPlot.Options = {
      width: Math.max(200, box.clientWidth || 300),
      height: CHART_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false }, y: false },
      scales: { x: { time: false, range: [0, Math.max(1, this.totalTicks - 1)] } },
      axes: [axis(), { ...axis(spec.money ? (_u, values) => values.map(shortMoney) : undefined), size: 56 }],
      series,
      hooks: { draw: [(u) => this.drawDays(u, dayLine)] },
    };
    const u = new uPlot(options, columns, box);
    const cursor = el('div', { className: 'tick-cursor', attrs: { 'aria-hidden': 'true' } });
    u.over.append(cursor);
    u.over.title = 'Click to go to this tick';
    u.over.addEventListener('click', (event) => {
      const tick = Math.round(u.posToVal(event.offsetX, 'x'));
      this.onPick(Math.min(this.totalTicks - 1, Math.max(0, tick)));
    });
    this.cursors.push(cursor);
    return u;
  }

  /** Dashed vertical lines between days (drawn with the lines, so they cost nothing per tick). */
  private drawDays(u: uPlot, colour: string): void {
    const perDay = this.ticksPerDay;
    if (!perDay || perDay <= 0 || this.totalTicks <= perDay) return;
    const days = Math.ceil(this.totalTicks / perDay);
    // Too many days to draw apart: skip them rather than paint the plot grey.
    if (u.bbox.width / days < 4) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.setLineDash([3, 3]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let d = 1; d < days; d++) {
      const x = Math.round(u.valToPos(d * perDay - 0.5, 'x', true)) + 0.5;
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
    }
    ctx.stroke();
    ctx.restore();
  }

  private resize(): void {
    for (const u of this.plots) {
      const box = u.root.parentElement;
      const width = Math.max(200, box?.clientWidth ?? 300);
      if (Math.abs(width - u.width) > 1) u.setSize({ width, height: CHART_HEIGHT });
    }
    this.setTick(this.tick);
  }
}
