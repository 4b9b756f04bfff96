import { openSimCashFile } from '../model';
import type { SimCashFile } from '../model';

/** Where the CLI writes; process.stdout/stderr in the bin, string buffers in tests. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

/** A failure the user can fix (bad option value, nothing to show); printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** What every command handler gets. */
export class CliContext {
  constructor(readonly io: CliIo) {}

  out(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  err(text: string): void {
    this.io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Machine-readable output: pretty-printed JSON on stdout. */
  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Opens a file on the calling thread for the duration of `fn`. */
  async withFile<T>(filePath: string, fn: (file: SimCashFile) => Promise<T>): Promise<T> {
    const file = await openSimCashFile(filePath, { worker: false });
    try {
      return await fn(file);
    } finally {
      await file.close();
    }
  }
}
