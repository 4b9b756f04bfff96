/**
 * The layout a migration writes: the current unified schema, split into the statements that create its tables
 * (run first, on an empty database) and those that create its indexes (run last, once the rows are in: building an
 * index once from all rows is much cheaper than maintaining it row by row).
 */
import { parseSchemaDoc } from '../reference';
import { CURRENT_SCHEMA_VERSION, recordVersionSql, schemaVersion } from '../versions';

const INDEX_STATEMENT = /^CREATE INDEX[^;]*;/gm;

export interface TargetSchema {
  version: number;
  /** CREATE TABLE statements (and comments) of the version, without its indexes. */
  tablesSql: string;
  /** The version's CREATE INDEX statements with the table each is on, in DDL order. */
  indexes: Array<{ table: string; sql: string }>;
  /** Table name → column names, in DDL order. */
  columns: ReadonlyMap<string, readonly string[]>;
  /** The statement that records the version in schema_version. */
  versionRowSql(appliedAt: string): string;
}

export function targetSchema(version = CURRENT_SCHEMA_VERSION): TargetSchema {
  const v = schemaVersion(version);
  const indexes = (v.ddl.match(INDEX_STATEMENT) ?? []).map((sql) => ({ table: /\bON\s+(\w+)\s*\(/.exec(sql)?.[1] ?? '', sql }));
  const columns = new Map(parseSchemaDoc(v.ddl).tables.map((t) => [t.name, t.columns.map((c) => c.name)] as const));
  return {
    version: v.version,
    tablesSql: v.ddl.replace(INDEX_STATEMENT, ''),
    indexes,
    columns,
    versionRowSql: (appliedAt) => recordVersionSql(v, appliedAt),
  };
}

/** Columns of a table of the target schema (throws for an unknown table: a mapping names a table that does not exist). */
export function columnsOf(schema: TargetSchema, table: string): readonly string[] {
  const found = schema.columns.get(table);
  if (!found) {
    throw new Error(`unified schema v${schema.version} has no table ${table}`);
  }
  return found;
}
