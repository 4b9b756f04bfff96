/**
 * Streams a filtered events listing to CSV or JSON lines. Rows are read in batches of whole ticks (the listing's
 * per-tick counts size them), each batch one indexed statement, and written with backpressure, so memory stays
 * flat whatever the size; cancellation is checked between batches. Files are written to `<target>.part` and
 * renamed when complete, so a cancelled or failed export never leaves a truncated file under the chosen name.
 */
import * as fs from 'node:fs';
import type { EventRow } from './eventRows';
import type { FilteredEvents } from './eventTable';

export type EventExportFormat = 'csv' | 'jsonl';

/** Columns of both formats, in order. Money in cents; `details` is the stored JSON object. */
export const EXPORT_COLUMNS = ['event_id', 'simulation_id', 'tick', 'day', 'event_type', 'agent_id', 'tx_id', 'amount', 'counterparty', 'summary', 'details'] as const;

export interface ExportOptions {
  /** Checked between batches; an aborted export resolves with `cancelled: true`. */
  signal?: AbortSignal;
  /** After each batch: rows written and the listing's total. */
  onProgress?: (done: number, total: number) => void;
  /** Rows per read (whole ticks, so a batch may be a little larger); default 500: each batch is mapped and formatted on the calling thread (the extension host), so batches stay short (tens of milliseconds). */
  batchRows?: number;
}

export interface ExportResult {
  rows: number;
  cancelled: boolean;
}

/** Where exported text goes; `write` resolves when the sink can take more (backpressure). */
export interface ExportSink {
  write(text: string): Promise<void>;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function values(row: EventRow, simulationId: string): unknown[] {
  return [row.eventId, simulationId, row.tick, row.day, row.type, row.agent, row.tx, row.amount, row.counterparty, row.summary, row.details];
}

/** One CSV record (RFC 4180: fields with commas, quotes or line breaks are quoted), with its line break. */
export function csvLine(fields: readonly unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** One JSON-lines record. */
export function jsonLine(row: EventRow, simulationId: string): string {
  const record: Record<string, unknown> = {};
  const v = values(row, simulationId);
  EXPORT_COLUMNS.forEach((column, i) => (record[column] = v[i]));
  return `${JSON.stringify(record)}\n`;
}

/** Writes the listing's rows to `sink`. */
export async function exportEvents(view: FilteredEvents, format: EventExportFormat, sink: ExportSink, options: ExportOptions = {}): Promise<ExportResult> {
  const simulationId = view.table.simulationId;
  const total = (await view.complete()).total;
  let rows = 0;
  if (format === 'csv') await sink.write(csvLine(EXPORT_COLUMNS));
  options.onProgress?.(0, total);
  for await (const batch of view.batches(options.batchRows ?? 500)) {
    if (options.signal?.aborted) return { rows, cancelled: true };
    let text = '';
    for (const row of batch) text += format === 'csv' ? csvLine(values(row, simulationId)) : jsonLine(row, simulationId);
    await sink.write(text);
    rows += batch.length;
    options.onProgress?.(rows, total);
  }
  return { rows, cancelled: options.signal?.aborted === true };
}

/** A sink over a file write stream that waits for 'drain' when the stream's buffer is full. */
function streamSink(stream: fs.WriteStream): ExportSink {
  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        stream.once('error', onError);
        const ready = () => {
          stream.off('error', onError);
          resolve();
        };
        if (stream.write(text)) ready();
        else stream.once('drain', ready);
      }),
  };
}

/** Exports to a file: written as `<target>.part`, renamed to `target` when complete, removed when cancelled or failed. */
export async function exportEventsToFile(view: FilteredEvents, format: EventExportFormat, target: string, options: ExportOptions = {}): Promise<ExportResult> {
  const part = `${target}.part`;
  const stream = fs.createWriteStream(part, { encoding: 'utf8' });
  const closed = new Promise<void>((resolve, reject) => {
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  let result: ExportResult | undefined;
  try {
    result = await exportEvents(view, format, streamSink(stream), options);
  } finally {
    stream.end();
    await closed.catch(() => undefined);
    if (result && !result.cancelled) {
      await fs.promises.rename(part, target);
    } else {
      await fs.promises.rm(part, { force: true });
    }
  }
  return result;
}
