import type { SqlValue } from '../db/types';

/**
 * Converters from loosely typed SQLite values to the record fields. Files written by other tools (DuckDB exports,
 * older SimCash versions) store the same fact in different ways: booleans as 0/1, 'true' or TRUE; numbers as text;
 * JSON as text. These helpers accept all of them so that one odd row never breaks a listing.
 */

export function asString(value: SqlValue | undefined): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  return Buffer.from(value).toString('utf8');
}

export function asNumber(value: SqlValue | undefined): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Whole numbers (counts, ticks, iterations); cents stored as REAL by legacy writers are rounded. */
export function asInteger(value: SqlValue | undefined): number | null {
  const n = asNumber(value);
  return n === null ? null : Math.round(n);
}

export function asBoolean(value: unknown): boolean {
  if (typeof value === 'number') {
    return value !== 0;
  }
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'string') {
    return /^(1|true|t|yes|y)$/i.test(value.trim());
  }
  return false;
}

/** Parses JSON text; null for NULL, empty or malformed text (a half-written row must not break a view). */
export function parseJson(value: SqlValue | undefined): unknown {
  const text = asString(value);
  if (text === null || text.trim() === '') {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object column; anything else becomes `{}` (or `{ raw }` when keepRaw and there was text). */
export function parseJsonObject(value: SqlValue | undefined, keepRaw = false): Record<string, unknown> {
  const parsed = parseJson(value);
  if (isPlainObject(parsed)) {
    return parsed;
  }
  const text = asString(value);
  return keepRaw && text !== null && text !== '' ? { raw: text } : {};
}

/** {key: number} from a JSON object column, dropping entries that are not numbers. Values are rounded to cents. */
export function parseNumberMap(value: SqlValue | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(parseJsonObject(value))) {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (Number.isFinite(n)) {
      out[key] = Math.round(n);
    }
  }
  return out;
}

/** {key: boolean} from a JSON object column. */
export function parseBooleanMap(value: SqlValue | undefined): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [key, v] of Object.entries(parseJsonObject(value))) {
    out[key] = asBoolean(v);
  }
  return out;
}

/** A JSON array of strings (e.g. bootstrap_simulation_ids); non-strings are dropped. */
export function parseStringArray(value: SqlValue | undefined): string[] {
  const parsed = parseJson(value);
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
}

export function sumValues(map: Record<string, number>): number {
  let total = 0;
  for (const v of Object.values(map)) {
    total += v;
  }
  return total;
}
