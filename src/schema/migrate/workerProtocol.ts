/**
 * Messages between the extension host and the migration worker (migrationWorker.ts). Plain data only: they cross
 * a worker_threads boundary, so a MigrationError travels as its fields and is rebuilt on the host side.
 */
import type { MigrationErrorCode, MigrationResult } from './types';

/** Host → worker. */
export type MigrationWorkerRequest =
  | { op: 'apply'; path: string; expect?: { sizeBytes: number; mtimeMs: number }; backup: boolean }
  /** Aborts the running migration; honoured until the final swap, as with an AbortSignal. */
  | { op: 'cancel' };

/** Worker → host. */
export type MigrationWorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'done'; result: MigrationResult }
  | {
      type: 'failed';
      error: { code: MigrationErrorCode | null; message: string; inputPath: string; backupPath: string | null };
    };
