/** Values SQLite hands back and accepts as bound parameters. Integers arrive as JS numbers (cents fit in 2^53). */
export type SqlValue = number | string | Uint8Array | null;

/** One result row, keyed by column name. */
export type Row = Record<string, SqlValue>;

/** Bound parameters: positional (`?`) or named (`:name`, `$name`, `@name`). */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

/** Facts about an opened file that a view may want to tell the user. */
export interface OpenedFileInfo {
  /** Absolute path of the database file. */
  path: string;
  /** Size of the file in bytes when it was read. */
  sizeBytes: number;
  /** Modification time (ms since epoch) when it was read; used to notice later changes. */
  mtimeMs: number;
  /** Warnings worth showing, e.g. an uncheckpointed write-ahead log next to the file. */
  warnings: string[];
}

/**
 * Read access to one SQLite file. Implementations never write to the file: the database is an in-memory copy,
 * and `exec` (for example to build an index a view needs) only changes that copy.
 */
export interface Database {
  readonly info: OpenedFileInfo;
  /** Runs one statement with bound parameters and returns all its rows. */
  query<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Runs one statement and yields its rows in pages of at most `pageSize`, without materialising them all. */
  iterate<T extends Row = Row>(sql: string, params?: SqlParams, pageSize?: number): AsyncIterableIterator<T[]>;
  /** Runs statements that return nothing, on the in-memory copy only (never the file). */
  exec(sql: string): Promise<void>;
  /** Releases the in-memory copy (and the worker thread, if any). Further calls reject. */
  close(): Promise<void>;
}
