/**
 * Flow 3: a person opens an experiment from the SimCash tree. The experiment panel shows the experiment's facts, the
 * convergence chart and the iterations table; they look at the policies (evolution and a diff), the LLM audit and a
 * comparison, and the panel keeps its place when they switch tabs. One screenshot per step in
 * test-output/e2e/open-experiment/, and the time from the click to the filled table in timing.json.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { listExperiments, listIterations, openSimCashFile } from '../../src/model';
import { formatCents } from '../../src/format';
import { activeWebview, expandViewPane, explorerItem, hasText, openWorkbench, repoRoot, shown, treeRow, type Workbench, writeResultsDatabase } from './workbench';

interface Expected {
  /** The benchmark-sized experiment: 200 iterations linking 5,000 simulations. */
  big: { name: string; lastIteration: number };
  name: string;
  experimentId: string;
  iterations: number;
  lastIteration: number;
  bestCost: string;
  firstTotal: string;
}

describe('Flow 3: open an experiment from the SimCash tree', function () {
  let wb: Workbench;
  let expected: Expected;
  let view: FrameLocator;

  before(async function () {
    wb = await openWorkbench('open-experiment', async (workspace) => {
      const db = await writeResultsDatabase(workspace, 'exp2.db');
      const { generateExperimentBenchmark, BENCH_ITERATIONS } = await import('../../benchmarks/suites/experiment');
      generateExperimentBenchmark(path.join(workspace, 'results', 'bench200.db'));
      const big = { name: 'bench200', lastIteration: BENCH_ITERATIONS - 1 };
      const file = await openSimCashFile(db);
      try {
        // The LLM experiment (castro type): it has every section, the LLM audit included.
        const experiment = (await listExperiments(file)).find((e) => e.experiment_type === 'castro');
        assert.ok(experiment, 'the unified demo holds a castro-type LLM experiment');
        const iterations = await listIterations(file, experiment.experiment_id);
        expected = {
          big,
          name: experiment.experiment_name,
          experimentId: experiment.experiment_id,
          iterations: iterations.length,
          lastIteration: iterations[iterations.length - 1].iteration,
          bestCost: formatCents(experiment.best_cost),
          firstTotal: formatCents(iterations[0].total_cost),
        };
      } finally {
        await file.close();
      }
    });
  });

  /** Wall-clock time from the click to the filled iterations table and drawn chart, written to timing.json. */
  const timings: Array<Record<string, string | number>> = [];

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.shot('failure').catch(() => undefined);
  });

  after(async () => {
    if (timings.length > 0) fs.writeFileSync(path.join(repoRoot, 'test-output', 'e2e', 'open-experiment', 'timing.json'), `${JSON.stringify(timings, null, 2)}\n`);
    await wb?.close();
  });

  it('opens exp2.db and shows its experiments in the SimCash tree', async () => {
    await shown(explorerItem(wb.page, 'results'));
    await explorerItem(wb.page, 'results').click();
    await explorerItem(wb.page, 'exp2.db').click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), 'exp2.db');
    const pane = await expandViewPane(wb.page, 'SimCash');
    await treeRow(pane, 'Experiments').click();
    await shown(treeRow(pane, expected.name));
    await wb.shot('tree-experiments');
  });

  it('right-click the experiment → "Open Experiment…" opens its panel with the convergence chart and the iterations table', async () => {
    const pane = await expandViewPane(wb.page, 'SimCash');
    await treeRow(pane, expected.name).click({ button: 'right' });
    const item = wb.page.locator('.monaco-menu .action-item', { hasText: 'Open Experiment…' });
    await shown(item);
    await wb.shot('context-menu');
    const started = performance.now();
    const clickedAt = Date.now();
    await item.click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), `Experiment ${expected.name}`, 60_000);
    view = activeWebview(wb.page);
    await shown(view.locator(`#iteration-${expected.lastIteration}`), 60_000);
    await shown(view.locator('.chart canvas').first());
    const openMs = Math.round(performance.now() - started);
    timings.push({ experiment: expected.name, iterations: expected.iterations, from: 'tree context menu, file already open', click_to_table_and_chart_ms: openMs, ...(await webviewMarks(view, clickedAt)) });
    await shown(view.getByRole('heading', { level: 1, name: new RegExp(`^${expected.name}`) }));
    await shown(view.getByText(expected.experimentId, { exact: true }));
    await hasText(view.locator('dl.exp-facts'), `${expected.bestCost} (iteration`);
    await shown(view.getByRole('heading', { name: 'Convergence' }));
    await shown(view.getByRole('heading', { name: `Iterations (${expected.iterations})` }));
    await hasText(view.locator('#iteration-0'), expected.firstTotal);
    // The chart and the table together on screen.
    await view.getByRole('heading', { name: 'Convergence' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await wb.shot('experiment-panel');
  });

  it('lists an iteration’s bootstrap samples with their replayable ones', async () => {
    await view.locator('#iteration-0').getByRole('button', { name: 'Show' }).click();
    await shown(view.getByRole('list', { name: 'Bootstrap samples of iteration 0' }));
    await view.locator('#iteration-0').scrollIntoViewIfNeeded();
    await wb.shot('bootstrap-samples');
  });

  it('shows the policy evolution and the diff of two iterations', async () => {
    await view.getByRole('tab', { name: 'Policies' }).click();
    await shown(view.getByRole('heading', { name: 'Policy evolution' }));
    await hasText(view.locator('#panel-policies'), 'initial_liquidity_fraction');
    await hasText(view.locator('#panel-policies'), 'parameter changed (initial_liquidity_fraction)');
    await wb.shot('policies');
  });

  it('opens an LLM exchange with its prompts and response folded', async () => {
    await view.getByRole('tab', { name: /LLM audit/ }).click();
    await view.locator('#panel-audit').getByRole('button', { name: 'Open' }).first().click();
    await shown(view.getByText(/^Response \(/));
    await shown(view.getByText(/^System prompt \(/));
    await wb.shot('llm-audit');
  });

  it('compares the first and the best iteration', async () => {
    await view.getByRole('tab', { name: 'Compare' }).click();
    await shown(view.getByRole('heading', { name: /^Costs per agent: Iteration 0 vs Iteration/ }));
    await hasText(view.locator('#panel-compare'), 'settlement rate');
    await wb.shot('compare');
  });

  it('keeps the selected section when the panel is hidden and shown again', async () => {
    await wb.page.locator('.tabs-container .tab', { hasText: 'exp2.db' }).click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), 'exp2.db');
    await wb.page.locator('.tabs-container .tab', { hasText: `Experiment ${expected.name}` }).click();
    view = activeWebview(wb.page);
    await shown(view.getByRole('heading', { name: /^Costs per agent/ }), 60_000);
    assert.equal(await view.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected'), 'true');
    await wb.shot('restored');
  });

  it('"SimCash: Open Experiment…" from the palette opens a 200-iteration, 5,000-simulation experiment', async () => {
    // The database first opens in the SimCash editor (as a person would have it open); then the palette flow.
    await explorerItem(wb.page, 'bench200.db').click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), 'bench200.db');
    await shown(activeWebview(wb.page).getByRole('heading', { level: 1, name: 'bench200.db' }), 60_000);
    await wb.page.keyboard.press('F1');
    await wb.page.keyboard.type('SimCash: Open Experiment');
    const command = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'SimCash: Open Experiment…' });
    await shown(command);
    await wb.page.keyboard.press('Enter');
    const database = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'bench200.db' });
    await shown(database);
    await wb.shot('palette-database');
    await database.click();
    const experiment = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: expected.big.name });
    await shown(experiment);
    await wb.shot('palette-experiment');
    const started = performance.now();
    const clickedAt = Date.now();
    await experiment.click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), `Experiment ${expected.big.name}`, 60_000);
    view = activeWebview(wb.page);
    await shown(view.locator(`#iteration-${expected.big.lastIteration}`), 60_000);
    await shown(view.locator('.chart canvas').first());
    timings.push({
      experiment: expected.big.name, iterations: expected.big.lastIteration + 1, linked_simulations: 5000, from: 'palette, file already open',
      click_to_table_and_chart_ms: Math.round(performance.now() - started), ...(await webviewMarks(view, clickedAt)),
    });
    await view.getByRole('heading', { name: 'Convergence' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await wb.shot('large-experiment');
  });
});

/**
 * Where the time went, in ms after the click: the webview page starting and its document arriving (VS Code's
 * part), the panel asking for its data, receiving it, and its first frame with the data drawn (marks set by
 * webview/experiment/main.ts).
 */
async function webviewMarks(view: FrameLocator, clickedAt: number): Promise<Record<string, number>> {
  const found = await view.locator('body').evaluate(() => ({
    origin: performance.timeOrigin,
    // Runs in the page: its navigation entry (typed loosely, this project compiles without the DOM library).
    document: (performance.getEntriesByType('navigation' as never)[0] as { responseEnd?: number } | undefined)?.responseEnd ?? NaN,
    marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
  }));
  const at = (time: number | undefined) => Math.round(found.origin + (time ?? NaN) - clickedAt);
  return {
    // The workbench creating the webview and serving its page: the same for every webview, before any SimCash code runs.
    webview_page_started_ms: at(0),
    webview_document_loaded_ms: at(found.document),
    webview_ready_sent_ms: at(found.marks['simcash:ready-sent']),
    webview_data_received_ms: at(found.marks['simcash:data-received']),
    webview_rendered_ms: at(found.marks['simcash:rendered']),
  };
}
