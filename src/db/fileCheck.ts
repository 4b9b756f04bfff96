import * as fs from 'node:fs';
import { DatabaseError } from './errors';

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const HEADER_SIZE = 100;

/** What the 100-byte header of a SQLite file says. */
export interface SqliteHeader {
  pageSize: number;
  /** Pages the header claims, or null when the header's count is not trustworthy (old writers). */
  pageCount: number | null;
  /** True when the file is in write-ahead-log mode (header bytes 18/19 equal 2). */
  walMode: boolean;
}

/**
 * Checks the header of a file before it is loaded, so that a file of another kind or a truncated copy fails with
 * a message that names the file instead of an obscure SQLite error later.
 */
export function checkSqliteFile(filePath: string, bytes: Uint8Array): SqliteHeader {
  if (bytes.length === 0) {
    throw new DatabaseError('empty', filePath, `${filePath} is empty (0 bytes): there is no database in it yet.`);
  }
  if (bytes.length < HEADER_SIZE) {
    const magicPrefix = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 16))).toString('latin1');
    if (SQLITE_MAGIC.startsWith(magicPrefix)) {
      throw new DatabaseError('truncated', filePath, `${filePath} is truncated: only ${bytes.length} bytes of a SQLite header.`);
    }
    throw new DatabaseError('not-sqlite', filePath, `${filePath} is not a SQLite database (too short to have a SQLite header).`);
  }
  const magic = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  if (magic !== SQLITE_MAGIC) {
    throw new DatabaseError('not-sqlite', filePath, `${filePath} is not a SQLite database (its first bytes are not "SQLite format 3").`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    throw new DatabaseError('corrupt', filePath, `${filePath} is damaged: its header gives an impossible page size (${rawPageSize}).`);
  }
  // The in-header page count is valid only when the "version-valid-for" number equals the change counter.
  const changeCounter = view.getUint32(24);
  const versionValidFor = view.getUint32(92);
  const headerPages = view.getUint32(28);
  const pageCount = headerPages > 0 && changeCounter === versionValidFor ? headerPages : null;
  if (bytes.length % pageSize !== 0) {
    throw new DatabaseError(
      'truncated',
      filePath,
      `${filePath} is truncated or damaged: its size (${bytes.length} bytes) is not a whole number of ${pageSize}-byte pages.`,
    );
  }
  if (pageCount !== null && pageCount * pageSize > bytes.length) {
    throw new DatabaseError(
      'truncated',
      filePath,
      `${filePath} is truncated: the header promises ${pageCount} pages (${pageCount * pageSize} bytes) but the file has ${bytes.length} bytes.`,
    );
  }
  const walMode = bytes[18] === 2 || bytes[19] === 2;
  return { pageSize, pageCount, walMode };
}

/** Reads a whole file, turning file-system errors into DatabaseErrors that name the file. */
export function readDatabaseFile(filePath: string): { bytes: Uint8Array; stat: fs.Stats } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DatabaseError('not-found', filePath, `${filePath} does not exist.`);
    }
    throw new DatabaseError('io', filePath, `${filePath} cannot be read: ${(error as Error).message}`);
  }
  if (!stat.isFile()) {
    throw new DatabaseError('not-a-file', filePath, `${filePath} is not a file.`);
  }
  if (stat.size >= 2 ** 31) {
    throw new DatabaseError(
      'too-large',
      filePath,
      `${filePath} is ${(stat.size / 2 ** 30).toFixed(1)} GiB; files of 2 GiB or more cannot be loaded into memory by sql.js.`,
    );
  }
  try {
    return { bytes: fs.readFileSync(filePath), stat };
  } catch (error) {
    throw new DatabaseError('io', filePath, `${filePath} cannot be read: ${(error as Error).message}`);
  }
}

/** Warnings about sidecar files that mean the database on disk is not the whole story. */
export function sidecarWarnings(filePath: string, header: SqliteHeader): string[] {
  const warnings: string[] = [];
  const walSize = fileSize(`${filePath}-wal`);
  if (walSize !== null && walSize > 0) {
    warnings.push(
      `A write-ahead log (${filePath}-wal, ${walSize} bytes) sits next to the file: another program may be writing, and changes not yet checkpointed into the file are not shown.`,
    );
  } else if (header.walMode) {
    warnings.push('The file is in write-ahead-log mode; it is read as of its last checkpoint.');
  }
  const journalSize = fileSize(`${filePath}-journal`);
  if (journalSize !== null && journalSize > 0) {
    warnings.push(`A rollback journal (${filePath}-journal) sits next to the file: a write may be in progress or was interrupted.`);
  }
  return warnings;
}

function fileSize(filePath: string): number | null {
  try {
    return fs.statSync(filePath).size;
  } catch {
    return null;
  }
}
