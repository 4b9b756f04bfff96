/**
 * The events panels: one webview panel per (database, simulation), reused when opened again. Each wraps an
 * EventsController; this module adds what needs VS Code: the WebviewPanel and its HTML, the panel serializer
 * (panels come back after a window reload with their view state), reloading when the file changes on disk, the
 * export dialog and the context key that enables the panel commands.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../../databaseRegistry';
import { EVENTS_VIEW_TYPE, type EventExportFormat, type EventsHostMessage, type EventsWebviewMessage } from '../../protocol/events';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { log } from '../../log';
import { EventsController } from './eventsController';
import { eventsSettings } from './eventsSettings';
import { exportWithProgress } from './exportFlow';

/** What the webview keeps with setState and the serializer hands back after a reload. */
interface PersistedState {
  filePath: string;
  simulationId: string;
  /** URL-like view state (src/protocol/eventsState.ts). */
  view?: string;
}

function isPersistedState(value: unknown): value is PersistedState {
  const v = value as Partial<PersistedState> | null;
  return typeof v?.filePath === 'string' && typeof v.simulationId === 'string';
}

/** The replay command (src/commands/replayCommands.ts) takes (filePath, simulationId, tick). */
const OPEN_REPLAY_COMMAND = 'simcash.openReplay';

/** Context key: true while an events panel is the active editor (enables the panel commands in the palette). */
export const EVENTS_PANEL_FOCUS = 'simcash.eventsPanelFocus';

export class EventsPanel implements vscode.Disposable {
  readonly controller: EventsController;
  private readonly disposables: vscode.Disposable[] = [];
  private exportAbort?: AbortController;
  private disposed = false;
  /** The database was closed while the panel was open; set until it is opened again. */
  private fileClosed = false;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly filePath: string,
    readonly simulationId: string,
    private readonly panels: EventsPanels,
    extensionUri: vscode.Uri,
    registry: DatabaseRegistry,
    restore: string | null,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'simcash.svg');
    panel.title = `Events: ${simulationId}`;
    const fileName = path.basename(filePath);
    this.controller = new EventsController(filePath, simulationId, {
      // A database closed from the tree stays closed: the panel does not open it again behind the person's back.
      file: () => (this.fileClosed ? Promise.reject(new Error(`${fileName} was closed. Reopen it to read its events again.`)) : registry.open(filePath)),
      post: (message: EventsHostMessage) => void panel.webview.postMessage(message),
      settings: eventsSettings,
      requestExport: (format) => void this.export(format).catch(() => undefined),
      cancelExport: () => this.exportAbort?.abort(),
      openSimulation: (id) => void panels.show(filePath, id),
      openReplay: (tick) => void vscode.commands.executeCommand(OPEN_REPLAY_COMMAND, filePath, simulationId, tick),
      copy: (text) => void vscode.env.clipboard.writeText(text),
      log: (message) => log().warn(message),
      reopen: async () => {
        this.fileClosed = false;
        await registry.open(filePath);
        await this.controller.reset();
      },
    });
    if (restore !== null) this.controller.applyState(restore);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: EventsWebviewMessage) => void this.controller.handle(message)),
      panel.onDidChangeViewState(() => panels.updateFocus()),
      panel.onDidDispose(() => this.dispose()),
      // The registry reloads the file when it changes on disk: re-read the events from the new copy. When the file is
      // closed, say so and wait; when it is opened again (here or elsewhere), read it again.
      registry.onDidChange((changed) => {
        if (changed !== undefined && changed !== filePath) return;
        const open = registry.paths.includes(filePath);
        if (!open && !this.fileClosed && changed === filePath) {
          this.fileClosed = true;
          this.controller.closed(fileName);
        } else if (open && (changed === filePath || !this.fileClosed)) {
          this.fileClosed = false;
          void this.controller.reset().catch((error: unknown) => log().error(String(error)));
        }
      }),
    );
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'events', `Events: ${simulationId}`);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** True while the database is closed (from the tree) and the panel waits to be told to reopen it. */
  get fileIsClosed(): boolean {
    return this.fileClosed;
  }

  /** Shows a view state (filters, position, open trace) in the panel. */
  applyState(state: string): void {
    this.controller.applyState(state);
  }

  /** Opens a transaction's trace in the panel. */
  async showTrace(txId: string): Promise<void> {
    await this.controller.handle({ type: 'trace', txId });
  }

  /** Exports the panel's filtered events; without `target` the user picks the file. */
  async export(format: EventExportFormat = 'csv', target?: vscode.Uri) {
    if (this.exportAbort) {
      void vscode.window.showInformationMessage('An export of this panel is already running.');
      return undefined;
    }
    this.exportAbort = new AbortController();
    try {
      return await exportWithProgress(this.controller, { format, target, cancel: this.exportAbort });
    } finally {
      this.exportAbort = undefined;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.exportAbort?.abort();
    this.controller.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
    this.closed.fire();
    this.closed.dispose();
    this.panels.forget(this);
  }
}

/** The open events panels, by database and simulation. */
export class EventsPanels implements vscode.Disposable {
  private readonly open = new Map<string, EventsPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private lastActive?: EventsPanel;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly registry: DatabaseRegistry,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(EVENTS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          if (!isPersistedState(state)) {
            panel.dispose();
            return;
          }
          this.adopt(panel, path.resolve(state.filePath), state.simulationId, state.view ?? null);
        },
      }),
    );
  }

  private static key(filePath: string, simulationId: string): string {
    return `${path.resolve(filePath)}\n${simulationId}`;
  }

  /** Opens (or reveals) the panel of a simulation; `state` sets its filters and position. */
  show(filePath: string, simulationId: string, state?: string): EventsPanel {
    const existing = this.get(filePath, simulationId);
    if (existing) {
      existing.reveal();
      if (state !== undefined) existing.applyState(state);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(EVENTS_VIEW_TYPE, `Events: ${simulationId}`, vscode.ViewColumn.Active, { retainContextWhenHidden: false, enableFindWidget: false });
    return this.adopt(panel, path.resolve(filePath), simulationId, state ?? null);
  }

  get(filePath: string, simulationId: string): EventsPanel | undefined {
    return this.open.get(EventsPanels.key(filePath, simulationId));
  }

  /** Every open panel. */
  get all(): EventsPanel[] {
    return [...this.open.values()];
  }

  /** The active events panel, or the one used last. */
  get active(): EventsPanel | undefined {
    return this.all.find((p) => p.panel.active) ?? (this.lastActive && this.open.has(EventsPanels.key(this.lastActive.filePath, this.lastActive.simulationId)) ? this.lastActive : undefined);
  }

  updateFocus(): void {
    const active = this.all.find((p) => p.panel.active);
    if (active) this.lastActive = active;
    void vscode.commands.executeCommand('setContext', EVENTS_PANEL_FOCUS, active !== undefined);
  }

  forget(panel: EventsPanel): void {
    const key = EventsPanels.key(panel.filePath, panel.simulationId);
    if (this.open.get(key) === panel) this.open.delete(key);
    if (this.lastActive === panel) this.lastActive = undefined;
    this.updateFocus();
  }

  private adopt(webviewPanel: vscode.WebviewPanel, filePath: string, simulationId: string, state: string | null): EventsPanel {
    const panel = new EventsPanel(webviewPanel, filePath, simulationId, this, this.extensionUri, this.registry, state);
    this.open.set(EventsPanels.key(filePath, simulationId), panel);
    this.lastActive = panel;
    this.updateFocus();
    return panel;
  }

  dispose(): void {
    for (const panel of this.all) panel.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
