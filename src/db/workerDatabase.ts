import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DatabaseError } from './errors';
import type { Database, OpenedFileInfo, Row, SqlParams } from './types';
import type { WorkerRequest, WorkerResponse, WorkerResults } from './workerProtocol';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type RequestWithoutId = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/**
 * Database whose sql.js copy lives in a worker thread. Every call is a message; the extension host's event loop
 * stays free while a big file loads or a slow query runs.
 */
export class WorkerDatabase implements Database {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private fileInfo!: OpenedFileInfo;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (response: WorkerResponse) => this.settle(response));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (!this.closed) {
        this.failAll(new Error(`The database worker stopped unexpectedly (exit code ${code}).`));
      }
    });
  }

  /** Starts a worker and loads the file in it. The worker script sits next to this module (compiled or bundled). */
  static async open(filePath: string, workerScript = path.join(__dirname, 'dbWorker.js')): Promise<WorkerDatabase> {
    const database = new WorkerDatabase(new Worker(workerScript));
    try {
      database.fileInfo = await database.request({ op: 'open', path: path.resolve(filePath) }) as WorkerResults['open'];
    } catch (error) {
      await database.worker.terminate();
      database.closed = true;
      throw error;
    }
    return database;
  }

  get info(): OpenedFileInfo {
    return this.fileInfo;
  }

  async query<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    return (await this.request({ op: 'query', sql, params })) as T[];
  }

  async *iterate<T extends Row = Row>(sql: string, params?: SqlParams, pageSize = 1000): AsyncIterableIterator<T[]> {
    const cursor = (await this.request({ op: 'openCursor', sql, params })) as number;
    let done = false;
    try {
      while (!done) {
        const page = (await this.request({ op: 'next', cursor, pageSize })) as WorkerResults['next'];
        done = page.done;
        if (page.rows.length > 0) {
          yield page.rows as T[];
        }
      }
    } finally {
      if (!done && !this.closed) {
        await this.request({ op: 'closeCursor', cursor });
      }
    }
  }

  async exec(sql: string): Promise<void> {
    await this.request({ op: 'exec', sql });
  }

  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    try {
      await this.request({ op: 'close' });
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }

  private request(message: RequestWithoutId): Promise<unknown> {
    if (this.closed) {
      const file = this.fileInfo?.path ?? '';
      return Promise.reject(new DatabaseError('closed', file, `${file} has been closed.`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  private settle(response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) {
      return;
    }
    this.pending.delete(response.id);
    if (response.ok) {
      pending.resolve(response.result);
    } else {
      pending.reject(new DatabaseError(response.error.code, response.error.filePath, response.error.message));
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) {
      pending.reject(error);
    }
    this.pending.clear();
  }
}
