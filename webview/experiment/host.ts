import type { ExperimentHostMessage, ExperimentViewState, ExperimentWebviewMessage } from '../../src/protocol/experiment';

interface VsCodeApi {
  postMessage(message: ExperimentWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/**
 * The experiment panel's channel to the extension host, typed by src/protocol/experiment.ts. (The shared
 * webview/shared/host.ts is typed by the overview's protocol; acquireVsCodeApi may only be called once per page, and
 * this bundle never loads that module.)
 */
const api = acquireVsCodeApi();

export function post(message: ExperimentWebviewMessage): void {
  api.postMessage(message);
}

export function onMessage(handler: (message: ExperimentHostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<ExperimentHostMessage>) => handler(event.data));
}

/** The saved view state, if it belongs to a panel (a restored panel's state names its file and experiment). */
export function savedState(): Partial<ExperimentViewState> {
  const state = api.getState();
  return typeof state === 'object' && state !== null ? (state as Partial<ExperimentViewState>) : {};
}

let current: Partial<ExperimentViewState> = savedState();

/** Merges `patch` into the saved state (kept by VS Code while the panel is hidden and across window reloads). */
export function saveState(patch: Partial<ExperimentViewState>): void {
  current = { ...current, ...patch };
  api.setState(current);
}

export function state(): Partial<ExperimentViewState> {
  return current;
}
