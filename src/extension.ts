import * as vscode from 'vscode';
import { DatabaseRegistry } from './databaseRegistry';
import { DatabaseEditorProvider } from './views/databaseEditor';
import { DatabaseTreeProvider } from './views/databaseTree';
import { registerDatabaseCommands } from './commands/databaseCommands';
import { openDatabasesInSimCashEditor } from './views/startupTabs';
import { log } from './log';

/**
 * What `activate()` returns, for the integration tests (test/integration), which read the tree's items through it:
 * VS Code offers no API to read another extension's tree. Not a public API; it may change with the views.
 */
export interface SimCashTestApi {
  readonly registry: DatabaseRegistry;
  readonly tree: DatabaseTreeProvider;
}

/** Wiring only: every feature registers itself and hands back what must be disposed. */
export function activate(context: vscode.ExtensionContext): SimCashTestApi {
  const started = performance.now();
  const registry = new DatabaseRegistry();
  const tree = new DatabaseTreeProvider(registry);
  context.subscriptions.push(
    log(),
    registry,
    tree,
    tree.createView(),
    DatabaseEditorProvider.register(context, registry, tree),
    ...registerDatabaseCommands(registry, tree),
  );
  void vscode.commands.executeCommand('setContext', 'simcash.replayableOnly', false);
  log().info(`SimCash activated in ${Math.round(performance.now() - started)} ms`);
  void openDatabasesInSimCashEditor().catch((error: unknown) => log().error(`Could not open databases in the SimCash editor: ${String(error)}`));
  return { registry, tree };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
