/**
 * A SQLite file being generated. Generation favours speed over durability (journal off, no fsync, large batched
 * transactions) because a half-written sample file is worthless anyway: everything goes to a temporary file next
 * to the target, and only `finish()` renames it into place, so a crash never leaves a partial file under the final
 * name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** A row to insert: field names are column names; booleans become 0/1, objects JSON text, undefined NULL. */
export type RowObject = Readonly<Record<string, unknown>>;

export interface SqliteFileOptions {
  /** Replace an existing file at the target path (default false: refuse). */
  force?: boolean;
  /** Rows per transaction before an automatic commit (default 50,000). */
  batchRows?: number;
}

/** Thrown when the target exists and `force` was not given. */
export class TargetExistsError extends Error {
  constructor(readonly filePath: string) {
    super(`${filePath} already exists; pass force to overwrite it.`);
    this.name = 'TargetExistsError';
  }
}

/** Prepared INSERT for one table; rows are matched to columns by name, so field order never matters. */
export class TableInserter {
  private readonly statement: BetterSqlite3.Statement;
  private checked = false;

  constructor(
    private readonly file: SqliteFile,
    readonly table: string,
    readonly columns: readonly string[],
  ) {
    const names = columns.map((c) => `"${c}"`).join(', ');
    const marks = columns.map(() => '?').join(', ');
    this.statement = file.db.prepare(`INSERT INTO "${table}" (${names}) VALUES (${marks})`);
  }

  /**
   * Inserts one row. Keys missing from the row are written as NULL. The first row's keys are checked against the
   * table once: a key that is not a column means a record type and the schema have drifted apart, which should
   * fail loudly rather than silently drop data.
   */
  insert(row: RowObject): void {
    if (!this.checked) {
      const known = new Set(this.columns);
      const unknown = Object.keys(row).filter((k) => !known.has(k));
      if (unknown.length > 0) {
        throw new Error(`Row for ${this.table} has fields that are not columns: ${unknown.join(', ')}`);
      }
      this.checked = true;
    }
    const values = new Array<unknown>(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) {
      values[i] = toSqlValue(row[this.columns[i]]);
    }
    this.statement.run(values);
    this.file.rowWritten();
  }
}

function toSqlValue(value: unknown): unknown {
  if (value === undefined || value === null) {
    return null;
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 1 : 0;
    case 'number':
    case 'string':
    case 'bigint':
      return value;
    case 'object':
      return value instanceof Uint8Array ? value : JSON.stringify(value);
    default:
      throw new Error(`Cannot store a ${typeof value} in SQLite`);
  }
}

export class SqliteFile {
  readonly db: BetterSqlite3.Database;
  readonly finalPath: string;
  readonly tempPath: string;
  private readonly batchRows: number;
  private pendingRows = 0;
  private inTransaction = false;
  private closed = false;
  private readonly inserters = new Map<string, TableInserter>();

  private constructor(finalPath: string, tempPath: string, batchRows: number) {
    this.finalPath = finalPath;
    this.tempPath = tempPath;
    this.batchRows = batchRows;
    this.db = new BetterSqlite3(tempPath);
    // Fast bulk settings: no rollback journal and no fsync (the temp file is discarded on failure anyway),
    // exclusive locking (nobody else reads a file being generated), a bigger page cache, and no per-row
    // foreign-key lookups (writers insert children before parents; tests run foreign_key_check afterwards).
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('cache_size = -32768');
    this.db.pragma('foreign_keys = OFF');
  }

  /** Starts a new file at `finalPath` (written to a temp file until `finish`). */
  static create(finalPath: string, options: SqliteFileOptions = {}): SqliteFile {
    const target = path.resolve(finalPath);
    if (fs.existsSync(target) && !options.force) {
      throw new TargetExistsError(target);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.tmp-${process.pid}`;
    fs.rmSync(temp, { force: true });
    return new SqliteFile(target, temp, options.batchRows ?? 50_000);
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** The (cached) inserter for a table, for the given columns or, by default, all of the table's columns. */
  inserter(table: string, columns?: readonly string[]): TableInserter {
    const key = columns ? `${table}(${columns.join(',')})` : table;
    let found = this.inserters.get(key);
    if (!found) {
      found = new TableInserter(this, table, columns ?? this.columnsOf(table));
      this.inserters.set(key, found);
    }
    return found;
  }

  insert(table: string, row: RowObject): void {
    this.inserter(table).insert(row);
  }

  columnsOf(table: string): string[] {
    const cols = this.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
    if (cols.length === 0) {
      throw new Error(`No table ${table} in ${this.finalPath}`);
    }
    return cols.map((c) => c.name);
  }

  /** Runs a statement with parameters (e.g. an UPDATE) inside the current batch. */
  run(sql: string, params: readonly unknown[] = []): void {
    this.ensureTransaction();
    this.db.prepare(sql).run(params.map(toSqlValue));
  }

  /** Called by inserters: opens a transaction lazily and commits every `batchRows` rows. */
  rowWritten(): void {
    this.ensureTransaction();
    this.pendingRows++;
    if (this.pendingRows >= this.batchRows) {
      this.commit();
    }
  }

  private ensureTransaction(): void {
    if (!this.inTransaction) {
      this.db.exec('BEGIN');
      this.inTransaction = true;
    }
  }

  /** Commits the open batch, if any. */
  commit(): void {
    if (this.inTransaction) {
      this.db.exec('COMMIT');
      this.inTransaction = false;
      this.pendingRows = 0;
    }
  }

  /** Row count per user table, sorted by table name. */
  tableCounts(): Record<string, number> {
    this.commit();
    const tables = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[];
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      counts[name] = (this.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n;
    }
    return counts;
  }

  /** Commits, closes and moves the file into place (replacing an existing file only when created with force). */
  finish(): void {
    if (this.closed) {
      return;
    }
    this.commit();
    this.db.close();
    this.closed = true;
    fs.renameSync(this.tempPath, this.finalPath);
  }

  /** Closes and deletes the temp file; the target is left untouched. */
  abort(): void {
    if (!this.closed) {
      try {
        if (this.inTransaction) {
          this.db.exec('ROLLBACK');
        }
      } catch {
        // With the journal off a rollback may be impossible; the file is deleted below anyway.
      }
      this.db.close();
      this.closed = true;
    }
    fs.rmSync(this.tempPath, { force: true });
  }
}
