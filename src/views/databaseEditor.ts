import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../databaseRegistry';
import type { HostMessage, WebviewMessage } from '../protocol';
import { buildOverview } from './overviewData';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { log } from '../log';

/** Milliseconds to wait after the last change on disk before reloading (writers touch a file many times). */
const RELOAD_DEBOUNCE_MS = 500;

/**
 * Read-only custom editor for `.db` files: shows what the file holds. The file is only ever read; a change on
 * disk (an experiment still running) reloads the view.
 */
export class DatabaseEditorProvider implements vscode.CustomReadonlyEditorProvider {
  static readonly viewType = 'simcash.databaseEditor';

  static register(context: vscode.ExtensionContext, registry: DatabaseRegistry): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(DatabaseEditorProvider.viewType, new DatabaseEditorProvider(context.extensionUri, registry), {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { retainContextWhenHidden: false },
    });
  }

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly registry: DatabaseRegistry,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const filePath = document.uri.fsPath;
    const fileName = path.basename(filePath);
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'overview', fileName);
    const post = (message: HostMessage) => void panel.webview.postMessage(message);

    const render = async (reload: boolean) => {
      post({ type: 'loading', fileName });
      if (document.uri.scheme !== 'file') {
        post({ type: 'error', fileName, message: `SimCash can only open files on disk; ${document.uri.toString()} is not one.` });
        return;
      }
      try {
        const file = reload ? await this.registry.reload(filePath) : await this.registry.open(filePath);
        post({ type: 'overview', data: await buildOverview(file) });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log().error(message);
        post({ type: 'error', fileName, message });
      }
    };

    const disposables: vscode.Disposable[] = [];
    disposables.push(
      panel.webview.onDidReceiveMessage((message: WebviewMessage) => {
        switch (message.type) {
          case 'ready':
            void render(false);
            break;
          case 'refresh':
            void render(true);
            break;
          case 'copy':
            void vscode.env.clipboard.writeText(message.text);
            break;
        }
      }),
    );

    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(filePath)), path.basename(filePath)));
    let timer: NodeJS.Timeout | undefined;
    const scheduleReload = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        log().info(`${filePath} changed on disk; reloading`);
        void render(true);
      }, RELOAD_DEBOUNCE_MS);
    };
    disposables.push(watcher, watcher.onDidChange(scheduleReload), watcher.onDidCreate(scheduleReload));
    panel.onDidDispose(() => {
      clearTimeout(timer);
      disposables.forEach((d) => d.dispose());
    });
  }
}
