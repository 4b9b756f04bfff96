import type { Database, OpenedFileInfo, Row, SqlParams } from './types';
import { SqlJsEngine } from './sqlJsEngine';

/** Database on the calling thread. Right for the CLI and tests; the extension uses WorkerDatabase instead. */
export class InProcessDatabase implements Database {
  private constructor(private readonly engine: SqlJsEngine) {}

  static async open(filePath: string): Promise<InProcessDatabase> {
    return new InProcessDatabase(await SqlJsEngine.open(filePath));
  }

  get info(): OpenedFileInfo {
    return this.engine.info;
  }

  async query<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.engine.query(sql, params) as T[];
  }

  async *iterate<T extends Row = Row>(sql: string, params?: SqlParams, pageSize = 1000): AsyncIterableIterator<T[]> {
    const cursor = this.engine.openCursor(sql, params);
    try {
      for (;;) {
        const page = this.engine.next(cursor, pageSize);
        if (page.rows.length > 0) {
          yield page.rows as T[];
        }
        if (page.done) {
          return;
        }
      }
    } finally {
      this.engine.closeCursor(cursor);
    }
  }

  async exec(sql: string): Promise<void> {
    this.engine.exec(sql);
  }

  async close(): Promise<void> {
    this.engine.close();
  }
}
