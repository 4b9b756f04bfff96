import type { EventRow } from '../../src/protocol/events';

interface Block {
  rows: EventRow[];
  /** False when the block was cut short by a total that was still growing (a text search still counting). */
  complete: boolean;
}

/**
 * The rows the panel holds: blocks of `blockSize` rows by position, least recently used dropped first once more
 * than `maxRows` are held (the blocks on screen are kept). This bounds the webview's memory however long the
 * listing is; a dropped block is fetched again when scrolled back to.
 */
export class RowCache {
  private readonly blocks = new Map<number, Block>();
  private readonly pending = new Set<number>();
  private held = 0;

  constructor(
    readonly blockSize: number,
    private readonly maxRows: number,
  ) {}

  /** Rows held now. */
  get size(): number {
    return this.held;
  }

  get(row: number): EventRow | undefined {
    const block = this.blocks.get(Math.floor(row / this.blockSize));
    return block?.rows[row % this.blockSize];
  }

  /**
   * Blocks covering rows [from, to] that must be fetched: not held, or held short while the total has grown since
   * (a text search still counting), and not already requested.
   */
  missing(from: number, to: number, total: number): number[] {
    const out: number[] = [];
    if (total <= 0) return out;
    const last = Math.min(to, total - 1);
    for (let b = Math.floor(Math.max(0, from) / this.blockSize); b * this.blockSize <= last; b++) {
      if (this.pending.has(b)) continue;
      const block = this.blocks.get(b);
      const expected = Math.min(this.blockSize, total - b * this.blockSize);
      if (!block || (!block.complete && block.rows.length < expected)) out.push(b);
    }
    return out;
  }

  markPending(block: number): void {
    this.pending.add(block);
  }

  /** Stores rows that start at `start` (a block boundary); `keep` are blocks not to evict (on screen). */
  put(start: number, rows: EventRow[], totalComplete: boolean, total: number, keep: ReadonlySet<number>): void {
    const b = Math.floor(start / this.blockSize);
    this.pending.delete(b);
    const old = this.blocks.get(b);
    if (old) {
      this.held -= old.rows.length;
      this.blocks.delete(b);
    }
    const complete = rows.length === this.blockSize || (totalComplete && start + rows.length >= total);
    this.blocks.set(b, { rows, complete });
    this.held += rows.length;
    for (const [key, block] of this.blocks) {
      if (this.held <= this.maxRows) break;
      if (keep.has(key) || key === b) continue;
      this.blocks.delete(key);
      this.held -= block.rows.length;
    }
  }

  /** Marks a block used (most recently), so that eviction keeps it. */
  touch(block: number): void {
    const held = this.blocks.get(block);
    if (held) {
      this.blocks.delete(block);
      this.blocks.set(block, held);
    }
  }

  clear(): void {
    this.blocks.clear();
    this.pending.clear();
    this.held = 0;
  }
}
