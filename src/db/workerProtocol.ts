import type { OpenedFileInfo, Row, SqlParams } from './types';
import type { DatabaseErrorCode } from './errors';

/** Requests the host thread sends to the database worker. */
export type WorkerRequest =
  | { id: number; op: 'open'; path: string }
  | { id: number; op: 'query'; sql: string; params?: SqlParams }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'openCursor'; sql: string; params?: SqlParams }
  | { id: number; op: 'next'; cursor: number; pageSize: number }
  | { id: number; op: 'closeCursor'; cursor: number }
  | { id: number; op: 'close' };

/** What each request answers with when it succeeds. */
export interface WorkerResults {
  open: OpenedFileInfo;
  query: Row[];
  exec: null;
  openCursor: number;
  next: { rows: Row[]; done: boolean };
  closeCursor: null;
  close: null;
}

export type WorkerResponse =
  | { id: number; ok: true; result: WorkerResults[keyof WorkerResults] }
  | { id: number; ok: false; error: { code: DatabaseErrorCode; filePath: string; message: string } };
