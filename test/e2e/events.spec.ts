/**
 * Flow: a researcher opens a simulation's events from the SimCash tree ("Show Events"), filters them, expands an
 * event's details, follows one payment in its trace and opens the replay at one of its events' tick. One screenshot
 * per step in test-output/e2e/events/.
 */
import * as assert from 'node:assert/strict';
import { EventTable, openSimCashFile } from '../../src/model';
import { activeWebview, expandViewPane, explorerItem, hasText, openWorkbench, shown, treeRow, type Workbench, writeResultsDatabase } from './workbench';
import type { FrameLocator } from 'playwright-core';

const SIM = 'sim-standalone-1';
const TX = 'tx-000025';

interface Expected {
  total: number;
  filtered: number;
  firstEventId: string;
  /** PolicyHold events of BANK_D, and in all (the type filter's counts within the agent filter). */
  holdsOfAgent: number;
  holds: number;
}

describe('Flow: the events of a simulation, filtered, and a payment traced', function () {
  let wb: Workbench;
  let expected: Expected;
  let view: FrameLocator;

  before(async function () {
    wb = await openWorkbench('events', async (workspace) => {
      const db = await writeResultsDatabase(workspace, 'exp2.db');
      // What the screens must show, read with the project's own query layer.
      const file = await openSimCashFile(db);
      try {
        const table = await EventTable.open(file, SIM);
        const all = await table.view({});
        const filtered = await table.view({ eventTypes: ['PolicyHold', 'TransactionWentOverdue'], agentId: 'BANK_D' });
        const holds = async (agent: string | null) =>
          (await file.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM simulation_events WHERE simulation_id = ? AND event_type = 'PolicyHold'${agent ? ' AND agent_id = ?' : ''}`, agent ? [SIM, agent] : [SIM]))[0].n;
        expected = {
          total: (await all.complete()).total,
          filtered: (await filtered.complete()).total,
          firstEventId: String((await all.head(1))[0].eventId),
          holdsOfAgent: await holds('BANK_D'),
          holds: await holds(null),
        };
      } finally {
        await file.close();
      }
      assert.ok(expected.total > 1000 && expected.filtered > 0 && expected.filtered < expected.total);
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.shot('failure').catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
  });

  it('opens exp2.db and shows its standalone simulations in the SimCash tree', async () => {
    await shown(explorerItem(wb.page, 'results'));
    await explorerItem(wb.page, 'results').click();
    await explorerItem(wb.page, 'exp2.db').click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), 'exp2.db');
    // Give the SimCash view the side bar's height: collapse the workspace's file tree above it.
    await wb.page.locator('.pane', { has: wb.page.locator('.explorer-folders-view') }).locator('.pane-header').click();
    const pane = await expandViewPane(wb.page, 'SimCash');
    await treeRow(pane, 'Standalone simulations').click();
    await shown(treeRow(pane, SIM));
    await wb.shot('tree-simulations');
  });

  it('right-click a simulation → "Show Events" opens its events panel with the first page', async () => {
    const pane = await expandViewPane(wb.page, 'SimCash');
    await treeRow(pane, SIM).click({ button: 'right' });
    const item = wb.page.locator('.context-view .monaco-menu .action-item', { hasText: 'Show Events' });
    await shown(item);
    await item.hover();
    await wb.shot('context-menu');
    await item.click();
    await hasText(wb.page.locator('.tabs-container .tab.active'), `Events: ${SIM}`, 60_000);
    view = activeWebview(wb.page);
    await shown(view.getByRole('heading', { level: 1, name: SIM }), 60_000);
    await shown(view.getByRole('grid', { name: 'Events' }));
    await hasText(view.locator('.grid-row[aria-rowindex="2"] .c0'), expected.firstEventId);
    await hasText(view.getByRole('status').first(), `${expected.total.toLocaleString('en-US')} events`, 60_000);
    await view.getByRole('heading', { level: 1 }).hover();
    await wb.shot('events-panel');
  });

  it('filters by two event types and an agent: the status and the rows follow', async () => {
    // Event types: the VS Code multi-select (its options live in its shadow root, which locators pierce).
    await view.locator('vscode-multi-select').click();
    for (const type of ['PolicyHold', 'TransactionWentOverdue']) {
      await view.locator('vscode-multi-select li.option', { hasText: `${type} (` }).click();
    }
    await view.locator('.events-header h1').click();
    await view.getByLabel('Agent').selectOption('BANK_D');
    await hasText(view.getByRole('status').first(), `${expected.filtered.toLocaleString('en-US')} event`, 60_000);
    await hasText(view.getByRole('status').first(), 'match');
    const types = await view.locator('.grid-window .grid-row .type').allTextContents();
    const agents = await view.locator('.grid-window .grid-row .c4').allTextContents();
    assert.ok(types.length > 0 && types.every((t) => t === 'PolicyHold' || t === 'TransactionWentOverdue'), `types shown: ${[...new Set(types)].join(', ')}`);
    assert.ok(agents.every((a) => a === 'BANK_D'), `agents shown: ${[...new Set(agents)].join(', ')}`);
    // Only the visible rows are in the page, however long the listing.
    assert.ok(Number(await view.locator('.grid').getAttribute('data-dom-rows')) < 80);
    await view.locator('.events-header h1').hover();
    await wb.shot('events-filtered');
    // The type choices now count within the agent filter: BANK_D's PolicyHold events of all of them.
    await view.locator('vscode-multi-select').click();
    await shown(view.locator('vscode-multi-select li.option', { hasText: `PolicyHold (${expected.holdsOfAgent.toLocaleString('en-US')} of ${expected.holds.toLocaleString('en-US')})` }));
    await wb.shot('types-counted-within-agent');
    await view.locator('.events-header h1').click();
  });

  it('expands an event’s details with the keyboard', async () => {
    await view.getByRole('grid', { name: 'Events' }).focus();
    await view.getByRole('grid', { name: 'Events' }).press('ArrowDown');
    await view.getByRole('grid', { name: 'Events' }).press('ArrowDown');
    await view.getByRole('grid', { name: 'Events' }).press('Enter');
    await shown(view.locator('.details pre'));
    await hasText(view.locator('.details pre'), '{');
    await wb.shot('event-details');
    await view.getByRole('grid', { name: 'Events' }).press('Escape');
  });

  it('clicking a transaction id opens its trace: arrival to settlement, with costs', async () => {
    await view.getByRole('button', { name: 'Clear' }).click();
    await hasText(view.getByRole('status').first(), `${expected.total.toLocaleString('en-US')} events`, 60_000);
    await view.getByLabel('Transaction', { exact: true }).fill(TX);
    await view.getByLabel('Transaction', { exact: true }).press('Enter');
    await shown(view.locator('.grid-window .grid-row button.link', { hasText: TX }).first(), 60_000);
    await view.locator('.grid-window .grid-row button.link', { hasText: TX }).first().click();
    const trace = view.getByRole('complementary', { name: 'Transaction trace' });
    await shown(trace.getByRole('heading', { level: 2, name: TX }), 60_000);
    await shown(trace.locator('.step-arrival'));
    await hasText(trace.locator('.trace-facts').first(), 'settled');
    await shown(trace.getByText('Costs it caused'));
    await view.locator('.events-header h1').hover();
    await wb.shot('transaction-trace');
  });

  it('R on a selected event opens the replay at that event’s tick; the header button names it', async () => {
    const row = view.locator('.grid-window .grid-row', { hasText: TX }).nth(1);
    await row.locator('.c8').click();
    const tick = Number(((await view.locator('.grid-window .grid-row.selected .c1').textContent()) ?? '').trim());
    assert.ok(Number.isInteger(tick) && tick > 0, `the selected row shows its tick (${tick})`);
    await hasText(view.getByRole('button', { name: /^Replay at tick/ }), `Replay at tick ${tick.toLocaleString('en-US')}`);
    await view.locator('.events-header h1').hover();
    await wb.shot('replay-at-tick-button');
    await view.getByRole('grid', { name: 'Events' }).press('r');
    await hasText(wb.page.locator('.tabs-container .tab.active'), `Replay: ${SIM}`, 60_000);
    const replay = activeWebview(wb.page);
    await hasText(replay.locator('.tick-status'), `After tick ${tick.toLocaleString('en-US')} `, 60_000);
    assert.equal(await replay.getByRole('spinbutton', { name: 'Tick' }).inputValue(), String(tick));
    await wb.shot('replay-at-tick');
  });

  it('closing the database from the tree leaves the panel waiting with Reopen, which reads it again', async () => {
    await wb.page.locator('.tabs-container .tab', { hasText: `Events: ${SIM}` }).click();
    view = activeWebview(wb.page);
    const pane = await expandViewPane(wb.page, 'SimCash');
    // The page was recreated when its tab came back: its header facts and type choices are there again.
    await hasText(view.locator('.events-header .facts'), '4,317 events');
    // The database row's inline action.
    await treeRow(pane, 'exp2.db').hover();
    await treeRow(pane, 'exp2.db').getByRole('button', { name: 'Close Database' }).click();
    await hasText(view.locator('.closed-line'), 'exp2.db was closed.');
    await wb.page.mouse.move(720, 6);
    await wb.shot('database-closed');
    await view.getByRole('button', { name: 'Reopen' }).click();
    await view.locator('.closed-line button').waitFor({ state: 'detached' });
    await hasText(view.getByRole('status').first(), 'events', 60_000);
    await shown(treeRow(pane, 'exp2.db'));
    await wb.shot('database-reopened');
  });
});
