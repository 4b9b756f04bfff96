/**
 * Flow: a person migrates a legacy results database. They open it in the SimCash editor from the Explorer (which
 * offers the migration), run "SimCash: Migrate Database" from the command palette, read the plan in the modal
 * confirmation and press "Migrate"; the editor reopens the file as a unified database and a backup sits next to it.
 * One screenshot per step in test-output/e2e/migrate/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSimCashFile } from '../../src/model';
import { CURRENT_SCHEMA_VERSION } from '../../src/schema/versions';
import { activeWebview, expandViewPane, explorerItem, hasText, openWorkbench, shown, treeRow, type Workbench, writeResultsDatabase } from './workbench';

describe('Flow: migrate a legacy database from the command palette', function () {
  let wb: Workbench;
  let db = '';
  let original: Buffer = Buffer.alloc(0);

  before(async function () {
    wb = await openWorkbench('migrate', async (workspace) => {
      db = await writeResultsDatabase(workspace, 'legacy.db', 'legacy-simulation');
      original = fs.readFileSync(db);
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.shot('failure').catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
  });

  it('opens the legacy file in the SimCash editor, which offers the migration', async () => {
    await explorerItem(wb.page, 'results').click();
    await explorerItem(wb.page, 'legacy.db').click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), 'legacy.db');
    const view = activeWebview(wb.page);
    await shown(view.getByRole('heading', { level: 1, name: 'legacy.db' }), 60_000);
    await shown(view.getByText('Legacy SimCash simulation database').first());
    await shown(view.getByRole('button', { name: 'Migrate…' }));
    await wb.shot('legacy-in-editor');
  });

  it('"SimCash: Migrate Database" from the palette shows the plan and asks to confirm', async () => {
    await wb.page.keyboard.press('F1');
    await wb.page.keyboard.type('SimCash: Migrate Database');
    const command = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'SimCash: Migrate Database' });
    await shown(command);
    await wb.shot('palette');
    await wb.page.keyboard.press('Enter');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await shown(dialog, 60_000);
    await hasText(dialog, 'Migrate legacy.db to the unified schema');
    await hasText(dialog, 'backup');
    await wb.shot('confirm-plan');
  });

  it('confirming migrates the file; the editor reopens it as a unified database', async () => {
    await wb.page.locator('.monaco-dialog-box').getByRole('button', { name: 'Migrate', exact: true }).click();
    const view = activeWebview(wb.page);
    await shown(view.getByText('SimCash unified database').first(), 120_000);
    await shown(wb.page.locator('.notifications-toasts').getByText(/Migrated legacy\.db to unified v\d+/), 30_000);
    await wb.shot('migrated-editor');

    const reread = await openSimCashFile(db, { worker: false });
    try {
      assert.equal(reread.detection.kind, 'unified');
      assert.equal(reread.detection.schemaVersion, CURRENT_SCHEMA_VERSION);
    } finally {
      await reread.close();
    }
    const backups = fs.readdirSync(path.dirname(db)).filter((name) => name.startsWith('legacy.backup-'));
    assert.equal(backups.length, 1, `backups next to the file: ${backups.join(', ')}`);
    assert.ok(fs.readFileSync(path.join(path.dirname(db), backups[0])).equals(original), 'the backup differs from the original');
  });

  // A second run being a no-op is checked by the integration suite (test/integration/suite/migrate.test.ts), which
  // calls the command directly; from the palette it depended on where keyboard focus landed after the reload.
  it('the SimCash view shows the migrated database and the backup sits in the Explorer', async () => {
    const pane = await expandViewPane(wb.page, 'SimCash');
    await shown(treeRow(pane, 'legacy.db'));
    await shown(explorerItem(wb.page, fs.readdirSync(path.dirname(db)).find((name) => name.startsWith('legacy.backup-')) ?? 'legacy.backup-'));
    await wb.shot('migrated-tree');
  });
});
