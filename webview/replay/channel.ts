import type { ReplayHostMessage, ReplayViewState, ReplayWebviewMessage } from '../../src/protocol/replay';
import { channel } from '../shared/host';

/** The replay panel's channel to the extension host, typed by src/protocol/replay.ts. */
const host = channel<ReplayHostMessage, ReplayWebviewMessage>();

export function post(message: ReplayWebviewMessage): void {
  host.post(message);
}

export function onMessage(handler: (message: ReplayHostMessage) => void): void {
  host.onMessage(handler);
}

/** The state saved before (the panel was hidden, or the window reloaded), if it is a replay's. */
export function savedState(): ReplayViewState | null {
  const s = host.getState() as Partial<ReplayViewState> | null | undefined;
  return s && typeof s.filePath === 'string' && typeof s.simulationId === 'string' && typeof s.tick === 'number' ? (s as ReplayViewState) : null;
}

export function saveState(state: ReplayViewState): void {
  host.setState(state);
}

export { installStyles } from '../shared/host';
