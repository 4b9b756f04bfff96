import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../databaseRegistry';
import type { HostMessage, WebviewMessage } from '../protocol';
import { browseTable } from '../model';
import { buildOverview } from './overviewData';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { settings } from '../settings';
import { log } from '../log';

/** Reveals an experiment or simulation of a file in the SimCash tree. */
export interface TreeRevealer {
  revealExperiment(filePath: string, experimentId: string): Promise<void>;
  revealSimulation(filePath: string, simulationId: string): Promise<void>;
}

/**
 * Read-only custom editor for `.db` files: shows what the file holds and browses any table. The file is only
 * ever read; when the registry reloads it (it changed on disk), the page is rebuilt.
 */
export class DatabaseEditorProvider implements vscode.CustomReadonlyEditorProvider {
  static readonly viewType = 'simcash.databaseEditor';
  /** The same editor for `.sqlite`/`.sqlite3` files, offered through "Open With…" only (other tools own those). */
  static readonly sqliteViewType = 'simcash.sqliteEditor';

  static register(context: vscode.ExtensionContext, registry: DatabaseRegistry, tree: TreeRevealer): vscode.Disposable {
    const provider = new DatabaseEditorProvider(context.extensionUri, registry, tree);
    const options = { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } };
    return vscode.Disposable.from(
      vscode.window.registerCustomEditorProvider(DatabaseEditorProvider.viewType, provider, options),
      vscode.window.registerCustomEditorProvider(DatabaseEditorProvider.sqliteViewType, provider, options),
    );
  }

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly registry: DatabaseRegistry,
    private readonly tree: TreeRevealer,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const filePath = path.resolve(document.uri.fsPath);
    const fileName = path.basename(filePath);
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'overview', fileName);
    const post = (message: HostMessage) => void panel.webview.postMessage(message);
    const fail = (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log().error(message);
      post({ type: 'error', fileName, message });
    };

    const render = async (reload: boolean) => {
      post({ type: 'loading', fileName });
      if (document.uri.scheme !== 'file') {
        post({ type: 'error', fileName, message: `SimCash can only open files on disk; ${document.uri.toString()} is not one.` });
        return;
      }
      try {
        const file = reload ? await this.registry.reload(filePath) : await this.registry.open(filePath);
        post({ type: 'overview', data: await buildOverview(file, settings().tablePageSize) });
      } catch (error) {
        fail(error);
      }
    };

    const handle = async (message: WebviewMessage) => {
      switch (message.type) {
        case 'ready':
          return render(false);
        case 'refresh':
          return render(true);
        case 'copy':
          return vscode.env.clipboard.writeText(message.text);
        case 'browseTable':
          try {
            const file = await this.registry.open(filePath);
            post({ type: 'tablePage', page: await browseTable(file, message.table, message.offset, settings().tablePageSize) });
          } catch (error) {
            post({ type: 'tableError', table: message.table, message: error instanceof Error ? error.message : String(error) });
          }
          return;
        case 'revealExperiment':
          return this.tree.revealExperiment(filePath, message.experimentId);
        case 'revealSimulation':
          return this.tree.revealSimulation(filePath, message.simulationId);
        case 'openExperiment':
          await vscode.commands.executeCommand('simcash.openExperiment', { filePath, experimentId: message.experimentId });
          return;
        case 'showEvents':
          await vscode.commands.executeCommand('simcash.showEvents', { filePath, simulationId: message.simulationId });
          return;
        case 'openReplay':
          await vscode.commands.executeCommand('simcash.openReplay', filePath, message.simulationId);
          return;
        case 'migrate':
          await vscode.commands.executeCommand('simcash.migrateDatabase', vscode.Uri.file(filePath));
          return;
      }
    };

    let rendered = false;
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: WebviewMessage) => {
        rendered ||= message.type === 'ready';
        handle(message).catch(fail);
      }),
      // The registry reloads the file when it changes on disk; rebuild the page from the new copy.
      this.registry.onDidChange((changed) => {
        if (rendered && (changed === undefined || changed === filePath) && this.registry.paths.includes(filePath)) {
          void render(false);
        }
      }),
    ];
    panel.onDidDispose(() => subscriptions.forEach((d) => d.dispose()));
  }
}
