import * as vscode from 'vscode';
import * as path from 'node:path';
import { DatabaseEditorProvider } from './databaseEditor';
import { log } from '../log';

const DATABASE_EXTENSIONS = new Set(['.db']);

/**
 * Puts `.db` files that were opened before the extension was ready into the SimCash editor. VS Code picks the
 * editor of a file as soon as it opens; a `.db` clicked (or restored) while extensions are still loading lands in
 * the text editor's "binary file" notice. Also opens the file named by SIMCASH_OPEN_ON_START (set by
 * `npm run open`, which cannot open it through the URL for the same reason).
 */
export async function openDatabasesInSimCashEditor(): Promise<void> {
  const misplaced = vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs
      .filter((tab) => tab.input instanceof vscode.TabInputText && DATABASE_EXTENSIONS.has(path.extname(tab.input.uri.fsPath).toLowerCase()))
      .map((tab) => ({ tab, uri: (tab.input as vscode.TabInputText).uri, column: group.viewColumn })),
  );
  for (const { tab, uri, column } of misplaced) {
    log().info(`Reopening ${uri.fsPath} in the SimCash editor`);
    await vscode.commands.executeCommand('vscode.openWith', uri, DatabaseEditorProvider.viewType, column);
    await vscode.window.tabGroups.close(tab);
  }
  const requested = process.env.SIMCASH_OPEN_ON_START;
  if (requested && !misplaced.some((m) => m.uri.fsPath === path.resolve(requested))) {
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path.resolve(requested)), DatabaseEditorProvider.viewType);
  }
}
