import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  countEvents,
  countSimulations,
  drillDownEvents,
  eventTypeCounts,
  fileSummary,
  iterationSimulations,
  listEvents,
  listExperiments,
  listIterations,
  listSimulations,
  ModelError,
  openSimCashFile,
  parseSimulationShorthand,
  replayableSimulations,
  resolveSimulationShorthand,
  tableRowCounts,
  type EventFilter,
  type EventRecord,
  type SimCashFile,
} from '../../src/model';
import { backendFor } from '../../src/model/backend';
import { eventPageSql } from '../../src/model/common/eventQuery';
import {
  UNIFIED_EVENT_COUNTS,
  writeCastroFixture,
  writeLegacyExperimentFixture,
  writeLegacySimulationFixture,
  writePlainSqliteFixture,
  writeUnifiedFixture,
} from '../helpers/modelFixtures';
import { generatedSample } from '../helpers/sampleFiles';

/** Reads every page of a listing and checks the pages fit together. */
async function allPages(file: SimCashFile, simulationId: string, filter: EventFilter, limit: number): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await listEvents(file, simulationId, filter, { after, limit });
    assert.ok(page.events.length <= limit);
    out.push(...page.events);
    if (page.nextCursor === null) {
      return out;
    }
    assert.equal(page.events.length, limit, 'only the last page may be short');
    after = page.nextCursor;
  }
  throw new Error('paging did not end');
}

/** The same filter as plain SQL on the raw file (better-sqlite3), as the reference answer. */
function referenceEvents(fileName: string, simulationId: string, filter: EventFilter, order = 'tick, rowid'): { key: string | number; tick: number; event_type: string }[] {
  const db = new BetterSqlite3(fileName, { readonly: true });
  try {
    const clauses = ['simulation_id = ?'];
    const params: (string | number)[] = [simulationId];
    const add = (clause: string, ...values: (string | number)[]): void => {
      clauses.push(clause);
      params.push(...values);
    };
    if (filter.fromTick !== undefined) add('tick >= ?', filter.fromTick);
    if (filter.toTick !== undefined) add('tick <= ?', filter.toTick);
    if (filter.eventTypes?.length) add(`event_type IN (${filter.eventTypes.map(() => '?').join(',')})`, ...filter.eventTypes);
    if (filter.agentId !== undefined) add('agent_id = ?', filter.agentId);
    if (filter.txId !== undefined) add('tx_id = ?', filter.txId);
    return db.prepare(`SELECT event_id AS key, tick, event_type FROM simulation_events WHERE ${clauses.join(' AND ')} ORDER BY ${order}`).all(...params) as {
      key: string | number;
      tick: number;
      event_type: string;
    }[];
  } finally {
    db.close();
  }
}

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ModelError, `expected ModelError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

const FILTERS: EventFilter[] = [
  {},
  { fromTick: 2, toTick: 5 },
  { eventTypes: ['Arrival'] },
  { eventTypes: ['Arrival', 'QueuedRtgs'] },
  { agentId: 'BANK_B' },
  { txId: 'tx-3' },
  { agentId: 'BANK_A', fromTick: 1, eventTypes: ['Arrival', 'LsmBilateralOffset'] },
  { agentId: 'nobody' },
];

describe('model: unified fixture', () => {
  let dir: string;
  let fileName: string;
  let file: SimCashFile;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-model-'));
    fileName = path.join(dir, 'unified.db');
    writeUnifiedFixture(fileName);
    file = await openSimCashFile(fileName);
  });
  after(async () => {
    await file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists experiments with iteration, linked and replayable counts; fills missing costs from iterations', async () => {
    const experiments = await listExperiments(file);
    assert.deepEqual(
      experiments.map((e) => [e.experiment_id, e.experiment_type, e.iteration_count, e.converged, e.convergence_reason, e.final_cost, e.best_cost, e.linked_simulation_count, e.replayable_simulation_count]),
      [
        ['exp-a', 'castro', 3, true, 'stability_reached', 900, 800, 6, 3],
        ['exp-b', 'generic', 2, false, 'max_iterations', 700, 700, 1, 0],
      ],
    );
    assert.equal(experiments[0].experiment_name, 'castro demo');
    assert.equal(experiments[0].num_iterations, 3);
  });

  it('lists simulations newest first with experiment context, event counts and levels', async () => {
    const all = await listSimulations(file);
    assert.equal(all.length, 9);
    assert.deepEqual(all.map((s) => s.start_time), [...all.map((s) => s.start_time)].sort().reverse());
    const standalone = all.find((s) => s.simulation_id === 'sim-standalone-full');
    assert.ok(standalone);
    assert.equal(standalone.experiment_id, null);
    assert.equal(standalone.experiment_name, null);
    assert.equal(standalone.run_purpose, 'standalone');
    assert.equal(standalone.persistence_level, 'full');
    assert.equal(standalone.event_count, 30);
    assert.equal(standalone.replayable, true);
    const linked = all.find((s) => s.simulation_id === 'sim-a-iter2-bs0');
    assert.ok(linked);
    assert.deepEqual(
      [linked.experiment_id, linked.experiment_name, linked.iteration, linked.sample_index, linked.run_purpose, linked.persistence_reason, linked.event_count],
      ['exp-a', 'castro demo', 2, 0, 'bootstrap', 'best', 5],
    );
    for (const s of all) {
      assert.equal(s.event_count, UNIFIED_EVENT_COUNTS[s.simulation_id] ?? 0, s.simulation_id);
      assert.equal(s.replayable, s.event_count > 0);
    }
  });

  it('filters simulations and counts them like SQL does', async () => {
    const raw = new BetterSqlite3(fileName, { readonly: true });
    try {
      const sqlCount = (where: string): number => (raw.prepare(`SELECT COUNT(*) AS n FROM simulation_runs sr WHERE ${where}`).get() as { n: number }).n;
      const cases: [Parameters<typeof listSimulations>[1], string][] = [
        [{}, '1'],
        [{ experimentId: 'exp-a' }, "experiment_id = 'exp-a'"],
        [{ scope: 'standalone' }, 'experiment_id IS NULL'],
        [{ scope: 'experiment' }, 'experiment_id IS NOT NULL'],
        [{ replayableOnly: true }, 'EXISTS (SELECT 1 FROM simulation_events se WHERE se.simulation_id = sr.simulation_id)'],
        [{ experimentId: 'exp-a', replayableOnly: true }, "experiment_id = 'exp-a' AND simulation_id IN (SELECT DISTINCT simulation_id FROM simulation_events)"],
        [{ experimentId: 'nope' }, "experiment_id = 'nope'"],
      ];
      for (const [filter, where] of cases) {
        const expected = sqlCount(where);
        assert.equal(await countSimulations(file, filter), expected, JSON.stringify(filter));
        assert.equal((await listSimulations(file, filter)).length, expected, JSON.stringify(filter));
      }
      assert.equal(await countSimulations(file, { experimentId: 'exp-a', limit: 1 }), 6, 'count ignores limit');
    } finally {
      raw.close();
    }
    const all = await listSimulations(file);
    const paged = [...(await listSimulations(file, { limit: 4 })), ...(await listSimulations(file, { limit: 4, offset: 4 })), ...(await listSimulations(file, { limit: 4, offset: 8 }))];
    assert.deepEqual(paged, all);
  });

  it('returns replayable simulations of an experiment in iteration/sample order', async () => {
    assert.deepEqual(
      (await replayableSimulations(file, 'exp-a')).map((s) => [s.simulation_id, s.event_count]),
      [
        ['sim-a-iter0-eval', 20],
        ['sim-a-iter2-eval', 15],
        ['sim-a-iter2-bs0', 5],
      ],
    );
    assert.deepEqual(await replayableSimulations(file, 'exp-b'), []);
  });

  it('lists iterations with parsed JSON and links, falling back to the runs when the links are NULL', async () => {
    const a = await listIterations(file, 'exp-a');
    assert.deepEqual(a.map((i) => [i.iteration, i.total_cost, i.any_accepted, i.evaluation_simulation_id]), [
      [0, 1100, false, 'sim-a-iter0-eval'],
      [1, 800, true, 'sim-a-iter1-eval'],
      [2, 900, false, 'sim-a-iter2-eval'],
    ]);
    assert.deepEqual(a[1].costs_per_agent, { BANK_A: 450, BANK_B: 350 });
    assert.deepEqual(a[1].accepted_changes, { BANK_A: true, BANK_B: false });
    assert.deepEqual(a[1].policies, { BANK_A: { x: 3 }, BANK_B: { x: 2 } });
    assert.deepEqual(a[0].bootstrap_simulation_ids, ['sim-a-iter0-bs0', 'sim-a-iter0-bs1', 'sim-a-iter0-bs2']);
    const b = await listIterations(file, 'exp-b');
    assert.deepEqual(b.map((i) => [i.iteration, i.evaluation_simulation_id, i.bootstrap_simulation_ids]), [
      [0, 'sim-b-iter0-eval', []],
      [1, null, []],
    ]);
    assert.deepEqual(await listIterations(file, 'missing'), []);
  });

  it("lists an iteration's simulations evaluation first, then samples in order", async () => {
    assert.deepEqual((await iterationSimulations(file, 'exp-a', 0)).map((s) => s.simulation_id), ['sim-a-iter0-eval', 'sim-a-iter0-bs0', 'sim-a-iter0-bs2']);
    assert.deepEqual(await iterationSimulations(file, 'exp-a', 9), []);
  });

  it('pages events without gaps or duplicates; every filter narrows to exactly the SQL answer', async () => {
    for (const simulationId of Object.keys(UNIFIED_EVENT_COUNTS)) {
      for (const filter of FILTERS) {
        const expected = referenceEvents(fileName, simulationId, filter, 'tick, event_id');
        for (const limit of [1, 4, 1000]) {
          const events = await allPages(file, simulationId, filter, limit);
          assert.deepEqual(
            events.map((e) => e.event_id),
            expected.map((e) => e.key),
            `${simulationId} ${JSON.stringify(filter)} limit ${limit}`,
          );
        }
        assert.equal(await countEvents(file, simulationId, filter), expected.length);
      }
    }
    const [first] = (await listEvents(file, 'sim-a-iter0-eval', {}, { limit: 1 })).events;
    assert.equal(first.simulation_id, 'sim-a-iter0-eval');
    assert.equal(first.event_type, 'Arrival');
    assert.deepEqual(first.details, { n: 0, amount: 100 });
    assert.equal(typeof first.event_id, 'number');
  });

  it('accepts a numeric event id or an offset as the page start, and rejects a foreign cursor', async () => {
    const all = await allPages(file, 'sim-standalone-full', {}, 1000);
    const fromId = await listEvents(file, 'sim-standalone-full', {}, { after: all[9].event_id as number, limit: 5 });
    assert.deepEqual(fromId.events.map((e) => e.event_id), all.slice(10, 15).map((e) => e.event_id));
    const fromOffset = await listEvents(file, 'sim-standalone-full', {}, { offset: 10, limit: 5 });
    assert.deepEqual(fromOffset.events.map((e) => e.event_id), all.slice(10, 15).map((e) => e.event_id));
    await rejectsWith(listEvents(file, 'sim-standalone-full', {}, { after: 'garbage' }), 'bad-cursor', /not an event cursor/);
    await rejectsWith(listEvents(file, 'sim-standalone-full', {}, { after: 999_999 }), 'bad-cursor', /no event with id/);
  });

  it('serves event pages from indexes, never a full scan of simulation_events', async () => {
    const backend = await backendFor(file);
    assert.ok(backend.events);
    const cursor = { tick: 3, seq: 40 };
    for (const filter of FILTERS) {
      for (const after of [null, cursor]) {
        const { sql, params } = eventPageSql(backend.events, ['sim-standalone-full'], filter, after, 51, 0);
        const plan = (await file.db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail);
        assert.ok(plan.some((d) => /^SEARCH se USING (COVERING )?INDEX idx_events_sim_/.test(d)), `${JSON.stringify(filter)}: ${plan.join(' / ')}`);
        assert.ok(!plan.some((d) => /^SCAN se\b/.test(d)), `${JSON.stringify(filter)} scans: ${plan.join(' / ')}`);
      }
    }
    // The common unfiltered case needs no sort either: (simulation_id, tick) index order is (tick, event_id).
    const { sql, params } = eventPageSql(backend.events, ['x'], {}, cursor, 51, 0);
    const plan = (await file.db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail);
    assert.ok(!plan.some((d) => /TEMP B-TREE/.test(d)), plan.join(' / '));
  });

  it('counts event types', async () => {
    const counts = await eventTypeCounts(file, 'sim-a-iter2-eval');
    assert.deepEqual(counts, [
      { event_type: 'Arrival', count: 4 },
      { event_type: 'QueuedRtgs', count: 4 },
      { event_type: 'RtgsImmediateSettlement', count: 4 },
      { event_type: 'LsmBilateralOffset', count: 3 },
    ]);
    assert.deepEqual(await eventTypeCounts(file, 'sim-standalone-summary'), []);
  });

  it('drills down from experiment and iteration to the evaluation or a sample', async () => {
    const evaluation = await drillDownEvents(file, 'exp-a', 2, { limit: 100 });
    assert.deepEqual(evaluation.simulations.map((s) => s.simulation_id), ['sim-a-iter2-eval']);
    assert.equal(evaluation.events.length, 15);
    assert.equal(evaluation.nextCursor, null);
    const sample = await drillDownEvents(file, 'exp-a', 2, { purpose: 'bootstrap', sampleIndex: 0, limit: 2 });
    assert.deepEqual(sample.simulations.map((s) => s.simulation_id), ['sim-a-iter2-bs0']);
    assert.equal(sample.events.length, 2);
    assert.ok(sample.nextCursor);
    const none = await drillDownEvents(file, 'exp-a', 1);
    assert.deepEqual([none.simulations.length, none.events.length], [1, 0]);
    assert.deepEqual((await drillDownEvents(file, 'nope', 0)).simulations, []);
  });

  it('resolves shorthands and explains what it cannot resolve', async () => {
    const id = async (exp: string | null, text: string): Promise<string> => (await resolveSimulationShorthand(file, exp, text)).simulation_id;
    assert.equal(await id('exp-a', 'iter2:eval'), 'sim-a-iter2-eval');
    assert.equal(await id('exp-a', 'iter2:evaluation'), 'sim-a-iter2-eval');
    assert.equal(await id('exp-a', 'iter0'), 'sim-a-iter0-eval');
    assert.equal(await id('exp-a', 'iter0:bootstrap:2'), 'sim-a-iter0-bs2');
    assert.equal(await id('exp-a', 'iter0:bs2'), 'sim-a-iter0-bs2');
    assert.equal(await id('exp-a', '0.2'), 'sim-a-iter0-bs2');
    assert.equal(await id('exp-a', 'sim-standalone-full'), 'sim-standalone-full');
    assert.equal(await id(null, 'sim-a-iter0-bs0'), 'sim-a-iter0-bs0');
    assert.equal(await id('exp-b', 'iter0:eval'), 'sim-b-iter0-eval');
    await rejectsWith(resolveSimulationShorthand(file, 'exp-x', 'iter1:eval'), 'unknown-experiment', /no experiment "exp-x" \(known: exp-a, exp-b\)/);
    await rejectsWith(resolveSimulationShorthand(file, 'exp-a', 'iter7:eval'), 'iteration-out-of-range', /Iteration 7 is out of range: experiment exp-a has iterations 0–2/);
    await rejectsWith(resolveSimulationShorthand(file, 'exp-a', 'iter0:bs1'), 'not-persisted', /Bootstrap sample 1 of iteration 0 \(sim-a-iter0-bs1\) was not persisted/);
    await rejectsWith(resolveSimulationShorthand(file, 'exp-a', '0.5'), 'no-such-sample', /no bootstrap sample 5 \(samples 0–2\)/);
    await rejectsWith(resolveSimulationShorthand(file, 'exp-b', 'iter1:eval'), 'not-persisted', /Iteration 1 of experiment exp-b has no persisted evaluation simulation/);
    await rejectsWith(resolveSimulationShorthand(file, 'exp-b', '0.0'), 'no-such-sample', /has no bootstrap samples/);
    await rejectsWith(resolveSimulationShorthand(file, 'exp-a', 'sim-nope'), 'unknown-simulation', /has no simulation "sim-nope"/);
    await rejectsWith(resolveSimulationShorthand(file, null, 'iter1:eval'), 'bad-shorthand', /give the experiment id/);
  });

  it('parses shorthand forms', () => {
    assert.deepEqual(parseSimulationShorthand('iter5:eval'), { iteration: 5, purpose: 'evaluation' });
    assert.deepEqual(parseSimulationShorthand('ITER12:Evaluation'), { iteration: 12, purpose: 'evaluation' });
    assert.deepEqual(parseSimulationShorthand('5:eval'), { iteration: 5, purpose: 'evaluation' });
    assert.deepEqual(parseSimulationShorthand('iter5:bootstrap:3'), { iteration: 5, purpose: 'bootstrap', sample: 3 });
    assert.deepEqual(parseSimulationShorthand('iter5:bs3'), { iteration: 5, purpose: 'bootstrap', sample: 3 });
    assert.deepEqual(parseSimulationShorthand('5.3'), { iteration: 5, purpose: 'bootstrap', sample: 3 });
    for (const text of ['sim-1', '5', 'iter:eval', 'iter5:final', '5.3.1']) assert.equal(parseSimulationShorthand(text), null, text);
  });

  it('gives the same answers over the worker-thread database', async () => {
    const viaWorker = await openSimCashFile(fileName, { worker: true });
    try {
      assert.deepEqual(await listSimulations(viaWorker), await listSimulations(file));
      assert.deepEqual(await listIterations(viaWorker, 'exp-a'), await listIterations(file, 'exp-a'));
      assert.deepEqual(await listEvents(viaWorker, 'sim-a-iter0-eval', { agentId: 'BANK_A' }, { limit: 3 }), await listEvents(file, 'sim-a-iter0-eval', { agentId: 'BANK_A' }, { limit: 3 }));
    } finally {
      await viaWorker.close();
    }
  });

  it('counts table rows and summarises the file', async () => {
    const counts = await tableRowCounts(file);
    assert.equal(counts.simulation_runs, 9);
    assert.equal(counts.simulation_events, 70);
    assert.equal(counts.schema_version, 1);
    assert.equal(Object.keys(counts).length, file.detection.tables.length);
    const summary = await fileSummary(file);
    assert.equal(summary.kind, 'unified');
    assert.equal(summary.schemaVersion, 1);
    assert.equal(summary.totalEvents, 70);
    assert.equal(summary.sizeBytes, fs.statSync(fileName).size);
    assert.deepEqual(summary.simulationsPerLevel, { full: 1, summary: 5, events: 3 });
    assert.equal(summary.experimentCount, 2);
    assert.equal(summary.simulationCount, 9);
  });
});

describe('model: partly written and foreign files', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-model-partial-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a unified file missing tables and columns gives empty results and nulls, never an SQL error', async () => {
    const fileName = path.join(dir, 'partial.db');
    writeUnifiedFixture(fileName);
    const raw = new BetterSqlite3(fileName);
    raw.exec('DROP TABLE simulation_events; DROP TABLE experiment_iterations; ALTER TABLE simulation_runs DROP COLUMN persistence_level; ALTER TABLE experiments DROP COLUMN best_cost;');
    raw.close();
    const file = await openSimCashFile(fileName);
    try {
      assert.equal(file.detection.kind, 'unified');
      const experiments = await listExperiments(file);
      assert.deepEqual(experiments.map((e) => [e.experiment_id, e.iteration_count, e.best_cost, e.linked_simulation_count, e.replayable_simulation_count]), [
        ['exp-a', 0, null, 6, 0],
        ['exp-b', 0, null, 1, 0],
      ]);
      const sims = await listSimulations(file);
      assert.equal(sims.length, 9);
      assert.ok(sims.every((s) => s.event_count === 0 && s.persistence_level === null && !s.replayable));
      assert.deepEqual(await listSimulations(file, { replayableOnly: true }), []);
      assert.deepEqual(await listIterations(file, 'exp-a'), []);
      assert.deepEqual(await listEvents(file, 'sim-standalone-full'), { events: [], nextCursor: null });
      assert.deepEqual(await eventTypeCounts(file, 'sim-standalone-full'), []);
      assert.equal((await resolveSimulationShorthand(file, 'exp-a', 'iter2:eval')).simulation_id, 'sim-a-iter2-eval');
      assert.equal((await fileSummary(file)).totalEvents, 0);
    } finally {
      await file.close();
    }
  });

  it('a plain SQLite file gives empty lists', async () => {
    const fileName = path.join(dir, 'plain.db');
    writePlainSqliteFixture(fileName);
    const file = await openSimCashFile(fileName);
    try {
      assert.equal(file.detection.kind, 'sqlite');
      assert.deepEqual(await listExperiments(file), []);
      assert.deepEqual(await listSimulations(file), []);
      assert.equal(await countSimulations(file), 0);
      assert.deepEqual(await listIterations(file, 'x'), []);
      assert.deepEqual(await listEvents(file, 'x'), { events: [], nextCursor: null });
      assert.deepEqual(await tableRowCounts(file), { notes: 2 });
      const summary = await fileSummary(file);
      assert.deepEqual([summary.kind, summary.schemaVersion, summary.totalEvents, summary.simulationCount], ['sqlite', null, 0, 0]);
      await rejectsWith(resolveSimulationShorthand(file, 'x', 'iter0:eval'), 'unknown-experiment', /it has no experiments/);
    } finally {
      await file.close();
    }
  });
});

describe('model: legacy kinds', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-model-legacy-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('legacy simulation file: reconciles both run tables, infers levels, pages uuid events by rowid', async () => {
    const fileName = path.join(dir, 'legacy-sim.db');
    writeLegacySimulationFixture(fileName);
    const file = await openSimCashFile(fileName);
    try {
      assert.equal(file.detection.kind, 'legacy-simulation');
      const sims = await listSimulations(file);
      assert.deepEqual(
        sims.map((s) => [s.simulation_id, s.config_name, s.status, s.total_transactions, s.persistence_level, s.event_count, s.run_purpose, s.experiment_id]),
        [
          ['sim-3', 'three.yaml', 'running', null, 'summary', 0, 'standalone', null],
          ['sim-2', 'two.yaml', 'completed', 50, 'summary', 0, 'standalone', null],
          ['sim-1', 'one.yaml', 'completed', 42, 'full', 25, 'standalone', null],
          ['sim-4', null, null, null, 'events', 4, 'standalone', null],
        ],
      );
      assert.equal(sims[2].total_cost_cents, 12345, 'gaps filled from `simulations`');
      assert.equal(await countSimulations(file, { replayableOnly: true }), 2);
      assert.equal(await countSimulations(file, { scope: 'experiment' }), 0);
      assert.deepEqual(await listExperiments(file), []);
      for (const filter of FILTERS) {
        const expected = referenceEvents(fileName, 'sim-1', filter);
        const events = await allPages(file, 'sim-1', filter, 3);
        assert.deepEqual(events.map((e) => e.event_id), expected.map((e) => e.key), JSON.stringify(filter));
        assert.ok(events.every((e) => typeof e.event_id === 'string'));
      }
      await rejectsWith(listEvents(file, 'sim-1', {}, { after: 5 }), 'bad-cursor', /pass the cursor/);
      assert.equal((await eventTypeCounts(file, 'sim-1')).reduce((n, c) => n + c.count, 0), 25);
      assert.equal((await resolveSimulationShorthand(file, null, 'sim-2')).simulation_id, 'sim-2');
      const summary = await fileSummary(file);
      assert.deepEqual(summary.simulationsPerLevel, { summary: 2, full: 1, events: 1 });
      assert.equal(summary.totalEvents, 29);
    } finally {
      await file.close();
    }
  });

  it('legacy experiment file: experiments by run_id, linked runs with purposes parsed from their ids', async () => {
    const fileName = path.join(dir, 'legacy-exp.db');
    writeLegacyExperimentFixture(fileName);
    const file = await openSimCashFile(fileName);
    try {
      assert.equal(file.detection.kind, 'legacy-experiment');
      const [experiment, ...rest] = await listExperiments(file);
      assert.equal(rest.length, 0);
      assert.deepEqual(
        [experiment.experiment_id, experiment.experiment_name, experiment.iteration_count, experiment.converged, experiment.final_cost, experiment.best_cost, experiment.linked_simulation_count, experiment.replayable_simulation_count],
        ['run1', 'legacy exp', 2, true, 450, 450, 5, 2],
      );
      const linked = await listSimulations(file, { experimentId: 'run1', order: 'experiment' });
      assert.deepEqual(
        linked.map((s) => [s.simulation_id, s.iteration, s.run_purpose, s.sample_index, s.persistence_reason, s.persistence_level, s.experiment_name]),
        [
          ['run1-sim-001-init', 0, 'evaluation', null, 'initial', 'summary', 'legacy exp'],
          ['run1-sim-002-eval', 0, 'evaluation', null, null, 'events', 'legacy exp'],
          ['run1-sim-003-bootstrap', 0, 'bootstrap', 0, null, 'summary', 'legacy exp'],
          ['run1-sim-004-bootstrap', 0, 'bootstrap', 1, null, 'summary', 'legacy exp'],
          ['run1-sim-005-eval', 1, 'evaluation', null, null, 'events', 'legacy exp'],
        ],
      );
      assert.deepEqual((await listSimulations(file, { scope: 'standalone' })).map((s) => [s.simulation_id, s.run_purpose]), [['adhoc-sim', 'standalone']]);
      const iterations = await listIterations(file, 'run1');
      assert.deepEqual(iterations.map((i) => [i.iteration, i.total_cost, i.evaluation_simulation_id, i.bootstrap_simulation_ids]), [
        [0, 500, 'run1-sim-002-eval', ['run1-sim-003-bootstrap', 'run1-sim-004-bootstrap']],
        [1, 450, 'run1-sim-005-eval', []],
      ]);
      assert.deepEqual((await replayableSimulations(file, 'run1')).map((s) => s.simulation_id), ['run1-sim-002-eval', 'run1-sim-005-eval']);
      assert.equal((await resolveSimulationShorthand(file, 'run1', 'iter0:eval')).simulation_id, 'run1-sim-002-eval');
      assert.equal((await resolveSimulationShorthand(file, 'run1', '0.1')).simulation_id, 'run1-sim-004-bootstrap');
      const drill = await drillDownEvents(file, 'run1', 1, { limit: 100 });
      assert.equal(drill.events.length, 9);
      const initAndEval = await drillDownEvents(file, 'run1', 0, { limit: 100 });
      assert.deepEqual(initAndEval.simulations.map((s) => s.simulation_id), ['run1-sim-002-eval'], "the iteration's linked evaluation run");
      assert.equal(initAndEval.events.length, 6);
      assert.deepEqual(
        (await allPages(file, 'run1-sim-005-eval', { eventTypes: ['Arrival'] }, 2)).map((e) => e.event_id),
        referenceEvents(fileName, 'run1-sim-005-eval', { eventTypes: ['Arrival'] }).map((e) => e.key),
      );
    } finally {
      await file.close();
    }
  });

  it('castro file: game sessions as castro experiments, policy iterations grouped by number, no simulations', async () => {
    const fileName = path.join(dir, 'castro.db');
    writeCastroFixture(fileName);
    const file = await openSimCashFile(fileName);
    try {
      assert.equal(file.detection.kind, 'castro');
      const [game] = await listExperiments(file);
      assert.deepEqual(
        [game.experiment_id, game.experiment_name, game.experiment_type, game.num_iterations, game.iteration_count, game.converged, game.final_cost, game.best_cost, game.linked_simulation_count],
        ['game-1', 'castro two banks', 'castro', 3, 3, true, 1234, 1300, 0],
      );
      const iterations = await listIterations(file, 'game-1');
      assert.deepEqual(iterations.map((i) => [i.iteration, i.costs_per_agent, i.accepted_changes, i.any_accepted, i.total_cost]), [
        [0, { A: 1000, B: 500 }, { A: false, B: false }, false, 1500],
        [1, { A: 900, B: 500 }, { A: true, B: false }, true, 1400],
        [2, { A: 800, B: 500 }, { A: false, B: false }, false, 1300],
      ]);
      assert.deepEqual(iterations[1].policies, { A: { v: 1 }, B: { w: 1 } });
      assert.equal(iterations[2].timestamp, '2025-11-01T00:02:30');
      assert.deepEqual(await listSimulations(file), []);
      assert.deepEqual(await iterationSimulations(file, 'game-1', 0), []);
      await rejectsWith(resolveSimulationShorthand(file, 'game-1', 'iter1:eval'), 'not-persisted', /no persisted evaluation simulation/);
      assert.deepEqual((await fileSummary(file)).tables, { game_sessions: 1, llm_interaction_log: 1, policy_iterations: 6 });
    } finally {
      await file.close();
    }
  });
});

/** The design note's "Unified Query Examples", verbatim; tests substitute only the ids. */
const NOTE_QUERY_LIST = `SELECT
    sr.simulation_id,
    sr.config_name,
    sr.status,
    sr.start_time,
    e.experiment_name,
    sr.iteration,
    sr.sample_index,
    sr.run_purpose
FROM simulation_runs sr
LEFT JOIN experiments e ON sr.experiment_id = e.experiment_id
ORDER BY sr.start_time DESC`;

const NOTE_QUERY_REPLAYABLE = `SELECT
    sr.simulation_id,
    sr.iteration,
    sr.sample_index,
    sr.run_purpose,
    (SELECT COUNT(*) FROM simulation_events se
     WHERE se.simulation_id = sr.simulation_id) as event_count
FROM simulation_runs sr
WHERE sr.experiment_id = ?
  AND sr.simulation_id IN (
      SELECT DISTINCT simulation_id FROM simulation_events
  )
ORDER BY sr.iteration, sr.sample_index`;

const NOTE_QUERY_DRILL_DOWN = [
  `-- 1. Find experiment
SELECT * FROM experiments WHERE experiment_id = 'exp2-20251214-011720-cd2e23';`,
  `-- 2. Find iterations
SELECT iteration, costs_per_agent, evaluation_simulation_id
FROM experiment_iterations
WHERE experiment_id = 'exp2-20251214-011720-cd2e23';`,
  `-- 3. Get simulation events for iteration 5
SELECT se.*
FROM simulation_events se
JOIN simulation_runs sr ON se.simulation_id = sr.simulation_id
WHERE sr.experiment_id = 'exp2-20251214-011720-cd2e23'
  AND sr.iteration = 5
  AND sr.run_purpose = 'evaluation'
ORDER BY se.tick;`,
];

describe('model: generated unified demo', function () {
  this.timeout(60_000);
  let fileName: string;
  let file: SimCashFile;
  before(async () => {
    fileName = await generatedSample('unified');
    file = await openSimCashFile(fileName);
  });
  after(async () => {
    await file?.close();
  });

  it("the note's listing query returns exactly listSimulations' runs with the same context", async () => {
    const rows = await file.db.query(NOTE_QUERY_LIST);
    const sims = await listSimulations(file);
    assert.equal(rows.length, sims.length);
    assert.ok(sims.some((s) => s.experiment_id === null) && sims.some((s) => s.experiment_id !== null), 'standalone and linked runs');
    const byId = new Map(sims.map((s) => [s.simulation_id, s]));
    for (const row of rows) {
      const s = byId.get(row.simulation_id as string);
      assert.ok(s, String(row.simulation_id));
      assert.deepEqual(
        [row.config_name, row.status, row.start_time, row.experiment_name, row.iteration, row.sample_index, row.run_purpose],
        [s.config_name, s.status, s.start_time, s.experiment_name, s.iteration, s.sample_index, s.run_purpose],
      );
    }
    const times = sims.map((s) => s.start_time ?? '');
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  });

  it('lists the event counts schema v2 caches on each run, and counts the events where the cache is empty', async () => {
    const sims = await listSimulations(file);
    const counted = await Promise.all(sims.map((s) => countEvents(file, s.simulation_id)));
    assert.deepEqual(sims.map((s) => s.event_count), counted, 'the cached counts equal the stored events');
    const withEvents = sims.filter((s) => s.event_count > 0);
    assert.ok(withEvents.length >= 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-count-'));
    const copy = path.join(dir, 'cache.db');
    fs.copyFileSync(fileName, copy);
    try {
      // One run's cache says something else (so a listing that shows it read the cache), one's is not recorded.
      const db = new BetterSqlite3(copy);
      db.prepare('UPDATE simulation_runs SET event_count = 12345 WHERE simulation_id = ?').run(withEvents[0].simulation_id);
      db.prepare('UPDATE simulation_runs SET event_count = NULL WHERE simulation_id = ?').run(withEvents[1].simulation_id);
      db.close();
      const changed = await openSimCashFile(copy);
      try {
        const byId = new Map((await listSimulations(changed)).map((s) => [s.simulation_id, s]));
        assert.equal(byId.get(withEvents[0].simulation_id)?.event_count, 12345);
        assert.equal(byId.get(withEvents[1].simulation_id)?.event_count, withEvents[1].event_count);
        assert.equal(byId.get(withEvents[1].simulation_id)?.replayable, true);
      } finally {
        await changed.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the note's replayable query returns exactly the experiment's simulations that have events", async () => {
    const experiments = await listExperiments(file);
    assert.ok(experiments.length >= 2);
    for (const experiment of experiments) {
      const rows = await file.db.query(NOTE_QUERY_REPLAYABLE, [experiment.experiment_id]);
      const linked = await listSimulations(file, { experimentId: experiment.experiment_id });
      const withEvents = linked.filter((s) => s.event_count > 0);
      assert.ok(withEvents.length > 0 && withEvents.length < linked.length, 'smart persistence keeps some runs with events, not all');
      assert.deepEqual(new Set(rows.map((r) => r.simulation_id)), new Set(withEvents.map((s) => s.simulation_id)));
      const mine = await replayableSimulations(file, experiment.experiment_id);
      assert.deepEqual(
        mine.map((s) => [s.simulation_id, s.iteration, s.sample_index, s.run_purpose, s.event_count]),
        rows.map((r) => [r.simulation_id, r.iteration, r.sample_index, r.run_purpose, r.event_count]),
      );
      assert.equal(experiment.replayable_simulation_count, rows.length);
      assert.equal(experiment.linked_simulation_count, linked.length);
    }
  });

  it("the note's drill-down queries find the experiment, its iterations and the evaluation run's events in tick order", async () => {
    let checkedWithEvents = 0;
    for (const experiment of await listExperiments(file)) {
      const [find, iterationsSql, eventsSql] = NOTE_QUERY_DRILL_DOWN.map((q) => q.replaceAll('exp2-20251214-011720-cd2e23', experiment.experiment_id));
      assert.equal((await file.db.query(find)).length, 1);
      const iterationRows = await file.db.query(iterationsSql);
      const iterations = await listIterations(file, experiment.experiment_id);
      assert.deepEqual(
        iterationRows.map((r) => [r.iteration, r.evaluation_simulation_id]).sort(),
        iterations.map((i) => [i.iteration, i.evaluation_simulation_id]).sort(),
      );
      const events = await file.db.query(eventsSql);
      const [evaluation] = await iterationSimulations(file, experiment.experiment_id, 5);
      assert.equal(evaluation.run_purpose, 'evaluation');
      assert.equal(evaluation.sample_index, null);
      assert.equal(events.length, evaluation.event_count);
      assert.ok(events.every((e) => e.simulation_id === evaluation.simulation_id));
      const ticks = events.map((e) => e.tick as number);
      assert.deepEqual(ticks, [...ticks].sort((a, b) => a - b));
      // The paged drill-down returns the same events, all of them, in (tick, event_id) order.
      const paged: EventRecord[] = [];
      let after: string | undefined;
      do {
        const page = await drillDownEvents(file, experiment.experiment_id, 5, { after, limit: 64 });
        paged.push(...page.events);
        after = page.nextCursor ?? undefined;
      } while (after);
      assert.deepEqual(paged.map((e) => e.event_id).sort(), events.map((e) => e.event_id).sort());
      assert.deepEqual(paged.map((e) => e.tick), ticks);
      if (events.length > 0) {
        checkedWithEvents++;
        assert.equal((await resolveSimulationShorthand(file, experiment.experiment_id, 'iter5:eval')).simulation_id, evaluation.simulation_id);
      }
    }
    assert.ok(checkedWithEvents > 0, 'some experiment kept its iteration-5 evaluation run with events');
  });

  it('smart persistence: evaluation runs have NULL sample_index, bootstrap runs 0..N-1, levels match stored events', async () => {
    for (const experiment of await listExperiments(file)) {
      for (const iteration of await listIterations(file, experiment.experiment_id)) {
        const sims = await iterationSimulations(file, experiment.experiment_id, iteration.iteration);
        assert.equal(sims[0].run_purpose, 'evaluation');
        assert.equal(sims[0].simulation_id, iteration.evaluation_simulation_id);
        const samples = sims.filter((s) => s.run_purpose === 'bootstrap');
        assert.deepEqual(samples.map((s) => s.sample_index), samples.map((_, i) => i));
        assert.deepEqual(samples.map((s) => s.simulation_id), iteration.bootstrap_simulation_ids);
      }
    }
    for (const s of await listSimulations(file)) {
      assert.equal(s.replayable, s.persistence_level === 'events' || s.persistence_level === 'full', s.simulation_id);
    }
  });

  it('pages every filter of the largest simulation exactly like the SQL reference', async () => {
    const [largest] = (await listSimulations(file)).sort((a, b) => b.event_count - a.event_count);
    const types = (await eventTypeCounts(file, largest.simulation_id)).map((t) => t.event_type);
    assert.equal((await eventTypeCounts(file, largest.simulation_id)).reduce((n, t) => n + t.count, 0), largest.event_count);
    const [someEvent] = (await listEvents(file, largest.simulation_id, { eventTypes: ['Arrival'] }, { limit: 1 })).events;
    const filters: EventFilter[] = [
      {},
      { fromTick: 5, toTick: 9 },
      { eventTypes: types.slice(0, 2) },
      { agentId: someEvent.agent_id ?? undefined },
      { txId: someEvent.tx_id ?? undefined },
      { agentId: someEvent.agent_id ?? undefined, eventTypes: [types[0]], fromTick: 3 },
    ];
    for (const filter of filters) {
      const expected = referenceEvents(fileName, largest.simulation_id, filter, 'tick, event_id').map((e) => e.key);
      assert.ok(expected.length > 0, JSON.stringify(filter));
      const events = await allPages(file, largest.simulation_id, filter, 97);
      assert.deepEqual(events.map((e) => e.event_id), expected, JSON.stringify(filter));
    }
  });

  it('summarises the file', async () => {
    const summary = await fileSummary(file);
    assert.equal(summary.kind, 'unified');
    assert.equal(summary.totalEvents, summary.tables.simulation_events);
    const levels = Object.values(summary.simulationsPerLevel).reduce((a, b) => a + b, 0);
    assert.equal(levels, summary.tables.simulation_runs);
    assert.ok((summary.simulationsPerLevel.summary ?? 0) > 0 && (summary.simulationsPerLevel.events ?? 0) > 0 && (summary.simulationsPerLevel.full ?? 0) > 0);
  });
});

describe('model: generated legacy files', function () {
  this.timeout(60_000);
  for (const kind of ['legacy-simulation', 'legacy-experiment', 'castro'] as const) {
    it(`${kind}: every function answers without throwing, with consistent counts`, async () => {
      const fileName = await generatedSample(kind);
      const file = await openSimCashFile(fileName);
      try {
        assert.equal(file.detection.kind, kind);
        const experiments = await listExperiments(file);
        const sims = await listSimulations(file);
        assert.equal(await countSimulations(file), sims.length);
        const eventTotal = sims.reduce((n, s) => n + s.event_count, 0);
        assert.equal(eventTotal, (await tableRowCounts(file)).simulation_events ?? 0);
        for (const experiment of experiments) {
          const iterations = await listIterations(file, experiment.experiment_id);
          assert.equal(iterations.length, experiment.iteration_count);
          assert.ok(iterations.every((i) => Number.isInteger(i.total_cost)));
          assert.equal((await listSimulations(file, { experimentId: experiment.experiment_id })).length, experiment.linked_simulation_count);
          for (const iteration of iterations) {
            const its = await iterationSimulations(file, experiment.experiment_id, iteration.iteration);
            if (its.length > 0) {
              assert.equal(iteration.evaluation_simulation_id, its.find((s) => s.run_purpose === 'evaluation' && s.persistence_reason !== 'initial')?.simulation_id ?? its[0].simulation_id);
            }
          }
        }
        if (kind === 'castro') {
          assert.deepEqual(sims, []);
          assert.ok(experiments.length > 0 && experiments.every((e) => e.experiment_type === 'castro'));
        }
        if (kind === 'legacy-experiment') {
          assert.ok(sims.some((s) => s.run_purpose === 'bootstrap' && s.sample_index === 0));
          assert.ok(sims.every((s) => s.experiment_id === null || s.run_purpose !== null));
        }
        const withEvents = sims.find((s) => s.replayable);
        if (withEvents) {
          const events = await allPages(file, withEvents.simulation_id, {}, 500);
          assert.equal(events.length, withEvents.event_count);
          assert.equal(new Set(events.map((e) => e.event_id)).size, events.length);
        }
      } finally {
        await file.close();
      }
    });
  }
});
