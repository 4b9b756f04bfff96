/**
 * The safety guarantees of applying a migration: a dry run writes nothing; cancellation and every kind of failure
 * before the swap leave the original byte-identical and no temporary file (and say where a kept backup is); a
 * file changed meanwhile is detected; --out leaves the original alone; files in use or of the wrong kind are
 * refused before any work.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import nodeFs from 'node:fs';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../src/db';
import { detectSchema } from '../../src/schema/detect';
import { applyMigration, MigrationError, planMigration, planMigrationForFile, renderPlan } from '../../src/schema/migrate';
import type { MigrationErrorCode, MigrationOptions } from '../../src/schema/migrate';
import { openSimCashFile } from '../../src/model';
import { createSchemaSql, CURRENT_SCHEMA_VERSION } from '../../src/schema/versions';
import { writePlainSqliteFixture } from '../helpers/modelFixtures';
import { listing, sampleCopy, tempDir } from './migrationFixtures';

/** Runs a migration that must fail with `code`; returns the error. */
async function expectFailure(file: string, code: MigrationErrorCode, options: MigrationOptions = {}): Promise<MigrationError> {
  try {
    await applyMigration(file, options);
  } catch (error) {
    assert.ok(error instanceof MigrationError, `not a MigrationError: ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`the migration of ${file} succeeded; expected ${code}`);
}

async function kindOf(file: string): Promise<string> {
  const db = await openDatabase(file);
  try {
    return (await detectSchema(db)).kind;
  } finally {
    await db.close();
  }
}

describe('migration safety', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let pristine: Buffer;
  beforeEach(async () => {
    dir = tempDir();
    file = await sampleCopy('legacy-simulation', dir, 'results.db');
    pristine = fs.readFileSync(file);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const untouched = (): void => {
    assert.ok(fs.readFileSync(file).equals(pristine), 'the original changed');
    assert.deepEqual(listing(dir), ['results.db'], 'files were left behind');
  };

  it('plans without writing: the plan is data, renders as text, and nothing changes on disk', async () => {
    const plan = await planMigrationForFile(file);
    assert.equal(plan.status, 'ready');
    assert.equal(plan.noop, false);
    assert.deepEqual(plan.from, { kind: 'legacy-simulation', version: null, label: 'Legacy SimCash simulation database' });
    assert.equal(plan.to.version, CURRENT_SCHEMA_VERSION);
    assert.equal(plan.file.sizeBytes, pristine.length);
    const tables = plan.steps.flatMap((s) => s.tables);
    assert.ok(tables.some((t) => t.to === 'simulation_runs' && t.from.includes('simulations') && t.from.includes('simulation_runs')));
    assert.ok(tables.every((t) => t.notes.length > 0), 'every table mapping explains itself');
    assert.equal(plan.expectedRows.simulation_events, tables.find((t) => t.to === 'simulation_events')?.rows);
    const text = renderPlan(plan);
    assert.match(text, /^Legacy SimCash simulation database → unified schema v\d+$/m);
    assert.match(text, /simulation_events → simulation_events: [\d,]+ rows/);
    assert.match(text, /not carried: event_timestamp/);
    // The same plan from a file the views already have open.
    const opened = await openSimCashFile(file);
    try {
      assert.deepEqual((await planMigration(opened)).steps, plan.steps);
    } finally {
      await opened.close();
    }
    untouched();
  });

  it('cancelled while building, nothing is left behind and the original is byte-identical', async () => {
    const controller = new AbortController();
    const error = await expectFailure(file, 'cancelled', {
      signal: controller.signal,
      onProgress: (_fraction, message) => {
        if (message.startsWith('Building index')) controller.abort();
      },
    });
    assert.match(error.message, /cancelled; the file was not changed/);
    assert.equal(error.backupPath, null);
    untouched();
  });

  it('cancelled at the last moment (after the backup), the backup is removed too', async () => {
    const controller = new AbortController();
    await expectFailure(file, 'cancelled', {
      signal: controller.signal,
      hooks: {
        beforeSwap: ({ backupPath }) => {
          assert.ok(backupPath && fs.existsSync(backupPath), 'the backup exists before the swap');
          controller.abort();
        },
      },
    });
    untouched();
  });

  it('a failing verification leaves the original byte-identical, with no temporary file and no backup', async () => {
    const error = await expectFailure(file, 'verify-failed', {
      hooks: {
        afterVerify: ({ tempPath }) => {
          assert.ok(fs.existsSync(tempPath), 'the temporary file is next to the original');
          assert.equal(fs.realpathSync(path.dirname(tempPath)), fs.realpathSync(dir));
          throw new Error('simulated verification failure');
        },
      },
    });
    assert.match(error.message, /simulated verification failure.*was not changed/);
    untouched();
  });

  it('a failure after the backup was written names the backup, which is a byte copy of the untouched original', async () => {
    const error = await expectFailure(file, 'swap-failed', {
      hooks: {
        beforeSwap: () => {
          throw new Error('simulated failure before the swap');
        },
      },
    });
    assert.ok(error.backupPath && fs.existsSync(error.backupPath));
    assert.ok(error.message.includes(error.backupPath), error.message);
    assert.ok(fs.readFileSync(error.backupPath).equals(pristine));
    assert.ok(fs.readFileSync(file).equals(pristine));
    assert.deepEqual(listing(dir), [path.basename(error.backupPath), 'results.db'].sort());
  });

  it('a full disk while writing the migrated copy leaves the original byte-identical', async () => {
    const real = nodeFs.writeSync;
    // Only the large writes of the migrated copy fail (small writes, e.g. of a reporter, pass).
    const failing = ((fd: number, buffer: NodeJS.ArrayBufferView, ...rest: unknown[]) => {
      if (buffer.byteLength > 100_000) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return (real as (...args: unknown[]) => number)(fd, buffer, ...rest);
    }) as typeof nodeFs.writeSync;
    // The module object itself (what every importer reads through), not a namespace copy.
    Object.assign(nodeFs, { writeSync: failing });
    let error: MigrationError;
    try {
      error = await expectFailure(file, 'write-failed');
    } finally {
      Object.assign(nodeFs, { writeSync: real });
    }
    assert.match(error.message, /the disk is full/);
    untouched();
  });

  it('detects a file changed on disk between reading and the swap, and does not replace it', async () => {
    const error = await expectFailure(file, 'changed', {
      hooks: {
        beforeSwap: () => {
          const writer = new BetterSqlite3(file);
          writer.exec("INSERT INTO schema_migrations VALUES (99, '2026-01-01 00:00:00', 'written meanwhile')");
          writer.close();
        },
      },
    });
    assert.match(error.message, /changed on disk while it was being migrated/);
    assert.equal(await kindOf(file), 'legacy-simulation');
    assert.deepEqual(listing(dir), ['results.db'], 'no temporary file and no backup of a file that changed');
  });

  it('detects a file changed while the migration is building', async () => {
    let changed = false;
    await expectFailure(file, 'changed', {
      onProgress: (_fraction, message) => {
        if (!changed && message.startsWith('Building index')) {
          changed = true;
          fs.appendFileSync(file, Buffer.alloc(4096));
        }
      },
    });
    assert.equal(fs.statSync(file).size, pristine.length + 4096);
    assert.deepEqual(listing(dir), ['results.db']);
  });

  it('with out, writes the migrated copy there and leaves the original untouched', async () => {
    const out = path.join(dir, 'unified.db');
    const result = await applyMigration(file, { out });
    assert.equal(result.outPath, out);
    assert.equal(result.backupPath, null);
    assert.match(result.message, /results\.db is unchanged/);
    assert.ok(fs.readFileSync(file).equals(pristine));
    assert.deepEqual(listing(dir), ['results.db', 'unified.db']);
    assert.equal(await kindOf(out), 'unified');
    // An existing output is never overwritten.
    await expectFailure(file, 'out-exists', { out });
    await expectFailure(file, 'write-failed', { out: path.join(dir, 'missing-folder', 'x.db') });
    assert.ok(fs.readFileSync(file).equals(pristine));
    assert.deepEqual(listing(dir), ['results.db', 'unified.db']);
  });

  it('without a backup, replaces the file and keeps no copy', async () => {
    const result = await applyMigration(file, { backup: false });
    assert.equal(result.backupPath, null);
    assert.match(result.message, /No backup was kept/);
    assert.deepEqual(listing(dir), ['results.db']);
    assert.equal(await kindOf(file), 'unified');
  });

  it('migrates the database a symbolic link points to, keeping the link', async function () {
    if (process.platform === 'win32') this.skip();
    const link = path.join(dir, 'link.db');
    fs.symlinkSync(file, link);
    const result = await applyMigration(link);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(await kindOf(link), 'unified');
    assert.ok(result.backupPath && fs.readFileSync(result.backupPath).equals(pristine));
  });

  it('reports progress from 0 to 1 in order', async () => {
    const fractions: number[] = [];
    const messages = new Set<string>();
    await applyMigration(file, { onProgress: (f, m) => (fractions.push(f), messages.add(m)) });
    assert.ok(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1] - 1e-9)), 'fractions go up');
    assert.equal(fractions[fractions.length - 1], 1);
    for (const m of ['Reading results.db', 'Copying simulation_events → simulation_events', 'Writing the migrated copy', 'Verifying the migrated copy', 'Replacing the original']) {
      assert.ok(messages.has(m), m);
    }
  });

  it('refuses while another program has a write pending beside the file', async () => {
    for (const suffix of ['-wal', '-journal']) {
      fs.writeFileSync(`${file}${suffix}`, Buffer.alloc(1024, 1));
      const error = await expectFailure(file, 'busy');
      assert.match(error.message, new RegExp(`results\\.db${suffix}`));
      fs.rmSync(`${file}${suffix}`);
    }
    untouched();
  });

  it('refuses when the file changed since its plan was shown', async () => {
    const plan = await planMigrationForFile(file);
    fs.utimesSync(file, new Date(), new Date(Date.now() - 60_000));
    await expectFailure(file, 'changed', { expect: { sizeBytes: plan.file.sizeBytes, mtimeMs: plan.file.mtimeMs } });
    assert.ok(fs.readFileSync(file).equals(pristine));
  });

  it('refuses files that are not SimCash databases, or are newer than it knows', async () => {
    const plain = path.join(dir, 'plain.db');
    writePlainSqliteFixture(plain);
    assert.equal((await planMigrationForFile(plain)).status, 'unsupported');
    assert.match((await expectFailure(plain, 'unsupported')).message, /not a SimCash database/);
    const future = path.join(dir, 'future.db');
    const db = new BetterSqlite3(future);
    db.exec(createSchemaSql());
    db.exec("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00Z', 'from the future')");
    db.close();
    assert.match((await expectFailure(future, 'unsupported')).message, /newer than the v\d+/);
    await expectFailure(path.join(dir, 'missing.db'), 'unreadable');
  });
});
