/**
 * How many events of a filtered listing fall on each tick: the map that turns a row position of the events table
 * into a keyset position. Row r lies on tick T at offset k within T (k < events of T), so a page is fetched with
 * `tick BETWEEN T AND T' ORDER BY tick, seq LIMIT n OFFSET k`: served by the (simulation_id, …, tick) indexes,
 * skipping at most one tick's events, never the rows before it. It also answers "which row is tick T" (go to tick)
 * and the listing's total.
 *
 * Ticks arrive in ascending order, all at once or chunk by chunk (a text search scans the simulation in bounded
 * steps); `complete` says whether more may follow. A few thousand to a few hundred thousand ticks: typed arrays.
 */
export class TickIndex {
  private ticks: Float64Array = new Float64Array(64);
  /** starts[i]: rows before ticks[i]. */
  private starts: Float64Array = new Float64Array(64);
  private size = 0;
  private rows = 0;
  private done = false;
  /** Last tick covered by the chunks seen so far (even when it had no matching event). */
  private coveredTo = Number.NEGATIVE_INFINITY;

  /** Builds a complete index from (tick, count) pairs in ascending tick order. */
  static from(pairs: Iterable<readonly [number, number]>): TickIndex {
    const index = new TickIndex();
    for (const [tick, count] of pairs) index.add(tick, count);
    index.finish();
    return index;
  }

  /** Matching events so far (the total once complete). */
  get total(): number {
    return this.rows;
  }

  get complete(): boolean {
    return this.done;
  }

  /** Ticks with at least one event. */
  get tickCount(): number {
    return this.size;
  }

  /** The last tick the index has looked at; +Infinity once complete. */
  get scannedTo(): number {
    return this.done ? Number.POSITIVE_INFINITY : this.coveredTo;
  }

  firstTick(): number | null {
    return this.size > 0 ? this.ticks[0] : null;
  }

  lastTick(): number | null {
    return this.size > 0 ? this.ticks[this.size - 1] : null;
  }

  /** Appends one tick's count; ticks must ascend. Zero counts are skipped. */
  add(tick: number, count: number): void {
    if (this.done) throw new Error('TickIndex: add after finish');
    if (this.size > 0 && tick <= this.ticks[this.size - 1]) throw new Error(`TickIndex: tick ${tick} does not ascend`);
    if (tick > this.coveredTo) this.coveredTo = tick;
    if (count <= 0) return;
    if (this.size === this.ticks.length) {
      this.ticks = grow(this.ticks);
      this.starts = grow(this.starts);
    }
    this.ticks[this.size] = tick;
    this.starts[this.size] = this.rows;
    this.size++;
    this.rows += count;
  }

  /** Records that every tick up to `tick` has been looked at (a chunk may end on ticks without matches). */
  cover(tick: number): void {
    if (tick > this.coveredTo) this.coveredTo = tick;
  }

  finish(): void {
    this.done = true;
  }

  /** Index of the tick holding row `row` (0 ≤ row < total). */
  private slotOfRow(row: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** First slot whose tick is ≥ `tick` (size when none). */
  private slotOfTick(tick: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ticks[mid] < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The tick of row `row`, or null when the row is beyond the known rows. */
  tickOfRow(row: number): number | null {
    if (row < 0 || row >= this.rows) return null;
    return this.ticks[this.slotOfRow(row)];
  }

  /**
   * The keyset window of rows [start, start + count): the first and last tick they lie on and the offset of `start`
   * within the first tick. Null when `start` is beyond the known rows.
   */
  window(start: number, count: number): { fromTick: number; toTick: number; offset: number; count: number } | null {
    if (start < 0 || start >= this.rows || count <= 0) return null;
    const end = Math.min(this.rows, start + count) - 1;
    const first = this.slotOfRow(start);
    const last = this.slotOfRow(end);
    return { fromTick: this.ticks[first], toTick: this.ticks[last], offset: start - this.starts[first], count: end - start + 1 };
  }

  /**
   * The first row on or after `tick` (go to tick): null when no known row is that late. While incomplete, a tick
   * beyond `scannedTo` is unknown, also null.
   */
  rowOfTick(tick: number): number | null {
    const slot = this.slotOfTick(tick);
    if (slot < this.size) return this.starts[slot];
    return null;
  }

  /**
   * Consecutive tick ranges holding about `rowsPerChunk` rows each (a tick is never split), for batched reads
   * such as exports.
   */
  *chunks(rowsPerChunk: number): Generator<{ fromTick: number; toTick: number; rows: number }> {
    let i = 0;
    while (i < this.size) {
      const startRow = this.starts[i];
      let j = i;
      while (j + 1 < this.size && this.starts[j + 1] - startRow < rowsPerChunk) j++;
      const endRow = j + 1 < this.size ? this.starts[j + 1] : this.rows;
      yield { fromTick: this.ticks[i], toTick: this.ticks[j], rows: endRow - startRow };
      i = j + 1;
    }
  }

  /** Bytes held, for memory reports. */
  get bytes(): number {
    return this.ticks.byteLength + this.starts.byteLength;
  }
}

function grow(array: Float64Array): Float64Array {
  const next = new Float64Array(array.length * 2);
  next.set(array);
  return next;
}
