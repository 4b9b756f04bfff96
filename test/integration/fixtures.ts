/**
 * Names shared by the integration runners (which prepare the workspace and set the environment) and the suite
 * (which runs in the extension host and reads them). Kept free of imports so the extension host loads nothing else.
 */

/** Environment variables the runners pass to the extension host. */
export const TEST_ENV = {
  /** Folder of the compiled suite (`*.test.js`); the test-runner extension only runs when this is set. */
  suite: 'SIMCASH_TEST_SUITE',
  /** Where the results JSON goes (the report text lands next to it as `.txt`). */
  results: 'SIMCASH_TEST_RESULTS',
  /** The workspace folder holding the generated databases below. */
  workspace: 'SIMCASH_TEST_WORKSPACE',
  /** Optional mocha --grep for the in-host run. */
  grep: 'SIMCASH_TEST_GREP',
} as const;

/** Databases the runners generate into the workspace, relative to its root. */
export const FIXTURES = {
  /** Unified demo (seed 42): experiments with iterations and linked simulations, and standalone simulations. */
  unified: 'results/unified.db',
  /** Another unified demo (seed 7), for the commands that change what is open. */
  commands: 'results/commands.db',
  /** Legacy simulation-only file (seed 42): standalone simulations, no experiments. */
  legacySimulation: 'results/legacy-simulation.db',
  /** Legacy experiment-only file (seed 42): experiments keyed by run_id with linked simulations. */
  legacyExperiment: 'results/legacy-experiment.db',
  /** Legacy LLM-audit ("castro") file (seed 42): game sessions, no simulations. */
  castro: 'results/castro.db',
  /** A SQLite file that is not a SimCash database. */
  plainSqlite: 'results/plain.db',
  /** A unified file rewritten on disk by the live-reload test (starts as a copy of refreshBefore). */
  live: 'results/live.db',
  /** Source copies for the refresh test, which swaps one for the other on disk. */
  refreshBefore: 'fixtures/refresh-before.db',
  refreshAfter: 'fixtures/refresh-after.db',
  /** Legacy simulation-only file (seed 42) that only the migration test changes (it is migrated in place). */
  toMigrate: 'results/to-migrate.db',
} as const;

/** What each fixture is generated from. */
export const FIXTURE_SOURCES: Record<keyof typeof FIXTURES, { kind: 'unified' | 'legacy-simulation' | 'legacy-experiment' | 'castro' | 'plain-sqlite'; seed: number }> = {
  unified: { kind: 'unified', seed: 42 },
  commands: { kind: 'unified', seed: 7 },
  legacySimulation: { kind: 'legacy-simulation', seed: 42 },
  legacyExperiment: { kind: 'legacy-experiment', seed: 42 },
  castro: { kind: 'castro', seed: 42 },
  plainSqlite: { kind: 'plain-sqlite', seed: 0 },
  live: { kind: 'unified', seed: 42 },
  refreshBefore: { kind: 'unified', seed: 42 },
  refreshAfter: { kind: 'legacy-simulation', seed: 42 },
  toMigrate: { kind: 'legacy-simulation', seed: 42 },
};
