/**
 * The events panel's view state as a URL-like query string (`types=Arrival,PolicyHold&agent=BANK_A&top=1200`):
 * what the webview keeps across hide/show (setState), what the panel serializer restores after a reload, and what
 * commands and tests hand to a panel. Shared by the host and the webview; no imports beyond the filter's type.
 */
import type { EventTableFilter } from '../model/eventRows';

export interface EventsViewState {
  filter: EventTableFilter;
  /** First visible row. */
  top: number;
  /** The row with the keyboard focus. */
  selected: number | null;
  /** The row whose details are expanded. */
  expanded: number | null;
  /** The transaction whose trace is open. */
  trace: string | null;
}

export const EMPTY_VIEW_STATE: EventsViewState = { filter: {}, top: 0, selected: null, expanded: null, trace: null };

function int(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

/** Encodes a state; keys with default values are left out, so an unfiltered panel at the top encodes as ''. */
export function encodeViewState(state: EventsViewState): string {
  const q = new URLSearchParams();
  const f = state.filter;
  if (f.fromTick !== undefined) q.set('from', String(f.fromTick));
  if (f.toTick !== undefined) q.set('to', String(f.toTick));
  if (f.day !== undefined) q.set('day', String(f.day));
  if (f.eventTypes && f.eventTypes.length > 0) q.set('types', f.eventTypes.join(','));
  if (f.agentId) q.set('agent', f.agentId);
  if (f.txId) q.set('tx', f.txId);
  if (f.text) q.set('q', f.text);
  if (state.top > 0) q.set('top', String(state.top));
  if (state.selected !== null) q.set('sel', String(state.selected));
  if (state.expanded !== null) q.set('open', String(state.expanded));
  if (state.trace) q.set('trace', state.trace);
  return q.toString();
}

/** Decodes a state; unknown keys and malformed values are ignored (a hand-edited link never breaks the panel). */
export function decodeViewState(text: string | null | undefined): EventsViewState {
  const q = new URLSearchParams(text ?? '');
  const filter: EventTableFilter = {};
  const from = int(q.get('from'));
  const to = int(q.get('to'));
  const day = int(q.get('day'));
  if (from !== undefined) filter.fromTick = from;
  if (to !== undefined) filter.toTick = to;
  if (day !== undefined && day >= 0) filter.day = day;
  const types = (q.get('types') ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (types.length > 0) filter.eventTypes = types;
  const agent = q.get('agent');
  if (agent) filter.agentId = agent;
  const tx = q.get('tx');
  if (tx) filter.txId = tx;
  const search = q.get('q');
  if (search) filter.text = search;
  return {
    filter,
    top: Math.max(0, int(q.get('top')) ?? 0),
    selected: int(q.get('sel')) ?? null,
    expanded: int(q.get('open')) ?? null,
    trace: q.get('trace') || null,
  };
}

/** True when two filters select the same rows (order of types aside). */
export function sameFilter(a: EventTableFilter, b: EventTableFilter): boolean {
  return encodeViewState({ ...EMPTY_VIEW_STATE, filter: normalise(a) }) === encodeViewState({ ...EMPTY_VIEW_STATE, filter: normalise(b) });
}

function normalise(f: EventTableFilter): EventTableFilter {
  return { ...f, eventTypes: f.eventTypes ? [...f.eventTypes].sort() : undefined };
}
