/**
 * Writing the backup on a worker thread, while sql.js keeps the calling thread busy with the build: a kernel-side
 * byte copy of the original (a clone on file systems that support it), flushed to disk, then read back and
 * compared with the original chunk by chunk, so that the backup is known to be complete and identical before the
 * original may be replaced.
 *
 * The worker's code is inline (evaluated by worker_threads) so that it works unchanged from compiled sources,
 * from the bundled CLI and from the extension bundle, none of which need a separate worker file.
 */
import { Worker } from 'node:worker_threads';
import { fingerprint, sameFingerprint, type Fingerprint } from './fileOps';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { source, copyTo } = workerData;
let created = false;
try {
  fs.copyFileSync(source, copyTo, fs.constants.COPYFILE_EXCL);
  created = true;
  const a = fs.openSync(source, 'r');
  const b = fs.openSync(copyTo, 'r+');
  let same = true;
  try {
    fs.fsyncSync(b);
    const size = 8 * 1024 * 1024;
    const x = Buffer.allocUnsafe(size);
    const y = Buffer.allocUnsafe(size);
    for (;;) {
      const n = fs.readSync(a, x, 0, size, null);
      const m = fs.readSync(b, y, 0, size, null);
      if (n !== m || x.compare(y, 0, m, 0, n) !== 0) { same = false; break; }
      if (n === 0) break;
    }
  } finally {
    fs.closeSync(a);
    fs.closeSync(b);
  }
  parentPort.postMessage(same ? { ok: true } : { ok: false, code: 'MISMATCH', message: 'the backup differs from the original', created });
} catch (error) {
  parentPort.postMessage({ ok: false, code: error.code, message: error.message, created });
}
`;

/** A failure of the backup pass, with the file-system error code when there is one. */
export class BackupError extends Error {
  constructor(
    message: string,
    /** 'CHANGED' when the original changed, 'MISMATCH' when the copy differs, else a file-system code (ENOSPC, EEXIST, ...). */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** A running backup; `cancel()` stops waiting for it (the caller removes the file). */
export interface BackupPass {
  readonly done: Promise<void>;
  cancel(): Promise<void>;
}

/**
 * Copies `source` to `copyTo` (refusing to overwrite), flushes and compares the copy. Fails when the source's
 * fingerprint differs from `expected` before or after the pass, i.e. when the file is not the one that was read.
 */
export function startBackupPass(source: string, copyTo: string, expected: Fingerprint): BackupPass {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source, copyTo } });
  const done = new Promise<void>((resolve, reject) => {
    if (!sameFingerprint(expected, fingerprint(source))) {
      reject(new BackupError(`${source} changed after it was read`, 'CHANGED'));
      void worker.terminate();
      return;
    }
    worker.once('message', (message: { ok: boolean; code?: string; message?: string }) => {
      void worker.terminate();
      // A changed original explains any other failure (e.g. a copy that no longer matches), so it is checked first.
      if (!sameFingerprint(expected, fingerprint(source))) {
        reject(new BackupError(`${source} changed after it was read`, 'CHANGED'));
      } else if (!message.ok) {
        reject(new BackupError(message.message ?? 'the backup failed', message.code));
      } else {
        resolve();
      }
    });
    worker.once('error', (error) => reject(new BackupError(error.message, undefined)));
    worker.once('exit', (code) => reject(new BackupError(`the backup worker stopped (exit code ${code})`, undefined)));
  });
  // A pass nobody awaits any more (the migration failed elsewhere) must not surface as an unhandled rejection.
  done.catch(() => undefined);
  return {
    done,
    cancel: async () => {
      await worker.terminate();
    },
  };
}
