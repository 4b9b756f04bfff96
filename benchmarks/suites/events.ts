/**
 * The events panel's host side on a large simulation, measured as the extension runs it (the file in a worker
 * thread, the panel's EventsController answering webview messages): the first page, a filter change, the end of the
 * listing, go to tick, text search, transaction traces and an export, plus the longest the host's event loop was
 * blocked meanwhile. Cold figures are the first request on a freshly opened file (what a researcher waits for);
 * warm ones are medians of repeats.
 * Usage: node out/benchmarks/suites/events.js FILE [SIMULATION] → prints one JSON object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openSimCashFile } from '../../src/model/file';
import type { SimCashFile } from '../../src/model';
import type { EventsHostMessage, EventsWebviewMessage } from '../../src/protocol/events';
import { EventsController } from '../../src/views/events/eventsController';
import { round, type Figures } from '../harness';

const PAGE = 200;

/** The simulation with the most events. */
async function largestSimulation(file: SimCashFile): Promise<string> {
  const [row] = await file.db.query<{ s: string }>('SELECT simulation_id AS s FROM simulation_events GROUP BY simulation_id ORDER BY COUNT(*) DESC LIMIT 1');
  return row.s;
}

class Probe {
  readonly posted: EventsHostMessage[] = [];
  readonly controller: EventsController;
  private waiters: Array<() => void> = [];

  constructor(file: SimCashFile, simulationId: string) {
    this.controller = new EventsController(file.path, simulationId, {
      file: async () => file,
      post: (m) => {
        this.posted.push(m);
        for (const w of this.waiters) w();
      },
      settings: () => ({ pageSize: PAGE, cachedRows: 4000, searchChunkEvents: 50_000 }),
    });
  }

  /** Milliseconds from sending `message` until a posted message satisfies `done`. */
  async time(message: EventsWebviewMessage, done: (m: EventsHostMessage) => boolean): Promise<{ ms: number; message: EventsHostMessage }> {
    const from = this.posted.length;
    const started = performance.now();
    const found = new Promise<EventsHostMessage>((resolve) => {
      const check = () => {
        const hit = this.posted.slice(from).find(done);
        if (hit) {
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve(hit);
        }
      };
      this.waiters.push(check);
    });
    void this.controller.handle(message);
    const hit = await found;
    return { ms: round(performance.now() - started), message: hit };
  }
}

const isRows = (generation: number) => (m: EventsHostMessage) => m.type === 'rows' && m.generation === generation;
const isComplete = (generation: number) => (m: EventsHostMessage) => m.type === 'listing' && m.generation === generation && m.complete;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(fileName: string, requested: string | undefined): Promise<Figures> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const file = await openSimCashFile(fileName, { worker: true });
  const simulationId = requested ?? (await largestSimulation(file));
  const probe = new Probe(file, simulationId);
  const figures: Figures = {};
  lag.enable();
  let generation = 0;
  const query = (filter: Record<string, unknown>, start = 0) => ({ type: 'query', generation: ++generation, filter, start, count: PAGE }) as EventsWebviewMessage;

  // Opening: ready (one index probe for "has events") and the first page.
  figures.events_ready_ms = (await probe.time({ type: 'ready', state: null }, (m) => m.type === 'init')).ms;
  const first = query({});
  figures.events_first_page_ms = (await probe.time(first, isRows(generation))).ms;
  const count = await probe.time({ type: 'rows', generation, start: PAGE, count: PAGE }, isRows(generation));
  figures.events_count_ms = round(figures.events_first_page_ms + count.ms);
  const total = (probe.posted.filter((m): m is Extract<EventsHostMessage, { type: 'listing' }> => m.type === 'listing' && m.complete).at(-1)?.total) ?? 0;
  figures.events_total = total;

  // The end of the listing and random positions (keyset by tick through the per-tick counts).
  figures.events_end_ms = (await probe.time({ type: 'rows', generation, start: total - PAGE, count: PAGE }, isRows(generation))).ms;
  figures.events_middle_ms = (await probe.time({ type: 'rows', generation, start: Math.floor(total / 2), count: PAGE }, isRows(generation))).ms;
  const jumps: number[] = [];
  for (let i = 1; i <= 9; i++) jumps.push((await probe.time({ type: 'rows', generation, start: Math.floor((total * i) / 10) + 37, count: PAGE }, isRows(generation))).ms);
  figures.events_jump_median_ms = median(jumps);
  figures.events_goto_tick_ms = (await probe.time({ type: 'goToTick', generation, tick: 4321 }, (m) => m.type === 'tickRow')).ms;

  // Filter changes: first page and full count, cold (first time) and warm.
  const filters: Array<[string, Record<string, unknown>]> = [
    ['types', { eventTypes: ['Arrival', 'PolicySplit'] }],
    ['rare_type', { eventTypes: ['EndOfDay'] }],
    ['agent', { agentId: 'BANK_03' }],
    ['agent_day', { agentId: 'BANK_03', day: 40 }],
    ['tick_range', { fromTick: 3000, toTick: 3500 }],
    ['tx', { txId: 'tx-050000' }],
  ];
  for (const [name, filter] of filters) {
    const q = query(filter);
    figures[`events_filter_${name}_first_page_ms`] = (await probe.time(q, isRows(generation))).ms;
    const completed = probe.posted.some(isComplete(generation)) ? 0 : (await probe.time({ type: 'rows', generation, start: 0, count: 1 }, isComplete(generation))).ms;
    figures[`events_filter_${name}_count_ms`] = round(figures[`events_filter_${name}_first_page_ms`] + completed);
    const listing = probe.posted.filter((m): m is Extract<EventsHostMessage, { type: 'listing' }> => m.type === 'listing' && m.generation === generation && m.complete).at(-1);
    const n = listing?.total ?? 0;
    if (n > PAGE) figures[`events_filter_${name}_end_ms`] = (await probe.time({ type: 'rows', generation, start: n - PAGE, count: PAGE }, isRows(generation))).ms;
  }
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    const q = query(i % 2 ? { eventTypes: ['Arrival', 'PolicySplit'] } : {});
    warm.push((await probe.time(q, isRows(generation))).ms);
  }
  figures.events_filter_change_warm_median_ms = median(warm);

  // Text search: not index-served, counted chunk by chunk; the first matches come with the first chunks.
  for (const [name, text] of [['common', 'bank_07'], ['rare', 'LiquidityRestored']] as const) {
    const q = query({ text });
    figures[`events_text_${name}_first_page_ms`] = (await probe.time(q, isRows(generation))).ms;
    figures[`events_text_${name}_full_count_ms`] = round(figures[`events_text_${name}_first_page_ms`] + (probe.posted.some(isComplete(generation)) ? 0 : (await probe.time({ type: 'rows', generation, start: 0, count: 1 }, isComplete(generation))).ms));
  }

  // The type filter's counts within an agent (every event of that agent read) and within one day of it, when the
  // type choices are opened.
  for (const [name, filter] of [['agent', { agentId: 'BANK_03' }], ['agent_day', { agentId: 'BANK_03', day: 40 }]] as const) {
    figures[`events_type_counts_${name}_ms`] = (await probe.time({ type: 'typeCounts', filter }, (m) => m.type === 'typeCounts')).ms;
  }

  // Traces: a payment settled by the LSM (named only in the offset's details), and a split parent.
  const [offset] = await file.db.query<{ details: string }>("SELECT details FROM simulation_events WHERE simulation_id = ? AND event_type = 'LsmBilateralOffset' ORDER BY tick DESC LIMIT 1", [simulationId]);
  const lsmTx = offset ? (JSON.parse(offset.details) as { tx_ids: string[] }).tx_ids[0] : 'tx-000001';
  figures.events_trace_lsm_ms = (await probe.time({ type: 'trace', txId: lsmTx }, (m) => m.type === 'trace' || m.type === 'traceError')).ms;
  const [split] = await file.db.query<{ tx_id: string }>("SELECT tx_id FROM simulation_events WHERE simulation_id = ? AND event_type = 'PolicySplit' ORDER BY tick DESC LIMIT 1", [simulationId]);
  figures.events_trace_split_ms = (await probe.time({ type: 'trace', txId: split?.tx_id ?? lsmTx }, (m) => m.type === 'trace' || m.type === 'traceError')).ms;

  // Export of a filtered view (about a tenth of the events) to CSV: the panel's current filter.
  await probe.time(query({ eventTypes: ['Arrival'] }), isRows(generation));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-bench-export-'));
  try {
    const started = performance.now();
    const result = await probe.controller.exportTo(path.join(dir, 'arrivals.csv'), 'csv');
    const seconds = (performance.now() - started) / 1000;
    figures.events_export_rows = result.rows;
    figures.events_export_s = round(seconds);
    figures.events_export_rows_per_s = Math.round(result.rows / seconds);
    figures.events_export_mib = round(fs.statSync(path.join(dir, 'arrivals.csv')).size / 2 ** 20);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  lag.disable();
  figures.events_host_max_blocked_ms = round(lag.max / 1e6);
  figures.events_host_heap_mib = round(process.memoryUsage().heapUsed / 2 ** 20);
  probe.controller.dispose();
  await file.close();
  return figures;
}

measure(process.argv[2], process.argv[3]).then(
  (figures) => console.log(JSON.stringify(figures)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
