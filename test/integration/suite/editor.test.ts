import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllDatabases, closeAllEditors, databaseRoot, describeInput, EDITOR_VIEW_TYPE, findTab, fixturePath, simcash, waitFor, withTimeout } from './helpers';

describe('SimCash database editor', () => {
  afterEach(async () => {
    await closeAllEditors();
    await closeAllDatabases(await simcash());
  });

  it(`vscode.openWith(…, '${EDITOR_VIEW_TYPE}') opens a .db in the SimCash editor`, async () => {
    await simcash();
    const file = fixturePath('unified');
    await withTimeout(vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), EDITOR_VIEW_TYPE), 30_000, 'vscode.openWith');
    const tab = await waitFor(() => findTab(file), `a tab for ${file}`);
    assert.ok(tab.input instanceof vscode.TabInputCustom, `the tab is a ${describeInput(tab)}, not the SimCash custom editor`);
    assert.equal(tab.input.viewType, EDITOR_VIEW_TYPE);
    assert.equal(tab.isActive, true);
  });

  it('is the default editor for .db files (vscode.open)', async () => {
    await simcash();
    const file = fixturePath('legacySimulation');
    await withTimeout(vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file)), 30_000, 'vscode.open');
    const tab = await waitFor(() => findTab(file), `a tab for ${file}`);
    assert.ok(tab.input instanceof vscode.TabInputCustom, `vscode.open chose a ${describeInput(tab)}`);
    assert.equal(tab.input.viewType, EDITOR_VIEW_TYPE);
  });

  it('loads the opened file, which then appears in the SimCash tree', async () => {
    const api = await simcash();
    const file = fixturePath('unified');
    await withTimeout(vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), EDITOR_VIEW_TYPE), 30_000, 'vscode.openWith');
    const tab = await waitFor(() => findTab(file), `a tab for ${file}`);
    assert.ok(tab.input instanceof vscode.TabInputCustom, `the tab is a ${describeInput(tab)}, not the SimCash custom editor`);
    // The editor loads the file when its webview reports ready, i.e. once the page really runs in the workbench.
    await waitFor(() => api.registry.paths.includes(file), `${file} in the registry (loaded by the editor's webview)`, 30_000);
    assert.ok(await databaseRoot(api, file), 'no tree root for the opened database');
  });
});
