import * as vscode from 'vscode';
import { DatabaseRegistry } from './databaseRegistry';
import { DatabaseEditorProvider } from './views/databaseEditor';
import { DatabaseTreeProvider } from './views/databaseTree';
import { registerDatabaseCommands } from './commands/databaseCommands';
import { registerMigrateCommand } from './commands/migrateCommand';
import { registerExperimentView } from './commands/experimentCommands';
import type { ExperimentPanels } from './views/experimentPanel';
import { openDatabasesInSimCashEditor } from './views/startupTabs';
import { registerReplay } from './commands/replayCommands';
import type { ReplayPanelManager } from './views/replay/replayPanel';
import { registerEvents } from './commands/eventCommands';
import type { EventsPanels } from './views/events/eventsPanel';
import { log } from './log';

/**
 * What `activate()` returns, for the integration tests (test/integration), which read the tree's items through it:
 * VS Code offers no API to read another extension's tree. Not a public API; it may change with the views.
 */
export interface SimCashTestApi {
  readonly registry: DatabaseRegistry;
  readonly tree: DatabaseTreeProvider;
  /** The experiment panels (what each was sent). */
  readonly experiments: ExperimentPanels;
  /** The replay panels (tests read a panel's controller: its tick and the views it sent). */
  readonly replay: ReplayPanelManager;
  /** The events panels (tests drive a panel's controller: the rows, traces and exports it answers with). */
  readonly events: EventsPanels;
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
    registerMigrateCommand(registry),
  );
  const experiments = registerExperimentView(context, registry, tree);
  const replay = registerReplay(context, registry);
  const events = registerEvents(context, registry);
  void vscode.commands.executeCommand('setContext', 'simcash.replayableOnly', false);
  log().info(`SimCash activated in ${Math.round(performance.now() - started)} ms`);
  void openDatabasesInSimCashEditor().catch((error: unknown) => log().error(`Could not open databases in the SimCash editor: ${String(error)}`));
  return { registry, tree, experiments, replay, events };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
