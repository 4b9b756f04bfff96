/**
 * The replay panel's host side on one database file, in a child process, as the extension runs it (SQLite in a
 * worker thread, the fold on the calling thread): the time to open the panel's data (session open, chart data and
 * the first tick view, serialised as VS Code would post them), the latency of a step forward and back, of a jump to
 * a random tick and to the next tick of each main kind, and how long the calling thread was ever blocked while the
 * 1M-event fold ran (Node's event-loop delay monitor, and a 5 ms timer's longest late start).
 * Usage: node out/benchmarks/suites/replayPanel.js FILE [SIM_ID]  → prints one JSON object.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { listSimulations, openSimCashFile } from '../../src/model';
import type { ReplayHostMessage } from '../../src/protocol/replay';
import { PlaybackLookahead } from '../../src/protocol/replayLookahead';
import { jumpKinds } from '../../src/views/replay/chartData';
import { ReplayController } from '../../src/views/replay/replayController';
import { round, timeMs, type Figures } from '../harness';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

/**
 * What posting costs: VS Code sends the JSON of a message and copies its typed arrays as binary buffers. Returns the
 * bytes sent.
 */
function serialise(message: ReplayHostMessage): number {
  let binary = 0;
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value)) {
      binary += value.byteLength;
      // The copy VS Code makes of each buffer.
      new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
      return { $binary: value.byteLength };
    }
    return value;
  });
  return json.length + binary;
}

/** Deterministic pseudo-random ticks, so runs are comparable. */
function randomTicks(count: number, total: number, seed = 4242): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return Math.floor((x / 2 ** 32) * total);
  });
}

/** The longest late start of a 5 ms repeating timer while `work` runs: the longest the thread was blocked. */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ result: T; blockedMs: number; histogram: { max: number; p99: number; mean: number } }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  histogram.enable();
  try {
    const result = await work();
    return { result, blockedMs: round(worst), histogram: { max: round(histogram.max / 1e6), p99: round(histogram.percentile(99) / 1e6), mean: round(histogram.mean / 1e6) } };
  } finally {
    clearInterval(timer);
    histogram.disable();
  }
}

async function measure(filePath: string, simulationId: string | undefined): Promise<Figures> {
  const figures: Figures = {};
  const opened = await timeMs(() => openSimCashFile(filePath, { worker: true }));
  const file = opened.result;
  figures.panel_file_open_ms = opened.ms;
  const id = simulationId ?? (await listSimulations(file)).reduce((a, b) => (b.event_count > a.event_count ? b : a)).simulation_id;

  let bytes = 0;
  let lastPosted = 0;
  const sizes: number[] = [];
  const controller = new ReplayController(
    { filePath, simulationId: id },
    {
      openFile: async () => file,
      post: (message) => {
        bytes = serialise(message);
        if (message.type === 'tick' || message.type === 'ticks') sizes.push(bytes);
        lastPosted = performance.now();
      },
      autoCheckMaxEvents: 0,
    },
  );
  await controller.attach();
  // Opening the panel: from the command to the first tick and the charts ready to post (file already loaded).
  const started = performance.now();
  const open = await longestBlock(() => controller.load());
  figures.panel_open_ms = round(lastPosted - started);
  figures.panel_open_blocked_max_ms = open.blockedMs;
  figures.panel_open_event_loop_delay_max_ms = open.histogram.max;
  figures.panel_open_event_loop_delay_p99_ms = open.histogram.p99;
  figures.panel_init_message_kib = round(bytes / 1024);
  const session = controller.session;
  if (!session) throw new Error(`the panel did not open ${id}: ${controller.state}`);
  figures.panel_ticks = session.totalTicks;
  figures.panel_agents = session.agentIds.length;

  /** Milliseconds from asking for a tick to its message being serialised for the webview. */
  const latency = async (tick: number, lists = true) => {
    const t0 = performance.now();
    const view = await controller.goto(tick, 0, { lists, queue: '' });
    if (!view) throw new Error(`tick ${tick} was not shown`);
    return lastPosted - t0;
  };

  const jumps: number[] = [];
  for (const t of randomTicks(200, session.totalTicks)) jumps.push(await latency(t));
  figures.panel_jump_p50_ms = percentile(jumps, 50);
  figures.panel_jump_p95_ms = percentile(jumps, 95);
  figures.panel_jump_max_ms = round(Math.max(...jumps));

  const start = Math.floor(session.totalTicks / 3);
  await controller.goto(start);
  const forward: number[] = [];
  for (let t = start + 1; t <= Math.min(session.lastTick, start + 300); t++) forward.push(await latency(t));
  figures.panel_step_p50_ms = percentile(forward, 50);
  figures.panel_step_p95_ms = percentile(forward, 95);
  figures.panel_step_max_ms = round(Math.max(...forward));
  const back: number[] = [];
  for (let t = controller.tick - 1; t >= start; t--) back.push(await latency(t));
  figures.panel_step_back_p50_ms = percentile(back, 50);
  figures.panel_step_back_p95_ms = percentile(back, 95);
  figures.panel_step_back_max_ms = round(Math.max(...back));

  // Playback at 30 ticks/s: ten consecutive batches as the webview's lookahead asks for them (a second of ticks each,
  // lists with every eighth), from a third into the run; the time from asking to the batch's message being posted.
  await controller.goto(start);
  sizes.length = 0;
  const lookahead = new PlaybackLookahead<{ tick: number }>(session.lastTick, 30);
  const batches: number[] = [];
  for (let clock = start; batches.length < 10; clock += 15) {
    const request = lookahead.next(clock);
    if (!request) continue;
    const t0 = performance.now();
    const views = await controller.prefetch({ ...request, queue: '' });
    if (!views) throw new Error(`the batch from tick ${request.from} was not built`);
    batches.push(lastPosted - t0);
    lookahead.receive(request.seq, views);
    lookahead.take(clock);
  }
  figures.panel_playback_batch_ticks = 30;
  figures.panel_playback_batch_p50_ms = percentile(batches, 50);
  figures.panel_playback_batch_max_ms = round(Math.max(...batches));
  figures.panel_playback_batch_kib_p50 = round(percentile(sizes, 50) / 1024);
  sizes.length = 0;

  // "Next settlement / LSM / overdue / end of day" from random ticks: the marks find the tick, then it is shown.
  const marks: number[] = [];
  for (const kind of jumpKinds().filter((k) => k.primary)) {
    for (const from of randomTicks(50, session.totalTicks, kind.bit + 1)) {
      await controller.goto(from);
      const t0 = performance.now();
      const view = await controller.move({ kind: 'mark', bit: kind.bit, direction: 1 });
      if (view) marks.push(lastPosted - t0);
    }
  }
  figures.panel_jump_to_event_p50_ms = percentile(marks, 50);
  figures.panel_jump_to_event_p95_ms = percentile(marks, 95);
  figures.panel_jump_to_event_max_ms = round(Math.max(...marks));
  figures.panel_tick_message_kib_p50 = round(percentile(sizes, 50) / 1024);
  figures.panel_tick_message_kib_max = round(Math.max(...sizes) / 1024);

  controller.dispose();
  await file.close();
  return figures;
}

const [filePath, simulationId] = process.argv.slice(2);
measure(filePath, simulationId).then(
  (figures) => console.log(JSON.stringify(figures)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
