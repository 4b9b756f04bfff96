import * as path from 'node:path';
import * as fs from 'node:fs';
import initSqlJs from 'sql.js';
import type { Database as SqlJsDatabase, SqlJsStatic, Statement, BindParams } from 'sql.js';
import { checkSqliteFile, readDatabaseFile, sidecarWarnings } from './fileCheck';
import { DatabaseError, describeSqliteError } from './errors';
import type { OpenedFileInfo, Row, SqlParams, SqlValue } from './types';

let sqlJsPromise: Promise<SqlJsStatic> | undefined;

/**
 * Loads the sql.js WebAssembly module once per thread. The bundles in dist/ carry the .wasm file next to them;
 * compiled sources (tests, CLI from out/) let sql.js find it inside its own package.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  const bundledWasm = path.join(__dirname, 'sql-wasm.wasm');
  sqlJsPromise ??= initSqlJs(fs.existsSync(bundledWasm) ? { locateFile: () => bundledWasm } : undefined);
  return sqlJsPromise;
}

/**
 * A synchronous sql.js database over an in-memory copy of one file. It is the engine behind both Database
 * implementations: used directly by the CLI and tests, and inside the worker thread by the extension.
 */
export class SqlJsEngine {
  private readonly cursors = new Map<number, Statement>();
  private nextCursorId = 1;
  private closed = false;

  private constructor(
    private readonly db: SqlJsDatabase,
    readonly info: OpenedFileInfo,
  ) {}

  /** Reads, checks and loads a file. The file itself is never opened for writing. */
  static async open(filePath: string): Promise<SqlJsEngine> {
    const absolute = path.resolve(filePath);
    const { bytes, stat } = readDatabaseFile(absolute);
    const header = checkSqliteFile(absolute, bytes);
    if (header.walMode) {
      // sql.js has no shared memory for a WAL index; reading the copy in rollback mode shows the last checkpoint.
      bytes[18] = 1;
      bytes[19] = 1;
    }
    const SQL = await loadSqlJs();
    let db: SqlJsDatabase;
    try {
      db = new SQL.Database(bytes);
      // Touch the schema so a damaged file fails here, with the file's name, rather than in a later view.
      db.exec('SELECT count(*) FROM sqlite_master');
    } catch (error) {
      throw describeSqliteError(absolute, error);
    }
    const info: OpenedFileInfo = {
      path: absolute,
      sizeBytes: stat.size,
      mtimeMs: stat.mtimeMs,
      warnings: sidecarWarnings(absolute, header),
    };
    return new SqlJsEngine(db, info);
  }

  query(sql: string, params?: SqlParams): Row[] {
    const statement = this.prepare(sql, params);
    try {
      return readRows(statement, Number.POSITIVE_INFINITY).rows;
    } catch (error) {
      throw describeSqliteError(this.info.path, error, sql);
    } finally {
      statement.free();
    }
  }

  exec(sql: string): void {
    this.assertOpen();
    try {
      this.db.exec(sql);
    } catch (error) {
      throw describeSqliteError(this.info.path, error, sql);
    }
  }

  /** Prepares a statement whose rows are fetched page by page with `next`. */
  openCursor(sql: string, params?: SqlParams): number {
    const id = this.nextCursorId++;
    this.cursors.set(id, this.prepare(sql, params));
    return id;
  }

  next(cursorId: number, pageSize: number): { rows: Row[]; done: boolean } {
    const statement = this.cursors.get(cursorId);
    if (!statement) {
      return { rows: [], done: true };
    }
    try {
      const page = readRows(statement, pageSize);
      if (page.done) {
        this.closeCursor(cursorId);
      }
      return page;
    } catch (error) {
      this.closeCursor(cursorId);
      throw describeSqliteError(this.info.path, error);
    }
  }

  closeCursor(cursorId: number): void {
    this.cursors.get(cursorId)?.free();
    this.cursors.delete(cursorId);
  }

  close(): void {
    if (this.closed) {
      return;
    }
    for (const id of [...this.cursors.keys()]) {
      this.closeCursor(id);
    }
    this.db.close();
    this.closed = true;
  }

  private prepare(sql: string, params?: SqlParams): Statement {
    this.assertOpen();
    try {
      const statement = this.db.prepare(sql);
      if (params !== undefined) {
        statement.bind(toBindParams(params));
      }
      return statement;
    } catch (error) {
      throw describeSqliteError(this.info.path, error, sql);
    }
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new DatabaseError('closed', this.info.path, `${this.info.path} has been closed.`);
    }
  }
}

/** Reads up to `limit` rows of a stepped statement as objects keyed by column name. */
export function readRows(statement: Statement, limit: number): { rows: Row[]; done: boolean } {
  const rows: Row[] = [];
  const columns = statement.getColumnNames();
  while (rows.length < limit) {
    if (!statement.step()) {
      return { rows, done: true };
    }
    const values = statement.get() as SqlValue[];
    const row: Row = {};
    for (let i = 0; i < columns.length; i++) {
      row[columns[i]] = values[i];
    }
    rows.push(row);
  }
  return { rows, done: false };
}

/** sql.js wants named keys with their prefix (":", "$" or "@"); bare names get ":". */
export function toBindParams(params: SqlParams): BindParams {
  if (Array.isArray(params)) {
    return params as SqlValue[];
  }
  // sql.js expects the prefix (":", "$" or "@") in named keys; accept bare names too.
  const named: Record<string, SqlValue> = {};
  for (const [key, value] of Object.entries(params)) {
    named[/^[:$@]/.test(key) ? key : `:${key}`] = value;
  }
  return named;
}
