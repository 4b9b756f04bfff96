import type { ReplayHostMessage, ReplayViewState, ReplayWebviewMessage } from '../../src/protocol/replay';

interface VsCodeApi {
  postMessage(message: ReplayWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/**
 * The replay panel's channel to the extension host, typed by src/protocol/replay.ts. (webview/shared/host.ts is
 * typed by the overview's protocol, and acquireVsCodeApi may be called only once per page.)
 */
const api = acquireVsCodeApi();

export function post(message: ReplayWebviewMessage): void {
  api.postMessage(message);
}

export function onMessage(handler: (message: ReplayHostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<ReplayHostMessage>) => handler(event.data));
}

/** The state saved before (the panel was hidden, or the window reloaded), if it is a replay's. */
export function savedState(): ReplayViewState | null {
  const s = api.getState() as Partial<ReplayViewState> | null | undefined;
  return s && typeof s.filePath === 'string' && typeof s.simulationId === 'string' && typeof s.tick === 'number' ? (s as ReplayViewState) : null;
}

export function saveState(state: ReplayViewState): void {
  api.setState(state);
}

/** Adds the panel's stylesheet as a <style> with the page's nonce (the CSP allows no other inline style). */
export function installStyles(css: string): void {
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
  const style = document.createElement('style');
  style.nonce = nonce;
  style.textContent = css;
  document.head.append(style);
}
