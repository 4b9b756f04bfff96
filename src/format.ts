// Formatters are built once: toLocaleString builds one per call, which costs a replay panel most of its time per
// frame while playing (dozens of amounts, 30 times a second). The output is the same.
const CURRENCY = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const COUNT = new Intl.NumberFormat('en-US');

/** Formats integer cents as a currency amount for people (the data always stays in cents). */
export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) {
    return '–';
  }
  return CURRENCY.format(cents / 100);
}

/** Formats a byte count with a binary unit. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Formats a count with thousands separators; null shows as a dash. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : COUNT.format(n);
}
