import type { ExperimentHostMessage, ExperimentViewState, ExperimentWebviewMessage } from '../../src/protocol/experiment';
import { channel } from '../shared/host';

/** The experiment panel's channel to the extension host, typed by src/protocol/experiment.ts. */
const host = channel<ExperimentHostMessage, ExperimentWebviewMessage>();

export function post(message: ExperimentWebviewMessage): void {
  host.post(message);
}

export function onMessage(handler: (message: ExperimentHostMessage) => void): void {
  host.onMessage(handler);
}

/** The saved view state, if it belongs to a panel (a restored panel's state names its file and experiment). */
export function savedState(): Partial<ExperimentViewState> {
  const state = host.getState();
  return typeof state === 'object' && state !== null ? (state as Partial<ExperimentViewState>) : {};
}

let current: Partial<ExperimentViewState> = savedState();

/** Merges `patch` into the saved state (kept by VS Code while the panel is hidden and across window reloads). */
export function saveState(patch: Partial<ExperimentViewState>): void {
  current = { ...current, ...patch };
  host.setState(current);
}

export function state(): Partial<ExperimentViewState> {
  return current;
}
