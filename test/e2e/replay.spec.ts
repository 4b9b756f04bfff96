/**
 * Flow 2: a person right-clicks an iteration in the SimCash tree and chooses "Open Simulation Replay". The replay
 * panel opens at tick 0 of the iteration's evaluation simulation; they step forward a few ticks with the toolbar and
 * the keyboard, jump to the next settlement, play a moment, and try an iteration that kept nothing replayable. One
 * screenshot per step in test-output/e2e/replay/.
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { listIterations, listSimulations, openSimCashFile, type SimulationSummary } from '../../src/model';
import { ReplaySession } from '../../src/replay';
import { formatCents } from '../../src/format';
import { activeWebview, expandViewPane, explorerItem, hasText, openWorkbench, shown, treeRow, type Workbench, writeResultsDatabase } from './workbench';

interface Expected {
  experimentName: string;
  evaluation: SimulationSummary;
  /** An iteration none of whose simulations was stored with events. */
  emptyIteration: number;
  /** Balance of the first agent after every tick (formatted as the panel shows it). */
  balances: string[];
  firstAgent: string;
  nextSettlement: number;
}

describe('Flow 2: replay an iteration’s evaluation simulation from the tree', function () {
  let wb: Workbench;
  let expected: Expected;
  let view: FrameLocator;

  before(async function () {
    wb = await openWorkbench('replay', async (workspace) => {
      const db = await writeResultsDatabase(workspace, 'exp2.db');
      // What the screens must show, from the file itself through the project's query layer and replay core.
      const file = await openSimCashFile(db);
      try {
        const simulations = await listSimulations(file);
        const evaluation = simulations.find((s) => s.run_purpose === 'evaluation' && s.iteration === 5 && s.replayable);
        assert.ok(evaluation?.experiment_id, 'the demo keeps iteration 5’s evaluation run with events');
        const iterations = await listIterations(file, evaluation.experiment_id);
        const emptyIteration = iterations.find((it) => !simulations.some((s) => s.experiment_id === evaluation.experiment_id && s.iteration === it.iteration && s.replayable));
        assert.ok(emptyIteration, 'the demo has an iteration stored at the summary level only');
        const session = await ReplaySession.open(file, evaluation.simulation_id);
        const balances: string[] = [];
        await session.forEachTick((state) => {
          balances.push(formatCents(state.agents[0].balance));
        });
        expected = {
          experimentName: evaluation.experiment_name ?? evaluation.experiment_id,
          evaluation,
          emptyIteration: emptyIteration.iteration,
          firstAgent: session.agentIds[0],
          balances,
          nextSettlement: session.nextTickWith('settlement', 3) ?? -1,
        };
      } finally {
        await file.close();
      }
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.shot('failure').catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
  });

  /** The first agent's balance cell in the agents table. */
  const firstBalance = () => view.locator('table.agents tbody tr').first().locator('td').first();

  it('opens exp2.db and shows iteration 5 in the SimCash tree', async () => {
    await shown(explorerItem(wb.page, 'results'));
    await explorerItem(wb.page, 'results').click();
    await explorerItem(wb.page, 'exp2.db').click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), 'exp2.db');
    // Give the SimCash view the side bar's height: collapse the workspace's file tree above it.
    await wb.page.locator('.pane', { has: wb.page.locator('.explorer-folders-view') }).locator('.pane-header').click();
    const pane = await expandViewPane(wb.page, 'SimCash');
    await treeRow(pane, 'Experiments').click();
    await treeRow(pane, expected.experimentName).click();
    await shown(treeRow(pane, 'Iteration 5'));
    await treeRow(pane, 'Iteration 5').scrollIntoViewIfNeeded();
    await wb.shot('tree-iteration-5');
  });

  it('right-click Iteration 5 → "Open Simulation Replay" opens the panel at tick 0 of its evaluation simulation', async () => {
    const pane = await expandViewPane(wb.page, 'SimCash');
    await treeRow(pane, 'Iteration 5').click({ button: 'right' });
    const item = wb.page.locator('.context-view .monaco-menu .action-item', { hasText: 'Open Simulation Replay' });
    await shown(item);
    await item.hover();
    await wb.shot('context-menu');
    await item.click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), 'Replay: iter5:eval', 60_000);
    view = activeWebview(wb.page);
    await shown(view.getByRole('heading', { level: 1, name: 'Replay iter5:eval' }), 60_000);
    await shown(view.getByText(expected.evaluation.simulation_id, { exact: true }));
    await hasText(view.locator('.tick-status'), 'After tick 0 ');
    assert.equal(await view.getByRole('spinbutton', { name: 'Tick' }).inputValue(), '0');
    await hasText(firstBalance(), expected.balances[0]);
    await shown(view.locator('.charts .chart').nth(2));
    // Move the pointer off the tree, whose hover card would cover the panel: through the workbench's title bar (a
    // move straight into the webview's iframe leaves the tree no mouseleave, and its hover stays).
    await wb.page.mouse.move(720, 6);
    await wb.page.locator('.monaco-hover').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
    await view.getByRole('heading', { level: 1 }).hover();
    await wb.shot('replay-tick-0');
  });

  it('steps forward a few ticks with the toolbar and the keyboard; the balances follow the fold', async () => {
    await view.getByRole('button', { name: 'Forward one tick' }).click();
    await hasText(view.locator('.tick-status'), 'After tick 1 ');
    await hasText(firstBalance(), expected.balances[1]);
    await wb.shot('replay-tick-1');
    await view.getByRole('button', { name: 'Forward one tick' }).click();
    await hasText(view.locator('.tick-status'), 'After tick 2 ');
    await hasText(firstBalance(), expected.balances[2]);
    // The panel's own key: → is one tick forward.
    await view.locator('body').press('ArrowRight');
    await hasText(view.locator('.tick-status'), 'After tick 3 ');
    await hasText(firstBalance(), expected.balances[3]);
    assert.equal(await view.getByRole('spinbutton', { name: 'Tick' }).inputValue(), '3');
    await wb.shot('replay-tick-3');
  });

  it('jumps to the next settlement (S) and shows that tick’s events by phase', async () => {
    assert.ok(expected.nextSettlement > 3);
    await view.locator('body').press('s');
    await hasText(view.locator('.tick-status'), `After tick ${expected.nextSettlement} `);
    await shown(view.locator('.phases h3', { hasText: 'RTGS settlement' }).first());
    await wb.shot('replay-next-settlement');
  });

  it('plays at 30 ticks a second with short lists, slows down while playing, and pauses on a tick shown in full', async () => {
    const shownTick = async () => Number(/After tick (\d+)/.exec((await view.locator('.tick-status').textContent()) ?? '')?.[1] ?? -1);
    await view.getByRole('combobox', { name: 'Playback speed, ticks per second' }).selectOption('30');
    await view.getByRole('button', { name: 'Play', exact: true }).click();
    await wb.page.waitForTimeout(700);
    // While playing, the queues show two payments each and say the rest come when paused.
    await shown(view.getByText(/more \(listed when paused\)/).first());
    await wb.shot('replay-playing');
    // Slower while playing (−): the clock goes on at 20 ticks a second from where it is.
    const beforeSlower = await shownTick();
    await view.locator('body').press('-');
    assert.equal(await view.getByRole('combobox', { name: 'Playback speed, ticks per second' }).inputValue(), '20');
    await wb.page.waitForTimeout(500);
    const afterSlower = await shownTick();
    const lastTick = expected.balances.length - 1;
    assert.ok(afterSlower > beforeSlower || afterSlower === lastTick, `still playing after the speed changed (${beforeSlower} → ${afterSlower})`);
    // Pause (unless a slow machine let the short run reach its last tick, where playing stops by itself).
    const pause = view.getByRole('button', { name: 'Pause', exact: true });
    if (await pause.isVisible()) await pause.click();
    await shown(view.getByRole('button', { name: 'Play', exact: true }));
    const tick = await shownTick();
    assert.ok(tick >= expected.nextSettlement + 20, `playing moved on at 30, then 20 ticks a second (tick ${expected.nextSettlement} → ${tick})`);
    // The tick on screen after the pause: the fold's balance, and the lists in full again.
    await hasText(firstBalance(), expected.balances[tick]);
    await view.getByText(/more \(listed when paused\)/).first().waitFor({ state: 'detached' });
    assert.equal(await shownTick(), tick, 'pausing stays on the tick shown');
    assert.equal(await view.getByRole('spinbutton', { name: 'Tick' }).inputValue(), String(tick));
    await wb.shot('replay-paused');
  });

  it('an iteration that kept nothing replayable says so, with its persistence level', async () => {
    const pane = await expandViewPane(wb.page, 'SimCash');
    const label = `Iteration ${expected.emptyIteration}`;
    await treeRow(pane, label).scrollIntoViewIfNeeded();
    await treeRow(pane, label).click();
    await treeRow(pane, label).click({ button: 'right' });
    const item = wb.page.locator('.context-view .monaco-menu .action-item', { hasText: 'Open Simulation Replay' });
    await shown(item);
    await item.hover();
    await item.click();
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: `Iteration ${expected.emptyIteration} has no replayable simulation` });
    await shown(toast);
    await hasText(toast, 'stored at the summary level');
    await wb.page.waitForTimeout(800); // the toast's fade-in
    await wb.shot('iteration-not-replayable');
  });

  it('"Show What Is Stored" explains why and offers the nearest replayable simulation, which opens', async () => {
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: `Iteration ${expected.emptyIteration} has no replayable simulation` });
    await toast.getByRole('button', { name: 'Show What Is Stored' }).click();
    view = activeWebview(wb.page);
    await shown(view.getByRole('heading', { level: 1, name: /cannot be replayed/ }), 60_000);
    await shown(view.getByText('What the file keeps instead'));
    await shown(view.locator('table').first());
    const nearest = view.getByRole('button', { name: /^Replay iter\d+:/ });
    await shown(nearest);
    await view.getByRole('heading', { level: 1 }).hover();
    await wb.shot('not-replayable-explained');
    await nearest.click();
    view = activeWebview(wb.page);
    await hasText(view.locator('.tick-status'), 'After tick 0 ', 60_000);
    await wb.shot('nearest-replay-opened');
  });
});
