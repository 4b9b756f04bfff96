/**
 * The extension applies migrations on a worker thread (src/schema/migrate/workerClient.ts): the same result,
 * progress and MigrationError codes as calling the engine directly, and an abort reaches the worker.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MigrationError, planMigrationForFile } from '../../src/schema/migrate';
import { applyMigrationInWorker } from '../../src/schema/migrate/workerClient';
import { openSimCashFile } from '../../src/model';
import { CURRENT_SCHEMA_VERSION } from '../../src/schema/versions';
import { listing, sampleCopy, tempDir } from './migrationFixtures';

describe('Migration on a worker thread (workerClient)', () => {
  let dir: string;

  beforeEach(() => {
    dir = tempDir('simcash-migration-worker-');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a legacy file in place, forwarding progress, and keeps an identical backup', async () => {
    const file = await sampleCopy('legacy-simulation', dir);
    const original = fs.readFileSync(file);
    const plan = await planMigrationForFile(file);
    const fractions: number[] = [];
    const result = await applyMigrationInWorker(file, { expect: plan.file, onProgress: (fraction) => fractions.push(fraction) });
    assert.equal(result.noop, false);
    assert.equal(result.verified?.kind, 'unified');
    assert.ok(fractions.length > 0, 'no progress was forwarded');
    assert.ok(result.backupPath && fs.readFileSync(result.backupPath).equals(original), 'the backup differs from the original');
    const reread = await openSimCashFile(file, { worker: false });
    try {
      assert.equal(reread.detection.schemaVersion, CURRENT_SCHEMA_VERSION);
    } finally {
      await reread.close();
    }
    assert.equal((await applyMigrationInWorker(file)).noop, true);
  });

  it('rebuilds MigrationErrors on the host: a file changed since its plan is refused and left as it was', async () => {
    const file = await sampleCopy('legacy-simulation', dir);
    const plan = await planMigrationForFile(file);
    const bytes = fs.readFileSync(file);
    await assert.rejects(applyMigrationInWorker(file, { expect: { ...plan.file, sizeBytes: plan.file.sizeBytes + 1 } }), (error: unknown) => {
      assert.ok(error instanceof MigrationError, String(error));
      assert.equal(error.code, 'changed', error.message);
      return true;
    });
    assert.ok(fs.readFileSync(file).equals(bytes));
    assert.deepEqual(listing(dir), [path.basename(file)]);
  });

  it('an abort reaches the worker: the migration is cancelled and nothing is left behind', async () => {
    const file = await sampleCopy('legacy-simulation', dir);
    const bytes = fs.readFileSync(file);
    const aborter = new AbortController();
    const run = applyMigrationInWorker(file, {
      signal: aborter.signal,
      // Abort once the worker has started, so the message path (not the already-aborted shortcut) is tested.
      onProgress: () => aborter.abort(),
    });
    await assert.rejects(run, (error: unknown) => error instanceof MigrationError && error.code === 'cancelled');
    assert.ok(fs.readFileSync(file).equals(bytes));
    assert.deepEqual(listing(dir), [path.basename(file)]);
  });
});
