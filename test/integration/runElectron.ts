/**
 * Runs the integration suite in desktop VS Code with @vscode/test-electron (`npm run test:electron`).
 *
 * By default test-electron downloads VS Code (stable) into .vscode-test/, which needs internet access. To use a VS
 * Code already on the machine instead (offline, or a local build), point VSCODE_EXECUTABLE_PATH at its executable
 * (e.g. /usr/share/code/code, "/Applications/Visual Studio Code.app/Contents/MacOS/Electron", or a build's
 * scripts/code.sh). VSCODE_TEST_VERSION picks the version to download (default "stable"). On Linux without a
 * display, run it under xvfb-run. See docs/testing.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { TEST_ENV } from './fixtures';
import { prepareIntegrationWorkspace, removeIntegrationWorkspace } from './workspace';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first (npm run test:electron does)');
  }
  const outputDir = path.join(repoRoot, 'test-output', 'integration-electron');
  fs.rmSync(outputDir, { recursive: true, force: true });
  fs.mkdirSync(outputDir, { recursive: true });
  const resultsFile = path.join(outputDir, 'results.json');
  const workspace = await prepareIntegrationWorkspace();
  // A throwaway profile: no settings, state or other extensions from the user's own VS Code leak in.
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-electron-profile-'));
  const executable = process.env.VSCODE_EXECUTABLE_PATH || undefined;
  console.log(executable ? `Using VS Code at ${executable}` : `Downloading VS Code ${process.env.VSCODE_TEST_VERSION ?? 'stable'} (set VSCODE_EXECUTABLE_PATH to use a local one)`);
  try {
    const code = await runTests({
      vscodeExecutablePath: executable,
      version: executable ? undefined : process.env.VSCODE_TEST_VERSION,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'electronEntry.js'),
      extensionTestsEnv: {
        [TEST_ENV.results]: resultsFile,
        [TEST_ENV.workspace]: workspace,
        [TEST_ENV.grep]: process.env[TEST_ENV.grep],
      },
      launchArgs: [
        workspace,
        // Other installed extensions stay off; the development extension (SimCash) is still loaded.
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
        `--user-data-dir=${userDataDir}`,
        // Electron's sandbox refuses to start as root (containers, CI).
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
    });
    console.log(`Results: ${path.relative(repoRoot, resultsFile)}`);
    return code;
  } finally {
    removeIntegrationWorkspace(workspace);
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Integration tests (test-electron) failed to run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
