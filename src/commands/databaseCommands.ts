import * as vscode from 'vscode';
import type { DatabaseRegistry } from '../databaseRegistry';
import type { DatabaseTreeProvider, TreeNode } from '../views/databaseTree';
import { DatabaseEditorProvider } from '../views/databaseEditor';
import { log } from '../log';

/** Registers the commands that act on whole databases and on tree items. */
export function registerDatabaseCommands(registry: DatabaseRegistry, tree: DatabaseTreeProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('simcash.openDatabase', async (uri?: vscode.Uri) => {
      const target =
        uri ??
        (
          await vscode.window.showOpenDialog({
            canSelectMany: false,
            openLabel: 'Open in SimCash',
            filters: { 'SimCash databases': ['db', 'sqlite', 'sqlite3'], 'All files': ['*'] },
          })
        )?.[0];
      if (target) {
        await vscode.commands.executeCommand('vscode.openWith', target, DatabaseEditorProvider.viewType);
      }
    }),
    vscode.commands.registerCommand('simcash.refresh', async (node?: TreeNode) => {
      const paths = node && 'filePath' in node ? [node.filePath] : registry.paths;
      await Promise.all(paths.map((p) => registry.reload(p).catch((error: unknown) => log().error(String(error)))));
      tree.refresh();
    }),
    vscode.commands.registerCommand('simcash.tree.loadMore', (node?: TreeNode) => node && tree.loadMore(node)),
    vscode.commands.registerCommand('simcash.tree.showReplayableOnly', () => tree.setReplayableOnly(true)),
    vscode.commands.registerCommand('simcash.tree.showAllSimulations', () => tree.setReplayableOnly(false)),

    vscode.commands.registerCommand('simcash.closeDatabase', async (node?: TreeNode) => {
      if (node?.kind === 'database') {
        await registry.close(node.filePath);
      }
    }),
    vscode.commands.registerCommand('simcash.copySimulationId', async (node?: TreeNode) => {
      if (node?.kind === 'simulation') {
        await vscode.env.clipboard.writeText(node.simulation.simulation_id);
        vscode.window.setStatusBarMessage(`Copied ${node.simulation.simulation_id}`, 3000);
      }
    }),
    vscode.commands.registerCommand('simcash.showLog', () => log().show()),
  ];
}
