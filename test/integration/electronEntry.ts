/**
 * The `extensionTestsPath` module for @vscode/test-electron (runElectron.ts): VS Code loads it in the extension
 * host of the development window and calls run(); a rejection makes the run fail.
 */
import * as path from 'node:path';
import { runMochaSuite } from './mochaRunner';
import { TEST_ENV } from './fixtures';

export async function run(): Promise<void> {
  const results = await runMochaSuite({
    suiteDir: path.join(__dirname, 'suite'),
    resultsFile: process.env[TEST_ENV.results],
    runner: 'test-electron',
    grep: process.env[TEST_ENV.grep],
  });
  if (results.stats.failures > 0) {
    throw new Error(`${results.stats.failures} integration test(s) failed`);
  }
}
