/**
 * Runs the compiled integration suite with mocha inside a VS Code extension host, and records the outcome. Both
 * runners use it: the code-server one through the test-runner extension (runnerExtension/), the test-electron one
 * through electronEntry.ts. Nothing here may import `vscode`: it is plain mocha plumbing.
 *
 * The results go to a JSON file (and the report text next to it as `.txt`) because under code-server the
 * extension host's console ends up in a log file of the server, not in the terminal of whoever started the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// mocha resolves from this file's real location, i.e. the repository's node_modules, whichever extensions
// folder (or symlink) VS Code loaded the runner through.
import Mocha from 'mocha';

export interface TestOutcome {
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string };
}

export interface SuiteResults {
  /** Who ran it ("code-server", "test-electron"), for the report. */
  runner: string;
  startedAt: string;
  durationMs: number;
  stats: { tests: number; passes: number; failures: number; pending: number };
  tests: TestOutcome[];
  /** The spec-style report, as printed. */
  report: string;
  /** Set when the suite could not run at all (a file failed to load, mocha threw). */
  fatal?: string;
}

export interface RunMochaOptions {
  /** Folder holding the compiled `*.test.js` files. */
  suiteDir: string;
  /** Where to write the results JSON (written atomically: once it exists it is complete). */
  resultsFile?: string;
  runner: string;
  /** Per-test timeout (default 60 s: opening an editor in a browser-hosted workbench on a busy machine is slow). */
  timeoutMs?: number;
  /** Only run tests whose full title matches. */
  grep?: string;
  /** Receives each report line as it is produced (default: console.log). */
  log?: (line: string) => void;
}

/** Writes `results` to `file` (and the report to `file` with `.txt`), the JSON last and by rename. */
export function writeResults(file: string, results: SuiteResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file.replace(/\.json$/, '') + '.txt', results.report);
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, JSON.stringify(results, null, 2));
  fs.renameSync(partial, file);
}

export async function runMochaSuite(options: RunMochaOptions): Promise<SuiteResults> {
  const started = Date.now();
  const lines: string[] = [];
  const print = options.log ?? ((line: string) => console.log(line));
  const emit = (line: string) => {
    lines.push(line);
    print(line);
  };
  const tests: TestOutcome[] = [];
  const { constants } = Mocha.Runner;

  // A spec-like reporter that keeps what it prints and a record of every test.
  class RecordingReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, reporterOptions: Mocha.MochaOptions) {
      super(runner, reporterOptions);
      let depth = 0;
      const indent = () => '  '.repeat(depth);
      runner.on(constants.EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
        if (suite.title) emit(`${indent()}${suite.title}`);
        depth++;
      });
      runner.on(constants.EVENT_SUITE_END, () => {
        depth--;
      });
      runner.on(constants.EVENT_TEST_PASS, (test: Mocha.Test) => {
        emit(`${indent()}✔ ${test.title} (${test.duration ?? 0} ms)`);
        tests.push({ fullTitle: test.fullTitle(), file: test.file, state: 'passed', durationMs: test.duration });
      });
      runner.on(constants.EVENT_TEST_PENDING, (test: Mocha.Test) => {
        emit(`${indent()}- ${test.title} (pending)`);
        tests.push({ fullTitle: test.fullTitle(), file: test.file, state: 'pending' });
      });
      runner.on(constants.EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
        // Hook failures arrive here too; their title says which hook.
        const n = tests.filter((t) => t.state === 'failed').length + 1;
        emit(`${indent()}✘ ${n}) ${test.title}`);
        tests.push({ fullTitle: test.fullTitle(), file: test.file, state: 'failed', durationMs: test.duration, error: { message: String(err?.message ?? err), stack: err?.stack } });
      });
    }
  }

  const finish = (fatal?: string): SuiteResults => {
    const failed = tests.filter((t) => t.state === 'failed');
    if (failed.length > 0) {
      emit('');
      failed.forEach((t, i) => {
        emit(`${i + 1}) ${t.fullTitle}`);
        emit(`   ${(t.error?.stack ?? t.error?.message ?? '').split('\n').join('\n   ')}`);
      });
    }
    if (fatal) emit(`\nThe suite could not run: ${fatal}`);
    const stats = {
      tests: tests.length,
      passes: tests.filter((t) => t.state === 'passed').length,
      failures: failed.length + (fatal ? 1 : 0),
      pending: tests.filter((t) => t.state === 'pending').length,
    };
    emit(`\n${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending (${((Date.now() - started) / 1000).toFixed(1)} s, ${options.runner})`);
    const results: SuiteResults = { runner: options.runner, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, stats, tests, report: lines.join('\n') + '\n', fatal };
    if (options.resultsFile) writeResults(options.resultsFile, results);
    return results;
  };

  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: options.timeoutMs ?? 60_000, color: false, grep: options.grep || undefined });
    mocha.reporter(RecordingReporter);
    const files = fs
      .readdirSync(options.suiteDir)
      .filter((f) => f.endsWith('.test.js'))
      .sort();
    if (files.length === 0) throw new Error(`no *.test.js files in ${options.suiteDir} (compile first: npx tsc -p .)`);
    for (const f of files) mocha.addFile(path.join(options.suiteDir, f));
    await new Promise<void>((resolve, reject) => {
      try {
        mocha.run(() => resolve());
      } catch (error) {
        // A test file that throws while loading surfaces here, before any test runs.
        reject(error);
      }
    });
    return finish();
  } catch (error) {
    return finish(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}
