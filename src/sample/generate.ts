/**
 * Sample database generator: one entry point for tests, demos, benchmarks and the CLI. Every kind is
 * deterministic — the same seed gives byte-identical table contents (no wall clock, no Math.random) — and written
 * through a temp file that is renamed into place only when complete.
 */
import * as fs from 'node:fs';
import { SqliteFile } from './writer/sqliteFile';
import { UnifiedFile } from './writer/unifiedWriter';
import { fillUnifiedDemo } from './writer/unifiedDemo';
import { fillCastroFile, fillLegacyExperimentFile, fillLegacySimulationFile } from './legacy/legacyFiles';

export type SampleKind = 'unified' | 'legacy-simulation' | 'legacy-experiment' | 'castro';

export const SAMPLE_KINDS: readonly SampleKind[] = ['unified', 'legacy-simulation', 'legacy-experiment', 'castro'];

export const DEFAULT_SAMPLE_SEED = 42;

export interface GenerateOptions {
  kind: SampleKind;
  /** Master seed (default 42). */
  seed?: number;
  /** Adds one large standalone simulation of about this many events (unified and legacy-simulation kinds). */
  events?: number;
  /** Overwrite an existing file. */
  force?: boolean;
}

export interface GenerateReport {
  path: string;
  kind: SampleKind;
  seed: number;
  /** Rows per table, tables sorted by name. */
  tables: Record<string, number>;
  /** Simulations stored (any level). */
  simulations: number;
  /** Experiments (legacy experiment runs, castro game sessions) stored. */
  experiments: number;
  /** Events in the largest requested simulation, when `events` was given. */
  largeSimulationEvents: number | null;
  sizeBytes: number;
  elapsedMs: number;
}

export async function generateSampleDatabase(outPath: string, options: GenerateOptions): Promise<GenerateReport> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`seed must be an integer, got ${seed}`);
  }
  if (options.events !== undefined && !(Number.isSafeInteger(options.events) && options.events >= 0)) {
    throw new Error(`events must be a non-negative integer, got ${options.events}`);
  }
  if (options.events && (options.kind === 'legacy-experiment' || options.kind === 'castro')) {
    throw new Error(`events is only supported for the unified and legacy-simulation kinds, not ${options.kind}`);
  }
  let tables: Record<string, number>;
  let simulations: number;
  let experiments: number;
  let largeSimulationEvents: number | null = null;
  let finalPath: string;

  if (options.kind === 'unified') {
    const file = UnifiedFile.create(outPath, { force: options.force });
    finalPath = file.file.finalPath;
    try {
      const contents = fillUnifiedDemo(file, { seed, events: options.events });
      tables = file.tableCounts();
      simulations = tables.simulation_runs;
      experiments = contents.experiments.length;
      largeSimulationEvents = contents.largeEvents;
      file.finish();
    } catch (error) {
      file.abort();
      throw error;
    }
  } else {
    const file = SqliteFile.create(outPath, { force: options.force });
    finalPath = file.finalPath;
    try {
      if (options.kind === 'legacy-simulation') {
        const result = fillLegacySimulationFile(file, seed, options.events);
        experiments = 0;
        largeSimulationEvents = result.largeEvents;
      } else if (options.kind === 'legacy-experiment') {
        experiments = fillLegacyExperimentFile(file, seed).length;
      } else if (options.kind === 'castro') {
        experiments = fillCastroFile(file, seed).length;
      } else {
        throw new Error(`Unknown sample kind '${String(options.kind)}'; expected one of ${SAMPLE_KINDS.join(', ')}`);
      }
      tables = file.tableCounts();
      simulations = tables.simulations ?? 0;
      file.finish();
    } catch (error) {
      file.abort();
      throw error;
    }
  }
  return {
    path: finalPath,
    kind: options.kind,
    seed,
    tables,
    simulations,
    experiments,
    largeSimulationEvents,
    sizeBytes: fs.statSync(finalPath).size,
    elapsedMs: Math.round(performance.now() - started),
  };
}
