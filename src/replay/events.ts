/**
 * The events the fold consumes, and their sources: stored rows (details parsed lazily, since most events the fold
 * sees never need their details read), listing records, and simulator output.
 */
import type { EventRecord } from '../model';
import type { EventBuilder, StoredEvent } from '../model/replayData';

export interface ReplayEvent {
  readonly tick: number;
  readonly type: string;
  /** Acting agent (the sender for payment events), if any. */
  readonly agentId: string | null;
  readonly txId: string | null;
  /** The event's remaining fields. */
  readonly details: Readonly<Record<string, unknown>>;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** A stored event whose details JSON is parsed on first access. Unreadable details read as empty. */
class LazyEvent implements ReplayEvent {
  readonly tick: number;
  readonly type: string;
  readonly agentId: string | null;
  readonly txId: string | null;
  private raw: string | null;
  private parsed: Readonly<Record<string, unknown>> | undefined;

  constructor(tick: number, type: string, agentId: string | null, txId: string | null, details: string | null) {
    this.tick = tick;
    this.type = type;
    this.agentId = agentId;
    this.txId = txId;
    this.raw = details;
  }

  get details(): Readonly<Record<string, unknown>> {
    if (this.parsed === undefined) {
      this.parsed = parseDetails(this.raw);
      this.raw = null;
    }
    return this.parsed;
  }
}

function parseDetails(text: string | null): Readonly<Record<string, unknown>> {
  if (text === null || text === '') {
    return EMPTY;
  }
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : EMPTY;
  } catch {
    return EMPTY;
  }
}

export function fromStoredEvent(stored: StoredEvent): ReplayEvent {
  return new LazyEvent(stored.tick, stored.event_type, stored.agent_id, stored.tx_id, stored.details);
}

/** Builds replay events straight from a reader's fields (see eventsByTick), without an intermediate row. */
export const replayEventBuilder: EventBuilder<ReplayEvent> = (_seq, tick, type, agentId, txId, details) => new LazyEvent(tick, type, agentId, txId, details);

export function fromEventRecord(record: EventRecord): ReplayEvent {
  return { tick: record.tick, type: record.event_type, agentId: record.agent_id, txId: record.tx_id, details: record.details };
}

/** Simulator output (src/sample/output.ts SimEvent) has the same shape with column names. */
export function fromSimEvent(e: { tick: number; event_type: string; agent_id: string | null; tx_id: string | null; details: Record<string, unknown> }): ReplayEvent {
  return { tick: e.tick, type: e.event_type, agentId: e.agent_id, txId: e.tx_id, details: e.details };
}

/** A finite number field of an event's details, or null. */
export function numberField(e: ReplayEvent, key: string): number | null {
  const v = e.details[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function stringField(e: ReplayEvent, key: string): string | null {
  const v = e.details[key];
  return typeof v === 'string' ? v : null;
}

/** A {name: number} field (net_positions, balances_before, costs), with non-numbers dropped. */
export function numberMapField(e: ReplayEvent, key: string): Record<string, number> | null {
  const v = e.details[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return null;
  }
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'number' && Number.isFinite(x)) {
      out[k] = x;
    }
  }
  return out;
}

export function stringListField(e: ReplayEvent, key: string): string[] {
  const v = e.details[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
