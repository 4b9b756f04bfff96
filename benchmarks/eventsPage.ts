/**
 * The events panel's webview outside VS Code, for measurements: the real bundle (dist/webview/events.js) and
 * stylesheet in headless Chromium, under the same strict Content-Security-Policy as in VS Code (scripts and styles
 * only from the extension's origin or with the page's nonce), talking to the real host side (EventsController over
 * a worker-thread database) through a stand-in for `acquireVsCodeApi`. Only VS Code's theme variables are missing;
 * a few dark-theme values stand in for them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openSimCashFile, type SimCashFile } from '../src/model';
import type { EventsHostMessage, EventsWebviewMessage } from '../src/protocol/events';
import { EventsController } from '../src/views/events/eventsController';
import { launchChromium } from '../test/integration/harness/browser';

const ORIGIN = 'https://simcash-webview.test';
const NONCE = 'bench-nonce';

/** A handful of Dark Modern values for the variables the panel uses (VS Code injects the full set). */
const THEME = `
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 12px;
  --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
  --vscode-panel-border: #2b2b2b; --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c;
  --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c; --vscode-focusBorder: #0078d4;
  --vscode-list-hoverBackground: #2a2d2e; --vscode-list-activeSelectionBackground: #04395e; --vscode-list-inactiveSelectionBackground: #37373d;
  --vscode-textLink-foreground: #4daafc; --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
  --vscode-textCodeBlock-background: #2b2b2b; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8;
  --vscode-charts-green: #89d185; --vscode-charts-red: #f14c4c; --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616;
  --vscode-charts-yellow: #cca700; --vscode-charts-purple: #b180d7; --vscode-errorForeground: #f85149;`;

export interface EventsPage {
  page: Page;
  controller: EventsController;
  file: SimCashFile;
  /** Messages the host posted, in order. */
  posted: EventsHostMessage[];
  /** When (performance.now()) the webview said `ready`: its script has loaded and run. */
  readyAt(): number | null;
  /** Loads the page (the panel starts: ready, init, first query). */
  load(): Promise<void>;
  close(): Promise<void>;
}

export async function openEventsPage(root: string, dbPath: string, simulationId: string, options: { browser?: Browser; restore?: string; pageSize?: number } = {}): Promise<EventsPage> {
  const file = await openSimCashFile(dbPath, { worker: true });
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const posted: EventsHostMessage[] = [];
  const controller = new EventsController(path.resolve(dbPath), simulationId, {
    file: async () => file,
    post: (message) => {
      posted.push(message);
      // The page's own postMessage, as VS Code delivers host messages to a webview. Sent as JSON text: Playwright's
      // serialisation of a large object argument costs hundreds of milliseconds, which VS Code's transport does not.
      void page.evaluate((json) => (globalThis as unknown as { postMessage(data: unknown, target: string): void }).postMessage(JSON.parse(json), '*'), JSON.stringify(message)).catch(() => undefined);
    },
    settings: () => ({ pageSize: options.pageSize ?? 200, cachedRows: 4000, searchChunkEvents: 50_000 }),
  });
  if (options.restore) controller.applyState(options.restore);
  let readyAt: number | null = null;
  await page.exposeFunction('__simcashToHost', (message: EventsWebviewMessage) => {
    if (message.type === 'ready') readyAt ??= performance.now();
    void controller.handle(message);
  });
  const files: Record<string, { body: Buffer; type: string }> = {
    '/events.js': { body: fs.readFileSync(path.join(root, 'dist', 'webview', 'events.js')), type: 'text/javascript' },
    '/webview.css': { body: fs.readFileSync(path.join(root, 'media', 'webview.css')), type: 'text/css' },
  };
  const csp = `default-src 'none'; style-src ${ORIGIN} 'nonce-${NONCE}'; img-src ${ORIGIN} data:; script-src 'nonce-${NONCE}'`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${ORIGIN}/webview.css"><style nonce="${NONCE}">:root{${THEME}}</style></head>
<body><main id="app" aria-live="polite"></main>
<script nonce="${NONCE}">
  let saved = null;
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__simcashToHost(m), getState: () => saved, setState: (s) => { saved = s; } });
</script>
<script nonce="${NONCE}" src="${ORIGIN}/events.js"></script></body></html>`;
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ body: html, contentType: 'text/html' });
    const served = files[url.pathname];
    return served ? route.fulfill({ body: served.body, contentType: served.type }) : route.fulfill({ status: 404 });
  });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text());
  });
  return {
    page,
    controller,
    file,
    posted,
    readyAt: () => readyAt,
    load: async () => {
      await page.goto(`${ORIGIN}/`);
    },
    close: async () => {
      if (violations.length > 0) console.error(`console errors in the events page:\n${violations.join('\n')}`);
      controller.dispose();
      await context.close();
      if (!options.browser) await browser.close();
      await file.close();
    },
  };
}
