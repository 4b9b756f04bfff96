/** Plain-text formatting for the CLI's human output (JSON output never goes through here). */

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

/**
 * An aligned table in the style of the design note: `a | b` cells, a dashed rule under the header. Cells are
 * never truncated here (ids must stay copyable); callers shorten free text themselves.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], indent = ''): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    indent +
    cells
      .map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join(' | ')
      .trimEnd();
  const rule = indent + widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n') + '\n';
}

/** Rows joined by `  |  ` without a header, as the design note's `db list` sections. */
export function renderList(rows: readonly (readonly string[])[], indent = '  '): string {
  if (rows.length === 0) {
    return '';
  }
  const count = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  |  ')).join('\n') + '\n';
}

/** 12,450; '-' for none. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '-' : n.toLocaleString('en-US');
}

/** Events column: '-' when a simulation has none. */
export function formatEvents(n: number): string {
  return n > 0 ? n.toLocaleString('en-US') : '-';
}

/** Integer cents as dollars: $1,234.56; '-' when unknown. */
export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) {
    return '-';
  }
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '-' : String(value);
}

/** `key=value` pairs of an event's details on one line, cut to `max` characters. */
export function compactDetails(details: Record<string, unknown>, max = 120): string {
  const text = Object.entries(details)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
