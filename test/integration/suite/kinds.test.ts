import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { SimCashTestApi } from '../../../src/extension';
import { child, children, closeAllDatabases, closeAllEditors, databaseRoot, fixturePath, simcash, waitFor, findTab, EDITOR_VIEW_TYPE, type ShownNode } from './helpers';

/** Labels of a database root's children, once the file has loaded. */
async function rootChildren(api: SimCashTestApi, file: string): Promise<ShownNode[]> {
  await api.registry.open(file);
  const root = await databaseRoot(api, file);
  assert.ok(root, `no root for ${file}`);
  return children(api, root);
}

describe('every kind of database', () => {
  let api: SimCashTestApi;
  before(async () => {
    api = await simcash();
    await closeAllDatabases(api);
  });
  afterEach(async () => closeAllDatabases(api));
  after(async () => closeAllEditors());

  it('a legacy simulation file shows its runs as standalone simulations', async () => {
    const kids = await rootChildren(api, fixturePath('legacySimulation'));
    assert.deepEqual(kids.map((k) => k.label), ['Standalone simulations']);
    const runs = await children(api, kids[0]);
    assert.ok(runs.length >= 3, `runs: ${runs.map((r) => r.label).join(', ')}`);
    assert.ok(runs.some((r) => r.item.contextValue === 'simulation.replayable') && runs.some((r) => r.item.contextValue === 'simulation'));
  });

  it('a legacy experiment file shows experiments, iterations and their linked simulations', async () => {
    const kids = await rootChildren(api, fixturePath('legacyExperiment'));
    assert.deepEqual(kids.map((k) => k.label), ['Experiments']);
    const [experiment] = await children(api, kids[0]);
    const iterations = await children(api, experiment);
    assert.ok(iterations.length > 0 && iterations.every((i) => /^Iteration \d+$/.test(i.label)));
    const simulations = await children(api, iterations[0]);
    assert.ok(simulations.some((s) => s.item.contextValue?.startsWith('simulation')), simulations.map((s) => s.label).join(', '));
  });

  it('a castro file shows its game sessions as experiments, with iterations and no simulations', async () => {
    const kids = await rootChildren(api, fixturePath('castro'));
    assert.deepEqual(kids.map((k) => k.label), ['Experiments']);
    const sessions = await children(api, kids[0]);
    assert.ok(sessions.length >= 1 && sessions.every((s) => /castro/.test(String(s.item.description))));
    const [iteration] = await children(api, sessions[0]);
    const [nothing] = await children(api, iteration);
    assert.equal(nothing.item.contextValue, 'message');
  });

  it('a plain SQLite file says what it is and still opens in the editor', async () => {
    const file = fixturePath('plainSqlite');
    const kids = await rootChildren(api, file);
    assert.equal(kids.length, 1);
    assert.match(kids[0].label, /not a SimCash schema/);
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), EDITOR_VIEW_TYPE);
    const tab = await waitFor(() => findTab(file), 'the editor tab');
    assert.ok(tab.input instanceof vscode.TabInputCustom && tab.input.viewType === EDITOR_VIEW_TYPE);
  });

  it('the replayable filter hides simulations without events and shows them again', async () => {
    const file = fixturePath('unified');
    const kids = await rootChildren(api, file);
    const standalone = await child(api, await databaseRoot(api, file), 'Standalone simulations');
    assert.ok((await children(api, standalone)).some((s) => s.item.contextValue === 'simulation'), 'the demo has a summary-level run');
    await vscode.commands.executeCommand('simcash.tree.showReplayableOnly');
    try {
      const filtered = await children(api, standalone);
      assert.ok(filtered.length > 0 && filtered.every((s) => s.item.contextValue === 'simulation.replayable'), filtered.map((s) => `${s.label}:${s.item.contextValue}`).join(', '));
      const [experiment] = await children(api, kids[0]);
      for (const iteration of await children(api, experiment)) {
        for (const simulation of await children(api, iteration)) {
          assert.ok(simulation.item.contextValue === 'simulation.replayable' || simulation.item.contextValue === 'message', `${iteration.label}/${simulation.label}`);
        }
      }
    } finally {
      await vscode.commands.executeCommand('simcash.tree.showAllSimulations');
    }
    assert.ok((await children(api, standalone)).some((s) => s.item.contextValue === 'simulation'));
  });

  it('a file rewritten on disk refreshes the tree by itself', async () => {
    const file = fixturePath('live');
    const before = await rootChildren(api, file);
    assert.deepEqual(before.map((k) => k.label), ['Experiments', 'Standalone simulations']);
    // Another program replaces the database (write to a temp name, then rename, as SQLite writers and copies do).
    fs.copyFileSync(fixturePath('legacySimulation'), `${file}.tmp`);
    fs.renameSync(`${file}.tmp`, file);
    await waitFor(async () => {
      const root = await databaseRoot(api, file);
      const now = root ? await children(api, root) : [];
      return now.length === 1 && now[0].label === 'Standalone simulations';
    }, 'the tree to show the rewritten file', 15_000);
  });
});
