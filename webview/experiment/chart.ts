/**
 * uPlot charts that follow the VS Code theme: colours come from the theme's CSS variables (read when the chart is
 * drawn, and again when the theme changes), the width follows the panel, and each chart has a text alternative.
 */
import uPlot from 'uplot';
import { el } from '../shared/dom';

const SERIES_VARIABLES = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
const FALLBACK_COLOURS = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700', '#4ec9b0', '#c586c0'];

export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** The colour of the i-th data series. */
export function seriesColour(i: number): string {
  const variable = SERIES_VARIABLES[i % SERIES_VARIABLES.length];
  return cssVar(variable, FALLBACK_COLOURS[i % FALLBACK_COLOURS.length]);
}

export interface ThemeColours {
  foreground: string;
  muted: string;
  grid: string;
  /** Colour of the best-iteration band (drawn translucent) and marker. */
  highlight: string;
}

export function themeColours(): ThemeColours {
  return {
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', '#999999'),
    grid: cssVar('--vscode-charts-lines', 'rgba(128,128,128,0.25)'),
    highlight: cssVar('--vscode-charts-yellow', '#cca700'),
  };
}

export interface ChartSpec {
  /** Text alternative: what the chart shows, for screen readers. */
  description: string;
  height?: number;
  /** Builds the options for a width, with the theme's colours (called again on resize and theme change). */
  options(width: number, height: number, colours: ThemeColours): uPlot.Options;
  data: uPlot.AlignedData;
  /** Called with the data index under the cursor when the plot is clicked. */
  onPick?: (index: number) => void;
}

/** Charts on the page, so a theme change redraws them all. */
const live = new Set<{ redraw(): void }>();
let redrawPending = false;
/** VS Code switches themes by changing the body's class and the variables in the root element's style. */
const themeObserver = new MutationObserver(() => {
  if (redrawPending) return;
  redrawPending = true;
  requestAnimationFrame(() => {
    redrawPending = false;
    live.forEach((c) => c.redraw());
  });
});
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

/** A chart in a container that resizes with the panel. Returns the container. */
export function chart(spec: ChartSpec): HTMLElement {
  const container = el('div', { className: 'chart', attrs: { role: 'img', 'aria-label': spec.description } });
  const height = spec.height ?? 280;
  let plot: uPlot | undefined;
  const build = () => {
    const width = Math.max(320, Math.floor(container.clientWidth || container.parentElement?.clientWidth || 640));
    plot?.destroy();
    plot = new uPlot(spec.options(width, height, themeColours()), spec.data, container);
    if (spec.onPick) {
      const pick = spec.onPick;
      plot.over.addEventListener('click', () => {
        const index = plot?.cursor.idx;
        if (index !== null && index !== undefined) pick(index);
      });
    }
  };
  const entry = { redraw: build };
  let lastWidth = 0;
  const observer = new ResizeObserver(() => {
    if (!container.isConnected) {
      observer.disconnect();
      live.delete(entry);
      plot?.destroy();
      return;
    }
    const width = Math.floor(container.clientWidth);
    if (width > 0 && width !== lastWidth) {
      lastWidth = width;
      if (plot) plot.setSize({ width, height });
      else build();
    }
  });
  observer.observe(container);
  live.add(entry);
  return container;
}

/** Axis labels in dollars from cents: $1.2k, $35, $0.50. */
export function dollarsAxis(values: number[]): string[] {
  return values.map((cents) => {
    const dollars = cents / 100;
    const abs = Math.abs(dollars);
    if (abs >= 1e6) return `$${(dollars / 1e6).toFixed(1)}M`;
    if (abs >= 1e4) return `$${(dollars / 1e3).toFixed(0)}k`;
    if (abs >= 1e3) return `$${(dollars / 1e3).toFixed(1)}k`;
    return `$${abs >= 10 ? dollars.toFixed(0) : dollars.toFixed(2)}`;
  });
}

/** Common axes: x as integer iterations, y formatted by `yValues`, in theme colours. */
export function axes(colours: ThemeColours, yValues: (values: number[]) => string[], yLabel: string): uPlot.Axis[] {
  const font = `${cssVar('--vscode-font-size', '13px')} ${cssVar('--vscode-font-family', 'sans-serif')}`;
  return [
    { stroke: colours.muted, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid }, font, label: 'iteration', labelFont: font, incrs: [1, 2, 5, 10, 20, 25, 50, 100], values: (_u, v) => v.map((x) => String(x)) },
    { stroke: colours.muted, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid }, font, label: yLabel, labelFont: font, size: 64, values: (_u, v) => yValues(v) },
  ];
}

/** Canvas pixel position of a data point, or null when it is not drawn (null value). */
export function pointAt(u: uPlot, seriesIndex: number, dataIndex: number): { x: number; y: number } | null {
  const value = u.data[seriesIndex]?.[dataIndex];
  const x = u.data[0][dataIndex];
  if (value === null || value === undefined || x === null || x === undefined) return null;
  return { x: u.valToPos(x, 'x', true), y: u.valToPos(value, u.series[seriesIndex].scale ?? 'y', true) };
}

export function drawTriangle(ctx: CanvasRenderingContext2D, x: number, y: number, size: number, fill: string, stroke: string): void {
  ctx.beginPath();
  ctx.moveTo(x, y - size);
  ctx.lineTo(x + size, y + size * 0.8);
  ctx.lineTo(x - size, y + size * 0.8);
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 1;
  ctx.stroke();
}

export function drawDiamond(ctx: CanvasRenderingContext2D, x: number, y: number, size: number, fill: string, stroke: string): void {
  ctx.beginPath();
  ctx.moveTo(x, y - size);
  ctx.lineTo(x + size, y);
  ctx.lineTo(x, y + size);
  ctx.lineTo(x - size, y);
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 1.5;
  ctx.stroke();
}
