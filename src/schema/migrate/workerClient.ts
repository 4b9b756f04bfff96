/**
 * Host side of the migration worker: runs applyMigration on a worker thread (migrationWorker.ts) so the calling
 * thread stays responsive, with the same progress callback, AbortSignal and errors as calling it directly.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MigrationError, type MigrationResult } from './types';
import type { MigrationWorkerMessage, MigrationWorkerRequest } from './workerProtocol';

export interface WorkerMigrationOptions {
  onProgress?: (fraction: number, message: string) => void;
  /** Aborting asks the worker to cancel; the engine honours it until the final swap. */
  signal?: AbortSignal;
  /** The plan's file state (size, mtime): the migration refuses to start if the file changed since. */
  expect?: { sizeBytes: number; mtimeMs: number };
  backup?: boolean;
  /** The worker script; it sits next to this module both compiled (out/) and bundled (dist/). */
  workerScript?: string;
}

/** Migrates `filePath` in place on a worker thread. Rejects with a MigrationError like applyMigration. */
export function applyMigrationInWorker(filePath: string, options: WorkerMigrationOptions = {}): Promise<MigrationResult> {
  const worker = new Worker(options.workerScript ?? path.join(__dirname, 'migrationWorker.js'));
  const send = (request: MigrationWorkerRequest): void => worker.postMessage(request);
  return new Promise<MigrationResult>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => send({ op: 'cancel' });
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
      // The worker exits by itself after its last message; terminating also covers a worker that hangs.
      void worker.terminate();
    };
    worker.on('message', (message: MigrationWorkerMessage) => {
      switch (message.type) {
        case 'progress':
          options.onProgress?.(message.fraction, message.message);
          return;
        case 'done':
          finish(() => resolve(message.result));
          return;
        case 'failed': {
          const { code, message: text, inputPath, backupPath } = message.error;
          finish(() => reject(code ? new MigrationError(code, text, inputPath, backupPath) : new Error(text)));
          return;
        }
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`The migration worker stopped unexpectedly (exit code ${code}).`))),
    );
    if (options.signal?.aborted) {
      finish(() => reject(new MigrationError('cancelled', 'The migration was cancelled before it started; nothing was changed.', filePath)));
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    send({ op: 'apply', path: filePath, expect: options.expect, backup: options.backup ?? true });
  });
}
