import * as vscode from 'vscode';
import * as path from 'node:path';
import { openSimCashFile, type SimCashFile } from './model';
import { log, timed } from './log';

/**
 * The databases open in this window, shared by the custom editor and the tree so that one file is loaded once.
 * Each file is loaded into its own worker thread; closing it frees the worker and the in-memory copy.
 */
export class DatabaseRegistry implements vscode.Disposable {
  private readonly files = new Map<string, Promise<SimCashFile>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a database is opened, reloaded or closed. */
  readonly onDidChange = this.changed.event;

  /** Paths of the open databases, in opening order. */
  get paths(): string[] {
    return [...this.files.keys()];
  }

  /** Returns the loaded file, loading it (once) if needed. */
  open(filePath: string): Promise<SimCashFile> {
    const key = path.resolve(filePath);
    let file = this.files.get(key);
    if (!file) {
      file = timed(`Opened ${key}`, () => openSimCashFile(key, { worker: true }));
      this.files.set(key, file);
      file.then(
        (opened) => {
          for (const warning of opened.db.info.warnings) log().warn(`${key}: ${warning}`);
          this.changed.fire();
        },
        () => {
          // A file that failed to open is not kept: the next attempt reads it again.
          this.files.delete(key);
          this.changed.fire();
        },
      );
    }
    return file;
  }

  /** Drops the in-memory copy and reads the file again (after it changed on disk). */
  async reload(filePath: string): Promise<SimCashFile> {
    await this.close(filePath, false);
    return this.open(filePath);
  }

  async close(filePath: string, notify = true): Promise<void> {
    const key = path.resolve(filePath);
    const file = this.files.get(key);
    this.files.delete(key);
    if (file) {
      await file.then((opened) => opened.close(), () => undefined);
      log().info(`Closed ${key}`);
    }
    if (notify) {
      this.changed.fire();
    }
  }

  dispose(): void {
    for (const key of this.paths) {
      void this.close(key, false);
    }
    this.changed.dispose();
  }
}
