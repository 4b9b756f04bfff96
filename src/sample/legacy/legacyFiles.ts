/**
 * Content of the three legacy sample files. Each is realistic and internally consistent (every linked id exists),
 * so that a migration can be exercised on it:
 * - legacy simulation DB: runs at three richness levels (full replay, events, summary only), optionally a large
 *   streamed events-level run;
 * - legacy experiment DB: two castro exp2 LLM runs, one with every bootstrap sample persisted;
 * - castro DB: two LLM game sessions.
 */
import { castroExp2Scenario, demoScenario } from '../scenarios';
import { streamCalibrated } from '../writer/largeScenario';
import { simulate } from '../simulator';
import type { ExperimentSummary } from '../experimentTypes';
import { experimentIdFor, simulatedDurationSeconds } from '../experimentRunner';
import { castroExperimentScenario } from '../writer/unifiedDemo';
import { deriveSeed, SAMPLE_BASE_TIME_MS } from '../writer/determinism';
import type { SqliteFile } from '../writer/sqliteFile';
import { createLegacySimulationSchema, writeLegacySimulationRun, type LegacyRichness } from './legacySimulation';
import { createLegacyExperimentSchema, writeLegacyExperiment } from './legacyExperiment';
import { createCastroSchema, writeCastroGame } from './castro';
import { LegacyEventWriter, legacySimulationId } from './legacyRows';

/** Legacy files predate the unified design: their timestamps sit a few weeks before the unified sample's. */
const LEGACY_BASE_MS = SAMPLE_BASE_TIME_MS - 21 * 86_400_000;

export function fillLegacySimulationFile(file: SqliteFile, seed: number, events?: number): { simulationIds: string[]; largeEvents: number | null } {
  createLegacySimulationSchema(file, LEGACY_BASE_MS);
  let clockMs = LEGACY_BASE_MS + 3_600_000 + (deriveSeed(`${seed}:legacy-sim`) % 3600) * 1000;
  const ids: string[] = [];
  const runs: Array<{ scenario: ReturnType<typeof demoScenario>; richness: LegacyRichness; configFile: string; description: string | null }> = [
    { scenario: demoScenario(deriveSeed(`${seed}:legacy:1`)), richness: 'full', configFile: 'examples/configs/demo.yaml', description: 'run --persist --full-replay' },
    { scenario: castroExp2Scenario(deriveSeed(`${seed}:legacy:2`)), richness: 'events', configFile: 'experiments/castro/configs/exp2_12period.yaml', description: null },
    { scenario: demoScenario(deriveSeed(`${seed}:legacy:3`)), richness: 'events', configFile: 'examples/configs/demo.yaml', description: null },
    { scenario: castroExp2Scenario(deriveSeed(`${seed}:legacy:4`)), richness: 'summary', configFile: 'experiments/castro/configs/exp2_12period.yaml', description: 'events lost' },
  ];
  runs.forEach((r, n) => {
    const output = simulate(r.scenario, { recordTickStates: r.richness === 'full' });
    const duration = simulatedDurationSeconds(output);
    clockMs += Math.ceil(duration * 1000) + 120_000 + (deriveSeed(`${seed}:legacy-gap:${n}`) % 600) * 1000;
    const id = legacySimulationId(`${seed}:legacy-sim:${n}`);
    writeLegacySimulationRun(file, output, { simulation_id: id, richness: r.richness, configFile: r.configFile, description: r.description, completedAtMs: clockMs, durationSeconds: duration });
    ids.push(id);
  });

  let largeEvents: number | null = null;
  if (events !== undefined && events > 0) {
    // All events are written "at the end of the run": choose that moment first, so rows can be streamed.
    clockMs += 3_600_000;
    const id = legacySimulationId(`${seed}:legacy-sim:large`);
    const writtenAt = clockMs;
    const run = streamCalibrated(
      events,
      deriveSeed(`${seed}:legacy:large`),
      (candidate) => {
        const writer = new LegacyEventWriter(file.inserter('simulation_events'), id, writtenAt);
        const result = simulate(candidate, { onEvent: writer.write });
        return { events: writer.count, result };
      },
      () => file.run('DELETE FROM simulation_events WHERE simulation_id = ?', [id]),
    );
    const { scenario, result: output } = run;
    writeLegacySimulationRun(file, output, {
      simulation_id: id, richness: 'events', configFile: `examples/configs/${scenario.name}.yaml`, description: 'large run',
      completedAtMs: clockMs, durationSeconds: simulatedDurationSeconds(output),
    });
    ids.push(id);
    largeEvents = run.events;
  }
  return { simulationIds: ids, largeEvents };
}

export function fillLegacyExperimentFile(file: SqliteFile, seed: number): ExperimentSummary[] {
  createLegacyExperimentSchema(file);
  const runs: ExperimentSummary[] = [];
  for (const [n, persistence] of [[0, 'all'], [1, 'smart']] as const) {
    const { experimentId, createdAtMs } = experimentIdFor('exp2', deriveSeed(`${seed}:legacy-exp:${n}`), LEGACY_BASE_MS + n * 86_400_000);
    runs.push(
      writeLegacyExperiment(file, {
        experiment_id: experimentId, createdAtMs, name: 'exp2', type: 'castro',
        scenario: castroExperimentScenario(deriveSeed(`${seed}:legacy-exp:${n}:scenario`)), scenarioPath: 'experiments/castro/configs/exp2_12period.yaml',
        iterations: 6 + n, samples: 5, persistence, keyLevel: 'events', seed: deriveSeed(`${seed}:legacy-exp:${n}:master`), llm: true,
      }),
    );
  }
  return runs;
}

export function fillCastroFile(file: SqliteFile, seed: number): ExperimentSummary[] {
  createCastroSchema(file);
  const games: ExperimentSummary[] = [];
  for (const n of [0, 1]) {
    const { experimentId, createdAtMs } = experimentIdFor('castro_exp2', deriveSeed(`${seed}:castro:${n}`), LEGACY_BASE_MS - 14 * 86_400_000 + n * 86_400_000);
    games.push(
      writeCastroGame(file, {
        experiment_id: experimentId, createdAtMs, name: 'castro_exp2', type: 'castro',
        scenario: castroExperimentScenario(deriveSeed(`${seed}:castro:${n}:scenario`)), scenarioPath: 'experiments/castro/configs/exp2_12period.yaml',
        iterations: 6, samples: 5, persistence: 'summary', keyLevel: 'events', seed: deriveSeed(`${seed}:castro:${n}:master`), llm: true,
      }),
    );
  }
  return games;
}
