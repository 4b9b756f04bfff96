import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The "SimCash" log channel (Output view). Created on first use so that plain Node code never touches vscode. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('SimCash', { log: true });
  return channel;
}

/** Times an async step and logs how long it took, so slow files are visible in the log. */
export async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    log().info(`${what} (${Math.round(performance.now() - started)} ms)`);
    return result;
  } catch (error) {
    log().error(`${what} failed after ${Math.round(performance.now() - started)} ms: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}
