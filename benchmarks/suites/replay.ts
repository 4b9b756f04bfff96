/**
 * Replay figures for one database file, run in a child process: opening the largest simulation for replay (one
 * streamed pass building checkpoints and series), the memory that adds, and the latency of a step forward, a step
 * back and a jump to a random tick. Wall-clock and CPU times are both given, since shared machines make wall time
 * noisy. Usage: node out/benchmarks/suites/replay.js FILE [SIM_ID] [--worker]  → prints one JSON object.
 */
import { listSimulations, openSimCashFile } from '../../src/model';
import { ReplaySession } from '../../src/replay';
import { memoryMiB, round, timeMs, type Figures } from '../harness';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

/** Milliseconds of each call of `work` on the given ticks. */
async function latencies(ticks: number[], work: (tick: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const t of ticks) {
    const started = performance.now();
    await work(t);
    out.push(performance.now() - started);
  }
  return out;
}

/** Deterministic pseudo-random ticks, so runs are comparable. */
function randomTicks(count: number, total: number, seed = 12345): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return Math.floor((x / 2 ** 32) * total);
  });
}

async function measure(path: string, simulationId: string | undefined, worker: boolean): Promise<Figures> {
  const prefix = worker ? 'worker_' : '';
  const figures: Figures = {};
  const gc = (globalThis as { gc?: () => void }).gc;
  const opened = await timeMs(() => openSimCashFile(path, { worker }));
  figures[`${prefix}file_open_ms`] = opened.ms;
  const file = opened.result;
  const id = simulationId ?? (await listSimulations(file)).reduce((a, b) => (b.event_count > a.event_count ? b : a)).simulation_id;
  gc?.();
  const before = memoryMiB();
  const cpu = process.cpuUsage();
  const open = await timeMs(() => ReplaySession.open(file, id));
  const used = process.cpuUsage(cpu);
  const session = open.result;
  figures[`${prefix}replay_open_ms`] = open.ms;
  figures[`${prefix}replay_open_cpu_ms`] = round((used.user + used.system) / 1000);
  gc?.();
  const after = memoryMiB();
  figures[`${prefix}replay_heap_added_mib`] = round(after.heapUsed - before.heapUsed);
  figures[`${prefix}rss_after_replay_open_mib`] = after.rss;
  if (!worker) {
    figures.simulation_events = session.simulation.event_count;
    figures.folded_events = session.stats.foldedEvents;
    figures.ticks = session.totalTicks;
    figures.agents = session.agentIds.length;
    figures.checkpoint_interval = session.checkpointInterval;
    figures.checkpoints = session.stats.checkpoints;
    figures.checkpoint_estimate_mib = round(session.stats.checkpointBytes / 2 ** 20);
    figures.series_mib = round(session.stats.seriesBytes / 2 ** 20);
  }

  const jumps = await latencies(randomTicks(200, session.totalTicks), (t) => session.stateAt(t));
  figures[`${prefix}jump_p50_ms`] = percentile(jumps, 50);
  figures[`${prefix}jump_p95_ms`] = percentile(jumps, 95);
  figures[`${prefix}jump_max_ms`] = round(Math.max(...jumps));

  // Steps: a jump somewhere, then 200 ticks forward one by one, then 200 back (what the panel's buttons do).
  const start = Math.floor(session.totalTicks / 3);
  await session.stateAt(start);
  const forward = Array.from({ length: Math.min(200, session.lastTick - start) }, (_, i) => start + 1 + i);
  const steps = await latencies(forward, (t) => session.stateAt(t));
  figures[`${prefix}step_p50_ms`] = percentile(steps, 50);
  figures[`${prefix}step_p95_ms`] = percentile(steps, 95);
  const back = [...forward].reverse().map((t) => t - 1);
  const backSteps = await latencies(back, (t) => session.stateAt(t));
  figures[`${prefix}step_back_p50_ms`] = percentile(backSteps, 50);
  figures[`${prefix}step_back_p95_ms`] = percentile(backSteps, 95);

  const events = await latencies(randomTicks(50, session.totalTicks, 99), (t) => session.eventsAt(t));
  figures[`${prefix}events_at_p50_ms`] = percentile(events, 50);
  await file.close();
  return figures;
}

const args = process.argv.slice(2);
const worker = args.includes('--worker');
const [path, simulationId] = args.filter((a) => a !== '--worker');
measure(path, simulationId, worker).then(
  (figures) => console.log(JSON.stringify(figures)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
