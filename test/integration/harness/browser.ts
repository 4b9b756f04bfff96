/**
 * Headless Chromium (Debian's `chromium` package, not a Playwright download) driven by playwright-core, for the
 * code-server runner (which only needs a browser to open the workbench: the extension host starts then) and the
 * end-to-end tests.
 */
import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The rest keep an offline run quiet and
 * fast: no GPU, no background downloads (component updates, safe browsing lists), no sign-in or first-run UI.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome'];

/** The browser to drive: $CHROMIUM_PATH, or the first of the usual install locations. */
export function chromiumPath(): string {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} does not exist`);
    return explicit;
  }
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`no Chromium found (looked at ${CANDIDATES.join(', ')}); install Debian's chromium package or set CHROMIUM_PATH`);
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * A browser context for a VS Code workbench: a fixed window size (screenshots stay comparable) and clipboard access,
 * which VS Code's clipboard API (vscode.env.clipboard) needs in a browser.
 */
export function newWorkbenchContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1440, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
}
