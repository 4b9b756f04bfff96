/** Formats integer cents as a currency amount for people (the data always stays in cents). */
export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) {
    return '–';
  }
  return (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
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
  return n === null || n === undefined ? '–' : n.toLocaleString('en-US');
}
