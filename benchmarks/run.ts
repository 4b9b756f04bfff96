/**
 * `npm run bench`: generates benchmark databases with the sample generator (kept in bench-output/ and reused),
 * measures each in a fresh process, and prints the figures as a table and as JSON (also saved to
 * bench-output/results.json). Options: --sizes 100000,1000000,5000000 (events), --fresh (regenerate files),
 * --migration (also migrate 1,000,000-event legacy simulation and unified v1 files, see suites/migration.ts),
 * --playback (replay playback in code-server, see suites/replayPlayback.ts; needs `npm run package`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateSampleDatabase } from '../src/sample/generate';
import { commandMs, printTable, round, runChild, type Figures } from './harness';
import { migrationBenchmark } from './suites/migration';

const root = path.resolve(__dirname, '..', '..');
const outDir = path.join(root, 'bench-output');
const cli = path.join(root, 'dist', 'cli.js');
/** Replay figures are taken up to the acceptance size (1M events); beyond it opening alone takes many seconds. */
const REPLAY_MAX_EVENTS = 1_000_000;
/** The events panel's webview is measured on the acceptance size (a 1,000,000-event simulation). */
const EVENTS_WEBVIEW_EVENTS = 1_000_000;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const sizes = (option('--sizes') ?? '100000,1000000,5000000').split(',').map(Number);
  const fresh = process.argv.includes('--fresh');
  fs.mkdirSync(outDir, { recursive: true });
  if (!fs.existsSync(cli)) {
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm run bench does).');
  }
  const rows: Array<{ label: string; figures: Figures }> = [];
  for (const events of sizes) {
    const file = path.join(outDir, `bench-${events}.db`);
    const figures: Figures = {};
    if (fresh || !fs.existsSync(file)) {
      const started = performance.now();
      await generateSampleDatabase(file, { kind: 'unified', seed: 7, events, force: true });
      figures.generate_s = round((performance.now() - started) / 1000);
    }
    figures.file_mib = round(fs.statSync(file).size / 2 ** 20);
    const foundation = path.join(__dirname, 'suites', 'foundation.js');
    Object.assign(figures, runChild(foundation, [file]), runChild(foundation, [file, '--worker']), runChild(path.join(__dirname, 'suites', 'views.js'), [file]));
    if (events <= REPLAY_MAX_EVENTS) {
      const replay = path.join(__dirname, 'suites', 'replay.js');
      Object.assign(figures, runChild(replay, [file]), runChild(replay, [file, '--worker']), runChild(path.join(__dirname, 'suites', 'replayPanel.js'), [file]));
      // Playback in a real VS Code (code-server and Chromium, the packaged .vsix): only when asked, it takes a minute.
      if (process.argv.includes('--playback')) Object.assign(figures, runChild(path.join(__dirname, 'suites', 'replayPlayback.js'), [file]));
    }
    // The events panel: its host side at every size; the webview in headless Chromium at the acceptance size.
    Object.assign(figures, runChild(path.join(__dirname, 'suites', 'events.js'), [file]));
    if (events === EVENTS_WEBVIEW_EVENTS) {
      try {
        Object.assign(figures, runChild(path.join(__dirname, 'suites', 'eventsWebview.js'), [file]));
      } catch (error) {
        console.error(`events webview figures skipped (needs Chromium, see docs/testing.md): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
    figures.cli_list_ms = commandMs(process.execPath, [cli, 'list', file]);
    figures.cli_simulations_ms = commandMs(process.execPath, [cli, 'simulations', file]);
    rows.push({ label: `${events.toLocaleString('en-US')} events`, figures });
    console.error(`measured ${file}`);
  }
  if (process.argv.includes('--migration')) {
    rows.push(...(await migrationBenchmark(outDir, fresh)));
  }
  // The experiment view: 200 iterations linking 5,000 simulations (the suite generates its file once, see suites/experiment.ts).
  const experimentFile = path.join(outDir, 'bench-experiment-200x5000.db');
  if (fresh) fs.rmSync(experimentFile, { force: true });
  rows.push({ label: 'experiment 200 it. / 5,000 sims', figures: runChild(path.join(__dirname, 'suites', 'experiment.js'), [experimentFile]) });
  printTable(rows);
  const json = JSON.stringify({ node: process.version, date: new Date().toISOString(), results: rows }, null, 2);
  fs.writeFileSync(path.join(outDir, 'results.json'), json);
  console.log(json);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
