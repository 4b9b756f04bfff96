/**
 * The experiment view at the size the issue asks for: an experiment of 200 iterations whose iterations link 5,000
 * simulations (1 evaluation + 24 bootstrap runs each). Measures what the panel does when it opens, the way the
 * extension host does it (the file in a worker thread): the data of its first load, built by the same
 * ExperimentSession the panel uses, and its requests (policy diff, one LLM exchange, a comparison, a page of events).
 *
 * The file is generated once (kept and reused) with the project's own writer, `writeExperiment` on a UnifiedFile:
 * a castro exp2 LLM experiment run for exactly 200 iterations (its stability window set beyond the budget so it
 * never converges early) with 24 bootstrap samples per iteration and smart persistence, so 19 key runs are stored
 * with events and the other 4,981 at summary level, as a real experiment would keep them.
 *
 * Usage: node out/benchmarks/suites/experiment.js FILE → prints one JSON object.
 */
import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openSimCashFile } from '../../src/model/file';
import { listExperiments } from '../../src/model';
import { ExperimentSession } from '../../src/views/experimentData';
import type { ExperimentActions } from '../../src/protocol/experiment';
import { writeExperiment, experimentIdFor } from '../../src/sample/experiment';
import { castroExperimentScenario } from '../../src/sample/writer/unifiedDemo';
import { UnifiedFile } from '../../src/sample/writer/unifiedWriter';
import { medianMs, round, timeMs, type Figures } from '../harness';

export const BENCH_ITERATIONS = 200;
/** Bootstrap samples per iteration: with the evaluation run, 25 linked simulations per iteration. */
export const BENCH_SAMPLES = 24;
const ACTIONS: ExperimentActions = { showEvents: true, openReplay: true, revealInTree: true, migrate: false };

/** Writes the benchmark experiment (about 5 s); returns the seconds it took. */
export function generateExperimentBenchmark(file: string): number {
  const started = performance.now();
  const out = UnifiedFile.create(file, { force: true });
  try {
    const { experimentId, createdAtMs } = experimentIdFor('bench200', 7);
    writeExperiment(out, {
      experiment_id: experimentId, createdAtMs, name: 'bench200', type: 'castro', description: 'Experiment view benchmark: 200 iterations, 5,000 linked simulations',
      scenario: castroExperimentScenario(7), scenarioPath: 'experiments/castro/configs/exp2_12period.yaml',
      iterations: BENCH_ITERATIONS, samples: BENCH_SAMPLES, persistence: 'smart', keyLevel: 'events', seed: 7, llm: true, stabilityWindow: BENCH_ITERATIONS + 1,
    });
    out.finish();
  } catch (error) {
    out.abort();
    throw error;
  }
  return round((performance.now() - started) / 1000);
}

async function measure(file: string): Promise<Figures> {
  const figures: Figures = {};
  if (!fs.existsSync(file)) figures.experiment_generate_s = generateExperimentBenchmark(file);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  // Cold: the panel is the first to read the file (nothing open yet), as when it is restored after a reload.
  const opened = await timeMs(() => openSimCashFile(file, { worker: true }));
  const simcash = opened.result;
  const [experiment] = await listExperiments(simcash);
  const cold = await timeMs(() => new ExperimentSession(file, experiment.experiment_id, async () => simcash).load(ACTIONS));
  lag.disable();
  const data = cold.result;
  const json = await timeMs(async () => JSON.stringify({ type: 'data', data }));
  // Warm: the file is open already (the tree or the editor read it) and the panel opens: its whole first load.
  const warm = await medianMs(() => new ExperimentSession(file, experiment.experiment_id, async () => simcash).load(ACTIONS));
  const session = new ExperimentSession(file, experiment.experiment_id, async () => simcash);
  await session.load(ACTIONS);
  const last = data.iterations[data.iterations.length - 1].iteration;
  const agent = data.agents[0];
  const request = <T>(work: () => Promise<T>) => medianMs(work);
  Object.assign(figures, {
    experiment_iterations: data.iterations.length,
    experiment_linked_simulations: data.iterations.reduce((n, it) => n + it.bootstrapIds.length + (it.evaluation ? 1 : 0), 0),
    experiment_stored_simulations: data.header.linkedSimulations,
    experiment_llm_exchanges: data.llm.length,
    experiment_open_file_ms: opened.ms,
    experiment_panel_cold_ms: cold.ms,
    experiment_open_to_panel_ms: round(opened.ms + cold.ms),
    experiment_panel_warm_ms: warm,
    experiment_payload_kib: round(json.result.length / 1024),
    experiment_payload_serialize_ms: json.ms,
    experiment_host_max_blocked_ms: round(lag.max / 1e6),
    experiment_diff_ms: await request(() => session.answer({ type: 'diff', agentId: agent, a: 0, b: last })),
    experiment_llm_exchange_ms: await request(() => session.answer({ type: 'llmInteraction', key: data.llm[data.llm.length - 1].key })),
    experiment_compare_ms: await request(() => session.answer({ type: 'compare', a: { kind: 'iteration', iteration: 0 }, b: { kind: 'iteration', iteration: last } })),
    experiment_events_page_ms: await request(() => session.answer({ type: 'experimentEvents', offset: 1000 })),
  });
  await simcash.close();
  return figures;
}

if (require.main === module) {
  measure(process.argv[2]).then(
    (figures) => console.log(JSON.stringify(figures)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
