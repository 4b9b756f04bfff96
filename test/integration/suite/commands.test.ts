import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listSimulations, openSimCashFile } from '../../../src/model';
import type { SimCashTestApi } from '../../../src/extension';
import { child, children, closeAllDatabases, closeAllEditors, databaseRoot, describeInput, EDITOR_VIEW_TYPE, findTab, fixturePath, simcash, TREE_VIEW_ID, waitFor, withTimeout } from './helpers';

describe('Commands', () => {
  let api: SimCashTestApi;

  before(async () => {
    api = await simcash();
  });

  afterEach(async () => {
    await closeAllEditors();
    await closeAllDatabases(api);
  });

  it('simcash.openDatabase with a Uri opens it in the SimCash editor and the tree', async () => {
    const file = fixturePath('commands');
    await withTimeout(vscode.commands.executeCommand('simcash.openDatabase', vscode.Uri.file(file)), 30_000, 'simcash.openDatabase');
    const tab = await waitFor(() => findTab(file), `a tab for ${file}`);
    assert.ok(tab.input instanceof vscode.TabInputCustom && tab.input.viewType === EDITOR_VIEW_TYPE, `opened in a ${describeInput(tab)}`);
    await waitFor(() => databaseRoot(api, file), `a tree root for ${file}`, 30_000);
  });

  it('simcash.refresh reads a database again from disk', async () => {
    // A file that changes kind on disk: first a unified demo, then a legacy simulation-only file.
    const file = path.join(path.dirname(fixturePath('commands')), 'refresh.db');
    fs.copyFileSync(fixturePath('refreshBefore'), file);
    try {
      assert.equal((await api.registry.open(file)).detection.kind, 'unified');
      const root = await waitFor(() => databaseRoot(api, file), `a tree root for ${file}`);
      assert.ok((await children(api, root)).some((k) => k.label === 'Experiments'));

      fs.copyFileSync(fixturePath('refreshAfter'), file);
      // Still the copy in memory until asked to refresh.
      assert.equal((await api.registry.open(file)).detection.kind, 'unified');
      let treeChanged = false;
      const listener = api.tree.onDidChangeTreeData(() => (treeChanged = true));
      try {
        await vscode.commands.executeCommand('simcash.refresh', root.node);
      } finally {
        listener.dispose();
      }
      assert.equal((await api.registry.open(file)).detection.kind, 'legacy-simulation');
      assert.ok(treeChanged, 'the tree was not told to refresh');
      const refreshedRoot = await databaseRoot(api, file);
      assert.ok(refreshedRoot);
      assert.deepEqual(
        (await children(api, refreshedRoot)).map((k) => k.label),
        ['Standalone simulations'],
      );
      // Without an argument it refreshes everything open (the view's title button).
      await vscode.commands.executeCommand('simcash.refresh');
      assert.deepEqual(api.registry.paths, [file]);
    } finally {
      await api.registry.close(file);
      fs.rmSync(file, { force: true });
    }
  });

  it('simcash.closeDatabase removes the database from the tree', async () => {
    const file = fixturePath('commands');
    await api.registry.open(file);
    const root = await waitFor(() => databaseRoot(api, file), `a tree root for ${file}`);
    await vscode.commands.executeCommand('simcash.closeDatabase', root.node);
    assert.equal(api.registry.paths.includes(file), false, 'still in the registry');
    assert.equal(await databaseRoot(api, file), undefined, 'still in the tree');
  });

  it('simcash.copySimulationId puts the simulation id on the clipboard', async () => {
    const file = fixturePath('commands');
    await api.registry.open(file);
    const root = await waitFor(() => databaseRoot(api, file), `a tree root for ${file}`);
    const simulations = await children(api, await child(api, root, 'Standalone simulations'));
    const model = await openSimCashFile(file);
    const expected = (await listSimulations(model, { scope: 'standalone' }))[0]?.simulation_id;
    await model.close();
    assert.ok(expected && simulations.length > 0, 'no standalone simulation to copy');

    // As for a person, who runs the command from the tree's context menu: the tree has the focus. (In a browser the
    // clipboard only works while the workbench page has it; a webview closed by an earlier test can leave it nowhere.)
    await vscode.commands.executeCommand(`${TREE_VIEW_ID}.focus`);
    await vscode.env.clipboard.writeText('before the copy');
    assert.equal(await vscode.env.clipboard.readText(), 'before the copy', 'the clipboard does not work in this VS Code');
    await vscode.commands.executeCommand('simcash.copySimulationId', simulations[0].node);
    assert.equal(await vscode.env.clipboard.readText(), expected);
  });

  it('simcash.showLog shows the log', async () => {
    await withTimeout(vscode.commands.executeCommand('simcash.showLog'), 10_000, 'simcash.showLog');
  });
});
