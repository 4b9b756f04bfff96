import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openSimCashFile } from '../../../src/model';
import { CURRENT_SCHEMA_VERSION } from '../../../src/schema/versions';
import type { SimCashTestApi } from '../../../src/extension';
import type { MigrateOutcome } from '../../../src/commands/migrateCommand';
import { children, closeAllDatabases, closeAllEditors, databaseRoot, fixturePath, simcash, waitFor, withTimeout } from './helpers';

const COMMAND = 'simcash.migrateDatabase';

/** Runs the command without its modal confirmation, which cannot be clicked from the extension host. */
async function migrate(target: unknown): Promise<MigrateOutcome> {
  const outcome = await withTimeout(vscode.commands.executeCommand<MigrateOutcome>(COMMAND, target, { confirm: false }), 120_000, COMMAND);
  assert.ok(outcome, `${COMMAND} returned nothing`);
  return outcome;
}

describe('Database migration (simcash.migrateDatabase)', () => {
  let api: SimCashTestApi;

  before(async () => {
    api = await simcash();
  });

  afterEach(async () => {
    await closeAllEditors();
    await closeAllDatabases(api);
  });

  it('is contributed to the palette and the tree context menu, in category SimCash', () => {
    const manifest = vscode.extensions.getExtension('simcash.simcash-vscode')?.packageJSON as {
      contributes: { commands: { command: string; category?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    assert.equal(manifest.contributes.commands.find((c) => c.command === COMMAND)?.category, 'SimCash');
    assert.ok(manifest.contributes.menus['view/item/context'].some((m) => m.command === COMMAND && m.when?.includes('viewItem == database')));
    const palette = manifest.contributes.menus.commandPalette.find((m) => m.command === COMMAND);
    assert.notEqual(palette?.when, 'false', 'hidden from the palette');
  });

  it('migrates a legacy file from its tree node, keeps a byte-identical backup, reloads the views, then is a no-op', async () => {
    const file = fixturePath('toMigrate');
    // A pristine copy to compare the backup with (the fixture itself is migrated in place).
    const original = fs.readFileSync(file);
    assert.equal((await api.registry.open(file)).detection.kind, 'legacy-simulation');
    const root = await waitFor(() => databaseRoot(api, file), `a tree root for ${file}`, 30_000);
    assert.deepEqual((await children(api, root)).map((k) => k.label), ['Standalone simulations']);

    let changed = false;
    const listener = api.registry.onDidChange((p) => (changed ||= p === undefined || path.resolve(p) === path.resolve(file)));
    let outcome: MigrateOutcome;
    try {
      outcome = await migrate(root.node);
    } finally {
      listener.dispose();
    }
    assert.equal(outcome.status, 'migrated', outcome.message);
    assert.ok(changed, 'the registry did not reload the file');

    // On disk: unified at the current version, read independently on this thread.
    const reread = await openSimCashFile(file, { worker: false });
    try {
      assert.equal(reread.detection.kind, 'unified');
      assert.equal(reread.detection.schemaVersion, CURRENT_SCHEMA_VERSION);
    } finally {
      await reread.close();
    }
    // The backup sits next to the file and is the original, byte for byte.
    assert.ok(outcome.backupPath, 'no backup path reported');
    assert.equal(path.dirname(outcome.backupPath), path.dirname(file));
    assert.ok(outcome.message.includes(outcome.backupPath), 'the message does not say where the backup is');
    assert.ok(fs.readFileSync(outcome.backupPath).equals(original), 'the backup differs from the original');

    // The views show the migrated file.
    const opened = await api.registry.open(file);
    assert.equal(opened.detection.kind, 'unified');
    assert.equal(opened.detection.migratable, false);
    const newRoot = await waitFor(() => databaseRoot(api, file), `a tree root for ${file}`, 30_000);
    assert.ok((await children(api, newRoot)).length > 0);

    // Again: nothing to do, and it says so; nothing is written.
    const before = fs.statSync(file);
    const again = await migrate(vscode.Uri.file(file));
    assert.equal(again.status, 'noop', again.message);
    assert.match(again.message, new RegExp(`already at unified v${CURRENT_SCHEMA_VERSION} — nothing to do`));
    assert.equal(fs.statSync(file).mtimeMs, before.mtimeMs);
  });

  it('refuses a file that is not a SimCash database and leaves it as it was', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-migrate-')), 'plain.db');
    fs.copyFileSync(fixturePath('plainSqlite'), file);
    const bytes = fs.readFileSync(file);
    try {
      const outcome = await migrate(file);
      assert.ok(outcome.status === 'unsupported' || outcome.status === 'failed', `${outcome.status}: ${outcome.message}`);
      assert.ok(fs.readFileSync(file).equals(bytes), 'the file was changed');
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['plain.db'], 'something was written next to the file');
    } finally {
      await api.registry.close(file);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
