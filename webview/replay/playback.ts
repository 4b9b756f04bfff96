/**
 * The playback clock: at `speed` ticks per second, on each animation frame it asks for the tick the clock has
 * reached. It never waits for the host: when an answer comes late, the next request is for a later tick, so the
 * replay keeps real time and skips ticks rather than slowing down (or dropping frames).
 */
export class Playback {
  private frame = 0;
  private startTime = 0;
  private startTick = 0;
  private reached = 0;
  private speedValue: number;

  constructor(
    speed: number,
    private readonly lastTick: number,
    /** Asks for a tick (called at most once a frame, only when the clock reached a new tick). */
    private readonly request: (tick: number) => void,
    private readonly onStop: () => void,
  ) {
    this.speedValue = speed;
  }

  get playing(): boolean {
    return this.frame !== 0;
  }

  get speed(): number {
    return this.speedValue;
  }

  /** Plays from `tick` (from the start again when already at the end). */
  play(tick: number): void {
    if (this.playing) return;
    this.startTick = tick >= this.lastTick ? 0 : tick;
    this.reached = this.startTick;
    if (this.startTick !== tick) this.request(this.startTick);
    this.startTime = performance.now();
    this.frame = requestAnimationFrame(this.step);
  }

  pause(): void {
    if (!this.playing) return;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.onStop();
  }

  setSpeed(speed: number): void {
    // Re-anchor the clock so that changing speed does not jump.
    this.startTick = this.reached;
    this.startTime = performance.now();
    this.speedValue = speed;
  }

  private readonly step = (now: number): void => {
    const target = Math.min(this.lastTick, this.startTick + Math.floor(((now - this.startTime) * this.speedValue) / 1000));
    if (target !== this.reached) {
      this.reached = target;
      this.request(target);
    }
    if (target >= this.lastTick) {
      this.frame = 0;
      this.onStop();
      return;
    }
    this.frame = requestAnimationFrame(this.step);
  };
}
