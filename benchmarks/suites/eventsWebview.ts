/**
 * The events panel end to end on a large simulation: the real webview bundle in headless Chromium (strict CSP)
 * talking to the real host side over a worker-thread database (benchmarks/eventsPage.ts). Times are from the action
 * (page load, a filter applied, End pressed, the scroll bar dragged) until the rows are on screen with their data.
 * Memory: the page's JS heap (after a full GC) and its DOM rows before and after visiting many positions of the
 * listing, which must stay bounded (the panel keeps a few thousand rows and only draws the visible ones).
 * Usage: node out/benchmarks/suites/eventsWebview.js FILE [SIMULATION] → prints one JSON object.
 */
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { openSimCashFile } from '../../src/model/file';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/integration/harness/browser';
import { openEventsPage } from '../eventsPage';
import { round, type Figures } from '../harness';

const root = path.resolve(__dirname, '..', '..', '..');

async function largestSimulation(fileName: string): Promise<string> {
  const file = await openSimCashFile(fileName);
  try {
    const [row] = await file.db.query<{ s: string }>('SELECT simulation_id AS s FROM simulation_events GROUP BY simulation_id ORDER BY COUNT(*) DESC LIMIT 1');
    return row.s;
  } finally {
    await file.close();
  }
}

/** The few DOM shapes the page-side functions use (this project compiles Node code without the DOM library). */
interface PageElement {
  classList: { contains(name: string): boolean };
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}
interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getElementsByTagName(name: string): { length: number };
}
interface PageGlobals {
  document: PageDocument;
}

interface Footprint {
  heapMiB: number;
  domRows: number;
  cachedRows: number;
  domNodes: number;
}

// Page-side functions: serialised into the page by Playwright, so each is self-contained.
function pageFootprint(): Omit<Footprint, 'heapMiB'> {
  const g = globalThis as unknown as PageGlobals;
  const grid = g.document.querySelector('.grid');
  return {
    domRows: Number(grid?.dataset.domRows ?? 0),
    cachedRows: Number(grid?.dataset.cachedRows ?? 0),
    domNodes: g.document.getElementsByTagName('*').length,
  };
}

function pageComplete(total: number | null): boolean {
  const grid = (globalThis as unknown as PageGlobals).document.querySelector('.grid');
  return grid?.dataset.complete === 'true' && (total === null || grid.dataset.total === String(total));
}

function pageScrollTo(fraction: number): void {
  const scroller = (globalThis as unknown as PageGlobals).document.querySelector('.grid-scroll');
  if (scroller) scroller.scrollTop = fraction * (scroller.scrollHeight - scroller.clientHeight);
}

/** The grid shows another first row than `previousTop`, and every row on screen has its data. */
function pageRowsLoaded(previousTop: string | null): boolean {
  const d = (globalThis as unknown as PageGlobals).document;
  const rows = [...d.querySelectorAll('.grid-window > .grid-row')];
  return d.querySelector('.grid')?.dataset.top !== previousTop && rows.length > 0 && rows.every((r) => !r.classList.contains('loading'));
}

function pageFirstRowIs(pattern: string): boolean {
  const first = (globalThis as unknown as PageGlobals).document.querySelector('.grid-row[aria-rowindex="2"]:not(.loading) .type');
  return first !== null && new RegExp(pattern).test(first.textContent ?? '');
}

function pageLastRowLoaded(): boolean {
  const d = (globalThis as unknown as PageGlobals).document;
  const grid = d.querySelector('.grid');
  return grid?.dataset.complete === 'true' && d.querySelector(`.grid-row[aria-rowindex="${Number(grid.dataset.total) + 1}"]:not(.loading)`) !== null;
}

function pageFacetsShown(): boolean {
  return ((globalThis as unknown as PageGlobals).document.querySelector('#f-agent')?.textContent ?? '').includes('BANK');
}

async function measure(fileName: string, requested: string | undefined): Promise<Figures> {
  const simulationId = requested ?? (await largestSimulation(fileName));
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const figures: Figures = {};
  try {
    let started = performance.now();
    const events = await openEventsPage(root, fileName, simulationId, { browser });
    figures.webview_file_open_ms = round(performance.now() - started);
    const page = events.page;
    const settle = async () => {
      // Let the host finish what it does after each answer (the header facts, prefetched blocks), as a person
      // reading the screen would: each figure then measures its own action.
      await page.waitForTimeout(400);
    };
    started = performance.now();
    await events.load();
    await page.waitForSelector('.grid-row[aria-rowindex="2"]:not(.loading)', { timeout: 60_000 });
    figures.webview_page_load_to_first_rows_ms = round(performance.now() - started);
    // From the page's script running (`ready`) to the first rows on screen: what the panel itself costs.
    figures.webview_first_rows_ms = round(performance.now() - (events.readyAt() ?? started));
    await page.waitForFunction(pageComplete, null, { timeout: 60_000 });
    figures.webview_count_ready_ms = round(performance.now() - started);
    await page.waitForFunction(pageFacetsShown, undefined, { timeout: 60_000 });
    const total = Number(await page.getAttribute('.grid', 'data-total'));
    figures.webview_total_rows = total;
    // The page's JS heap after a full garbage collection (V8 and Blink's DOM heap: what stays reachable).
    const cdp = await page.context().newCDPSession(page);
    const footprint = async (): Promise<Footprint> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      return { heapMiB: heap.usedSize / 2 ** 20, ...(await page.evaluate(pageFootprint)) };
    };
    const before = await footprint();

    // End: keyboard, as a person would (the grid has the focus).
    await settle();
    await page.focus('.grid');
    started = performance.now();
    await page.keyboard.press('End');
    await page.waitForFunction(pageLastRowLoaded, undefined, { timeout: 30_000 });
    figures.webview_end_ms = round(performance.now() - started);

    // Dragging the scroll bar to the middle, then to many places: rows shown with their data each time.
    const jumpTo = async (fraction: number) => {
      const previousTop = await page.getAttribute('.grid', 'data-top');
      const t = performance.now();
      await page.evaluate(pageScrollTo, fraction);
      await page.waitForFunction(pageRowsLoaded, previousTop, { polling: 5 });
      return performance.now() - t;
    };
    await settle();
    figures.webview_jump_middle_ms = round(await jumpTo(0.5));
    const jumps: number[] = [];
    for (let i = 1; i <= 40; i++) {
      await settle();
      jumps.push(await jumpTo(((i * 7919) % 997) / 1000));
    }
    jumps.sort((a, b) => a - b);
    figures.webview_jump_median_ms = round(jumps[Math.floor(jumps.length / 2)]);
    figures.webview_jump_p90_ms = round(jumps[Math.floor(jumps.length * 0.9)]);

    // A filter change from the host (as a command or a restored state does): the first rows of the new listing.
    await settle();
    started = performance.now();
    events.controller.applyState('types=Arrival,PolicySplit');
    await page.waitForFunction(pageFirstRowIs, 'Arrival|PolicySplit');
    figures.webview_filter_change_ms = round(performance.now() - started);
    await settle();
    await page.focus('.grid');
    started = performance.now();
    await page.keyboard.press('End');
    await page.waitForFunction(pageLastRowLoaded);
    figures.webview_filter_end_ms = round(performance.now() - started);

    // Back to every event, and many more positions without pauses (the cache must stay bounded).
    events.controller.applyState('');
    await page.waitForFunction(pageComplete, total);
    for (let i = 1; i <= 80; i++) await jumpTo(((i * 104729) % 997) / 1000);

    const after = await footprint();
    figures.webview_heap_before_mib = round(before.heapMiB);
    figures.webview_heap_after_mib = round(after.heapMiB);
    figures.webview_dom_rows_max = Math.max(before.domRows, after.domRows);
    figures.webview_cached_rows_after = after.cachedRows;
    figures.webview_dom_nodes_after = after.domNodes;
    await events.close();
  } finally {
    await browser.close();
  }
  return figures;
}

measure(process.argv[2], process.argv[3]).then(
  (figures) => console.log(JSON.stringify(figures)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
