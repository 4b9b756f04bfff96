/**
 * What a file to be migrated holds: its tables with their columns and row counts, and the other schema objects
 * (indexes, views, triggers) a verbatim copy has to know about. Read once, before planning; every mapping is
 * built from it so that a file lacking a table or column (an older layout, a partly written file) still migrates.
 */
import type { Database } from '../../db/types';
import { quoteIdent } from './sqlText';

export interface SourceTable {
  name: string;
  columns: string[];
  rows: number;
  /** False for WITHOUT ROWID tables (they cannot be copied in rowid ranges). */
  hasRowid: boolean;
  /** The CREATE TABLE statement as stored. */
  sql: string | null;
}

export interface SourceObject {
  type: 'index' | 'view' | 'trigger';
  name: string;
  table: string;
  sql: string;
}

export class SourceInfo {
  private constructor(
    readonly tables: ReadonlyMap<string, SourceTable>,
    /** Explicit indexes, views and triggers (SQLite's automatic indexes are left out). */
    readonly objects: readonly SourceObject[],
  ) {}

  static async read(db: Database): Promise<SourceInfo> {
    const master = await db.query<{ type: string; name: string; tbl_name: string; sql: string | null }>(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    );
    const tables = new Map<string, SourceTable>();
    const objects: SourceObject[] = [];
    for (const row of master) {
      if (row.type === 'table') {
        const columns = (await db.query<{ name: string }>('SELECT name FROM pragma_table_info(?)', [row.name])).map((c) => c.name);
        const [count] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(row.name)}`);
        const hasRowid = !(row.sql !== null && /WITHOUT\s+ROWID\s*;?\s*$/i.test(row.sql));
        tables.set(row.name, { name: row.name, columns, rows: count?.n ?? 0, hasRowid, sql: row.sql });
      } else if ((row.type === 'index' || row.type === 'view' || row.type === 'trigger') && row.sql !== null) {
        objects.push({ type: row.type, name: row.name, table: row.tbl_name, sql: row.sql });
      }
    }
    return new SourceInfo(tables, objects);
  }

  has(table: string): boolean {
    return this.tables.has(table);
  }

  hasColumn(table: string, column: string): boolean {
    return this.tables.get(table)?.columns.includes(column) ?? false;
  }

  columns(table: string): string[] {
    return this.tables.get(table)?.columns ?? [];
  }

  rows(table: string): number {
    return this.tables.get(table)?.rows ?? 0;
  }

  /** Rows in all of the given tables that exist. */
  totalRows(tables: readonly string[]): number {
    return tables.reduce((sum, t) => sum + this.rows(t), 0);
  }
}
