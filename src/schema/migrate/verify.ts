/**
 * Verification of a migrated file after it has been written. The temporary file is read back from disk and must be
 * byte for byte the image SQLite produced; that image is then opened like any other file and must be detected as
 * unified at the current version, with exactly the rows the plan promised in every table. Only a file that passes
 * replaces the original.
 *
 * The image is checked in place rather than loaded a second time from the file: the comparison proves they are the
 * same bytes, and a migrated file of a few hundred megabytes is never held in memory twice. (No PRAGMA quick_check:
 * SQLite wrote the image through its own backup API, and the check would add over a second per million events.)
 */
import * as fs from 'node:fs';
import { detectSchema } from '../detect';
import type { SchemaKind } from '../detect';
import { CURRENT_SCHEMA_VERSION } from '../versions';
import { fileInfo, MemoryDatabase } from './memoryDatabase';
import { quoteIdent } from './sqlText';

export interface Verification {
  kind: SchemaKind;
  schemaVersion: number | null;
  tables: Record<string, number>;
}

/** Checks `filePath` against `image` and the plan; returns what it found, or throws an Error saying what is wrong. */
export async function verifyMigratedFile(filePath: string, image: Uint8Array, expectedRows: Readonly<Record<string, number>>): Promise<Verification> {
  assertSameBytes(filePath, image);
  // A Buffer view of the image: sql.js adopts it without copying, and only reads it.
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  const db = await MemoryDatabase.load(bytes, fileInfo(filePath, fs.statSync(filePath)));
  try {
    const detection = await detectSchema(db);
    if (detection.kind !== 'unified' || detection.schemaVersion !== CURRENT_SCHEMA_VERSION) {
      throw new Error(`the migrated copy is detected as ${detection.label}, not as unified schema v${CURRENT_SCHEMA_VERSION}`);
    }
    const tables: Record<string, number> = {};
    const mismatches: string[] = [];
    for (const [table, expected] of Object.entries(expectedRows)) {
      const actual = detection.tables.includes(table) ? (db.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(table)}`)[0]?.n ?? 0) : -1;
      tables[table] = actual;
      if (actual !== expected) {
        mismatches.push(actual < 0 ? `${table} is missing` : `${table} has ${actual} rows, expected ${expected}`);
      }
    }
    if (mismatches.length > 0) {
      throw new Error(`row counts of the migrated copy do not match the plan: ${mismatches.join('; ')}`);
    }
    return { kind: detection.kind, schemaVersion: detection.schemaVersion, tables };
  } finally {
    db.dispose();
  }
}

/** Reads the file back in chunks and compares it with the image (a short or damaged write fails here). */
function assertSameBytes(filePath: string, image: Uint8Array): void {
  const size = fs.statSync(filePath).size;
  if (size !== image.byteLength) {
    throw new Error(`the written file has ${size} bytes, the migrated image ${image.byteLength}`);
  }
  const chunk = Buffer.allocUnsafe(8 * 2 ** 20);
  const fd = fs.openSync(filePath, 'r');
  try {
    for (let offset = 0; offset < size; ) {
      const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, size - offset), offset);
      if (n === 0 || Buffer.compare(chunk.subarray(0, n), image.subarray(offset, offset + n)) !== 0) {
        throw new Error(`the written file differs from the migrated image at byte ${offset}`);
      }
      offset += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}
