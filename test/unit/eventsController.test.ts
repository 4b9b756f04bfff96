import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSimCashFile, type SimCashFile } from '../../src/model';
import type { EventsHostMessage, EventTableFilter } from '../../src/protocol/events';
import { EventsController } from '../../src/views/events/eventsController';
import { generatedSample } from '../helpers/sampleFiles';

type Of<T extends EventsHostMessage['type']> = Extract<EventsHostMessage, { type: T }>;

function only<T extends EventsHostMessage['type']>(messages: EventsHostMessage[], type: T): Of<T>[] {
  return messages.filter((m): m is Of<T> => m.type === type);
}

describe('events panel controller (host side, without VS Code)', function () {
  let file: SimCashFile;
  let posted: EventsHostMessage[];
  const controllerFor = (simulationId: string) =>
    new EventsController(file.path, simulationId, {
      file: async () => file,
      post: (m) => posted.push(m),
      settings: () => ({ pageSize: 100, cachedRows: 1000, searchChunkEvents: 5000 }),
    });

  before(async () => {
    file = await openSimCashFile(await generatedSample('unified'));
  });

  beforeEach(() => (posted = []));

  after(() => file.close());

  it('answers ready with the panel, then a query with the first page and the count', async () => {
    const c = controllerFor('sim-standalone-1');
    const init = only(await c.request({ type: 'ready', state: null }), 'init')[0];
    assert.equal(init.panel.simulationId, 'sim-standalone-1');
    assert.equal(init.panel.hasEvents, true);
    assert.equal(init.panel.pageSize, 100);
    const answer = await c.request({ type: 'query', generation: 1, filter: { eventTypes: ['Arrival'] }, start: 0, count: 100 });
    const rows = only(answer, 'rows')[0];
    assert.equal(rows.generation, 1);
    assert.equal(rows.rows.length, 100);
    assert.ok(rows.rows.every((r) => r.type === 'Arrival'));
    // The count follows (and the header facts, once per table).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const listing = only(posted, 'listing').find((l) => l.complete);
    assert.ok(listing && listing.total > 100);
    assert.ok(only(posted, 'facets')[0]?.facets.eventTypes.some((t) => t.type === 'Arrival'));
    assert.equal(only(posted, 'simulation')[0]?.simulation.ticksPerDay, 60);
  });

  it('counts the types within a filter’s agent, ticks, day and transaction when asked, whatever its types and text', async () => {
    const c = controllerFor('sim-standalone-1');
    const countsOf = async (where: string, params: Array<string | number>) =>
      Object.fromEntries(
        (await file.db.query<{ t: string; n: number }>(`SELECT event_type AS t, COUNT(*) AS n FROM simulation_events WHERE simulation_id = 'sim-standalone-1'${where} GROUP BY event_type`, params)).map((r) => [r.t, r.n]),
      );
    const ask = async (filter: EventTableFilter) => {
      const [answer] = only(await c.request({ type: 'typeCounts', filter }), 'typeCounts');
      assert.deepEqual(answer.filter, filter, 'the answer names the filter it counted for');
      return { scoped: answer.scoped, counts: Object.fromEntries(answer.counts.map((t) => [t.type, t.count])) };
    };
    const agentTicks = await ask({ agentId: 'BANK_B', fromTick: 20, toTick: 90, eventTypes: ['Arrival'], text: 'BANK' });
    assert.equal(agentTicks.scoped, true);
    assert.deepEqual(agentTicks.counts, await countsOf(' AND agent_id = ? AND tick BETWEEN ? AND ?', ['BANK_B', 20, 90]));
    // Day 1 is ticks 60–119 (60 ticks a day).
    assert.deepEqual((await ask({ day: 1, agentId: 'BANK_B' })).counts, await countsOf(' AND agent_id = ? AND tick BETWEEN 60 AND 119', ['BANK_B']));
    assert.deepEqual((await ask({ txId: 'tx-000025' })).counts, await countsOf(' AND tx_id = ?', ['tx-000025']));
    // Types and text only: the whole simulation's counts.
    const whole = await ask({ eventTypes: ['Arrival'], text: 'x' });
    assert.equal(whole.scoped, false);
    assert.deepEqual(whole.counts, await countsOf('', []));
    // An empty tick range counts nothing.
    assert.deepEqual((await ask({ fromTick: 50, toTick: 10 })).counts, {});
  });

  it('sends the header facts and filter choices again to a page recreated after hiding (a second ready)', async () => {
    const c = controllerFor('sim-standalone-1');
    for (const generation of [1, 2]) {
      posted = [];
      await c.request({ type: 'ready', state: null });
      await c.request({ type: 'query', generation, filter: {}, start: 0, count: 100 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(only(posted, 'simulation').length, 1, `page ${generation} got the header facts`);
      assert.ok((only(posted, 'facets')[0]?.facets.eventTypes.length ?? 0) > 5, `page ${generation} got the type choices`);
    }
  });

  it('reads the kept state’s first page during init and answers the query with it, count included', async () => {
    const c = controllerFor('sim-standalone-1');
    await c.request({ type: 'ready', state: 'types=Arrival&agent=BANK_B' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await c.request({ type: 'query', generation: 1, filter: { agentId: 'BANK_B', eventTypes: ['Arrival'] }, start: 0, count: 100 });
    const rows = only(answer, 'rows')[0].rows;
    assert.ok(rows.length > 0 && rows.every((r) => r.type === 'Arrival' && r.agent === 'BANK_B'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(only(posted, 'listing').some((l) => l.generation === 1 && l.complete && l.total >= rows.length), 'the count is reported even when it finished before the query');
  });

  it('drops answers of an older generation and serves rows and ticks of the current one', async () => {
    const c = controllerFor('sim-standalone-1');
    await c.request({ type: 'query', generation: 1, filter: {}, start: 0, count: 100 });
    await c.request({ type: 'query', generation: 2, filter: { agentId: 'BANK_A' }, start: 0, count: 100 });
    assert.deepEqual(await c.request({ type: 'rows', generation: 1, start: 100, count: 100 }), []);
    const rows = only(await c.request({ type: 'rows', generation: 2, start: 100, count: 100 }), 'rows')[0];
    assert.ok(rows.rows.every((r) => r.agent === 'BANK_A'));
    const tick = only(await c.request({ type: 'goToTick', generation: 2, tick: 61 }), 'tickRow')[0];
    assert.ok(tick.row !== null && tick.row > 0);
    const at = only(await c.request({ type: 'rows', generation: 2, start: tick.row, count: 1 }), 'rows')[0].rows[0];
    assert.ok(at.tick >= 61);
    const before = only(await c.request({ type: 'rows', generation: 2, start: tick.row - 1, count: 1 }), 'rows')[0].rows[0];
    assert.ok(before.tick < 61);
  });

  it('explains a simulation without events and names the nearest replayable one', async () => {
    const c = controllerFor('sim-demo_liq_game-4a9d28-iter0-bs1');
    const answer = await c.request({ type: 'ready', state: null });
    assert.equal(only(answer, 'init')[0].panel.hasEvents, false);
    const info = only(answer, 'noEvents')[0].info;
    assert.equal(info.persistenceLevel, 'summary');
    assert.match(info.message, /summary level/);
    assert.ok(info.stored.some((s) => s.table === 'daily_agent_metrics' && s.rows > 0));
    assert.ok(info.metrics.rows.length > 0);
    assert.equal(info.nearest?.relation, 'same-iteration');
    assert.match(info.nearest?.simulationId ?? '', /iter0-(eval|bs0)$/);
  });

  it('traces a transaction and reports an unknown one', async () => {
    const c = controllerFor('sim-standalone-1');
    const trace = only(await c.request({ type: 'trace', txId: 'tx-000025' }), 'trace')[0].trace;
    assert.equal(trace.txId, 'tx-000025');
    assert.ok(trace.events.length > 0);
    assert.equal(only(await c.request({ type: 'trace', txId: 'nope' }), 'traceError')[0].txId, 'nope');
  });

  it('passes "replay at this tick" to the host with its tick, and ignores a tick that is not one', async () => {
    const asked: number[] = [];
    const c = new EventsController(file.path, 'sim-standalone-1', {
      file: async () => file,
      post: (m) => posted.push(m),
      settings: () => ({ pageSize: 100, cachedRows: 1000, searchChunkEvents: 5000 }),
      openReplay: (tick) => asked.push(tick),
    });
    await c.request({ type: 'openReplay', tick: 42 });
    await c.request({ type: 'openReplay', tick: -1 });
    await c.request({ type: 'openReplay', tick: 2.5 });
    assert.deepEqual(asked, [42]);
  });

  it('exports the current filter and keeps the state the webview reports', async () => {
    const c = controllerFor('sim-standalone-1');
    await c.request({ type: 'state', state: 'types=PolicySplit&top=3' });
    assert.equal(c.state, 'types=PolicySplit&top=3');
    assert.deepEqual(c.filter, { eventTypes: ['PolicySplit'] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-ctl-'));
    try {
      const target = path.join(dir, 'splits.jsonl');
      const result = await c.exportTo(target, 'jsonl');
      const lines = fs.readFileSync(target, 'utf8').trimEnd().split('\n');
      assert.ok(result.rows > 0);
      assert.equal(lines.length, result.rows);
      assert.ok(lines.every((l) => (JSON.parse(l) as { event_type: string }).event_type === 'PolicySplit'));
      assert.equal(only(posted, 'exportStatus').at(-1)?.status, 'done');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
