/**
 * Worker-thread entry for applying a migration from the extension: sql.js builds the migrated database
 * synchronously (one index build can hold the thread for seconds), which must not freeze the extension host.
 * One worker runs one migration, forwarding progress and accepting a cancel message, then exits.
 */
import { parentPort } from 'node:worker_threads';
import { applyMigration } from './apply';
import { MigrationError } from './types';
import type { MigrationWorkerMessage, MigrationWorkerRequest } from './workerProtocol';

const port = parentPort;
const aborter = new AbortController();
const send = (message: MigrationWorkerMessage): void => port?.postMessage(message);

async function run(request: Extract<MigrationWorkerRequest, { op: 'apply' }>): Promise<void> {
  try {
    const result = await applyMigration(request.path, {
      backup: request.backup,
      expect: request.expect,
      signal: aborter.signal,
      onProgress: (fraction, message) => send({ type: 'progress', fraction, message }),
    });
    send({ type: 'done', result });
  } catch (error) {
    send({
      type: 'failed',
      error:
        error instanceof MigrationError
          ? { code: error.code, message: error.message, inputPath: error.inputPath, backupPath: error.backupPath }
          : { code: null, message: error instanceof Error ? error.message : String(error), inputPath: request.path, backupPath: null },
    });
  } finally {
    // Nothing else runs in this worker; closing the port lets the thread exit once the last message is sent.
    port?.close();
  }
}

port?.on('message', (request: MigrationWorkerRequest) => {
  if (request.op === 'cancel') {
    aborter.abort();
  } else {
    void run(request);
  }
});

