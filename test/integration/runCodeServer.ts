/**
 * Runs the integration suite inside code-server's extension host (`npm run test:integration`, via
 * scripts/test-integration.sh, which builds and compiles first).
 *
 *  1. generates the databases into a temporary workspace (workspace.ts);
 *  2. starts code-server with two extensions linked into a private extensions folder: SimCash (this repository,
 *     unpacked) and the test-runner extension (runnerExtension/), and an environment telling the runner where the
 *     compiled suite is and where to write its results;
 *  3. opens the workbench in headless Chromium, because code-server starts the extension host only for a browser;
 *  4. waits for the results file, prints the report, and stops the browser and code-server (the whole process tree).
 *
 * Exit status: 0 when every test passed, 1 otherwise. Output lands in test-output/integration/.
 * Environment: SIMCASH_TEST_GREP (mocha grep), SIMCASH_IT_TIMEOUT_S (overall wait, default 300),
 * SIMCASH_IT_KEEP=1 (keep the workspace and code-server's profile for debugging),
 * SIMCASH_IT_EXTENSION=dir (test another unpacked build of the extension instead of this repository, e.g. a copy
 * with a deliberately broken manifest, to see the suite fail).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FIXTURES, TEST_ENV } from './fixtures';
import type { SuiteResults } from './mochaRunner';
import { launchChromium, newWorkbenchContext } from './harness/browser';
import { logTail, repoRoot, startCodeServer, strayCodeServerProcesses, type CodeServer } from './harness/codeServer';
import { prepareIntegrationWorkspace, removeIntegrationWorkspace } from './workspace';

const outputDir = path.join(repoRoot, 'test-output', 'integration');
const compiledDir = __dirname; // out/test/integration
const log = (message: string) => console.log(`[integration] ${message}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Puts the runner extension's manifest next to its compiled code, which makes that folder an extension. */
function assembleRunnerExtension(): string {
  const dir = path.join(compiledDir, 'runnerExtension');
  const source = path.join(repoRoot, 'test', 'integration', 'runnerExtension', 'package.json');
  if (!fs.existsSync(path.join(dir, 'extension.js'))) throw new Error(`${dir}/extension.js is missing: compile first (npx tsc -p .)`);
  fs.copyFileSync(source, path.join(dir, 'package.json'));
  return dir;
}

async function waitForResults(file: string, cs: CodeServer, timeoutMs: number): Promise<SuiteResults> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void cs.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResults;
    if (exited) throw new Error(`code-server exited before the suite reported\n${logTail(cs)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no results after ${seconds(timeoutMs)} in ${file}: the test-runner extension did not run or did not finish\n${logTail(cs)}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  for (const required of ['dist/extension.js', 'out/test/integration/suite']) {
    if (!fs.existsSync(path.join(repoRoot, required))) throw new Error(`${required} is missing: run npm run build and npx tsc -p . (scripts/test-integration.sh does)`);
  }
  fs.rmSync(outputDir, { recursive: true, force: true });
  fs.mkdirSync(outputDir, { recursive: true });
  const resultsFile = path.join(outputDir, 'results.json');
  const keep = process.env.SIMCASH_IT_KEEP === '1';
  const timeoutMs = Number(process.env.SIMCASH_IT_TIMEOUT_S ?? 300) * 1000;

  const before = new Set(strayCodeServerProcesses());
  const workspace = await prepareIntegrationWorkspace();
  log(`workspace ${workspace} (${Object.keys(FIXTURES).length} databases, ${seconds(Date.now() - started)})`);
  const runnerExtension = assembleRunnerExtension();

  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    cs = await startCodeServer({
      workspace,
      extensionPath: [process.env.SIMCASH_IT_EXTENSION ? path.resolve(process.env.SIMCASH_IT_EXTENSION) : repoRoot, runnerExtension],
      env: {
        [TEST_ENV.suite]: path.join(compiledDir, 'suite'),
        [TEST_ENV.results]: resultsFile,
        [TEST_ENV.workspace]: workspace,
        [TEST_ENV.grep]: process.env[TEST_ENV.grep],
      },
      keepTemp: keep,
    });
    log(`code-server ready in ${seconds(cs.timings.readyMs)} at ${cs.url}`);
    browser = await launchChromium();
    page = await (await newWorkbenchContext(browser)).newPage();
    const browserLog: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') browserLog.push(`[${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => browserLog.push(`[pageerror] ${e.message}`));
    await page.goto(cs.url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    log('workbench opened in Chromium; waiting for the suite (it runs in the extension host)');

    let results: SuiteResults;
    try {
      results = await waitForResults(resultsFile, cs, timeoutMs);
    } finally {
      fs.writeFileSync(path.join(outputDir, 'browser-console.log'), browserLog.join('\n') + '\n');
      fs.writeFileSync(path.join(outputDir, 'code-server.log'), logTail(cs, 200_000));
    }
    console.log(`\n${results.report}`);
    if (results.stats.failures > 0) {
      await page.screenshot({ path: path.join(outputDir, 'failure.png') }).catch(() => undefined);
      log(`screenshot of the workbench: ${path.relative(repoRoot, path.join(outputDir, 'failure.png'))}`);
    }
    log(`done in ${seconds(Date.now() - started)} (results: ${path.relative(repoRoot, resultsFile)})`);
    return results.stats.failures > 0 || results.stats.tests === 0 ? 1 : 0;
  } finally {
    await browser?.close().catch(() => undefined);
    if (cs) {
      const { leftover } = await cs.stop();
      if (leftover.length) log(`warning: code-server processes still alive after stop: ${leftover.join(' ')}`);
    }
    // The harness owns the server: anything of it still running now is a bug, and fails the run.
    const stray = strayCodeServerProcesses().filter((pid) => !before.has(pid));
    if (stray.length) {
      log(`error: code-server processes left running: ${stray.join(' ')}`);
      process.exitCode = 1;
    }
    if (keep) log(`kept ${workspace}${cs ? ` and ${cs.userDataDir}` : ''}`);
    else removeIntegrationWorkspace(workspace);
  }
}

main().then(
  (code) => process.exit(code || Number(process.exitCode ?? 0)),
  (error: unknown) => {
    console.error(`[integration] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
