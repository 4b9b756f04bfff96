import * as vscode from 'vscode';
import * as path from 'node:path';
import { openSimCashFile, type SimCashFile } from './model';
import { log, timed } from './log';
import { settings } from './settings';

/** Milliseconds to wait after the last change on disk before reloading (writers touch a file many times). */
const RELOAD_DEBOUNCE_MS = 500;

/**
 * The databases open in this window, shared by the custom editor and the tree so that one file is loaded once.
 * Each file is loaded into its own worker thread; closing it frees the worker and the in-memory copy. While a
 * file is open it is watched: when another program rewrites it (an experiment still running), it is read again
 * and every view is told, after the writes have settled.
 */
export class DatabaseRegistry implements vscode.Disposable {
  /** Listed databases; `file` is undefined until loaded, and again after a failed load so that the next request retries. */
  private readonly entries = new Map<string, { file?: Promise<SimCashFile> }>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the file's path when a database is opened, reloaded or closed (undefined: several changed). */
  readonly onDidChange = this.changed.event;

  /** Paths of the open databases, in opening order. */
  get paths(): string[] {
    return [...this.entries.keys()];
  }

  /** Returns the loaded file, loading it (once) if needed. A file that fails to load stays listed with its error. */
  open(filePath: string): Promise<SimCashFile> {
    const key = path.resolve(filePath);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
      this.watch(key);
    }
    if (!entry.file) {
      const file = timed(`Opened ${key}`, () => openSimCashFile(key, { worker: true }));
      entry.file = file;
      const current = entry;
      file.then(
        (opened) => {
          for (const warning of opened.db.info.warnings) log().warn(`${key}: ${warning}`);
          this.changed.fire(key);
        },
        () => {
          if (current.file === file) current.file = undefined;
          this.changed.fire(key);
        },
      );
    }
    return entry.file;
  }

  /** Drops the in-memory copy and reads the file again. */
  async reload(filePath: string): Promise<SimCashFile> {
    const key = path.resolve(filePath);
    const previous = this.entries.get(key)?.file;
    const entry = this.entries.get(key);
    if (entry) entry.file = undefined;
    const next = this.open(key);
    await previous?.then((opened) => opened.close(), () => undefined);
    return next;
  }

  async close(filePath: string): Promise<void> {
    const key = path.resolve(filePath);
    const file = this.entries.get(key)?.file;
    this.entries.delete(key);
    this.watchers.get(key)?.dispose();
    this.watchers.delete(key);
    if (file) {
      await file.then((opened) => opened.close(), () => undefined);
      log().info(`Closed ${key}`);
    }
    this.changed.fire(key);
  }

  dispose(): void {
    for (const key of this.paths) {
      void this.close(key);
    }
    this.changed.dispose();
  }

  private watch(key: string): void {
    if (this.watchers.has(key)) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(key)), path.basename(key)));
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
      if (!settings().autoReload) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (!this.entries.has(key)) return;
        log().info(`${key} changed on disk; reloading`);
        this.reload(key).catch((error: unknown) => log().error(`Reloading ${key} failed: ${error instanceof Error ? error.message : String(error)}`));
      }, RELOAD_DEBOUNCE_MS);
    };
    this.watchers.set(key, vscode.Disposable.from(watcher, watcher.onDidChange(schedule), watcher.onDidCreate(schedule), { dispose: () => clearTimeout(timer) }));
  }
}
