/**
 * Foundation figures for one database file, run in a child process: open time (calling thread and worker
 * thread), memory after opening, and the latencies of the queries behind the overview, the tree and the CLI.
 * Usage: node out/benchmarks/suites/foundation.js FILE [--worker]  → prints one JSON object.
 */
import { openSimCashFile } from '../../src/model/file';
import { fileSummary, listExperiments, listSimulations, listEvents } from '../../src/model';
import { memoryMiB, medianMs, timeMs, type Figures } from '../harness';

async function measure(file: string): Promise<Figures> {
  const figures: Figures = {};
  const before = memoryMiB();
  const opened = await timeMs(() => openSimCashFile(file));
  figures.open_ms = opened.ms;
  const simcash = opened.result;
  (globalThis as { gc?: () => void }).gc?.();
  const after = memoryMiB();
  figures.rss_after_open_mib = after.rss;
  figures.memory_added_by_open_mib = Math.round(after.rss - before.rss);

  figures.summary_ms = await medianMs(() => fileSummary(simcash));
  figures.list_simulations_ms = await medianMs(() => listSimulations(simcash));
  figures.list_experiments_ms = await medianMs(() => listExperiments(simcash));

  // The largest simulation is the one a researcher pages through; measure its first, filtered and last pages.
  const simulations = await listSimulations(simcash);
  const biggest = simulations.reduce((a, b) => (b.event_count > a.event_count ? b : a));
  figures.largest_simulation_events = biggest.event_count;
  figures.events_first_page_ms = await medianMs(() => listEvents(simcash, biggest.simulation_id, {}, { limit: 200 }));
  figures.events_type_filter_ms = await medianMs(() => listEvents(simcash, biggest.simulation_id, { eventTypes: ['RtgsImmediateSettlement'] }, { limit: 200 }));
  const lastTick = (await simcash.db.query<{ t: number }>('SELECT MAX(tick) AS t FROM simulation_events WHERE simulation_id = ?', [biggest.simulation_id]))[0].t;
  figures.events_last_ticks_ms = await medianMs(() => listEvents(simcash, biggest.simulation_id, { fromTick: lastTick - 5 }, { limit: 200 }));
  await simcash.close();
  return figures;
}

/** The extension's path: the file loads in a worker thread and every query is a message. */
async function measureWorker(file: string): Promise<Figures> {
  const figures: Figures = {};
  const worker = await timeMs(() => openSimCashFile(file, { worker: true }));
  figures.worker_open_ms = worker.ms;
  figures.worker_rss_after_open_mib = memoryMiB().rss;
  figures.worker_summary_ms = await medianMs(() => fileSummary(worker.result), 3);
  figures.worker_list_simulations_ms = await medianMs(() => listSimulations(worker.result), 3);
  const [first] = await listSimulations(worker.result, { limit: 1 });
  if (first) {
    figures.worker_events_first_page_ms = await medianMs(() => listEvents(worker.result, first.simulation_id, {}, { limit: 200 }), 3);
  }
  await worker.result.close();
  return figures;
}

(process.argv[3] === '--worker' ? measureWorker(process.argv[2]) : measure(process.argv[2])).then(
  (figures) => console.log(JSON.stringify(figures)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
