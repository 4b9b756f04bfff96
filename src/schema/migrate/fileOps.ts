/**
 * The file-system side of a safe migration: noticing that a file changes under us, writing a file durably,
 * naming backups and temporary files next to their target (so that the final rename stays on one file system
 * and is atomic), and noticing another program's pending writes.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What identifies one state of a file on disk: any write changes the modification or status-change time. */
export interface Fingerprint {
  size: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
  dev: bigint;
}

export function fingerprint(filePath: string): Fingerprint {
  const s = fs.statSync(filePath, { bigint: true });
  return { size: Number(s.size), mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, ino: s.ino, dev: s.dev };
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev;
}

/** Bytes covered by the head hash: the header (with SQLite's change counter) and the first schema pages. */
const HEAD_BYTES = 64 * 1024;

/** SHA-256 of the first 64 KiB of a database image. */
export function headHash(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes.subarray(0, HEAD_BYTES)).digest('hex');
}

/** SHA-256 of the first 64 KiB of a file (see headHash). */
export function headHashOfFile(filePath: string): string {
  const buffer = Buffer.alloc(HEAD_BYTES);
  const fd = fs.openSync(filePath, 'r');
  try {
    const n = fs.readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return headHash(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Why the file cannot be migrated safely right now, or null: a write-ahead log or rollback journal next to it
 * means another program is writing (or was interrupted), and the file alone is not the whole database.
 */
export function pendingWriteProblem(filePath: string): string | null {
  for (const [suffix, what] of [
    ['-wal', 'a write-ahead log'],
    ['-journal', 'a rollback journal'],
  ] as const) {
    const size = sizeOf(`${filePath}${suffix}`);
    if (size !== null && size > 0) {
      return `${what} (${path.basename(filePath)}${suffix}, ${size} bytes) sits next to it: another program is writing to the database or was interrupted. Close that program (or open the file once with SQLite to finish the write) and try again.`;
    }
  }
  return null;
}

function sizeOf(filePath: string): number | null {
  try {
    return fs.statSync(filePath).size;
  } catch {
    return null;
  }
}

/** A temporary file in the target's folder (its name says what it is, should a crash leave it behind). */
export function temporaryPathFor(target: string): string {
  return `${target}.migrating-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
}

/** `<name>.backup-YYYYMMDD-HHMMSS<ext>` next to the file (local time), with `-2`, `-3`, ... if that exists. */
export function backupPathFor(filePath: string, when: Date): string {
  const ext = path.extname(filePath);
  const stem = filePath.slice(0, filePath.length - ext.length);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${when.getFullYear()}${p(when.getMonth() + 1)}${p(when.getDate())}-${p(when.getHours())}${p(when.getMinutes())}${p(when.getSeconds())}`;
  for (let n = 1; ; n++) {
    const candidate = `${stem}.backup-${stamp}${n === 1 ? '' : `-${n}`}${ext}`;
    if (!fs.existsSync(candidate)) {
      return candidate;
    }
  }
}

/** Writes a new file (refusing to overwrite one) and flushes it to disk before returning. */
export function writeFileDurably(filePath: string, bytes: Uint8Array, mode?: number): void {
  const fd = fs.openSync(filePath, 'wx', mode);
  try {
    let offset = 0;
    while (offset < bytes.length) {
      offset += fs.writeSync(fd, bytes, offset, Math.min(bytes.length - offset, 64 * 2 ** 20));
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename in `dir` durable. Not every platform can open a folder (Windows cannot); there it is a no-op. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Opening or syncing a directory is unsupported here; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
}

/** Removes a file if it exists, ignoring errors (cleanup after a failure must not hide the failure). */
export function removeQuietly(filePath: string | null): void {
  if (filePath !== null) {
    try {
      fs.rmSync(filePath, { force: true });
    } catch {
      // best effort
    }
  }
}

/** A file-system error in words: ENOSPC and friends say what to do about them. */
export function describeIoError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'no such file or folder';
    case 'EXDEV':
      return 'the temporary file is on another file system';
    default:
      return e?.message ?? String(error);
  }
}
