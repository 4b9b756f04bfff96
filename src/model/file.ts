import { openDatabase } from '../db';
import type { Database } from '../db/types';
import { detectSchema } from '../schema/detect';
import type { SchemaDetection } from '../schema/detect';

/** An opened SimCash (or any SQLite) file together with what kind of file it is. */
export interface SimCashFile {
  readonly db: Database;
  readonly detection: SchemaDetection;
  /** Absolute path of the file. */
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Opens a file read-only and detects its schema. `worker: true` keeps sql.js off the calling thread (the
 * extension); the CLI and tests read on the calling thread.
 */
export async function openSimCashFile(filePath: string, options: { worker?: boolean } = {}): Promise<SimCashFile> {
  const db = await openDatabase(filePath, { worker: options.worker });
  try {
    return await simCashFileFromDatabase(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** Wraps an already opened Database (for callers that manage the Database themselves). */
export async function simCashFileFromDatabase(db: Database): Promise<SimCashFile> {
  const detection = await detectSchema(db);
  return {
    db,
    detection,
    path: db.info.path,
    close: () => db.close(),
  };
}
