/**
 * What the end-to-end specs share: a code-server with the packaged .vsix installed, a headless Chromium on it, and
 * helpers that find things in the workbench the way a person sees them (by role and visible name), plus one
 * screenshot per step under test-output/e2e/<flow>/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium, newWorkbenchContext } from '../integration/harness/browser';
import { logTail, repoRoot, startCodeServer, strayCodeServerProcesses, type CodeServer } from '../integration/harness/codeServer';

export { repoRoot };

/** The packaged extension under test: $SIMCASH_E2E_VSIX or what `npm run package` makes. */
export function vsixPath(): string {
  const vsix = path.resolve(repoRoot, process.env.SIMCASH_E2E_VSIX ?? 'dist/simcash-vscode.vsix');
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist: run npm run package first (scripts/test-e2e.sh does)`);
  return vsix;
}

export interface Workbench {
  cs: CodeServer;
  browser: Browser;
  page: Page;
  /** Saves a screenshot of the whole window as `NN-name.png` and returns its path. */
  shot(name: string): Promise<string>;
  /** Stops the browser and code-server; also removes the workspace's temp folder. */
  close(): Promise<void>;
}

/**
 * Makes a temp workspace (filled by `fill`), installs the .vsix into a fresh extensions folder, starts code-server
 * and opens the workbench in Chromium. Resolves once the workbench shows and the extension host has started (so
 * SimCash's contributions are registered, as they are by the time a person starts clicking).
 */
export async function openWorkbench(flow: string, fill: (workspace: string) => Promise<void>): Promise<Workbench> {
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-e2e-'));
  // A plain folder name: it is what the Explorer and the window title show in the screenshots.
  const workspace = path.join(tempRoot, 'project');
  fs.mkdirSync(workspace);
  const shotsDir = path.join(repoRoot, 'test-output', 'e2e', flow);
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });

  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  const before = new Set(strayCodeServerProcesses());
  const close = async () => {
    await browser?.close().catch(() => undefined);
    if (cs) {
      fs.writeFileSync(path.join(shotsDir, 'code-server.log'), logTail(cs, 200_000));
      await cs.stop();
    }
    fs.rmSync(tempRoot, { recursive: true, force: true });
    // Starting and stopping the server is the harness's job: nothing of it may outlive the flow.
    const stray = strayCodeServerProcesses().filter((pid) => !before.has(pid));
    if (stray.length) throw new Error(`code-server processes left running after the flow: ${stray.join(' ')}`);
  };
  try {
    await fill(workspace);
    cs = await startCodeServer({ workspace, extensionPath: [], vsix: vsixPath() });
    browser = await launchChromium();
    const page = await (await newWorkbenchContext(browser)).newPage();
    await page.goto(cs.url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await cs.waitForExtensionHost({ timeoutMs: 120_000 });
    let step = 0;
    const shot = async (name: string) => {
      const file = path.join(shotsDir, `${String(++step).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file });
      return file;
    };
    const server = cs;
    const opened = browser;
    return { cs: server, browser: opened, page, shot, close };
  } catch (error) {
    const detail = cs ? `\n${logTail(cs)}` : '';
    await close().catch(() => undefined);
    throw error instanceof Error ? Object.assign(error, { message: error.message + detail }) : error;
  }
}

/** A row of the Explorer's file tree, by file or folder name. */
export function explorerItem(page: Page, name: string): Locator {
  return page.locator('.explorer-folders-view').getByRole('treeitem', { name, exact: true });
}

/** A view section of the side bar (e.g. "SimCash"), by its title. */
export function viewPane(page: Page, title: string): Locator {
  return page.locator('.pane', { has: page.locator(`.pane-header[aria-label="${title} Section"]`) });
}

/** Expands a side bar view section if it is collapsed. */
export async function expandViewPane(page: Page, title: string): Promise<Locator> {
  const header = page.locator(`.pane-header[aria-label="${title} Section"]`);
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await page.locator(`.pane-header[aria-label="${title} Section"][aria-expanded="true"]`).waitFor();
  return viewPane(page, title);
}

/** The content of the active editor's webview: VS Code nests the page in two iframes. */
export function activeWebview(page: Page): FrameLocator {
  return page.locator('.editor-instance iframe.webview.ready, iframe.webview.ready').first().contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Waits until `locator` (exactly one element) is visible; fails with what was looked for. */
export async function shown(locator: Locator, timeoutMs = 30_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Waits until `locator`'s text contains `text`. */
export async function hasText(locator: Locator, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null)) ?? '';
    if (last.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`expected ${String(locator)} to contain "${text}"; its text was "${last.slice(0, 200)}"`);
}

/**
 * A row of a tree in `container` by the label it shows (not its accessible name, which VS Code builds from the
 * tooltip or label plus description).
 */
export function treeRow(container: Locator, label: string | RegExp): Locator {
  return container.getByRole('treeitem').filter({ has: container.page().locator('.label-name').getByText(label, { exact: true }) });
}

/**
 * Writes a generated sample database to `results/NAME` in the flow's workspace (the folder a researcher's results
 * land in) and returns its path. The generator is imported lazily: it loads better-sqlite3, which only the runner needs.
 */
export async function writeResultsDatabase(workspace: string, name: string, kind: 'unified' | 'legacy-simulation' = 'unified'): Promise<string> {
  fs.mkdirSync(path.join(workspace, 'results'), { recursive: true });
  const db = path.join(workspace, 'results', name);
  const { generateSampleDatabase } = await import('../../src/sample/generate');
  await generateSampleDatabase(db, { kind });
  return db;
}
