/**
 * The playback clock: at `speed` ticks per second, on each animation frame it reports the tick the clock has reached
 * (only when that is a new tick). It never waits for anyone: the page draws the tick reached if it has it, so the
 * replay keeps real time.
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
    /** Called at most once a frame, when the clock reached a new tick. */
    private readonly onTick: (tick: number) => void,
    /** Called when playing stops: paused, or the last tick reached. */
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

  /** Starts the clock at `tick` (which the caller shows already). */
  play(tick: number): void {
    if (this.playing) return;
    this.startTick = tick;
    this.reached = tick;
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
      this.onTick(target);
    }
    if (target >= this.lastTick) {
      this.frame = 0;
      this.onStop();
      return;
    }
    this.frame = requestAnimationFrame(this.step);
  };
}
