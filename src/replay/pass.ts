/**
 * The opening pass of a replay: one streamed fold over a simulation's state-changing events, from the initial state
 * to the last tick, storing checkpoints, the per-tick series and marks, and the issues met on the way. The events
 * are never all in memory: they arrive a page of ticks at a time.
 */
import type { SimCashFile } from '../model';
import { eventsByTick } from '../model/replayData';
import { CheckpointStore, chooseInterval } from './checkpoints';
import { type ReplayEvent, replayEventBuilder } from './events';
import { type FoldOptions, type ReplayIssue, STATELESS_EVENT_TYPES, foldTickInPlace } from './fold';
import { markBits } from './phases';
import { type ReplaySeries, SeriesBuilder } from './series';
import type { ReplaySetup } from './setup';
import { type ReplayState, initialState } from './state';

export interface ReplayOpenOptions {
  /** Force the checkpoint interval K (ticks); by default it follows the event density. */
  checkpointInterval?: number;
  /** Events a jump should fold at most, on average (default DEFAULT_EVENTS_PER_JUMP, 1500). */
  eventsPerJump?: number;
  /** Memory the checkpoints may take; beyond it K doubles (default 64 MiB). */
  memoryBudgetBytes?: number;
  /** Called during the opening pass with the ticks folded so far. */
  onProgress?: (ticksDone: number, totalTicks: number) => void;
  signal?: AbortSignal;
}

export interface ReplayOpenStats {
  openMs: number;
  foldedEvents: number;
  checkpointInterval: number;
  checkpoints: number;
  /** Estimated memory held by the checkpoints. */
  checkpointBytes: number;
  seriesBytes: number;
}

export interface OpeningPass {
  store: CheckpointStore;
  series: ReplaySeries;
  /** The first MAX_ISSUES issues, and how many there were. */
  issues: ReplayIssue[];
  issueCount: number;
  /** The state after the last tick (owned by the caller from now on). */
  last: ReplayState;
  stats: Omit<ReplayOpenStats, 'openMs'>;
}

/** Ticks per progress report (and per page of streamed ranges elsewhere). */
export const CHUNK_TICKS = 256;
/**
 * Longest the pass works before letting other tasks of its thread run: a page of ticks already read unpacks and
 * folds without awaiting anything, and in the extension host a whole page (tens of thousands of events) would hold
 * up the UI's messages for a tenth of a second.
 */
const SLICE_MS = 12;
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));
const MAX_ISSUES = 200;

export async function openingPass(file: SimCashFile, setup: ReplaySetup, eventCount: number, options: ReplayOpenOptions): Promise<OpeningPass> {
  const interval = options.checkpointInterval ?? chooseInterval(setup.totalTicks, eventCount, options.eventsPerJump);
  const store = new CheckpointStore(interval, options.memoryBudgetBytes);
  const series = new SeriesBuilder(
    setup.agents.map((a) => a.id),
    setup.totalTicks,
  );
  const issues: ReplayIssue[] = [];
  let issueCount = 0;
  const fold: FoldOptions = {
    ticksPerDay: setup.ticksPerDay,
    onIssue: (issue) => {
      issueCount++;
      if (issues.length < MAX_ISSUES) {
        issues.push(issue);
      }
    },
  };

  const state = initialState(setup);
  store.offer(state);
  let foldedEvents = 0;
  const step = (tick: number, events: readonly ReplayEvent[], marks: number): void => {
    foldTickInPlace(state, tick, events, fold);
    series.record(state, events.length, marks);
    store.offer(state);
    if (options.onProgress && tick % CHUNK_TICKS === CHUNK_TICKS - 1) {
      options.onProgress(tick + 1, setup.totalTicks);
    }
  };
  let sliceStart = performance.now();
  for await (const batch of eventsByTick(file, setup.simulationId, { excludeTypes: STATELESS_EVENT_TYPES }, replayEventBuilder)) {
    options.signal?.throwIfAborted();
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextMacrotask();
      options.signal?.throwIfAborted();
      sliceStart = performance.now();
    }
    if (batch.tick <= state.tick) {
      continue; // negative ticks: nothing the replay can place
    }
    while (state.tick + 1 < batch.tick) {
      step(state.tick + 1, [], 0);
    }
    let marks = 0;
    for (const e of batch.events) {
      marks |= markBits(e.type);
    }
    step(batch.tick, batch.events, marks);
    foldedEvents += batch.events.length;
  }
  while (state.tick + 1 < setup.totalTicks) {
    step(state.tick + 1, [], 0);
  }
  options.onProgress?.(setup.totalTicks, setup.totalTicks);

  const s = series.series;
  const seriesBytes = [s.balance, s.cumulativeCost, s.queue1Size, s.queue2Size, s.rtgsQueueSize, s.settled, s.foldedEvents, s.marks].reduce(
    (sum, array) => sum + array.byteLength,
    0,
  );
  return {
    store,
    series: s,
    issues,
    issueCount,
    last: state,
    stats: { foldedEvents, checkpointInterval: store.interval, checkpoints: store.count, checkpointBytes: store.bytes, seriesBytes },
  };
}
