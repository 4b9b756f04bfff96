/**
 * Playback's lookahead: while a replay plays, the webview asks the host for the next ticks in batches, ahead of the
 * clock, so that a tick is already on hand when the clock reaches it. Asking tick by tick instead puts VS Code's
 * webview round trip (tens of milliseconds) between the clock and the screen, and late answers skip ticks.
 *
 * Pure bookkeeping (no DOM, no messages): the page tells it where the clock is and what arrived, it says what to
 * ask for and which view to draw. Shared by the webview and the unit tests.
 */

/** The refresh rate playback plans for: above it a frame shows more than one tick, so only every `stride`-th is fetched. */
export const FRAMES_PER_SECOND = 60;
/** Seconds of playback one batch covers, and how many seconds ahead a new batch is asked for. */
const BATCH_SECONDS = 1;
const LOW_WATER_SECONDS = 0.5;
/** Views one batch may carry (the host builds them one by one; the message stays a few hundred kilobytes). */
export const MAX_BATCH_VIEWS = 64;
/** While playing, the lists (payments, event lines) come with about this many ticks a second. */
const LISTS_PER_SECOND = 4;

export interface LookaheadRequest {
  /** First tick of the batch, then every `stride`-th tick, `count` views at most, never past the last tick. */
  from: number;
  count: number;
  stride: number;
  /** The views of ticks divisible by this carry their lists. */
  listsEvery: number;
  seq: number;
}

/** What a batch gives back: views with their tick. */
export interface TickOf {
  tick: number;
}

export class PlaybackLookahead<View extends TickOf> {
  private readonly views = new Map<number, View>();
  /** The batch in flight (at most one), and the highest tick asked for so far. */
  private inFlight: number | null = null;
  private askedTo = -1;
  private lastTaken = -1;
  private seq = 0;

  constructor(
    private readonly lastTick: number,
    private speed: number,
  ) {}

  /** Forgets everything (pause, seek, new speed): answers to earlier batches are then ignored. */
  reset(speed = this.speed): void {
    this.views.clear();
    this.inFlight = null;
    this.askedTo = -1;
    this.lastTaken = -1;
    this.speed = speed;
    this.seq++;
  }

  /** Ticks between two fetched views: 1 up to the refresh rate, more above it. */
  get stride(): number {
    return Math.max(1, Math.floor(this.speed / FRAMES_PER_SECOND));
  }

  /** The next batch to ask for when the clock is at `tick` (null: enough is fetched or a batch is on its way). */
  next(tick: number): LookaheadRequest | null {
    if (this.inFlight !== null) return null;
    const stride = this.stride;
    const from = this.askedTo < 0 ? tick : Math.max(tick, this.askedTo + stride);
    if (from > this.lastTick) return null;
    if (this.askedTo >= tick && this.askedTo - tick >= this.speed * LOW_WATER_SECONDS) return null;
    const count = Math.min(MAX_BATCH_VIEWS, Math.ceil((this.speed * BATCH_SECONDS) / stride), Math.floor((this.lastTick - from) / stride) + 1);
    this.seq++;
    this.inFlight = this.seq;
    this.askedTo = from + (count - 1) * stride;
    return { from, count, stride, listsEvery: Math.max(1, Math.round(this.speed / LISTS_PER_SECOND)), seq: this.seq };
  }

  /** A batch arrived; false when it answers a request made before the last reset (then it is dropped). */
  receive(seq: number, views: readonly View[]): boolean {
    if (seq !== this.inFlight) return false;
    this.inFlight = null;
    for (const view of views) if (view.tick > this.lastTaken) this.views.set(view.tick, view);
    return true;
  }

  /**
   * The view to draw when the clock is at `tick`: that tick's, or else the newest fetched one before it not yet
   * drawn (above the refresh rate the clock lands between fetched ticks). Null when none has arrived.
   */
  take(tick: number): View | null {
    let best: View | null = null;
    for (const [t, view] of this.views) {
      if (t <= tick) {
        if (!best || t > best.tick) best = view;
        this.views.delete(t);
      }
    }
    if (best) this.lastTaken = best.tick;
    return best;
  }

  /** Whether a batch is on its way (the page starts the clock once the first one is in). */
  get waiting(): boolean {
    return this.inFlight !== null;
  }
}
