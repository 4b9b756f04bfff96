import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EDITOR_VIEW_TYPE, EXTENSION_ID, extension, simcash, TREE_VIEW_ID } from './helpers';

interface Contributes {
  commands?: { command: string }[];
  customEditors?: { viewType: string; selector: { filenamePattern: string }[]; priority?: string }[];
  views?: Record<string, { id: string }[]>;
}

describe('Activation', () => {
  it(`${EXTENSION_ID} is installed`, () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
  });

  it('activates', async () => {
    const ext = extension();
    // activate() rejects with the extension's own error when its activate() throws.
    await simcash();
    assert.equal(ext.isActive, true);
  });

  it('registers every contributed command', async () => {
    await simcash();
    const contributed = ((extension().packageJSON as { contributes?: Contributes }).contributes?.commands ?? []).map((c) => c.command);
    assert.deepEqual(
      COMMANDS.filter((c) => !contributed.includes(c)),
      [],
      'package.json no longer contributes these commands',
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
      'contributed but not registered at activation',
    );
  });

  it('contributes the SimCash editor as the default for *.db, and the SimCash view', () => {
    const contributes = (extension().packageJSON as { contributes?: Contributes }).contributes ?? {};
    const dbEditor = contributes.customEditors?.find((e) => e.viewType === EDITOR_VIEW_TYPE && e.selector.some((s) => s.filenamePattern === '*.db'));
    assert.ok(dbEditor, `no customEditors entry for ${EDITOR_VIEW_TYPE} on *.db`);
    assert.equal(dbEditor.priority ?? 'default', 'default');
    assert.ok(
      Object.values(contributes.views ?? {}).some((views) => views.some((v) => v.id === TREE_VIEW_ID)),
      `no view ${TREE_VIEW_ID}`,
    );
  });
});
