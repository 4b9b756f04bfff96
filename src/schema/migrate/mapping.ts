/**
 * Declarative table mappings: one legacy table to one unified table, column by column. A mapping is compiled
 * against the columns the file actually has into one `INSERT … SELECT` across the attached original (schema `src`),
 * so SQLite moves the rows and JavaScript never holds them; large tables are copied in rowid ranges so that progress
 * and cancellation work while they are copied.
 *
 * Column resolution, for each column of the unified table:
 * 1. a rule in `columns` (a renamed source column, or an SQL expression over the source row `s`), used when the
 *    source has the columns the rule needs, else its fallback (NULL by default);
 * 2. otherwise the same-named source column, when there is one;
 * 3. otherwise NULL (a column the legacy layout never had).
 * Every source column must be used, or listed in `dropped` with the reason it is not carried; any other column
 * (one this migration does not know) is reported as a plan warning rather than silently left behind.
 */
import type { Job } from './job';
import type { MemoryDatabase } from './memoryDatabase';
import type { SourceInfo } from './source';
import { quoteIdent } from './sqlText';
import type { PlanTable } from './types';

export interface ColumnRule {
  /** SQL over the source row (alias `s`), e.g. `s.run_id` or an isoTimestampSql(...) expression. */
  sql: string;
  /** Source columns the expression reads; when any is missing, `fallback` is used instead. */
  needs: readonly string[];
  /** SQL used when a needed column is missing (default NULL). */
  fallback?: string;
}

/** A source column name (a plain rename) or a rule. */
export type ColumnSpec = string | ColumnRule;

export interface TableMapping {
  from: string;
  to: string;
  columns?: Readonly<Record<string, ColumnSpec>>;
  /** Unified columns the INSERT leaves to SQLite (e.g. an INTEGER PRIMARY KEY assigned in copy order). */
  skip?: readonly string[];
  /** Source columns deliberately not carried, with the reason (shown in the plan and the docs). */
  dropped?: Readonly<Record<string, string>>;
  /** Source columns another mapping carries, with where they go (so they are not reported as unknown). */
  elsewhere?: Readonly<Record<string, string>>;
  /**
   * The mapping derives extra rows from a table that another mapping already carries (e.g. LLM audit rows from
   * experiment events): its unused columns are not reported.
   */
  derived?: boolean;
  /** Extra FROM clause after `src.<from> s`, e.g. a LEFT JOIN on rows already written to `main`. */
  join?: string;
  /** Filter over the source row (only for mappings that derive rows; the caller then counts the rows written). */
  where?: string;
  /** Copy in rowid order (the order that becomes event_id order). */
  ordered?: boolean;
  /** How the table maps, for the plan (dropped and unknown columns are added automatically). */
  notes: readonly string[];
}

export interface CompiledMapping {
  plan: PlanTable;
  job: Job;
  /** Source columns of unknown meaning that are not carried. */
  unknownColumns: string[];
}

/** Rows per INSERT … SELECT chunk: about a tenth of a second of work, so cancellation stays prompt. */
const CHUNK_ROWS = 100_000;

/**
 * Compiles a mapping against the file. `rows` is the number of rows it will write (the source table's count
 * unless the mapping filters, in which case the caller counts them).
 */
export function compileMapping(mapping: TableMapping, source: SourceInfo, targetColumns: readonly string[], rows = source.rows(mapping.from)): CompiledMapping {
  const have = new Set(source.columns(mapping.from));
  const used = new Set<string>();
  const skip = new Set(mapping.skip ?? []);
  const columns: string[] = [];
  const exprs: string[] = [];
  for (const column of targetColumns) {
    if (skip.has(column)) {
      continue;
    }
    columns.push(quoteIdent(column));
    exprs.push(resolveColumn(column, mapping.columns?.[column], have, used));
  }
  const dropped = mapping.dropped ?? {};
  const elsewhere = mapping.elsewhere ?? {};
  const unknownColumns = mapping.derived ? [] : [...have].filter((c) => !used.has(c) && !(c in dropped) && !(c in elsewhere));
  const droppedHere = Object.entries(dropped).filter(([c]) => have.has(c));
  const notes = [
    ...mapping.notes,
    ...Object.entries(elsewhere)
      .filter(([c]) => have.has(c))
      .map(([c, where]) => `${c} → ${where}`),
    ...droppedHere.map(([c, why]) => `not carried: ${c} (${why})`),
    ...(unknownColumns.length > 0 ? [`not carried, unknown to this migration: ${unknownColumns.join(', ')}`] : []),
  ];
  const from = `src.${quoteIdent(mapping.from)} s${mapping.join ? ` ${mapping.join}` : ''}`;
  const insert = `INSERT INTO main.${quoteIdent(mapping.to)} (${columns.join(', ')}) SELECT ${exprs.join(', ')} FROM ${from}`;
  const table = source.tables.get(mapping.from);
  const sourceRows = source.rows(mapping.from);
  const job: Job = {
    label: `Copying ${mapping.from} → ${mapping.to}`,
    cost: sourceRows,
    *run(db) {
      yield* copyRows(db, insert, mapping, table?.hasRowid ?? false, sourceRows);
    },
  };
  return { plan: { from: [mapping.from], to: mapping.to, rows, sourceRows, notes }, job, unknownColumns };
}

function resolveColumn(column: string, spec: ColumnSpec | undefined, have: ReadonlySet<string>, used: Set<string>): string {
  if (typeof spec === 'string') {
    if (have.has(spec)) {
      used.add(spec);
      return `s.${quoteIdent(spec)}`;
    }
    return 'NULL';
  }
  if (spec) {
    if (spec.needs.every((c) => have.has(c))) {
      spec.needs.forEach((c) => used.add(c));
      return spec.sql;
    }
    return spec.fallback ?? 'NULL';
  }
  if (have.has(column)) {
    used.add(column);
    return `s.${quoteIdent(column)}`;
  }
  return 'NULL';
}

/**
 * Runs the INSERT in rowid ranges of about CHUNK_ROWS rows (one statement for small tables, WITHOUT ROWID tables,
 * and tables whose rowids are too sparse for ranges to be meaningful).
 */
function* copyRows(db: MemoryDatabase, insert: string, mapping: TableMapping, hasRowid: boolean, sourceRows: number): Generator<number, void, void> {
  const where = mapping.where ? ` WHERE (${mapping.where})` : '';
  const order = mapping.ordered && hasRowid ? ' ORDER BY s.rowid' : '';
  if (!hasRowid || sourceRows <= CHUNK_ROWS) {
    db.run(`${insert}${where}${order}`);
    yield sourceRows;
    return;
  }
  const [bounds] = db.rows<{ lo: number | null; hi: number | null }>(`SELECT min(rowid) AS lo, max(rowid) AS hi FROM src.${quoteIdent(mapping.from)}`);
  const lo = bounds?.lo ?? 0;
  const hi = bounds?.hi ?? 0;
  if (hi - lo + 1 > sourceRows * 2) {
    db.run(`${insert}${where}${order}`);
    yield sourceRows;
    return;
  }
  const chunks = Math.ceil(sourceRows / CHUNK_ROWS);
  const span = Math.ceil((hi - lo + 1) / chunks);
  const join = where ? `${where} AND` : ' WHERE';
  for (let start = lo; start <= hi; start += span) {
    const end = Math.min(hi, start + span - 1);
    db.run(`${insert}${join} s.rowid BETWEEN ${start} AND ${end}${order}`);
    yield Math.round((sourceRows * (end - start + 1)) / (hi - lo + 1));
  }
}
