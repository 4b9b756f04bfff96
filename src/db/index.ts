import type { Database } from './types';
import { InProcessDatabase } from './inProcessDatabase';
import { WorkerDatabase } from './workerDatabase';

export type { Database, OpenedFileInfo, Row, SqlParams, SqlValue } from './types';
export { DatabaseError } from './errors';
export type { DatabaseErrorCode } from './errors';

/**
 * Opens a SQLite file read-only into memory. `worker: true` (the extension's choice) keeps sql.js off the calling
 * thread; the CLI and unit tests use the calling thread.
 */
export function openDatabase(filePath: string, options: { worker?: boolean } = {}): Promise<Database> {
  return options.worker ? WorkerDatabase.open(filePath) : InProcessDatabase.open(filePath);
}
