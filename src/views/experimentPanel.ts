import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../databaseRegistry';
import type { SimCashFile } from '../model';
import {
  EXPERIMENT_VIEW_TYPE, type ExperimentActions, type ExperimentHostMessage, type ExperimentPanelData, type ExperimentViewState, type ExperimentWebviewMessage,
} from '../protocol/experiment';
import { ExperimentSession } from './experimentData';
import type { TreeRevealer } from './databaseEditor';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { log } from '../log';

/** Commands of other SimCash views the panel calls with `{ filePath, simulationId }` when they exist in this window. */
export const SHOW_EVENTS_COMMAND = 'simcash.showEvents';
export const OPEN_REPLAY_COMMAND = 'simcash.openReplay';
/** The migration command may be registered under either id; the first one present is used. */
const MIGRATE_COMMANDS = ['simcash.migrateDatabase', 'simcash.migrate'];

/**
 * The experiment panels of this window: at most one per (file, experiment), reused when asked again. Panels are
 * restored after a window reload through a serializer (the webview keeps its file and experiment in its state).
 */
export class ExperimentPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ExperimentPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly registry: DatabaseRegistry,
    private readonly tree: TreeRevealer,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(EXPERIMENT_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.restore(panel, state),
      }),
    );
  }

  /** Shows the panel of an experiment, creating it if needed. */
  open(filePath: string, experimentId: string): ExperimentPanel {
    const key = panelKey(filePath, experimentId);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(EXPERIMENT_VIEW_TYPE, `Experiment ${experimentId}`, vscode.ViewColumn.Active, {
      ...webviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    return this.attach(panel, path.resolve(filePath), experimentId);
  }

  /** The open panel of an experiment, if any (the integration tests read what it was sent). */
  find(filePath: string, experimentId: string): ExperimentPanel | undefined {
    return this.panels.get(panelKey(filePath, experimentId));
  }

  get all(): ExperimentPanel[] {
    return [...this.panels.values()];
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.disposables.forEach((d) => d.dispose());
  }

  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    const s = state as Partial<ExperimentViewState> | undefined;
    if (typeof s?.filePath !== 'string' || typeof s.experimentId !== 'string' || this.panels.has(panelKey(s.filePath, s.experimentId))) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(panel, s.filePath, s.experimentId);
  }

  private attach(webviewPanel: vscode.WebviewPanel, filePath: string, experimentId: string): ExperimentPanel {
    const key = panelKey(filePath, experimentId);
    const panel = new ExperimentPanel(webviewPanel, this.extensionUri, this.registry, this.tree, filePath, experimentId, () => this.panels.delete(key));
    this.panels.set(key, panel);
    return panel;
  }
}

/** One experiment panel: the webview, its session over the query layer, and the ready → data handshake. */
export class ExperimentPanel {
  readonly session: ExperimentSession;
  /** The last full data sent to the webview (or being prepared); tests and reloads read it. */
  private data: Promise<ExperimentPanelData> | undefined;
  /** The copy of the file the current data was built from. */
  private loadedFrom: SimCashFile | undefined;
  private webviewReady = false;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly registry: DatabaseRegistry,
    private readonly tree: TreeRevealer,
    readonly filePath: string,
    readonly experimentId: string,
    onDispose: () => void,
  ) {
    this.session = new ExperimentSession(filePath, experimentId, () => registry.open(filePath));
    webviewPanel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'simcash.svg');
    webviewPanel.webview.html = webviewHtml(webviewPanel.webview, extensionUri, 'experiment', `Experiment ${experimentId}`, ['uplot.min.css']);
    // Start reading while the webview boots: by the time it says "ready" most of the data is there.
    this.data = this.load();
    this.subscriptions.push(
      webviewPanel.webview.onDidReceiveMessage((message: ExperimentWebviewMessage) => {
        this.handle(message).catch((error: unknown) => this.fail(error));
      }),
      registry.onDidChange((changed) => {
        if (changed !== undefined && changed !== this.filePath) return;
        if (!this.registry.paths.includes(this.filePath)) {
          this.post({ type: 'error', title: experimentId, message: `${path.basename(this.filePath)} was closed. Reload to open it again.` });
          return;
        }
        // The file was read again from disk: show the new copy. (The registry also fires when our own first read
        // completes; that copy is the one the data is being built from.)
        void this.registry.open(this.filePath).then(
          (file) => {
            if (file === this.loadedFrom) return;
            this.data = this.load();
            if (this.webviewReady) void this.send();
          },
          (error: unknown) => this.fail(error),
        );
      }),
      webviewPanel.onDidDispose(() => {
        this.disposed = true;
        this.subscriptions.forEach((d) => d.dispose());
        onDispose();
      }),
    );
  }

  /** The data of the current load (resolves once it was built; rejects when the load failed). */
  whenLoaded(): Promise<ExperimentPanelData> {
    this.data ??= this.load();
    return this.data;
  }

  reveal(): void {
    this.webviewPanel.reveal();
  }

  dispose(): void {
    this.webviewPanel.dispose();
  }

  private load(): Promise<ExperimentPanelData> {
    const started = performance.now();
    const data = (async () => {
      this.loadedFrom = await this.registry.open(this.filePath);
      return this.session.load(await availableActions());
    })();
    data.then(
      (d) => {
        this.webviewPanel.title = `Experiment ${d.header.name}`;
        log().info(`Experiment ${this.experimentId} of ${this.filePath}: panel data in ${Math.round(performance.now() - started)} ms`);
      },
      () => undefined,
    );
    return data;
  }

  private async send(): Promise<void> {
    this.post({ type: 'loading', title: this.experimentId, filePath: this.filePath, experimentId: this.experimentId });
    try {
      this.post({ type: 'data', data: await this.whenLoaded() });
    } catch (error) {
      this.data = undefined;
      this.fail(error);
    }
  }

  private async handle(message: ExperimentWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        return this.send();
      case 'refresh':
        // Reloading fires the registry's change event, which rebuilds and sends the data.
        await (this.registry.paths.includes(this.filePath) ? this.registry.reload(this.filePath) : this.registry.open(this.filePath));
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage(`Copied ${message.text.length > 60 ? `${message.text.slice(0, 59)}…` : message.text}`, 3000);
        return;
      case 'openSimulation':
        return this.openSimulation(message.simulationId, message.action);
      case 'migrate': {
        const command = await firstCommand(MIGRATE_COMMANDS);
        if (command) await vscode.commands.executeCommand(command, vscode.Uri.file(this.filePath));
        return;
      }
      case 'diff':
      case 'llmInteraction':
      case 'compare':
      case 'experimentEvents':
        try {
          this.post(await this.session.answer(message));
        } catch (error) {
          this.post({ type: 'requestFailed', request: message.type, message: errorText(error) });
        }
        return;
    }
  }

  /** What the iterations table's links do: show the run in the tree, or open its events or replay. */
  async openSimulation(simulationId: string, action: 'events' | 'replay' | 'reveal'): Promise<void> {
    if (action === 'reveal') {
      await this.tree.revealSimulation(this.filePath, simulationId);
      return;
    }
    const command = action === 'events' ? SHOW_EVENTS_COMMAND : OPEN_REPLAY_COMMAND;
    if (!(await firstCommand([command]))) {
      void vscode.window.showInformationMessage(`This window has no "${command}" command, so ${simulationId} cannot be opened that way.`);
      return;
    }
    // Both commands take a `{ filePath, simulationId }` target (the events panel's takes no positional form).
    await vscode.commands.executeCommand(command, { filePath: this.filePath, simulationId });
  }

  private post(message: ExperimentHostMessage): void {
    if (!this.disposed) void this.webviewPanel.webview.postMessage(message);
  }

  private fail(error: unknown): void {
    log().error(`Experiment ${this.experimentId} of ${this.filePath}: ${errorText(error)}`);
    this.post({ type: 'error', title: this.experimentId, message: errorText(error) });
  }
}

function panelKey(filePath: string, experimentId: string): string {
  return `${path.resolve(filePath)}\u0000${experimentId}`;
}

async function availableActions(): Promise<ExperimentActions> {
  const commands = new Set(await vscode.commands.getCommands(true));
  return {
    showEvents: commands.has(SHOW_EVENTS_COMMAND),
    openReplay: commands.has(OPEN_REPLAY_COMMAND),
    revealInTree: true,
    migrate: MIGRATE_COMMANDS.some((c) => commands.has(c)),
  };
}

async function firstCommand(candidates: readonly string[]): Promise<string | undefined> {
  const commands = new Set(await vscode.commands.getCommands(true));
  return candidates.find((c) => commands.has(c));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
