import type { EventsHostMessage, EventsWebviewMessage } from '../../src/protocol/events';
import { channel } from '../shared/host';

/** The events panel's channel to the extension host, typed by src/protocol/events.ts. */
const host = channel<EventsHostMessage, EventsWebviewMessage>();

export function post(message: EventsWebviewMessage): void {
  host.post(message);
}

export function onMessage(handler: (message: EventsHostMessage) => void): void {
  host.onMessage(handler);
}

/** What the panel keeps across hide/show and window reloads (the host's serializer reads the same object). */
export interface SavedState {
  filePath: string;
  simulationId: string;
  /** URL-like view state (src/protocol/eventsState.ts). */
  view: string;
}

export function savedState(): SavedState | null {
  const s = host.getState() as Partial<SavedState> | null | undefined;
  return s && typeof s.filePath === 'string' && typeof s.simulationId === 'string' ? { filePath: s.filePath, simulationId: s.simulationId, view: typeof s.view === 'string' ? s.view : '' } : null;
}

export function saveState(state: SavedState): void {
  host.setState(state);
}

export { installStyles } from '../shared/host';
