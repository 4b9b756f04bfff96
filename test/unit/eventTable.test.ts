import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { EventTable, TickIndex, exportEventsToFile, openSimCashFile, transactionTrace, type EventRow, type EventTableFilter, type SimCashFile } from '../../src/model';
import { describeEvent } from '../../src/model/eventDescribe';
import { likePattern, resolveFilter, rowsSql } from '../../src/model/eventTableSql';
import { decodeViewState, encodeViewState, sameFilter } from '../../src/protocol/eventsState';
import { generatedSample } from '../helpers/sampleFiles';

const SIM = 'sim-standalone-1';

interface RefRow {
  key: number | string;
  tick: number;
  event_type: string;
  agent_id: string | null;
  tx_id: string | null;
  details: string;
}

/** The filter as plain SQL on the raw file (better-sqlite3): the reference answer, in table order. */
function reference(fileName: string, simulationId: string, filter: EventTableFilter, ticksPerDay: number | null, order = 'tick, event_id'): RefRow[] {
  const db = new BetterSqlite3(fileName, { readonly: true });
  try {
    const clauses = ['simulation_id = ?'];
    const params: unknown[] = [simulationId];
    const where = (clause: string, ...values: unknown[]) => {
      clauses.push(clause);
      params.push(...values);
    };
    if (filter.fromTick !== undefined) where('tick >= ?', filter.fromTick);
    if (filter.toTick !== undefined) where('tick <= ?', filter.toTick);
    if (filter.day !== undefined) {
      if (ticksPerDay) where('tick BETWEEN ? AND ?', filter.day * ticksPerDay, (filter.day + 1) * ticksPerDay - 1);
      else where('day = ?', filter.day);
    }
    if (filter.eventTypes?.length) where(`event_type IN (${filter.eventTypes.map(() => '?').join(',')})`, ...filter.eventTypes);
    if (filter.agentId) where('agent_id = ?', filter.agentId);
    if (filter.txId) where('tx_id = ?', filter.txId);
    if (filter.text) where("details LIKE ? ESCAPE '\\'", likePattern(filter.text.toLowerCase()));
    return db.prepare(`SELECT event_id AS key, tick, event_type, agent_id, tx_id, details FROM simulation_events WHERE ${clauses.join(' AND ')} ORDER BY ${order}`).all(...params) as RefRow[];
  } finally {
    db.close();
  }
}

function ticksPerDayOf(fileName: string, simulationId: string): number | null {
  const db = new BetterSqlite3(fileName, { readonly: true });
  try {
    return (db.prepare('SELECT ticks_per_day AS t FROM simulation_runs WHERE simulation_id = ?').get(simulationId) as { t: number | null } | undefined)?.t ?? null;
  } finally {
    db.close();
  }
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i++;
    } else {
      field += c;
    }
  }
  return records;
}

/** Every row of a listing read page by page at arbitrary positions. */
async function readAll(table: EventTable, filter: EventTableFilter, pageSize: number, chunkEvents?: number): Promise<EventRow[]> {
  const view = await table.view(filter, { chunkEvents });
  const total = (await view.complete()).total;
  const out: EventRow[] = [];
  for (let start = 0; start < total; start += pageSize) out.push(...(await view.rows(start, pageSize)));
  view.dispose();
  return out;
}

describe('events table: TickIndex', () => {
  it('maps rows to ticks and windows, and ticks to rows', () => {
    const counts: Array<[number, number]> = [
      [0, 3],
      [2, 1],
      [3, 5],
      [7, 2],
    ];
    const index = TickIndex.from(counts);
    assert.equal(index.total, 11);
    assert.equal(index.tickCount, 4);
    assert.deepEqual(index.window(0, 3), { fromTick: 0, toTick: 0, offset: 0, count: 3 });
    assert.deepEqual(index.window(2, 4), { fromTick: 0, toTick: 3, offset: 2, count: 4 });
    assert.deepEqual(index.window(9, 100), { fromTick: 7, toTick: 7, offset: 0, count: 2 });
    assert.equal(index.window(11, 1), null);
    assert.equal(index.rowOfTick(0), 0);
    assert.equal(index.rowOfTick(1), 3);
    assert.equal(index.rowOfTick(3), 4);
    assert.equal(index.rowOfTick(8), null);
    assert.equal(index.tickOfRow(8), 3);
    assert.deepEqual([...index.chunks(4)], [
      { fromTick: 0, toTick: 2, rows: 4 },
      { fromTick: 3, toTick: 3, rows: 5 },
      { fromTick: 7, toTick: 7, rows: 2 },
    ]);
  });

  it('grows chunk by chunk and rejects ticks out of order', () => {
    const index = new TickIndex();
    index.add(5, 2);
    index.cover(9);
    assert.equal(index.complete, false);
    assert.equal(index.scannedTo, 9);
    assert.throws(() => index.add(5, 1));
    index.add(10, 0);
    index.finish();
    assert.equal(index.total, 2);
    assert.equal(index.scannedTo, Number.POSITIVE_INFINITY);
  });
});

describe('events table: filters, pages and positions (generated unified sample)', function () {
  let fileName: string;
  let file: SimCashFile;
  let table: EventTable;
  let tpd: number | null;

  before(async () => {
    fileName = await generatedSample('unified');
    file = await openSimCashFile(fileName);
    table = await EventTable.open(file, SIM);
    tpd = ticksPerDayOf(fileName, SIM);
  });

  after(() => file.close());

  const filters: Array<[string, EventTableFilter]> = [
    ['no filter', {}],
    ['one type', { eventTypes: ['PolicyHold'] }],
    ['several types', { eventTypes: ['Arrival', 'LsmBilateralOffset', 'EndOfDay'] }],
    ['agent', { agentId: 'BANK_C' }],
    ['tick range', { fromTick: 30, toTick: 95 }],
    ['day', { day: 1 }],
    ['transaction', { txId: 'tx-000025' }],
    ['text', { text: 'NearDeadline' }],
    ['text with LIKE wildcards taken literally', { text: '50%' }],
    ['combined', { eventTypes: ['PolicyHold', 'PolicySubmit', 'Arrival'], agentId: 'BANK_A', day: 1, text: 'bank' }],
    ['contradictory', { fromTick: 50, toTick: 10 }],
  ];

  for (const [name, filter] of filters) {
    it(`${name}: pages read at any position equal the SQL reference`, async () => {
      const expected = reference(fileName, SIM, filter, tpd);
      const rows = await readAll(table, filter, 37);
      assert.deepEqual(
        rows.map((r) => r.eventId),
        expected.map((r) => r.key),
      );
      if (name !== 'no filter') assert.ok(expected.length < reference(fileName, SIM, {}, tpd).length, 'the filter should narrow the listing');
    });
  }

  it('the first page (head) equals the first rows, with or without the counts', async () => {
    for (const [, filter] of filters) {
      const view = await table.view(filter);
      const head = await view.head(50);
      assert.deepEqual(
        head.map((r) => r.eventId),
        reference(fileName, SIM, filter, tpd)
          .slice(0, 50)
          .map((r) => r.key),
      );
      view.dispose();
    }
  });

  it('a text search counts chunk by chunk and reports progress', async () => {
    const view = await table.view({ text: 'bank_b' }, { chunkEvents: 1000 });
    let reports = 0;
    view.onProgress(() => reports++);
    const index = await view.complete();
    assert.ok(reports > 2, `expected several progress reports, got ${reports}`);
    assert.equal(index.total, reference(fileName, SIM, { text: 'bank_b' }, tpd).length);
  });

  it('go to tick finds the first row at or after the tick', async () => {
    const view = await table.view({ eventTypes: ['Arrival'] });
    const expected = reference(fileName, SIM, { eventTypes: ['Arrival'] }, tpd);
    for (const tick of [0, 17, 60, 121]) {
      const row = await view.rowOfTick(tick);
      const want = expected.findIndex((r) => r.tick >= tick);
      assert.equal(row, want === -1 ? null : want, `tick ${tick}`);
    }
    assert.equal(await view.rowOfTick(1_000_000), null);
  });

  it('rows carry amounts, counterparties and a summary for every event type', async () => {
    const rows = await readAll(table, {}, 500);
    const byType = new Map<string, EventRow>();
    for (const row of rows) if (!byType.has(row.type)) byType.set(row.type, row);
    for (const [type, row] of byType) assert.ok(row.summary.length > 0, `${type} has no summary`);
    const hold = byType.get('PolicyHold');
    assert.ok(hold && hold.amount !== null && hold.counterparty !== null, 'a hold gets its payment’s amount and receiver from the transactions table');
    const arrival = rows.find((r) => r.type === 'Arrival' && r.tx === 'tx-000025');
    assert.ok(arrival);
    assert.equal(arrival.amount, arrival.details.amount);
    assert.equal(arrival.counterparty, arrival.details.receiver_id);
  });

  it('the type filter and the tick windows use the indexes', async () => {
    const source = table.source;
    assert.ok(source);
    const filter = resolveFilter({ eventTypes: ['EndOfDay', 'LiquidityReturn'] }, tpd);
    const { sql, params } = rowsSql(source, SIM, filter, { fromTick: 0, toTick: 179 }, { limit: 10 });
    const plan = (await file.db.query(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => String(r.detail)).join(' | ');
    assert.match(plan, /idx_events_sim_type \(simulation_id=\? AND event_type=\? AND tick>\? AND tick<\?\)/, plan);
    const plain = rowsSql(source, SIM, resolveFilter({}, tpd), { fromTick: 10, toTick: 12 }, { limit: 10 });
    const plainPlan = (await file.db.query(`EXPLAIN QUERY PLAN ${plain.sql}`, plain.params)).map((r) => String(r.detail)).join(' | ');
    assert.match(plainPlan, /idx_events_sim_tick \(simulation_id=\? AND tick>\? AND tick<\?\)/, plainPlan);
    assert.doesNotMatch(plainPlan, /TEMP B-TREE/, plainPlan);
  });
});

describe('events table: transaction trace', function () {
  let fileName: string;
  let file: SimCashFile;

  before(async () => {
    fileName = await generatedSample('unified');
    file = await openSimCashFile(fileName);
  });

  after(() => file.close());

  it('lists a payment’s own events and the LSM settlement that names it, in order', async () => {
    // A payment settled by a bilateral offset: named only in the offset's details.
    const db = new BetterSqlite3(fileName, { readonly: true });
    const offset = db.prepare("SELECT event_id, tick, details FROM simulation_events WHERE simulation_id = ? AND event_type = 'LsmBilateralOffset' ORDER BY event_id LIMIT 1").get(SIM) as { event_id: number; tick: number; details: string };
    const txId = (JSON.parse(offset.details) as { tx_ids: string[] }).tx_ids[0];
    const own = db.prepare('SELECT event_id FROM simulation_events WHERE simulation_id = ? AND tx_id = ? ORDER BY tick, event_id').all(SIM, txId) as Array<{ event_id: number }>;
    db.close();
    const trace = await transactionTrace(file, SIM, txId);
    assert.equal(trace.found, true);
    const ids = trace.events.map((e) => e.eventId);
    assert.deepEqual(ids, [...own.map((r) => r.event_id), offset.event_id].sort((a, b) => a - b));
    assert.deepEqual(
      trace.events.map((e) => e.tick),
      [...trace.events.map((e) => e.tick)].sort((a, b) => a - b),
      'in tick order',
    );
    assert.equal(trace.events.find((e) => e.eventId === offset.event_id)?.mention, true);
    assert.equal(trace.status, 'settled');
    assert.equal(trace.settledBy, 'lsm-bilateral');
    assert.equal(trace.settlementTick, offset.tick);
    assert.equal(trace.steps[0].kind, 'arrival');
    assert.ok(trace.steps.some((s) => s.kind === 'queue-wait'), 'the wait in the RTGS queue is a step');
    assert.ok(trace.steps.find((s) => s.kind === 'lsm')?.balances.length, 'the offset carries balances');
  });

  it('links a split parent to its children and back', async () => {
    const db = new BetterSqlite3(fileName, { readonly: true });
    const split = db.prepare("SELECT tx_id, details FROM simulation_events WHERE simulation_id = ? AND event_type = 'PolicySplit' ORDER BY event_id LIMIT 1").get(SIM) as { tx_id: string; details: string };
    db.close();
    const children = (JSON.parse(split.details) as { child_ids: string[] }).child_ids;
    const parent = await transactionTrace(file, SIM, split.tx_id);
    assert.equal(parent.status, 'split');
    assert.deepEqual(
      parent.children.map((c) => c.txId),
      children,
    );
    assert.ok(parent.costs.splitFriction !== null && parent.costs.splitFriction > 0);
    const child = await transactionTrace(file, SIM, children[0]);
    assert.equal(child.parent?.txId, split.tx_id);
    assert.equal(child.steps[0].title, 'Arrived as a split child');
  });

  it('collapses repeated holds and reports costs of a late payment', async () => {
    const db = new BetterSqlite3(fileName, { readonly: true });
    const late = db.prepare("SELECT tx_id FROM simulation_events WHERE simulation_id = ? AND event_type = 'TransactionWentOverdue' ORDER BY event_id LIMIT 1").get(SIM) as { tx_id: string };
    const holds = (db.prepare("SELECT COUNT(*) AS n FROM simulation_events WHERE simulation_id = ? AND tx_id = ? AND event_type = 'PolicyHold'").get(SIM, late.tx_id) as { n: number }).n;
    db.close();
    const trace = await transactionTrace(file, SIM, late.tx_id);
    assert.ok(trace.costs.penalty !== null && trace.costs.penalty > 0, 'a deadline penalty');
    const holdSteps = trace.steps.filter((s) => s.kind === 'hold');
    assert.equal(
      holdSteps.reduce((n, s) => n + s.count, 0),
      holds,
    );
    assert.ok(holdSteps.length <= holds);
  });

  it('says when a transaction is unknown', async () => {
    const trace = await transactionTrace(file, SIM, 'tx-does-not-exist');
    assert.equal(trace.found, false);
    assert.deepEqual(trace.events, []);
  });
});

describe('events table: export', function () {
  let fileName: string;
  let file: SimCashFile;
  let dir: string;

  before(async () => {
    fileName = await generatedSample('unified');
    file = await openSimCashFile(fileName);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-export-'));
  });

  after(async () => {
    await file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a filtered view exported to JSON lines equals the query result', async () => {
    const filter: EventTableFilter = { eventTypes: ['Arrival', 'RtgsImmediateSettlement'], agentId: 'BANK_A' };
    const table = await EventTable.open(file, SIM);
    const target = path.join(dir, 'out.jsonl');
    const result = await exportEventsToFile(await table.view(filter), 'jsonl', target, { batchRows: 25 });
    const expected = reference(fileName, SIM, filter, null);
    assert.equal(result.rows, expected.length);
    const lines = fs.readFileSync(target, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.event_id, l.tick, l.event_type, l.agent_id, l.tx_id, JSON.stringify(l.details)]),
      expected.map((r) => [r.key, r.tick, r.event_type, r.agent_id, r.tx_id, JSON.stringify(JSON.parse(r.details))]),
    );
    assert.equal(fs.existsSync(`${target}.part`), false);
  });

  it('CSV quotes fields and has one record per event', async () => {
    const table = await EventTable.open(file, SIM);
    const target = path.join(dir, 'out.csv');
    const result = await exportEventsToFile(await table.view({ day: 0 }), 'csv', target);
    const records = parseCsv(fs.readFileSync(target, 'utf8'));
    assert.deepEqual(records[0], ['event_id', 'simulation_id', 'tick', 'day', 'event_type', 'agent_id', 'tx_id', 'amount', 'counterparty', 'summary', 'details']);
    const expected = reference(fileName, SIM, { day: 0 }, ticksPerDayOf(fileName, SIM));
    assert.equal(result.rows, expected.length);
    assert.deepEqual(
      records.slice(1).map((r) => [Number(r[0]), Number(r[2]), r[4], r[6] === '' ? null : r[6], JSON.stringify(JSON.parse(r[10]))]),
      expected.map((r) => [r.key, r.tick, r.event_type, r.tx_id, JSON.stringify(JSON.parse(r.details))]),
    );
  });

  it('a cancelled export leaves no file', async () => {
    const table = await EventTable.open(file, SIM);
    const target = path.join(dir, 'cancelled.csv');
    const abort = new AbortController();
    const result = await exportEventsToFile(await table.view({}), 'csv', target, { batchRows: 100, signal: abort.signal, onProgress: (done) => done >= 200 && abort.abort() });
    assert.equal(result.cancelled, true);
    assert.equal(fs.existsSync(target), false);
    assert.equal(fs.existsSync(`${target}.part`), false);
  });
});

describe('events table: legacy simulation file', function () {
  it('pages and traces by rowid order', async () => {
    const fileName = await generatedSample('legacy-simulation');
    const file = await openSimCashFile(fileName);
    try {
      const db = new BetterSqlite3(fileName, { readonly: true });
      const sim = (db.prepare('SELECT simulation_id AS s, COUNT(*) AS n FROM simulation_events GROUP BY 1 ORDER BY 2 DESC LIMIT 1').get() as { s: string }).s;
      db.close();
      const table = await EventTable.open(file, sim);
      for (const filter of [{}, { eventTypes: ['Arrival', 'PolicyHold'] }, { day: 0 }, { text: 'bank_a' }] as EventTableFilter[]) {
        const rows = await readAll(table, filter, 64);
        assert.deepEqual(
          rows.map((r) => r.eventId),
          reference(fileName, sim, filter, ticksPerDayOf(fileName, sim), 'tick, rowid').map((r) => r.key),
        );
      }
      const tx = (await readAll(table, { eventTypes: ['Arrival'] }, 10))[0].tx;
      assert.ok(tx);
      const trace = await transactionTrace(file, sim, tx);
      assert.equal(trace.found, true);
      assert.equal(trace.steps[0].kind, 'arrival');
    } finally {
      await file.close();
    }
  });
});

describe('events table: derived columns and view state', () => {
  it('describes events of the catalog, including unknown ones', () => {
    const settle = describeEvent('RtgsImmediateSettlement', 'BANK_A', 'tx-1', { sender: 'BANK_A', receiver: 'BANK_B', amount: 12345, sender_balance_before: 50000, sender_balance_after: 37655 });
    assert.equal(settle.amount, 12345);
    assert.equal(settle.counterparty, 'BANK_B');
    assert.match(settle.summary, /BANK_A → BANK_B \$123\.45.*\$500\.00 → \$376\.55/);
    const bilateral = describeEvent('LsmBilateralOffset', 'BANK_B', null, { agent_a: 'BANK_A', agent_b: 'BANK_B', amount_a: 100, amount_b: 50, tx_ids: ['a', 'b'] });
    assert.equal(bilateral.amount, 150);
    assert.equal(bilateral.counterparty, 'BANK_A');
    assert.match(bilateral.summary, /2 payments/);
    const hold = describeEvent('PolicyHold', 'BANK_A', 'tx-1', { reason: 'NearDeadline' }, { amount: 500, sender: 'BANK_A', receiver: 'BANK_C' });
    assert.deepEqual(hold, { amount: 500, counterparty: 'BANK_C', summary: 'Held: NearDeadline' });
    const costs = describeEvent('CostAccrual', 'BANK_A', null, { costs: { delay: 300, liquidity: 0, penalty: 1000 } });
    assert.equal(costs.amount, 1300);
    assert.match(costs.summary, /penalty \$10\.00, delay \$3\.00/);
    assert.match(describeEvent('SomethingNew', null, null, { x: 1, y: 'z' }).summary, /x=1, y=z/);
  });

  it('encodes the view state as a URL-like string and back', () => {
    const state = { filter: { fromTick: 3, toTick: 90, day: 1, eventTypes: ['Arrival', 'PolicyHold'], agentId: 'BANK_A', txId: 'tx-1', text: 'a&b=c' }, top: 1200, selected: 1203, expanded: 1203, trace: 'tx-1' };
    const text = encodeViewState(state);
    assert.match(text, /types=Arrival%2CPolicyHold/);
    assert.deepEqual(decodeViewState(text), state);
    assert.equal(encodeViewState(decodeViewState('')), '');
    assert.deepEqual(decodeViewState('from=x&top=-4&day=-1&bogus=1'), { filter: {}, top: 0, selected: null, expanded: null, trace: null });
    assert.ok(sameFilter({ eventTypes: ['B', 'A'] }, { eventTypes: ['A', 'B'] }));
  });
});
