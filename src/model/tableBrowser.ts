import type { SimCashFile } from './file';
import { ModelError } from './errors';
import { quoteIdent } from './schemaInfo';
import type { SqlValue } from '../db/types';

/**
 * One page of a table, for the plain table browser. Cells are display strings; null stays null. `offset` is the
 * index of the page's first row among all rows, in storage order.
 */
export type { TablePageData as TablePage } from '../protocol';
import type { TablePageData as TablePage } from '../protocol';

/** Longest text a cell shows; the rest is cut (the browser is for looking, not exporting). */
const MAX_CELL_CHARS = 400;

/**
 * A page of any table in storage order (rowid, or the primary key of a WITHOUT ROWID table), so that pages
 * never overlap or skip rows however SQLite picks its plan.
 */
export async function browseTable(file: SimCashFile, table: string, offset: number, limit: number): Promise<TablePage> {
  if (!file.detection.tables.includes(table)) {
    throw new ModelError('unknown-table', `${file.path} has no table named "${table}".`);
  }
  const quoted = quoteIdent(table);
  const [{ n: total }] = await file.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoted}`);
  const order = await storageOrder(file, table);
  const start = Math.max(0, Math.min(Math.floor(offset), Math.max(0, total - 1)));
  const rows = await file.db.query(`SELECT * FROM ${quoted} ORDER BY ${order} LIMIT ? OFFSET ?`, [Math.max(1, Math.floor(limit)), start]);
  const columns = rows.length > 0 ? Object.keys(rows[0]) : (await file.db.query<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table])).map((c) => c.name);
  return { table, columns, rows: rows.map((row) => columns.map((c) => displayValue(row[c]))), offset: start, total };
}

async function storageOrder(file: SimCashFile, table: string): Promise<string> {
  const [ddl] = await file.db.query<{ sql: string | null }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
  if (!ddl?.sql || !/WITHOUT\s+ROWID/i.test(ddl.sql)) {
    return 'rowid';
  }
  const keys = await file.db.query<{ name: string }>('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', [table]);
  return keys.map((k) => quoteIdent(k.name)).join(', ');
}

function displayValue(value: SqlValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return `<blob, ${value.length} bytes>`;
  const text = String(value);
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}
