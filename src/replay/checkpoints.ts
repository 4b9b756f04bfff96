/**
 * Checkpoints: copies of the fold state every K ticks, so that the state after any tick is at most K − 1 ticks of
 * folding away from a stored one. Checkpoint j is the state after tick j·K − 1 (j = 0: before the first tick).
 *
 * K is chosen from the event density, so that a jump folds about a fixed number of events whatever the run looks
 * like (dense runs get short intervals, sparse ones long intervals), and the store is memory-aware: when the
 * checkpoints outgrow their budget, every other one is dropped and K doubles.
 */
import { type ReplayState, cloneState, estimateStateBytes } from './state';

/** Events a jump should fold at most, on average: a random jump on the 1M-event benchmark run takes p50 4 ms, p95 8–10 ms (docs/replay.md). */
export const DEFAULT_EVENTS_PER_JUMP = 1500;
export const DEFAULT_CHECKPOINT_BUDGET_BYTES = 64 * 2 ** 20;
/** Longest interval, so that very sparse runs do not fold thousands of empty ticks per jump. */
const MAX_INTERVAL = 1000;

/** K for a run of `totalTicks` ticks and `events` events, aiming at `eventsPerJump` events per interval. */
export function chooseInterval(totalTicks: number, events: number, eventsPerJump = DEFAULT_EVENTS_PER_JUMP): number {
  if (totalTicks <= 1 || events <= 0) {
    return Math.max(1, Math.min(MAX_INTERVAL, totalTicks));
  }
  const perTick = events / totalTicks;
  return Math.max(1, Math.min(MAX_INTERVAL, totalTicks, Math.floor(eventsPerJump / perTick)));
}

export class CheckpointStore {
  private states: ReplayState[] = [];
  private sizes: number[] = [];
  private total = 0;

  constructor(
    private k: number,
    private readonly budgetBytes = DEFAULT_CHECKPOINT_BUDGET_BYTES,
  ) {
    if (!Number.isInteger(k) || k < 1) {
      throw new RangeError(`checkpoint interval must be a whole number >= 1, got ${k}`);
    }
  }

  /** Ticks between checkpoints: the most a jump ever folds is K − 1 ticks. */
  get interval(): number {
    return this.k;
  }

  get count(): number {
    return this.states.length;
  }

  get bytes(): number {
    return this.total;
  }

  /**
   * Offers the state after its tick, in tick order starting with the initial state; a copy is kept when the tick
   * closes an interval. The state itself is not retained, so the caller may keep folding it.
   */
  offer(state: ReplayState): void {
    if ((state.tick + 1) % this.k !== 0 || (state.tick + 1) / this.k !== this.states.length) {
      return;
    }
    const size = estimateStateBytes(state);
    this.states.push(cloneState(state));
    this.sizes.push(size);
    this.total += size;
    while (this.total > this.budgetBytes && this.states.length > 2) {
      this.thin();
    }
  }

  /** The latest checkpoint at or before `tick` (the state after a tick ≤ `tick`). Never mutate it: clone first. */
  nearest(tick: number): ReplayState {
    if (this.states.length === 0) {
      throw new Error('no checkpoint stored yet');
    }
    const j = Math.min(Math.floor((tick + 1) / this.k), this.states.length - 1);
    return this.states[Math.max(0, j)];
  }

  /** Keeps every other checkpoint (those at multiples of 2K) and doubles K. */
  private thin(): void {
    this.states = this.states.filter((_, j) => j % 2 === 0);
    this.sizes = this.sizes.filter((_, j) => j % 2 === 0);
    this.total = this.sizes.reduce((s, x) => s + x, 0);
    this.k *= 2;
  }
}
