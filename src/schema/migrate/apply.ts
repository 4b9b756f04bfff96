/**
 * Applying a migration safely. The original file is only ever read until the very last step:
 *
 * 1. read it (refusing while another program has writes pending beside it: a -wal or -journal file) and note its
 *    fingerprint (size, modification and status-change times, inode) and the hash of its first pages;
 * 2. plan from the bytes read;
 * 3. build the migrated database in memory (sql.js): a legacy file is attached read-only and its rows copied into
 *    a new database of the current schema; an older unified file's working copy is upgraded by the version chain.
 *    Meanwhile a worker thread writes the backup next to the original (unless told not to): a flushed byte copy,
 *    read back and compared with the original;
 * 4. write the result to a temporary file next to the target and flush it;
 * 5. verify the temporary file: read back, it must be byte for byte the image SQLite produced, and that image must
 *    be detected as unified at the current version, with the planned row count in every table;
 * 6. check that the original is still what was read (same fingerprint and first pages, no write pending beside
 *    it), then rename the temporary file over it (atomic on one file system) and flush the folder.
 *
 * Cancellation (an AbortSignal) is honoured until step 6. Any failure removes the temporary file and leaves the
 * original untouched. A cancelled migration, and one that fails before its backup was checked, leaves nothing
 * behind; a later failure keeps the (complete, identical) backup and the error says where it is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatabaseError } from '../../db/errors';
import { simCashFileFromDatabase } from '../../model';
import {
  backupPathFor, describeIoError, fingerprint, headHash, headHashOfFile, pendingWriteProblem, removeQuietly, sameFingerprint, syncDirectory, temporaryPathFor,
  writeFileDurably, type Fingerprint,
} from './fileOps';
import { BackupError, startBackupPass, type BackupPass } from './backupWorker';
import { driveJobs, JobError, type Job } from './job';
import { fileInfo, MemoryDatabase } from './memoryDatabase';
import { prepareMigration, type MigrationProgram } from './program';
import { MigrationError, type MigrationErrorCode, type MigrationOptions, type MigrationResult } from './types';
import { verifyMigratedFile, type Verification } from './verify';

/** Share of the progress bar each phase takes (the build dominates). */
const PHASES = { read: 0.05, plan: 0.04, build: 0.7, write: 0.08, verify: 0.1, swap: 0.03 } as const;
type Phase = keyof typeof PHASES;

/**
 * Settings of the database being built. It is a throwaway in-memory copy until it is written out, so there is no
 * journal and no syncing; a 64 MiB page cache keeps index builds in memory without growing sql.js's heap much.
 */
const BUILD_PRAGMAS = 'PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;';

/**
 * Migrates the file at `filePath` to the current unified schema, in place (default) or into `options.out`.
 * Resolves with what was done (a no-op for a file that is already current); rejects with a MigrationError.
 */
export async function applyMigration(filePath: string, options: MigrationOptions = {}): Promise<MigrationResult> {
  return new Migration(filePath, options).run();
}

class Migration {
  private readonly started = performance.now();
  private readonly input: string;
  private readonly out: string;
  private readonly inPlace: boolean;
  private readonly phases: Record<string, number> = {};
  private phaseStart = performance.now();
  private phaseBase = 0;
  private currentPhase: Phase = 'read';
  private tempPath: string | null = null;
  /** Where the backup is being (or was) written. */
  private backupPath: string | null = null;
  private backupComplete = false;
  private readonly passes: BackupPass[] = [];
  /** SHA-256 of the original's first pages (header and schema) as read. */
  private headHash = '';

  constructor(
    filePath: string,
    private readonly options: MigrationOptions,
  ) {
    this.input = realPath(path.resolve(filePath));
    this.out = options.out ? path.resolve(options.out) : this.input;
    this.inPlace = this.out === this.input;
  }

  async run(): Promise<MigrationResult> {
    try {
      this.enter('read', `Reading ${path.basename(this.input)}`);
      if (!this.inPlace && fs.existsSync(this.out)) {
        throw this.fail('out-exists', `${this.out} already exists; choose another output path (nothing was written).`);
      }
      const { source, before } = await this.read();
      let program: MigrationProgram;
      let output: Uint8Array | null;
      let backup: BackupPass | null = null;
      try {
        this.enter('plan', 'Planning');
        program = await prepareMigration(await simCashFileFromDatabase(source));
        if (program.plan.status === 'unsupported') {
          throw this.fail('unsupported', program.plan.summary);
        }
        if (program.plan.status === 'up-to-date') {
          this.enter(null, 'Nothing to do');
          return this.result(program, null, true, `${this.input} already has the current unified schema (v${program.plan.to.version}); nothing to do.`);
        }
        // The backup is written on a worker thread while the build keeps this one busy (it is removed again if
        // the build fails or is cancelled), and checked once the migrated copy is written.
        backup = this.inPlace && this.options.backup !== false ? this.startBackup(before) : null;
        this.enter('build', 'Migrating');
        output = await this.build(program, source);
      } finally {
        // Released before writing: the original's copy is as large as the file, and it is no longer needed.
        source.dispose();
      }
      this.enter('write', 'Writing the migrated copy');
      this.write(output);
      this.enter('verify', 'Verifying the migrated copy');
      const verified = await this.verify(program, output);
      output = null; // the largest buffer of the migration: let it go before waiting for the backup
      if (backup) {
        await this.finishBackup(backup);
      }
      await this.hook('beforeSwap', () => this.options.hooks?.beforeSwap?.({ tempPath: this.tempPath ?? '', backupPath: this.backupPath }));
      this.enter('swap', this.inPlace ? 'Replacing the original' : `Moving the migrated copy to ${path.basename(this.out)}`);
      if (this.inPlace) {
        this.checkUnchanged(before);
      }
      this.swap();
      this.enter(null, 'Done');
      const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
      const message = this.inPlace
        ? `Migrated ${this.input} (${program.plan.from.label}) to unified schema v${program.plan.to.version} in ${seconds} s. ` +
          (this.backupPath ? `The original is kept as ${this.backupPath}.` : 'No backup was kept.')
        : `Wrote ${this.out} (unified schema v${program.plan.to.version}) in ${seconds} s; ${this.input} is unchanged.`;
      return this.result(program, verified, false, message);
    } catch (error) {
      throw await this.cleanUp(error);
    }
  }

  /** Reads the file and loads it into sql.js; the file must not change while it is read. */
  private async read(): Promise<{ source: MemoryDatabase; before: Fingerprint }> {
    let before: Fingerprint;
    let bytes: Buffer;
    try {
      const pending = pendingWriteProblem(this.input);
      if (pending) {
        throw this.fail('busy', `${this.input} cannot be migrated now: ${pending}`);
      }
      before = fingerprint(this.input);
      const expect = this.options.expect;
      if (expect && (expect.sizeBytes !== before.size || Math.abs(Number(before.mtimeNs / 1_000_000n) - expect.mtimeMs) >= 1)) {
        throw this.fail('changed', `${this.input} changed after its migration plan was made; review the new plan before migrating.`);
      }
      bytes = fs.readFileSync(this.input);
      if (!sameFingerprint(before, fingerprint(this.input))) {
        throw this.fail('changed', `${this.input} changed while it was being read; another program is writing to it.`);
      }
      // Taken before sql.js adopts the buffer (an in-place upgrade writes into it).
      this.headHash = headHash(bytes);
    } catch (error) {
      if (error instanceof MigrationError) {
        throw error;
      }
      throw this.fail('unreadable', `${this.input} cannot be read: ${describeIoError(error)}.`);
    }
    try {
      return { source: await MemoryDatabase.load(bytes, fileInfo(this.input, fs.statSync(this.input))), before };
    } catch (error) {
      throw this.fail('unreadable', error instanceof DatabaseError ? error.message : `${this.input} cannot be opened: ${String(error)}`);
    }
  }

  /** Starts writing the backup (a flushed, compared byte copy of the original) on a worker thread. */
  private startBackup(before: Fingerprint): BackupPass {
    this.backupPath = backupPathFor(this.input, new Date());
    const pass = startBackupPass(this.input, this.backupPath, before);
    this.passes.push(pass);
    return pass;
  }

  private async finishBackup(pass: BackupPass): Promise<void> {
    try {
      await pass.done;
    } catch (error) {
      const code = error instanceof BackupError ? error.code : undefined;
      if (code === 'EEXIST') {
        this.backupPath = null; // someone else's file took the name: never remove it
      }
      if (code === 'CHANGED') {
        throw this.fail('changed', `${this.input} was changed on disk while it was being migrated. Nothing was written to it; migrate it again to include the changes.`);
      }
      throw this.fail('write-failed', `The backup copy could not be written next to ${this.input}: ${describeIoError(error)}. ${this.input} was not changed.`);
    }
    this.backupComplete = true;
  }

  /** Runs the program's jobs and returns the bytes of the migrated database. */
  private async build(program: MigrationProgram, source: MemoryDatabase): Promise<Uint8Array> {
    const drive = (db: MemoryDatabase, jobs: Job[]) =>
      driveJobs(db, jobs, {
        onProgress: (fraction, label) => this.progress(fraction, label),
        checkpoint: () => this.checkCancelled(),
      });
    try {
      if (program.mode === 'in-place') {
        source.run(BUILD_PRAGMAS);
        source.run('BEGIN');
        await drive(source, [...program.jobs, ...program.finishJobs]);
        source.run('COMMIT');
        return source.raw.export();
      }
      // The new database starts with room for about as much as the original holds (see MemoryDatabase.blank).
      const target = await MemoryDatabase.blank(source.info.sizeBytes, fileInfo(this.out, fs.statSync(this.input)));
      try {
        target.run(BUILD_PRAGMAS);
        target.run(`ATTACH '${source.memoryFileName}' AS src`);
        target.run('BEGIN');
        // Once every row is copied the original's in-memory copy (as large as the file) is released, before the
        // index builds and the export need their memory. DETACH is not allowed inside a transaction.
        const release: Job = {
          label: 'Releasing the original',
          cost: 1,
          *run(db) {
            db.run('COMMIT; DETACH src;');
            source.dispose();
            db.run('BEGIN');
          },
        };
        await drive(target, [...program.jobs, release, ...program.finishJobs]);
        target.run('COMMIT');
        return target.raw.export();
      } finally {
        target.dispose();
      }
    } catch (error) {
      if (error instanceof MigrationError) {
        throw error;
      }
      const reason = error instanceof JobError ? error.message : error instanceof Error ? error.message : String(error);
      throw this.fail('build-failed', `The migration of ${this.input} failed: ${reason}. The original was not changed.`);
    }
  }

  private write(output: Uint8Array): void {
    this.checkCancelled();
    this.tempPath = temporaryPathFor(this.out);
    try {
      writeFileDurably(this.tempPath, output, fs.statSync(this.input).mode & 0o777);
    } catch (error) {
      throw this.fail('write-failed', `The migrated copy could not be written to ${this.tempPath}: ${describeIoError(error)}. ${this.input} was not changed.`);
    }
  }

  private async verify(program: MigrationProgram, image: Uint8Array): Promise<Verification> {
    this.checkCancelled();
    const tempPath = this.tempPath ?? '';
    let verified: Verification;
    try {
      verified = await verifyMigratedFile(tempPath, image, program.plan.expectedRows);
      const tables = verified.tables;
      await this.hook('afterVerify', () => this.options.hooks?.afterVerify?.({ tempPath, tables }), 'verify-failed');
    } catch (error) {
      if (error instanceof MigrationError) {
        throw error;
      }
      throw this.fail('verify-failed', `The migrated copy failed verification: ${error instanceof Error ? error.message : String(error)}. ${this.input} was not changed.`);
    }
    return verified;
  }

  /**
   * The last look before replacing the original: it must be exactly what was read — same size, modification and
   * status-change times (to the nanosecond where the file system keeps them) and inode, same first pages (the
   * header's change counter moves with every SQLite commit) — with no write pending beside it.
   */
  private checkUnchanged(before: Fingerprint): void {
    this.checkCancelled();
    let problem: string | null = null;
    try {
      problem =
        pendingWriteProblem(this.input) ??
        (!sameFingerprint(before, fingerprint(this.input)) || headHashOfFile(this.input) !== this.headHash ? 'it was changed on disk while it was being migrated' : null);
    } catch (error) {
      problem = `it can no longer be read (${describeIoError(error)})`;
    }
    if (problem) {
      throw this.fail('changed', `${this.input} was not replaced: ${problem}. Nothing was written to it; migrate it again to include the changes.`);
    }
  }

  private swap(): void {
    this.checkCancelled();
    if (!this.inPlace && fs.existsSync(this.out)) {
      throw this.fail('out-exists', `${this.out} appeared while the migration ran; it was not overwritten.`);
    }
    try {
      fs.renameSync(this.tempPath ?? '', this.out);
    } catch (error) {
      throw this.fail('swap-failed', `${this.tempPath} could not be moved over ${this.out}: ${describeIoError(error)}. ${this.input} was not changed.`);
    }
    this.tempPath = null;
    syncDirectory(path.dirname(this.out));
  }

  /** Runs a caller's hook; an exception from it stops the migration with a message that says so. */
  private async hook(name: string, run: () => void | Promise<void>, code: MigrationErrorCode = 'swap-failed'): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof MigrationError) {
        throw error;
      }
      throw this.fail(code, `The migration was stopped by its ${name} check: ${error instanceof Error ? error.message : String(error)}. ${this.input} was not changed.`);
    }
  }

  private checkCancelled(): void {
    if (this.options.signal?.aborted) {
      throw this.fail('cancelled', `The migration of ${this.input} was cancelled; the file was not changed.`);
    }
  }

  private fail(code: MigrationErrorCode, message: string): MigrationError {
    return new MigrationError(code, message, this.input, null);
  }

  /**
   * After a failure: the temporary file goes, and so does a backup not yet checked. A checked backup stays (it is a
   * faithful copy of the untouched original) and is named in the message, unless the user cancelled or the original
   * changed meanwhile: then nothing of the attempt is left behind.
   */
  private async cleanUp(error: unknown): Promise<MigrationError> {
    await Promise.all(this.passes.map((p) => p.cancel()));
    removeQuietly(this.tempPath);
    this.tempPath = null;
    const failure =
      error instanceof MigrationError
        ? error
        : this.fail('build-failed', `The migration of ${this.input} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}. The original was not changed.`);
    const keepBackup = this.backupComplete && failure.code !== 'cancelled' && failure.code !== 'changed';
    if (!keepBackup) {
      // The pass creates the backup with O_EXCL under a name that did not exist, so this is never someone else's file.
      removeQuietly(this.backupPath);
      return new MigrationError(failure.code, failure.message, this.input, null);
    }
    return new MigrationError(failure.code, `${failure.message} A backup of the original is at ${this.backupPath}.`, this.input, this.backupPath);
  }

  private enter(phase: Phase | null, message: string): void {
    const now = performance.now();
    this.phases[this.currentPhase] = Math.round((this.phases[this.currentPhase] ?? 0) + now - this.phaseStart);
    this.phaseStart = now;
    if (phase === null) {
      this.report(1, message);
      return;
    }
    let base = 0;
    for (const p of Object.keys(PHASES) as Phase[]) {
      if (p === phase) {
        break;
      }
      base += PHASES[p];
    }
    this.phaseBase = base;
    this.currentPhase = phase;
    this.progress(0, message);
  }

  private progress(fractionOfPhase: number, message: string): void {
    this.report(Math.min(1, this.phaseBase + PHASES[this.currentPhase] * fractionOfPhase), message);
  }

  /** Progress reporting never changes the outcome: an exception from the caller's callback is ignored. */
  private report(fraction: number, message: string): void {
    try {
      this.options.onProgress?.(fraction, message);
    } catch {
      // The callback's problem; the migration (perhaps already swapped in) carries on.
    }
  }

  private result(program: MigrationProgram, verified: Verification | null, noop: boolean, message: string): MigrationResult {
    return {
      noop,
      message,
      inputPath: this.input,
      outPath: this.out,
      backupPath: this.backupPath,
      plan: program.plan,
      verified,
      elapsedMs: Math.round(performance.now() - this.started),
      phases: this.phases,
    };
  }
}

/** A symbolic link is migrated where it points (replacing the link itself would leave the database behind it). */
function realPath(filePath: string): string {
  try {
    return fs.realpathSync(filePath);
  } catch {
    return filePath; // a missing file is reported, with its name as given, when it is read
  }
}
