/**
 * Row shapes shared by the legacy writers: how the predecessor stored events, transactions and run rows. These
 * deliberately keep the predecessor's quirks that a migration has to cope with (each is noted where it happens).
 */
import type { SimEvent, SimulationOutput, TransactionRecord } from '../output';
import { uuidFrom } from '../writer/determinism';
import type { TableInserter } from '../writer/sqliteFile';

/** DuckDB's TIMESTAMP text form, `YYYY-MM-DD HH:MM:SS.ffffff`, for an epoch time in ms plus microseconds. */
export function duckTimestamp(ms: number, extraMicros = 0): string {
  const totalMicros = Math.round(ms * 1000) + extraMicros;
  const wholeMs = Math.floor(totalMicros / 1000);
  const micros = totalMicros - wholeMs * 1000;
  const iso = new Date(wholeMs).toISOString(); // 2025-12-14T10:00:00.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(micros).padStart(3, '0')}`;
}

/**
 * Writes events in the predecessor's row form: a uuid4 event_id (made deterministic here), wall-clock
 * event_timestamp/created_at taken while writing (all events were written at the end of the run, a few microseconds
 * apart, and that timestamp is the only within-tick order), and details holding the event's fields including the
 * ones copied to columns. `write` can be passed as the simulator's onEvent to stream a large run.
 */
export class LegacyEventWriter {
  count = 0;
  readonly write: (e: SimEvent) => void;

  constructor(inserter: TableInserter, simulationId: string, writtenAtMs: number) {
    this.write = (e) => {
      const i = this.count++;
      const details: Record<string, unknown> = {};
      if (e.tx_id !== null) details.tx_id = e.tx_id;
      const d = e.details;
      if (e.agent_id !== null && !('sender_id' in d) && !('sender' in d) && !('agent_a' in d)) details.agent_id = e.agent_id;
      Object.assign(details, d);
      inserter.insert({
        event_id: uuidFrom(`${simulationId}:event:${i}`),
        simulation_id: simulationId,
        tick: e.tick,
        day: e.day,
        event_timestamp: duckTimestamp(writtenAtMs, i * 7),
        event_type: e.event_type,
        details: JSON.stringify(details),
        agent_id: e.agent_id,
        tx_id: e.tx_id,
        created_at: duckTimestamp(writtenAtMs, i * 7 + 3),
      });
    };
  }
}

export function insertLegacyEvents(inserter: TableInserter, simulationId: string, events: readonly SimEvent[], writtenAtMs: number): number {
  const writer = new LegacyEventWriter(inserter, simulationId, writtenAtMs);
  for (const e of events) writer.write(e);
  return writer.count;
}

/**
 * The CLI wrote each transaction once, at the end of its arrival day, as it stood then, and never updated it
 * (simcash-persistence_cli.md §7 #2). A payment that settled on a later day therefore stays 'pending' (or
 * 'overdue') with no settlement tick. The status 'split' did not exist; split parents appear as settled or pending.
 */
export function legacyTransactionRow(tx: TransactionRecord, ticksPerDay: number): Record<string, unknown> {
  const endOfArrivalDay = (tx.arrival_day + 1) * ticksPerDay - 1;
  const settledLater = tx.settlement_tick !== null && tx.settlement_tick > endOfArrivalDay;
  const row: Record<string, unknown> = { ...tx, total_delay_ticks: tx.total_delay_ticks ?? 0 };
  if (tx.status === 'split') {
    row.status = tx.amount_settled >= tx.amount ? 'settled' : 'pending';
  }
  if (settledLater) {
    const overdue = tx.overdue_since_tick !== null && tx.overdue_since_tick <= endOfArrivalDay;
    row.status = overdue ? 'overdue' : 'pending';
    row.settlement_tick = null;
    row.settlement_day = null;
    row.amount_settled = 0;
    row.total_delay_ticks = endOfArrivalDay - tx.arrival_tick;
    if (!overdue) row.overdue_since_tick = null;
  } else if (tx.overdue_since_tick !== null && tx.overdue_since_tick > endOfArrivalDay) {
    row.overdue_since_tick = null;
  }
  return row;
}

/** Python's datetime.isoformat() text (no zone, microseconds) for one of our ISO-8601 UTC timestamps. */
export function pythonIso(iso: string): string {
  return `${iso.replace(/Z$/, '')}000`;
}

/** A legacy `simulations`/`simulation_runs` id: the CLI default `sim-<8 hex>`. */
export function legacySimulationId(label: string): string {
  return `sim-${uuidFrom(label).slice(0, 8)}`;
}

/** Ticks per second the predecessor reported (from the simulated duration). */
export function ticksPerSecond(output: SimulationOutput, durationSeconds: number): number {
  const ticks = output.ticksPerDay * output.numDays;
  return durationSeconds > 0 ? Math.round((ticks / durationSeconds) * 100) / 100 : 0;
}
