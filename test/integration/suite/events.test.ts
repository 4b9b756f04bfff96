/**
 * The events panel in a real VS Code: opened from the tree's "Show Events" on a generated simulation, its first page
 * and every filter compared with the file read by the project's own query layer, the trace of a known transaction,
 * an export of a filtered view, the explanation for a simulation without events, and its view state surviving a
 * hide/show. Webview DOM is out of reach here: the tests drive the panel's host-side controller (the messages it
 * answers the webview with) through the test API, while the real webview runs beside it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listEvents, openSimCashFile, type EventFilter, type EventRecord, type SimCashFile } from '../../../src/model';
import type { SimCashTestApi } from '../../../src/extension';
import { ReplaySession } from '../../../src/replay';
import type { EventRow, EventsHostMessage, EventTableFilter } from '../../../src/protocol/events';
import type { EventsPanel } from '../../../src/views/events/eventsPanel';
import { allTabs, child, children, closeAllDatabases, closeAllEditors, databaseRoot, fixturePath, simcash, waitFor, withTimeout } from './helpers';

const SIM = 'sim-standalone-1';
const EVENT_COMMANDS = ['simcash.showEvents', 'simcash.showTransactionTrace', 'simcash.exportEvents'];
const PAGE = 500;

type Of<T extends EventsHostMessage['type']> = Extract<EventsHostMessage, { type: T }>;

function first<T extends EventsHostMessage['type']>(messages: EventsHostMessage[], type: T): Of<T> {
  const found = messages.find((m): m is Of<T> => m.type === type);
  assert.ok(found, `no ${type} message among ${messages.map((m) => m.type).join(', ') || 'none'}`);
  return found;
}

/** Every event of a simulation through the model's keyset listing (the reference). */
async function allEvents(file: SimCashFile, simulationId: string, filter: EventFilter = {}): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listEvents(file, simulationId, filter, { after, limit: 5000 });
    out.push(...page.events);
    if (page.nextCursor === null) return out;
    after = page.nextCursor;
  }
}

/** What a table filter must keep, decided from the reference rows in plain code. */
function expected(events: EventRecord[], f: EventTableFilter, ticksPerDay: number): Array<number | string> {
  return events
    .filter((e) => f.fromTick === undefined || e.tick >= f.fromTick)
    .filter((e) => f.toTick === undefined || e.tick <= f.toTick)
    .filter((e) => f.day === undefined || Math.floor(e.tick / ticksPerDay) === f.day)
    .filter((e) => !f.eventTypes?.length || f.eventTypes.includes(e.event_type))
    .filter((e) => f.agentId === undefined || e.agent_id === f.agentId)
    .filter((e) => f.txId === undefined || e.tx_id === f.txId)
    .filter((e) => f.text === undefined || JSON.stringify(e.details).toLowerCase().includes(f.text.toLowerCase()))
    .map((e) => e.event_id);
}

/** Reads a whole listing through the panel's controller, page by page, as the webview does. */
async function panelRows(panel: EventsPanel, generation: number, filter: EventTableFilter): Promise<EventRow[]> {
  const c = panel.controller;
  const rows = [...first(await c.request({ type: 'query', generation, filter, start: 0, count: PAGE }), 'rows').rows];
  for (;;) {
    const next = first(await c.request({ type: 'rows', generation, start: rows.length, count: PAGE }), 'rows').rows;
    rows.push(...next);
    if (next.length < PAGE) return rows;
  }
}

describe('Events panel', function () {
  this.timeout(180_000);
  let api: SimCashTestApi;
  let model: SimCashFile;
  let file: string;
  let events: EventRecord[];
  let panel: EventsPanel;
  let generation = 1000;

  before(async () => {
    api = await simcash();
    file = fixturePath('unified');
    model = await openSimCashFile(file);
    events = await allEvents(model, SIM);
    assert.ok(events.length > 1000, `${SIM} of the unified fixture has events`);
  });

  after(async () => {
    await model?.close();
    await closeAllEditors();
    await closeAllDatabases(api);
  });

  it('contributes its commands, with Show Events on simulation items of the tree', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(EVENT_COMMANDS.filter((c) => !registered.has(c)), [], 'registered');
    const manifest = vscode.extensions.getExtension('simcash.simcash-vscode')?.packageJSON as {
      contributes: { commands: Array<{ command: string; category?: string }>; menus: Record<string, Array<{ command: string; when?: string }>> };
    };
    for (const id of EVENT_COMMANDS) assert.equal(manifest.contributes.commands.find((c) => c.command === id)?.category, 'SimCash', id);
    assert.ok(manifest.contributes.menus['view/item/context'].some((m) => m.command === 'simcash.showEvents' && m.when?.includes('viewItem =~ /^simulation/')));
  });

  it('"Show Events" on a tree simulation opens the panel, and its webview asks for the first page', async () => {
    await api.registry.open(file);
    const root = await waitFor(() => databaseRoot(api, file), `a tree root for ${file}`, 30_000);
    const standalone = await children(api, await child(api, root, 'Standalone simulations'));
    const node = standalone.find((s) => s.node.kind === 'simulation' && s.node.simulation.simulation_id === SIM);
    assert.ok(node, `${SIM} in the tree`);
    assert.match(String(node.item.contextValue), /^simulation/);
    await withTimeout(vscode.commands.executeCommand('simcash.showEvents', node.node), 30_000, 'simcash.showEvents');
    panel = await waitFor(() => api.events.get(file, SIM), 'the events panel');
    // The real webview loaded, got `init` and queried (generation 1 is its first filter).
    await waitFor(() => panel.controller.generation >= 1, 'the webview to query its first page', 60_000);
    assert.ok(allTabs().some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('simcash.events')), 'a webview tab');
    // Opening it again reuses the panel.
    const again = (await vscode.commands.executeCommand('simcash.showEvents', { filePath: file, simulationId: SIM })) as EventsPanel;
    assert.equal(again, panel);
    assert.equal(api.events.all.filter((p) => p.simulationId === SIM).length, 1);
  });

  it('the first page matches the database', async () => {
    const seen: EventsHostMessage[] = [];
    const stop = panel.controller.observe((m) => seen.push(m));
    try {
      const g = ++generation;
      const rows = first(await panel.controller.request({ type: 'query', generation: g, filter: {}, start: 0, count: 200 }), 'rows').rows;
      assert.deepEqual(
        rows.map((r) => [r.eventId, r.tick, r.type, r.agent, r.tx]),
        events.slice(0, 200).map((e) => [e.event_id, e.tick, e.event_type, e.agent_id, e.tx_id]),
      );
      assert.deepEqual(rows[0].details, events[0].details);
      // The count follows the first page.
      const listing = await waitFor(() => seen.find((m): m is Of<'listing'> => m.type === 'listing' && m.generation === g && m.complete), 'the count', 30_000);
      assert.equal(listing.total, events.length);
    } finally {
      stop();
    }
  });

  const filters: Array<[string, EventTableFilter]> = [
    ['event types', { eventTypes: ['Arrival', 'LsmBilateralOffset'] }],
    ['agent', { agentId: 'BANK_B' }],
    ['tick range', { fromTick: 40, toTick: 75 }],
    ['day', { day: 2 }],
    ['transaction', { txId: 'tx-000025' }],
    ['text in details', { text: 'NearDeadline' }],
    ['combined', { eventTypes: ['PolicyHold', 'PolicySubmit'], agentId: 'BANK_A', day: 1 }],
  ];
  for (const [name, filter] of filters) {
    it(`the ${name} filter narrows the rows to exactly the expected set`, async () => {
      const rows = await panelRows(panel, ++generation, filter);
      const want = expected(events, filter, 60);
      assert.ok(want.length > 0 && want.length < events.length, `the ${name} filter keeps some events, not all`);
      assert.deepEqual(
        rows.map((r) => r.eventId),
        want,
      );
    });
  }

  it('the trace of a known transaction lists its events in order', async () => {
    const txId = 'tx-000025';
    const own = await allEvents(model, SIM, { txId });
    const trace = first(await panel.controller.request({ type: 'trace', txId }), 'trace').trace;
    assert.equal(trace.txId, txId);
    const ownIds = trace.events.filter((e) => !e.mention).map((e) => e.eventId);
    assert.deepEqual(ownIds, own.map((e) => e.event_id));
    const ticks = trace.events.map((e) => e.tick);
    assert.deepEqual(ticks, [...ticks].sort((a, b) => a - b), 'in tick order');
    assert.equal(trace.steps[0].kind, 'arrival');
    assert.ok(['settled', 'split', 'dropped', 'overdue', 'queued', 'pending'].includes(trace.status));
    // The palette command shows a trace in the panel too.
    const seen: EventsHostMessage[] = [];
    const stop = panel.controller.observe((m) => seen.push(m));
    try {
      await vscode.commands.executeCommand('simcash.showTransactionTrace', { filePath: file, simulationId: SIM }, txId);
    } finally {
      stop();
    }
    assert.equal(first(seen, 'trace').trace.txId, txId);
  });

  it('exports the filtered view to a file whose rows equal the query result', async () => {
    const filter: EventTableFilter = { eventTypes: ['PolicySplit', 'Arrival'], agentId: 'BANK_D' };
    await panel.controller.request({ type: 'query', generation: ++generation, filter, start: 0, count: 50 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-it-export-'));
    try {
      const target = path.join(dir, 'filtered.jsonl');
      const result = (await withTimeout(
        vscode.commands.executeCommand('simcash.exportEvents', { filePath: file, simulationId: SIM }, { format: 'jsonl', target }),
        60_000,
        'simcash.exportEvents',
      )) as { rows: number; cancelled: boolean };
      const want = expected(events, filter, 60);
      assert.deepEqual(result, { rows: want.length, cancelled: false });
      const lines = fs.readFileSync(target, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { event_id: number; simulation_id: string; details: unknown });
      assert.deepEqual(
        lines.map((l) => l.event_id),
        want,
      );
      const byId = new Map(events.map((e) => [e.event_id, e]));
      for (const line of lines) assert.deepEqual(line.details, byId.get(line.event_id)?.details);
      assert.ok(lines.every((l) => l.simulation_id === SIM));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('"Replay at this tick" opens the simulation’s replay at that tick, showing the fold’s balances', async () => {
    const tick = events[Math.floor(events.length / 2)].tick;
    await panel.controller.request({ type: 'openReplay', tick });
    const replay = await waitFor(
      () => api.replay.all.find((p) => p.target.simulationId === SIM && p.controller.state === 'ready' && p.controller.lastView?.tick === tick),
      `the replay of ${SIM} at tick ${tick}`,
      60_000,
    );
    const session = await ReplaySession.open(model, SIM);
    const fold = await session.stateAt(tick);
    assert.deepEqual(
      replay.controller.lastView?.agents.map((a) => [a.id, a.balance]),
      fold.agents.map((a) => [a.id, a.balance]),
    );
    // A tick outside the run is ignored rather than opening a panel at a wrong place.
    await panel.controller.request({ type: 'openReplay', tick: -3 });
    assert.equal(api.replay.all.filter((p) => p.target.simulationId === SIM).length, 1);
    replay.dispose();
    panel.reveal();
  });

  it('explains a simulation without events and offers the nearest replayable one', async () => {
    const summaryPanel = (await vscode.commands.executeCommand('simcash.showEvents', { filePath: file, simulationId: 'sim-standalone-3' })) as EventsPanel;
    const answer = await summaryPanel.controller.request({ type: 'ready', state: null });
    assert.equal(first(answer, 'init').panel.hasEvents, false);
    const info = first(answer, 'noEvents').info;
    assert.match(info.message, /summary level/);
    assert.ok(info.stored.some((s) => s.table === 'daily_agent_metrics' && s.rows > 0), 'says what is stored instead');
    summaryPanel.dispose();
  });

  it('a database closed from the tree stays closed: the panel says so, reads nothing, and reopens it when asked', async () => {
    const key = path.resolve(file);
    const closedMessages: EventsHostMessage[] = [];
    const stop = panel.controller.observe((m) => m.type === 'closed' && closedMessages.push(m));
    try {
      const root = await waitFor(() => databaseRoot(api, file), `a tree root for ${file}`, 30_000);
      await vscode.commands.executeCommand('simcash.closeDatabase', root.node);
      await waitFor(() => panel.fileIsClosed, 'the panel to see the database closed');
      assert.equal(closedMessages.length, 1);
      assert.ok(!api.registry.paths.includes(key));
      // The webview's next requests (a new filter) fail quietly instead of opening the file again.
      await panel.controller.request({ type: 'query', generation: ++generation, filter: { agentId: 'BANK_A' }, start: 0, count: 50 });
      assert.ok(!api.registry.paths.includes(key), 'the closed database was not reopened behind the person’s back');
      // Reopen: the file is open again and the webview's own query reads it.
      const before = panel.controller.generation;
      await panel.controller.request({ type: 'reopen' });
      assert.ok(api.registry.paths.includes(key));
      assert.equal(panel.fileIsClosed, false);
      await waitFor(() => panel.controller.generation > before, 'the webview to query the reopened file', 30_000);
    } finally {
      stop();
    }
  });

  it('keeps its view state across hide and show', async () => {
    const state = 'types=Arrival&agent=BANK_A&top=12';
    panel.reveal();
    panel.applyState(state);
    // The webview applies it, queries, and reports it back as its own state.
    await waitFor(() => panel.controller.state === state && panel.controller.filter.agentId === 'BANK_A', 'the webview to apply the state', 30_000);
    const inits: number[] = [];
    const stop = panel.controller.observe((m) => m.type === 'init' && inits.push(Date.now()));
    try {
      // Another editor in the same group hides the panel, whose webview is then discarded (no retained context). A
      // SimCash editor: it closes without a save prompt (an untitled text document would ask).
      await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(fixturePath('commands')), 'simcash.databaseEditor', { viewColumn: panel.panel.viewColumn, preview: false });
      await waitFor(() => !panel.panel.visible, 'the panel to be hidden');
      panel.reveal();
      await waitFor(() => inits.length > 0, 'the recreated webview to say ready', 30_000);
      await waitFor(() => panel.controller.filter.agentId === 'BANK_A', 'the recreated webview to query its kept filter', 30_000);
    } finally {
      stop();
    }
    assert.deepEqual(panel.controller.filter, { eventTypes: ['Arrival'], agentId: 'BANK_A' });
    assert.match(panel.controller.state ?? '', /types=Arrival&agent=BANK_A/);
  });
});
