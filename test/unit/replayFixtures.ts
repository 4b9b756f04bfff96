/**
 * Generated simulations for the replay tests: several seeds of the five-bank demo (LSM, splits, drops, collateral,
 * pool liquidity) and of the Castro exp2 mirror (deferred crediting), written at the full persistence level with the
 * project's writer, so the files carry the per-tick snapshots the fold must reproduce.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SimulationOutput } from '../../src/sample/output';
import type { Scenario } from '../../src/sample/scenario';
import { castroExp2Scenario, demoScenario } from '../../src/sample/scenarios';
import { simulate } from '../../src/sample/simulator';
import { UnifiedFile, writeSimulation, type PersistenceLevel } from '../../src/sample/writer/unifiedWriter';

export interface FixtureRun {
  id: string;
  scenario: Scenario;
  output: SimulationOutput;
}

export interface ReplayFixture {
  dir: string;
  file: string;
  runs: FixtureRun[];
  cleanup(): void;
}

export const DEMO_SEEDS = [11, 12, 13, 14];
export const CASTRO_SEEDS = [21, 22];

export function writeReplayFixture(level: PersistenceLevel = 'full'): ReplayFixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-replay-'));
  const file = path.join(dir, 'replay.db');
  const runs: FixtureRun[] = [
    ...DEMO_SEEDS.map((seed) => ({ id: `sim-demo-${seed}`, scenario: demoScenario(seed) })),
    ...CASTRO_SEEDS.map((seed) => ({ id: `sim-castro-${seed}`, scenario: castroExp2Scenario(seed) })),
  ].map(({ id, scenario }) => ({ id, scenario, output: simulate(scenario, { recordTickStates: true }) }));
  const target = UnifiedFile.create(file);
  try {
    for (const run of runs) {
      writeSimulation(target, run.output, {
        simulation_id: run.id,
        persistence_level: level,
        run_purpose: 'standalone',
        start_time: '2025-12-14T10:00:00Z',
        end_time: '2025-12-14T10:00:05Z',
        status: 'completed',
      });
    }
    target.finish();
  } catch (error) {
    target.abort();
    throw error;
  }
  return { dir, file, runs, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of the fixture file to alter (better-sqlite3 writes it; the original stays untouched). */
export function copyOf(fixture: ReplayFixture, name: string): string {
  const copy = path.join(fixture.dir, name);
  fs.copyFileSync(fixture.file, copy);
  return copy;
}
