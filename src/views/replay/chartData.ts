/**
 * The replay panel's chart data and jump menu, from the session's per-tick series: one typed array per line, sent
 * once when the panel opens (VS Code transfers typed arrays as binary). A long run is decimated to a point budget:
 * each bucket of ticks keeps its minimum and its maximum, so a spike of one tick still shows at any zoom.
 */
import { REPLAY_MARKS, type ReplaySeries } from '../../replay';
import type { ReplayChartData, ReplayJumpKind } from '../../protocol/replay';

/** Points per line above which the series are decimated (a chart is at most a few thousand pixels wide). */
export const CHART_POINT_BUDGET = 4000;

/** The kinds of tick the panel jumps to: the four first (with keys), then every other mark. */
const JUMP_LABELS: ReadonlyArray<readonly [string, string, boolean]> = [
  ['settlement', 'Settlement', true],
  ['lsm', 'LSM cycle or offset', true],
  ['overdue', 'Payment overdue', true],
  ['end_of_day', 'End of day', true],
  ['arrival', 'Arrival', false],
  ['queued', 'Payment queued (RTGS)', false],
  ['queue2_release', 'Queue release', false],
  ['drop', 'Payment dropped', false],
  ['split', 'Payment split', false],
  ['collateral', 'Collateral change', false],
  ['liquidity', 'Liquidity allocation or return', false],
  ['deferred_credit', 'Deferred credit', false],
  ['cost', 'Cost accrual', false],
];

export function jumpKinds(): ReplayJumpKind[] {
  const bits = new Map<string, number>(REPLAY_MARKS.map((m, i) => [m, i]));
  return JUMP_LABELS.flatMap(([mark, label, primary]) => {
    const bit = bits.get(mark);
    return bit === undefined ? [] : [{ mark, label, bit, primary }];
  });
}

/** Ticks per bucket: 1 (every tick drawn) when the run fits the budget. */
function bucketSize(ticks: number, budget: number): number {
  return ticks <= budget ? 1 : Math.ceil(ticks / Math.floor(budget / 2));
}

/**
 * One line of a series: `value(tick)` for every tick, or for every bucket its minimum then its maximum (placed at
 * the bucket's first and middle tick, so the x values are shared by every line of the chart).
 */
function line(ticks: number, size: number, value: (tick: number) => number): Float64Array {
  if (size === 1) {
    const out = new Float64Array(ticks);
    for (let t = 0; t < ticks; t++) out[t] = value(t);
    return out;
  }
  const buckets = Math.ceil(ticks / size);
  const out = new Float64Array(buckets * 2);
  for (let b = 0; b < buckets; b++) {
    let min = Infinity;
    let max = -Infinity;
    for (let t = b * size; t < Math.min(ticks, (b + 1) * size); t++) {
      const v = value(t);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    out[2 * b] = min;
    out[2 * b + 1] = max;
  }
  return out;
}

function xValues(ticks: number, size: number): Float64Array {
  if (size === 1) return Float64Array.from({ length: ticks }, (_, t) => t);
  const buckets = Math.ceil(ticks / size);
  const out = new Float64Array(buckets * 2);
  for (let b = 0; b < buckets; b++) {
    const start = b * size;
    const end = Math.min(ticks, start + size) - 1;
    out[2 * b] = start;
    out[2 * b + 1] = Math.max(start, Math.floor((start + end) / 2));
  }
  // Two points of a one-tick last bucket share an x; uPlot needs x ascending, not strictly, so that is fine.
  return out;
}

export function buildChartData(series: ReplaySeries, budget = CHART_POINT_BUDGET): ReplayChartData {
  const ticks = series.ticks;
  const n = series.agentIds.length;
  const size = bucketSize(ticks, budget);
  const perAgent = (read: (cell: number) => number) => series.agentIds.map((_, i) => line(ticks, size, (t) => read(t * n + i)));
  return {
    x: xValues(ticks, size),
    balance: perAgent((c) => series.balance[c]),
    queued: perAgent((c) => series.queue1Size[c] + series.queue2Size[c]),
    rtgsQueue: line(ticks, size, (t) => series.rtgsQueueSize[t]),
    cumulativeCost: perAgent((c) => series.cumulativeCost[c]),
    marks: Uint16Array.from(series.marks),
    decimated: size > 1,
  };
}
