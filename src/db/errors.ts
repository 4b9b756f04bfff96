/** Why a file could not be opened as a SQLite database. */
export type DatabaseErrorCode =
  | 'not-found'
  | 'not-a-file'
  | 'empty'
  | 'not-sqlite'
  | 'truncated'
  | 'corrupt'
  | 'too-large'
  | 'io'
  | 'closed'
  | 'query';

/** An error that names the file and says in plain words what is wrong with it. */
export class DatabaseError extends Error {
  constructor(
    readonly code: DatabaseErrorCode,
    readonly filePath: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** Turns an sql.js / SQLite error into a DatabaseError that names the file. */
export function describeSqliteError(filePath: string, error: unknown, sql?: string): DatabaseError {
  if (error instanceof DatabaseError) {
    return error;
  }
  const text = error instanceof Error ? error.message : String(error);
  if (/malformed|corrupt|not a database|file is encrypted/i.test(text)) {
    return new DatabaseError('corrupt', filePath, `${filePath} is damaged: SQLite reports "${text}".`);
  }
  const where = sql ? ` while running: ${sql.replace(/\s+/g, ' ').trim().slice(0, 200)}` : '';
  return new DatabaseError('query', filePath, `Query on ${filePath} failed: ${text}${where}`);
}
