/**
 * Where a replay control goes from the current tick: steps, days, first/last, and the next or previous tick with a
 * mark (a settlement, an LSM cycle, ...). Pure and import-free, shared by the webview (which moves without asking
 * the host) and the host (palette commands), so both move the same way.
 */

export type ReplayMove =
  | { kind: 'step'; delta: number }
  | { kind: 'day'; delta: number }
  | { kind: 'first' }
  | { kind: 'last' }
  /** The nearest tick after (direction 1) or before (−1) the current one with the mark's bit set. */
  | { kind: 'mark'; bit: number; direction: 1 | -1 };

export interface ReplayPosition {
  tick: number;
  lastTick: number;
  /** Null when the file does not say: days then follow the end-of-day marks. */
  ticksPerDay: number | null;
  /** Per-tick mark bits. */
  marks: ArrayLike<number>;
  /** Bit of the end-of-day mark. */
  endOfDayBit: number;
}

const clamp = (tick: number, last: number) => Math.min(last, Math.max(0, tick));

/** The first tick after (or last before) `from` whose marks have `bit`, or null. */
export function tickWithMark(marks: ArrayLike<number>, bit: number, from: number, direction: 1 | -1): number | null {
  const mask = 1 << bit;
  if (direction === 1) {
    for (let t = Math.max(0, from + 1); t < marks.length; t++) if ((marks[t] & mask) !== 0) return t;
  } else {
    for (let t = Math.min(marks.length - 1, from - 1); t >= 0; t--) if ((marks[t] & mask) !== 0) return t;
  }
  return null;
}

/**
 * The tick a move leads to, or null when there is none (no later settlement, already at the end). A day move keeps
 * the tick's place in the day; without a known day length it goes to the start of the next (or current) day.
 */
export function targetTick(at: ReplayPosition, move: ReplayMove): number | null {
  const { tick, lastTick } = at;
  let target: number | null;
  switch (move.kind) {
    case 'step':
      target = clamp(tick + move.delta, lastTick);
      break;
    case 'first':
      target = 0;
      break;
    case 'last':
      target = lastTick;
      break;
    case 'mark':
      target = tickWithMark(at.marks, move.bit, tick, move.direction);
      break;
    case 'day':
      if (at.ticksPerDay !== null && at.ticksPerDay > 0) {
        target = clamp(tick + move.delta * at.ticksPerDay, lastTick);
      } else if (move.delta > 0) {
        const end = tickWithMark(at.marks, at.endOfDayBit, tick, 1);
        target = end === null ? lastTick : clamp(end + 1, lastTick);
      } else {
        // The start of the current day, or of the previous one when already there.
        const end = tickWithMark(at.marks, at.endOfDayBit, tick - 1, -1);
        target = end === null ? 0 : end + 1;
      }
      break;
  }
  return target === null || target === tick ? null : target;
}
