/**
 * Shared plumbing of the benchmark scripts: timing, memory readings, child processes and the result table.
 * Every suite measures one database file in a fresh child process so that memory figures are not polluted by
 * earlier files.
 */
import { spawnSync } from 'node:child_process';

export type Figures = Record<string, number>;

/** Milliseconds spent in `work`, measured with the high-resolution clock. */
export async function timeMs<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: round(performance.now() - started), result };
}

/** The median of `runs` timings of `work` (after one warm-up call). */
export async function medianMs(work: () => Promise<unknown>, runs = 5): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push((await timeMs(work)).ms);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Process memory in MiB: resident set, JS heap, and memory outside the heap (buffers, WebAssembly). */
export function memoryMiB(): { rss: number; heapUsed: number; external: number } {
  const m = process.memoryUsage();
  const mib = (n: number) => round(n / 2 ** 20);
  return { rss: mib(m.rss), heapUsed: mib(m.heapUsed), external: mib(m.external + m.arrayBuffers) };
}

/** Runs a compiled benchmark module as a child process and parses the JSON it prints on its last line. */
export function runChild(script: string, args: string[]): Figures {
  const child = spawnSync(process.execPath, ['--expose-gc', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (child.status !== 0) {
    throw new Error(`${script} ${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
  }
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Figures;
}

/** Wall-clock milliseconds of a whole command (e.g. the CLI), median of `runs`. */
export function commandMs(command: string, args: string[], runs = 3): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    samples.push(performance.now() - started);
    if (child.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
    }
  }
  samples.sort((a, b) => a - b);
  return round(samples[Math.floor(samples.length / 2)]);
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Prints figures as an aligned table: one row per figure, one column per database. */
export function printTable(rows: Array<{ label: string; figures: Figures }>): void {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.figures)))];
  const header = ['figure', ...rows.map((r) => r.label)];
  const cells = names.map((name) => [name, ...rows.map((r) => (r.figures[name] === undefined ? '' : r.figures[name].toLocaleString('en-US')))]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells) console.log(line(row));
}
