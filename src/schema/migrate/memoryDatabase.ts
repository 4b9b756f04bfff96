/**
 * The project's `Database` interface over an sql.js database the migration manages itself, so that schema
 * detection and the query layer (which know how legacy files are read) can run on the copy being migrated and on
 * the migrated file when it is verified. Unlike src/db, the copy here may be written to: it is the migration's
 * working copy, never the file on disk.
 */
import * as fs from 'node:fs';
import type { Database as SqlJsDatabase, SqlJsStatic } from 'sql.js';
import { describeSqliteError } from '../../db/errors';
import { checkSqliteFile } from '../../db/fileCheck';
import { loadSqlJs, readRows, toBindParams } from '../../db/sqlJsEngine';
import type { Database, OpenedFileInfo, Row, SqlParams, SqlValue } from '../../db/types';

export class MemoryDatabase implements Database {
  private closed = false;

  constructor(
    readonly raw: SqlJsDatabase,
    readonly info: OpenedFileInfo,
  ) {}

  /**
   * Loads file bytes into sql.js. A Node Buffer is adopted by sql.js's in-memory file system without a copy (its
   * `slice` is a view), so the caller must not use `bytes` afterwards: writes to the database change it.
   */
  static async load(bytes: Buffer, info: OpenedFileInfo): Promise<MemoryDatabase> {
    const header = checkSqliteFile(info.path, bytes);
    if (header.walMode) {
      // sql.js cannot open a write-ahead-log file; the caller made sure no log is pending, so read it in rollback mode.
      bytes[18] = 1;
      bytes[19] = 1;
    }
    const SQL = await loadSqlJs();
    try {
      const raw = new SQL.Database(bytes);
      raw.exec('SELECT count(*) FROM sqlite_master');
      return new MemoryDatabase(raw, info);
    } catch (error) {
      throw describeSqliteError(info.path, error);
    }
  }

  /**
   * An empty database whose in-memory file already has room for `capacityBytes`. sql.js keeps a database file in
   * a JavaScript array that it regrows by 12.5% (copying it each time) as pages are appended; starting from a
   * zero-filled buffer of the expected size avoids that (measured: the event copy of a migration runs about twice
   * as fast). Untouched zero pages cost no resident memory, and SQLite ignores bytes past the page count in its
   * header, so the file it writes is exactly as large as its content.
   */
  static async blank(capacityBytes: number, info: OpenedFileInfo): Promise<MemoryDatabase> {
    const SQL = await loadSqlJs();
    const image = blankImage(SQL);
    const buffer = Buffer.alloc(Math.max(capacityBytes, image.length));
    buffer.set(image);
    const raw = new SQL.Database(buffer);
    raw.exec('PRAGMA user_version = 0');
    return new MemoryDatabase(raw, info);
  }

  /** Runs one statement and returns its rows (synchronously: the migration drives sql.js itself). */
  rows<T extends Row = Row>(sql: string, params?: SqlParams): T[] {
    this.assertOpen();
    let statement;
    try {
      statement = this.raw.prepare(sql);
    } catch (error) {
      throw describeSqliteError(this.info.path, error, sql);
    }
    try {
      if (params !== undefined) {
        statement.bind(toBindParams(params));
      }
      return readRows(statement, Number.POSITIVE_INFINITY).rows as T[];
    } catch (error) {
      throw describeSqliteError(this.info.path, error, sql);
    } finally {
      statement.free();
    }
  }

  /** Runs statements that return nothing. */
  run(sql: string): void {
    this.assertOpen();
    try {
      this.raw.exec(sql);
    } catch (error) {
      throw describeSqliteError(this.info.path, error, sql);
    }
  }

  /** Runs one statement once per parameter row (one prepared statement). */
  runMany(sql: string, paramRows: readonly (readonly SqlValue[])[]): void {
    this.assertOpen();
    let statement;
    try {
      statement = this.raw.prepare(sql);
    } catch (error) {
      throw describeSqliteError(this.info.path, error, sql);
    }
    try {
      for (const params of paramRows) {
        statement.run(params as SqlValue[]);
      }
    } catch (error) {
      throw describeSqliteError(this.info.path, error, sql);
    } finally {
      statement.free();
    }
  }

  async query<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.rows<T>(sql, params);
  }

  async *iterate<T extends Row = Row>(sql: string, params?: SqlParams, pageSize = 1000): AsyncIterableIterator<T[]> {
    const all = this.rows<T>(sql, params);
    for (let i = 0; i < all.length; i += pageSize) {
      yield all.slice(i, i + pageSize);
    }
  }

  async exec(sql: string): Promise<void> {
    this.run(sql);
  }

  async close(): Promise<void> {
    this.dispose();
  }

  /** Closes the database and releases its in-memory file. Safe to call twice. */
  dispose(): void {
    if (!this.closed) {
      this.closed = true;
      this.raw.close();
    }
  }

  /** The name of the database's file inside sql.js's in-memory file system, for ATTACH from another connection. */
  get memoryFileName(): string {
    const name = (this.raw as unknown as { filename?: unknown }).filename;
    if (typeof name !== 'string') {
      throw new Error('this version of sql.js does not expose the in-memory file name needed to attach a database');
    }
    return name;
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new Error(`${this.info.path}: the migration's working copy is closed`);
    }
  }
}

let image: Uint8Array | undefined;

/** A one-page empty SQLite database with 4096-byte pages (the unified files' page size). */
function blankImage(SQL: SqlJsStatic): Uint8Array {
  if (!image) {
    const seed = new SQL.Database();
    try {
      // Setting a header field makes SQLite write page 1, so the export is a complete one-page file.
      seed.exec('PRAGMA page_size = 4096; PRAGMA user_version = 1;');
      image = seed.export();
    } finally {
      seed.close();
    }
  }
  return image;
}

/** File facts for a path that is only read (the size and time of the file the bytes came from). */
export function fileInfo(filePath: string, stat: fs.Stats, warnings: string[] = []): OpenedFileInfo {
  return { path: filePath, sizeBytes: stat.size, mtimeMs: stat.mtimeMs, warnings };
}
