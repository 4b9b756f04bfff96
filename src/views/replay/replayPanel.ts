/**
 * The replay panels: one webview panel per (database, simulation), each driven by a ReplayController. The manager
 * opens or reveals panels, restores them after a window reload (a panel serializer; the webview stores its target
 * and tick with setState), follows the database when it is reloaded or closed, and knows the active panel for the
 * palette commands.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../../databaseRegistry';
import { log } from '../../log';
import { REPLAY_VIEW_TYPE, type ReplayHostMessage, type ReplayTarget, type ReplayViewState, type ReplayWebviewMessage } from '../../protocol/replay';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { ReplayController } from './replayController';

/** Commands of the events panel the replay links to, when they exist in this window (src/commands/eventCommands.ts). */
export const TRACE_COMMAND = 'simcash.showTransactionTrace';
export const EVENTS_COMMAND = 'simcash.showEvents';

async function commandExists(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}

export class ReplayPanel implements vscode.Disposable {
  readonly controller: ReplayController;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly target: ReplayTarget,
    private readonly manager: ReplayPanelManager,
    private readonly registry: DatabaseRegistry,
    extensionUri: vscode.Uri,
    initialTick: number | undefined,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'simcash.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'replay', panel.title, ['uplot.min.css']);
    this.controller = new ReplayController(
      target,
      {
        openFile: (filePath) => registry.open(filePath),
        post: (message: ReplayHostMessage) => void panel.webview.postMessage(message),
        actions: async () => ({ canTrace: await commandExists(TRACE_COMMAND), canShowEvents: await commandExists(EVENTS_COMMAND) }),
      },
      initialTick ?? 0,
    );
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: ReplayWebviewMessage) => this.handle(message).catch((error: unknown) => log().error(`Replay panel: ${String(error)}`))),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.active) manager.setActive(this);
        // Hidden webviews are destroyed (no retainContextWhenHidden); the page attaches again when shown.
        if (!webviewPanel.visible) this.controller.detach();
      }),
      panel.onDidDispose(() => this.dispose()),
      registry.onDidChange((changed) => {
        if (changed === undefined || changed === target.filePath) void this.databaseChanged();
      }),
    );
    void this.controller.load().then(() => {
      const name = this.controller.shortName;
      if (name && !this.disposed) panel.title = `Replay: ${name}`;
    });
  }

  /** Reveals the panel and, when given, moves to `tick`. */
  async reveal(tick?: number): Promise<void> {
    this.panel.reveal();
    if (tick !== undefined) {
      await this.controller.load();
      await this.controller.goto(tick);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.controller.dispose();
    this.subscriptions.forEach((d) => d.dispose());
    this.manager.forget(this);
    this.panel.dispose();
  }

  private async handle(message: ReplayWebviewMessage): Promise<void> {
    const { filePath, simulationId } = this.target;
    switch (message.type) {
      case 'ready':
        return this.controller.attach(message.state?.simulationId === simulationId ? message.state.tick : undefined);
      case 'goto':
        await this.controller.goto(message.tick, message.seq, { lists: message.lists ?? true, queue: message.queue ?? '' });
        return;
      case 'prefetch':
        await this.controller.prefetch(message);
        return;
      case 'position':
        return this.controller.position(message.tick);
      case 'openTrace':
        if (await commandExists(TRACE_COMMAND)) {
          await vscode.commands.executeCommand(TRACE_COMMAND, { filePath, simulationId }, message.txId);
        } else {
          await vscode.env.clipboard.writeText(message.txId);
          void vscode.window.showInformationMessage(`Transaction traces are not available in this window; ${message.txId} was copied to the clipboard.`);
        }
        return;
      case 'openEvents':
        // The events panel takes its view state as a query string (src/protocol/eventsState.ts): this tick only.
        if (await commandExists(EVENTS_COMMAND)) await vscode.commands.executeCommand(EVENTS_COMMAND, { filePath, simulationId, state: `from=${message.tick}&to=${message.tick}` });
        return;
      case 'openSimulation':
        // The nearest replayable simulation replaces the explanation page.
        await this.manager.open({ filePath, simulationId: message.simulationId });
        this.dispose();
        return;
      case 'checkSnapshots':
        return this.controller.checkSnapshots();
      case 'cancel':
        return this.controller.cancel();
      case 'retry':
        return this.controller.reload();
      case 'copy':
        return vscode.env.clipboard.writeText(message.text);
    }
  }

  /** The registry reloaded or closed the file: reopen the replay on the new copy, or say it is gone. */
  private async databaseChanged(): Promise<void> {
    if (this.disposed || this.controller.state === 'loading') return;
    const key = path.resolve(this.target.filePath);
    if (!this.registry.paths.includes(key)) {
      // Closed from the tree: the session's queries would fail. Offer to open it again.
      this.controller.closed();
      return;
    }
    const file = await this.registry.open(key).catch(() => null);
    if (file && file !== this.controller.file && this.controller.file !== null) {
      log().info(`Replay of ${this.target.simulationId}: ${key} changed on disk; reopening the replay`);
      await this.controller.reload();
    }
  }
}

export class ReplayPanelManager implements vscode.Disposable {
  private readonly panels = new Set<ReplayPanel>();
  private activePanel: ReplayPanel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly registry: DatabaseRegistry,
  ) {
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(REPLAY_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.restore(panel, state),
      }),
    );
  }

  /** The replay panel last focused (palette commands act on it), if it is still open. */
  get active(): ReplayPanel | undefined {
    return this.activePanel;
  }

  get all(): readonly ReplayPanel[] {
    return [...this.panels];
  }

  /** The panel of a simulation, if one is open. */
  find(target: ReplayTarget): ReplayPanel | undefined {
    const key = path.resolve(target.filePath);
    return this.all.find((p) => path.resolve(p.target.filePath) === key && p.target.simulationId === target.simulationId);
  }

  /** Opens a replay panel (or reveals the open one) at `tick` (default: where it was, or tick 0). */
  async open(target: ReplayTarget, tick?: number): Promise<ReplayPanel> {
    const normalized = { filePath: path.resolve(target.filePath), simulationId: target.simulationId };
    const existing = this.find(normalized);
    if (existing) {
      await existing.reveal(tick);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(REPLAY_VIEW_TYPE, `Replay: ${normalized.simulationId}`, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    return this.adopt(panel, normalized, tick);
  }

  setActive(panel: ReplayPanel): void {
    this.activePanel = panel;
  }

  forget(panel: ReplayPanel): void {
    this.panels.delete(panel);
    if (this.activePanel === panel) this.activePanel = undefined;
  }

  dispose(): void {
    for (const panel of this.all) panel.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }

  private adopt(panel: vscode.WebviewPanel, target: ReplayTarget, tick: number | undefined): ReplayPanel {
    const replay = new ReplayPanel(panel, target, this, this.registry, this.extensionUri, tick);
    this.panels.add(replay);
    this.activePanel = replay;
    return replay;
  }

  /** A panel VS Code kept across a window reload: reopen its simulation at the tick it showed. */
  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isViewState(state)) {
      panel.dispose();
      return;
    }
    // A new panel gets its options when created; a restored one gets them here (setting them again reloads the page).
    panel.webview.options = webviewOptions(this.extensionUri);
    this.adopt(panel, { filePath: state.filePath, simulationId: state.simulationId }, state.tick);
  }
}

function isViewState(value: unknown): value is ReplayViewState {
  const s = value as Partial<ReplayViewState> | null;
  return typeof s?.filePath === 'string' && typeof s.simulationId === 'string' && typeof s.tick === 'number';
}
