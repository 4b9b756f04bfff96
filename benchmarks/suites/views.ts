/**
 * What the extension does when a researcher opens a database, measured the way the extension host does it
 * (the file in a worker thread): time until the overview page's data and the tree's first two levels are ready,
 * and the longest the host's event loop was blocked meanwhile (the host must stay responsive).
 * Usage: node out/benchmarks/suites/views.js FILE → prints one JSON object.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openSimCashFile } from '../../src/model/file';
import { countSimulations, listExperiments, listSimulations } from '../../src/model';
import { buildOverview } from '../../src/views/overviewData';
import { round, type Figures } from '../harness';

const TREE_PAGE = 100;

async function measure(file: string): Promise<Figures> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = performance.now();
  const simcash = await openSimCashFile(file, { worker: true });
  const opened = performance.now();
  // The editor and the tree ask at the same time, as they do when a file is clicked.
  const [overview] = await Promise.all([
    buildOverview(simcash, 100),
    Promise.all([listExperiments(simcash), countSimulations(simcash, { scope: 'standalone' }), listSimulations(simcash, { scope: 'standalone', limit: TREE_PAGE })]),
  ]);
  const ready = performance.now();
  lag.disable();
  await simcash.close();
  return {
    views_open_ms: round(opened - started),
    views_overview_and_tree_ready_ms: round(ready - started),
    views_overview_experiments: overview.experiments.length,
    views_host_max_blocked_ms: round(lag.max / 1e6),
  };
}

measure(process.argv[2]).then(
  (figures) => console.log(JSON.stringify(figures)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
