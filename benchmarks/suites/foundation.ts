/**
 * Foundation figures for one database file, run in a child process: open time (calling thread and worker
 * thread), memory after opening, and the latencies of the queries behind the overview, the tree and the CLI.
 * Usage: node out/benchmarks/suites/foundation.js FILE  → prints one JSON object.
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

  const worker = await timeMs(() => openSimCashFile(file, { worker: true }));
  figures.open_worker_ms = worker.ms;
  figures.list_simulations_worker_ms = await medianMs(() => listSimulations(worker.result), 3);
  await worker.result.close();
  return figures;
}

measure(process.argv[2]).then(
  (figures) => console.log(JSON.stringify(figures)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
