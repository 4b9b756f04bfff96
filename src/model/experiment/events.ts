import type { SimCashFile } from '../file';
import { asInteger, asString, parseJsonObject } from '../values';
import { experimentKeys, fileSchema } from './fileSchema';
import type { ExperimentEventPage } from './types';

export interface ExperimentEventFilter {
  eventType?: string;
  iteration?: number;
  offset?: number;
  /** Default 100, at most 1,000. */
  limit?: number;
}

/**
 * A page of an experiment's own events (experiment_events: iteration starts, evaluations, accepted and rejected
 * proposals, LLM summaries, ...), in the order they were written, with the counts per type for a filter. Served
 * by the (experiment, iteration) index; castro files have no such table and answer with an empty page.
 */
export async function listExperimentEvents(file: SimCashFile, experimentId: string, filter: ExperimentEventFilter = {}): Promise<ExperimentEventPage> {
  const schema = await fileSchema(file);
  const key = experimentKeys(file).experiment;
  const offset = Math.max(0, Math.floor(filter.offset ?? 0));
  if (!schema.hasColumns('experiment_events', key, 'event_type')) return { events: [], total: 0, offset, types: {} };
  const limit = Math.min(1000, Math.max(1, Math.floor(filter.limit ?? 100)));
  const typeRows = await file.db.query<{ event_type: string | null; n: number }>(
    `SELECT event_type, COUNT(*) AS n FROM experiment_events WHERE "${key}" = ? GROUP BY event_type ORDER BY event_type`,
    [experimentId],
  );
  const clauses = [`e."${key}" = ?`];
  const params: Array<string | number> = [experimentId];
  if (filter.eventType !== undefined) {
    clauses.push('e.event_type = ?');
    params.push(filter.eventType);
  }
  if (filter.iteration !== undefined) {
    clauses.push('e.iteration = ?');
    params.push(filter.iteration);
  }
  const where = clauses.join(' AND ');
  const [count] = await file.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM experiment_events e WHERE ${where}`, params);
  const order = schema.hasColumn('experiment_events', 'id') ? 'e.id' : 'e.rowid';
  const col = (c: string): string => schema.select('experiment_events', 'e', c);
  const rows = await file.db.query(
    `SELECT ${order} AS id, ${col('iteration')}, e.event_type AS event_type, ${col('timestamp')}, ${col('event_data')} FROM experiment_events e ` +
      `WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
    [...params, limit, offset],
  );
  return {
    events: rows.map((row) => ({
      id: asInteger(row.id) ?? 0,
      iteration: asInteger(row.iteration),
      event_type: asString(row.event_type) ?? '',
      timestamp: asString(row.timestamp),
      data: parseJsonObject(row.event_data, true),
    })),
    total: count?.n ?? 0,
    offset,
    types: Object.fromEntries(typeRows.map((r) => [r.event_type ?? '', r.n])),
  };
}
