import type { Database } from '../db/types';

/**
 * The tables and columns a file actually has. Every query is built from this, so that a partly written file
 * (a missing table or an older layout without some column) yields empty results or nulls instead of an SQL error.
 */
export class SchemaInfo {
  private constructor(
    private readonly columns: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly withoutRowid: ReadonlySet<string>,
  ) {}

  static async load(db: Database, tables: readonly string[]): Promise<SchemaInfo> {
    const columns = new Map<string, Set<string>>();
    const withoutRowid = new Set<string>();
    const ddl = await db.query<{ name: string; sql: string | null }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    for (const row of ddl) {
      if (row.sql && /WITHOUT\s+ROWID\s*;?\s*$/i.test(row.sql)) {
        withoutRowid.add(row.name);
      }
    }
    for (const table of tables) {
      const rows = await db.query<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table]);
      columns.set(table, new Set(rows.map((r) => r.name)));
    }
    return new SchemaInfo(columns, withoutRowid);
  }

  hasTable(table: string): boolean {
    return this.columns.has(table);
  }

  hasColumn(table: string, column: string): boolean {
    return this.columns.get(table)?.has(column) ?? false;
  }

  hasColumns(table: string, ...names: string[]): boolean {
    return names.every((c) => this.hasColumn(table, c));
  }

  /** True when the table has an implicit rowid (it is not a WITHOUT ROWID table). */
  hasRowid(table: string): boolean {
    return this.hasTable(table) && !this.withoutRowid.has(table);
  }

  /**
   * `alias.column` when the column exists, otherwise the fallback SQL (NULL by default); `AS column` keeps the
   * result row's key the same either way.
   */
  select(table: string, alias: string, column: string, as = column, fallback = 'NULL'): string {
    return `${this.hasColumn(table, column) ? `${alias}.${quoteIdent(column)}` : fallback} AS ${quoteIdent(as)}`;
  }

  /** `alias.column`, or the fallback when it is missing (for use inside expressions). */
  expr(table: string, alias: string, column: string, fallback = 'NULL'): string {
    return this.hasColumn(table, column) ? `${alias}.${quoteIdent(column)}` : fallback;
  }
}

/** Quotes an identifier for SQLite (table names come from the file, so they may contain anything). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
