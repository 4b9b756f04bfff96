/**
 * Content of the default unified sample file ("demo"): standalone simulations at each persistence level, one
 * generic experiment and one castro-type LLM experiment with smart persistence, and optionally one large streamed
 * simulation for benchmarks. Everything derives from the seed.
 */
import type { Scenario } from '../scenario';
import { castroExp2Scenario, demoScenario } from '../scenarios';
import { streamCalibrated } from './largeScenario';
import { fifoPolicy } from '../policies';
import { simulate } from '../simulator';
import { writeExperiment, type ExperimentSummary } from '../experiment';
import { experimentIdFor, simulatedDurationSeconds } from '../experimentRunner';
import { deriveSeed, SAMPLE_BASE_TIME_MS, SampleClock } from './determinism';
import { writeSimulation, type PersistenceLevel, type UnifiedFile } from './unifiedWriter';

export interface UnifiedDemoOptions {
  seed: number;
  /** Adds one standalone simulation of about this many events, streamed at the events level. */
  events?: number;
}

export interface UnifiedDemoContents {
  standaloneIds: string[];
  experiments: ExperimentSummary[];
  /** Events written for the large simulation, when one was requested. */
  largeEvents: number | null;
}

/**
 * A three-bank cut of the demo scenario in which every bank draws from a liquidity pool and starts at fraction 0.5,
 * so the optimiser's parameter has a real liquidity/delay trade-off (one day keeps the runs fast).
 */
export function liquidityGameScenario(seed: number): Scenario {
  const demo = demoScenario(seed);
  const keep = new Set(['BANK_A', 'BANK_B', 'BANK_C']);
  const agents = demo.agents
    .filter((a) => keep.has(a.id))
    .map((a) => ({
      ...a,
      opening_balance: Math.round(a.opening_balance / 4),
      liquidity_pool: 1_200_000,
      policy: { ...a.policy, parameters: { ...a.policy.parameters, initial_liquidity_fraction: 0.5 } },
      arrival_config: a.arrival_config && {
        ...a.arrival_config,
        counterparty_weights: Object.fromEntries(Object.entries(a.arrival_config.counterparty_weights ?? {}).filter(([id]) => keep.has(id))),
      },
    }));
  return { ...demo, name: 'demo_liquidity_game', simulation: { ...demo.simulation, num_days: 1 }, agents };
}

/** Castro exp2 as the predecessor's experiments ran it: both banks start at fraction 0.5 with a Release tree. */
export function castroExperimentScenario(seed: number): Scenario {
  const s = castroExp2Scenario(seed);
  return { ...s, agents: s.agents.map((a) => ({ ...a, policy: fifoPolicy(0.5) })) };
}

export function fillUnifiedDemo(file: UnifiedFile, options: UnifiedDemoOptions): UnifiedDemoContents {
  const { seed } = options;
  // Standalone runs happen a day after the experiments' base date, a seeded number of minutes apart.
  const clock = new SampleClock(SAMPLE_BASE_TIME_MS + 86_400_000 + (deriveSeed(`${seed}:standalone`) % 3600) * 1000);
  const standaloneIds: string[] = [];
  const standalone = (scenario: Scenario, level: PersistenceLevel, description: string): void => {
    const id = `sim-standalone-${standaloneIds.length + 1}`;
    const output = simulate(scenario, { recordTickStates: level === 'full' });
    const start = clock.now();
    const duration = simulatedDurationSeconds(output);
    writeSimulation(file, output, {
      simulation_id: id, persistence_level: level, run_purpose: 'standalone', config_name: `${scenario.name}.yaml`,
      start_time: start, end_time: clock.advance(duration), duration_seconds: duration, description, status: 'completed',
    });
    clock.advance(60 + (deriveSeed(`${seed}:gap:${id}`) % 900));
    standaloneIds.push(id);
  };
  standalone(demoScenario(deriveSeed(`${seed}:standalone:1`)), 'full', 'Five-bank demo, full replay (per-tick states and queues)');
  standalone(castroExp2Scenario(deriveSeed(`${seed}:standalone:2`)), 'events', 'Castro exp2 scenario, events for replay');
  standalone(demoScenario(deriveSeed(`${seed}:standalone:3`)), 'summary', 'Five-bank demo, summary only');

  const experiments: ExperimentSummary[] = [];
  const generic = experimentIdFor('demo_liq_game', seed);
  experiments.push(
    writeExperiment(file, {
      experiment_id: generic.experimentId, createdAtMs: generic.createdAtMs, name: 'demo_liq_game', type: 'generic',
      description: 'Three banks choose an opening liquidity share (sample experiment)',
      scenario: liquidityGameScenario(deriveSeed(`${seed}:generic`)), scenarioPath: 'scenarios/demo_liquidity_game.yaml',
      iterations: 12, samples: 5, persistence: 'smart', keyLevel: 'full', seed: deriveSeed(`${seed}:generic:master`),
    }),
  );
  const castro = experimentIdFor('exp2', seed);
  experiments.push(
    writeExperiment(file, {
      experiment_id: castro.experimentId, createdAtMs: castro.createdAtMs, name: 'exp2', type: 'castro',
      description: '12-Period Stochastic LVTS-Style (sample LLM experiment)',
      scenario: castroExperimentScenario(deriveSeed(`${seed}:castro`)), scenarioPath: 'experiments/castro/configs/exp2_12period.yaml',
      iterations: 8, samples: 5, persistence: 'smart', keyLevel: 'events', seed: deriveSeed(`${seed}:castro:master`), llm: true,
    }),
  );

  let largeEvents: number | null = null;
  if (options.events !== undefined && options.events > 0) {
    const id = `sim-standalone-${standaloneIds.length + 1}`;
    const mark = file.lastEventId();
    const run = streamCalibrated(
      options.events,
      deriveSeed(`${seed}:large`),
      (candidate) => {
        const stream = file.eventStream(id);
        const result = simulate(candidate, { onEvent: stream.onEvent });
        return { events: stream.count, result };
      },
      () => file.deleteEventsAfter(mark),
    );
    const { scenario, result: output } = run;
    const start = clock.now();
    const duration = simulatedDurationSeconds(output);
    writeSimulation(file, output, {
      simulation_id: id, persistence_level: 'events', run_purpose: 'standalone', config_name: `${scenario.name}.yaml`,
      start_time: start, end_time: clock.advance(duration), duration_seconds: duration, status: 'completed',
      description: `Large benchmark run (about ${options.events} events requested)`, streamed_events: run.events,
    });
    standaloneIds.push(id);
    largeEvents = run.events;
  }
  return { standaloneIds, experiments, largeEvents };
}
