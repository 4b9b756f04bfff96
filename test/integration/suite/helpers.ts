/** Shared by the integration tests, which run inside the extension host (see ../mochaRunner.ts). */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SimCashTestApi } from '../../../src/extension';
import { FIXTURES, TEST_ENV } from '../fixtures';

export const EXTENSION_ID = 'simcash.simcash-vscode';
export const EDITOR_VIEW_TYPE = 'simcash.databaseEditor';
export const TREE_VIEW_ID = 'simcash.databases';
/** The commands the issue asks for; the tests also compare them with package.json's list. */
export const COMMANDS = ['simcash.openDatabase', 'simcash.refresh', 'simcash.closeDatabase', 'simcash.copySimulationId', 'simcash.showLog'];

export function extension(): vscode.Extension<SimCashTestApi> {
  const ext = vscode.extensions.getExtension<SimCashTestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

/** Activates SimCash (if it is not yet) and returns what activate() returned. */
export async function simcash(): Promise<SimCashTestApi> {
  const api = await withTimeout(extension().activate(), 30_000, `activating ${EXTENSION_ID}`);
  assert.ok(api?.registry && api?.tree, 'activate() returned no { registry, tree } (see SimCashTestApi in src/extension.ts)');
  return api;
}

/** The workspace the runner prepared (its environment, or else the first workspace folder). */
export function workspaceRoot(): string {
  const root = process.env[TEST_ENV.workspace] ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, `no workspace: the runner sets ${TEST_ENV.workspace} and opens the generated workspace`);
  return root;
}

export function fixturePath(name: keyof typeof FIXTURES): string {
  return path.join(workspaceRoot(), FIXTURES[name]);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rejects with `what` in the message when `promise` takes longer than `ms`, instead of hanging until mocha's timeout. */
export async function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(promise),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns a truthy value; the workbench applies most changes asynchronously. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

export function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

/** The resource a tab shows, whatever kind of editor it is. */
export function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri;
  return undefined;
}

/** For assertion messages: what kind of editor a tab is. */
export function describeInput(tab: vscode.Tab | undefined): string {
  if (!tab) return 'no tab';
  const input = tab.input;
  if (input instanceof vscode.TabInputCustom) return `custom editor ${input.viewType}`;
  if (input instanceof vscode.TabInputText) return 'text editor';
  return `other editor (${String((input as object | undefined)?.constructor?.name)})`;
}

export function findTab(filePath: string): vscode.Tab | undefined {
  return allTabs().find((tab) => tabUri(tab)?.fsPath === filePath);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor(() => allTabs().length === 0, 'all editors to close', 10_000);
}

/** Closes every database the registry holds, so each test starts from an empty tree. */
export async function closeAllDatabases(api: SimCashTestApi): Promise<void> {
  for (const p of api.registry.paths) await api.registry.close(p);
}

type TreeNode = Parameters<SimCashTestApi['tree']['getChildren']>[0];

/** A tree node with the TreeItem VS Code would render for it. */
export interface ShownNode {
  node: NonNullable<TreeNode>;
  item: vscode.TreeItem;
  label: string;
}

export function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** The children of `parent` (the roots when omitted) as the tree view would show them. */
export async function children(api: SimCashTestApi, parent?: ShownNode): Promise<ShownNode[]> {
  const nodes = (await api.tree.getChildren(parent?.node)) ?? [];
  return Promise.all(
    nodes.map(async (node) => {
      const item = await api.tree.getTreeItem(node);
      return { node, item, label: labelOf(item) };
    }),
  );
}

export async function child(api: SimCashTestApi, parent: ShownNode | undefined, label: string): Promise<ShownNode> {
  const kids = await children(api, parent);
  const found = kids.find((k) => k.label === label);
  assert.ok(found, `no tree item "${label}" under ${parent ? `"${parent.label}"` : 'the root'}; found: ${kids.map((k) => JSON.stringify(k.label)).join(', ') || 'nothing'}`);
  return found;
}

/** The root item of an open database (its label is the file name). */
export async function databaseRoot(api: SimCashTestApi, filePath: string): Promise<ShownNode | undefined> {
  const roots = await children(api);
  return roots.find((r) => r.item.contextValue === 'database' && (r.item.resourceUri?.fsPath === filePath || r.label === path.basename(filePath)));
}
