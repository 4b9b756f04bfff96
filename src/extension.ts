import * as vscode from 'vscode';
import { DatabaseRegistry } from './databaseRegistry';
import { DatabaseEditorProvider } from './views/databaseEditor';
import { DatabaseTreeProvider } from './views/databaseTree';
import { registerDatabaseCommands } from './commands/databaseCommands';
import { openDatabasesInSimCashEditor } from './views/startupTabs';
import { log } from './log';

/** Wiring only: every feature registers itself and hands back what must be disposed. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const registry = new DatabaseRegistry();
  const tree = new DatabaseTreeProvider(registry);
  context.subscriptions.push(
    log(),
    registry,
    DatabaseEditorProvider.register(context, registry),
    vscode.window.createTreeView(DatabaseTreeProvider.viewId, { treeDataProvider: tree, showCollapseAll: true }),
    ...registerDatabaseCommands(registry, () => tree.refresh()),
  );
  log().info(`SimCash activated in ${Math.round(performance.now() - started)} ms`);
  void openDatabasesInSimCashEditor().catch((error: unknown) => log().error(`Could not open databases in the SimCash editor: ${String(error)}`));
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
