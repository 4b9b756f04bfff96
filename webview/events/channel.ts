import type { EventsHostMessage, EventsWebviewMessage } from '../../src/protocol/events';

interface VsCodeApi {
  postMessage(message: EventsWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/**
 * The events panel's channel to the extension host, typed by src/protocol/events.ts. (webview/shared/host.ts is
 * typed by the overview's protocol, and acquireVsCodeApi may be called only once per page.)
 */
const api = acquireVsCodeApi();

export function post(message: EventsWebviewMessage): void {
  api.postMessage(message);
}

export function onMessage(handler: (message: EventsHostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<EventsHostMessage>) => handler(event.data));
}

/** What the panel keeps across hide/show and window reloads (the host's serializer reads the same object). */
export interface SavedState {
  filePath: string;
  simulationId: string;
  /** URL-like view state (src/protocol/eventsState.ts). */
  view: string;
}

export function savedState(): SavedState | null {
  const s = api.getState() as Partial<SavedState> | null | undefined;
  return s && typeof s.filePath === 'string' && typeof s.simulationId === 'string' ? { filePath: s.filePath, simulationId: s.simulationId, view: typeof s.view === 'string' ? s.view : '' } : null;
}

export function saveState(state: SavedState): void {
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
