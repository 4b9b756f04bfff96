/**
 * The test-runner extension for the code-server runner (runCodeServer.ts). code-server has no
 * --extensionDevelopmentPath / --extensionTestsPath, so this tiny extension is linked into its extensions folder
 * next to SimCash and, once the workbench has started (onStartupFinished), runs the compiled suite in the same
 * extension host. code-server's environment reaches the extension host, which is how the harness tells it what to
 * run and where to write the results.
 *
 * It does not depend on the SimCash extension on purpose: a dependency that fails to activate would stop this one
 * from activating too, and the suite would time out instead of reporting that activation failed.
 *
 * The harness copies package.json next to the compiled extension.js (out/test/integration/runnerExtension/).
 */
import * as fs from 'node:fs';
import { runMochaSuite, writeResults } from '../mochaRunner';
import { TEST_ENV } from '../fixtures';

let started = false;

export function activate(): void {
  const suiteDir = process.env[TEST_ENV.suite];
  const resultsFile = process.env[TEST_ENV.results];
  // Linked but not asked to run (or a window reload started a second extension host after a run): do nothing.
  if (!suiteDir || !resultsFile || started || fs.existsSync(resultsFile)) return;
  started = true;
  runMochaSuite({ suiteDir, resultsFile, runner: 'code-server', grep: process.env[TEST_ENV.grep] }).catch((error: unknown) => {
    // runMochaSuite records its own failures; this only catches a failure to write them.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    writeResults(resultsFile, {
      runner: 'code-server',
      startedAt: new Date().toISOString(),
      durationMs: 0,
      stats: { tests: 0, passes: 0, failures: 1, pending: 0 },
      tests: [],
      report: message,
      fatal: message,
    });
  });
}

export function deactivate(): void {
  // Nothing to release: mocha finishes on its own, and the harness stops the server.
}
