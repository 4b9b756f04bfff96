/**
 * The replay panel's host side without VS Code: the controller (opening, ticks, coalescing, moves, snapshot checks,
 * unreplayable runs), the tick view and chart data it sends, the navigation shared with the webview, and the rules
 * of the replay commands (which simulation an iteration opens, what a typed reference names).
 */
import * as assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { listSimulations, openSimCashFile, type SimCashFile, type SimulationSummary } from '../../src/model';
import { tickAgentStates } from '../../src/model/replayData';
import { REPLAY_MARKS, ReplaySession, type ReplaySeries } from '../../src/replay';
import { MAX_QUEUE_ROWS, PLAYING_PHASE_EVENTS, PLAYING_QUEUE_ROWS, PREVIEW_QUEUE_ROWS, type ReplayHostMessage, type ReplayTickView } from '../../src/protocol/replay';
import { PlaybackLookahead } from '../../src/protocol/replayLookahead';
import { targetTick, tickWithMark } from '../../src/protocol/replayNavigation';
import { buildChartData, jumpKinds } from '../../src/views/replay/chartData';
import { ReplayController } from '../../src/views/replay/replayController';
import { iterationReplayChoice, parseTick, resolveReplayReference } from '../../src/views/replay/replayTargets';
import { shortName } from '../../src/views/replay/notReplayableView';
import { generatedSample } from '../helpers/sampleFiles';
import { copyOf, writeReplayFixture, type ReplayFixture } from './replayFixtures';

/** A controller on an open file, recording what it posts. */
function harness(file: SimCashFile, simulationId: string, options: { tick?: number; autoCheckMaxEvents?: number } = {}) {
  const posted: ReplayHostMessage[] = [];
  const controller = new ReplayController(
    { filePath: file.path, simulationId },
    { openFile: async () => file, post: (m) => posted.push(m), actions: async () => ({ canTrace: true, canShowEvents: false }), autoCheckMaxEvents: options.autoCheckMaxEvents ?? 0 },
    options.tick ?? 0,
  );
  const of = <T extends ReplayHostMessage['type']>(type: T) => posted.filter((m): m is Extract<ReplayHostMessage, { type: T }> => m.type === type);
  return { controller, posted, of };
}

/** The stored per-tick snapshot's balances, by agent. */
async function snapshotBalances(file: SimCashFile, simulationId: string, tick: number): Promise<Record<string, number | null>> {
  const rows = await tickAgentStates(file, simulationId, tick, tick);
  return Object.fromEntries(rows.map((r) => [r.agent_id, r.balance]));
}

const balancesOf = (view: ReplayTickView) => Object.fromEntries(view.agents.map((a) => [a.id, a.balance]));

describe('replay panel: host side', function () {
  let demo: SimCashFile;
  let simulations: SimulationSummary[];
  /** A full-level evaluation run of an experiment (it has snapshots to compare with). */
  let evaluation: SimulationSummary;

  before(async () => {
    demo = await openSimCashFile(await generatedSample('unified', 42));
    simulations = await listSimulations(demo);
    const found = simulations.find((s) => s.run_purpose === 'evaluation' && s.persistence_level === 'full' && s.iteration === 5);
    assert.ok(found, 'the demo has a full-level evaluation run in iteration 5');
    evaluation = found;
  });

  after(async () => {
    await demo?.close();
  });

  it('opens at tick 0 and sends the panel data: info, jump kinds, charts and the tick', async () => {
    const { controller, of } = harness(demo, evaluation.simulation_id);
    await controller.attach();
    await controller.load();
    assert.equal(controller.state, 'ready');
    assert.equal(controller.tick, 0);
    const [init] = of('init');
    assert.ok(init, 'an init message was posted');
    assert.equal(init.info.simulationId, evaluation.simulation_id);
    assert.equal(init.info.shortName, 'iter5:eval');
    assert.equal(init.info.hasSnapshots, true);
    assert.equal(init.info.canTrace, true);
    assert.equal(init.view.tick, 0);
    const ticks = init.info.totalTicks;
    assert.equal(init.charts.x.length, ticks);
    assert.equal(init.charts.balance.length, init.info.agentIds.length);
    assert.equal(init.charts.marks.length, ticks);
    assert.deepEqual(
      init.jumpKinds.filter((k) => k.primary).map((k) => k.mark),
      ['settlement', 'lsm', 'overdue', 'end_of_day'],
    );
    // Same balances as the stored snapshot of tick 0, and as the session's fold.
    assert.deepEqual(balancesOf(init.view), await snapshotBalances(demo, evaluation.simulation_id, 0));
    assert.deepEqual(init.view.snapshot, []);
    controller.dispose();
  });

  it('steps and jumps: every tick shows the fold’s balances, which equal the stored snapshots', async () => {
    const { controller, of } = harness(demo, evaluation.simulation_id);
    await controller.attach();
    await controller.load();
    const session = await ReplaySession.open(demo, evaluation.simulation_id);
    const lastTick = session.lastTick;
    for (const tick of [1, 2, 3, 10, lastTick, 7, 6]) {
      const view = await controller.goto(tick, tick + 100);
      assert.ok(view, `tick ${tick} was shown`);
      assert.equal(controller.tick, tick);
      const fold = await session.stateAt(tick);
      assert.deepEqual(balancesOf(view), Object.fromEntries(fold.agents.map((a) => [a.id, a.balance])), `fold balances at tick ${tick}`);
      assert.deepEqual(balancesOf(view), await snapshotBalances(demo, evaluation.simulation_id, tick), `snapshot balances at tick ${tick}`);
      assert.deepEqual(view.snapshot, [], `no disagreement at tick ${tick}`);
      const events = await session.eventsAt(tick);
      assert.equal(view.eventCount, events.count);
    }
    const ticks = of('tick');
    assert.deepEqual(ticks.map((m) => m.seq), [101, 102, 103, 110, lastTick + 100, 107, 106]);
    controller.dispose();
  });

  it('coalesces requests: while one tick is built only the newest waiting request is answered', async () => {
    const { controller, of } = harness(demo, evaluation.simulation_id);
    await controller.attach();
    await controller.load();
    const results = await Promise.all([controller.goto(5, 1), controller.goto(6, 2), controller.goto(7, 3), controller.goto(8, 4)]);
    assert.equal(results[0]?.tick, 5, 'the first request starts at once');
    assert.equal(results[1], null);
    assert.equal(results[2], null);
    assert.equal(results[3]?.tick, 8);
    assert.deepEqual(of('tick').map((m) => m.seq), [1, 4]);
    assert.equal(controller.tick, 8);
    assert.equal(await controller.goto(-1), null, 'ticks outside the run are refused');
    assert.equal(await controller.goto(10_000_000), null);
    controller.dispose();
  });

  it('prefetches playback batches: views equal single ticks, lists on every listsEvery-th tick, newer batches win', async () => {
    const { controller, of } = harness(demo, evaluation.simulation_id);
    await controller.attach();
    await controller.load();
    const batch = await controller.prefetch({ from: 3, count: 12, stride: 1, listsEvery: 4, queue: '', seq: 7 });
    assert.ok(batch);
    assert.deepEqual(batch.map((v) => v.tick), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    assert.deepEqual(batch.filter((v) => v.lists).map((v) => v.tick), [4, 8, 12]);
    assert.equal(controller.tick, 0, 'a prefetch does not move the tick on screen');
    // Playback's lists are short: two payments per queue, four events per phase run, with the rest counted.
    for (const view of batch.filter((v) => v.lists)) {
      assert.ok(view.queues.every((q) => q.payments.length <= PLAYING_QUEUE_ROWS && q.payments.length === Math.min(q.size, PLAYING_QUEUE_ROWS)));
      assert.ok(view.phases.every((p) => p.events.length <= PLAYING_PHASE_EVENTS));
      assert.equal(view.phases.reduce((n, p) => n + p.events.length + p.omitted, 0), view.eventCount);
    }
    const [message] = of('ticks');
    assert.equal(message.seq, 7);
    assert.deepEqual(message.views.map((v) => v.tick), batch.map((v) => v.tick));
    for (const view of batch) {
      const single = await controller.goto(view.tick, 1, { lists: view.lists, brief: true, queue: '' });
      assert.deepEqual(view, single, `the batch's view of tick ${view.tick} equals the single tick's`);
      assert.deepEqual(balancesOf(view), await snapshotBalances(demo, evaluation.simulation_id, view.tick));
    }
    // Every second tick (above the refresh rate), clipped at the last tick.
    const last = (await controller.prefetch({ from: controller.session!.lastTick - 4, count: 10, stride: 2, listsEvery: 100, queue: '', seq: 8 }))!;
    assert.deepEqual(last.map((v) => v.tick), [0, 2, 4].map((d) => controller.session!.lastTick - 4 + d));
    // A newer prefetch abandons the older one: only the newer is posted.
    const [older, newer] = await Promise.all([
      controller.prefetch({ from: 20, count: 30, stride: 1, listsEvery: 5, queue: '', seq: 9 }),
      controller.prefetch({ from: 40, count: 3, stride: 1, listsEvery: 5, queue: '', seq: 10 }),
    ]);
    assert.equal(older, null);
    assert.deepEqual(newer?.map((v) => v.tick), [40, 41, 42]);
    assert.deepEqual(of('ticks').map((m) => m.seq), [7, 8, 10]);
    assert.equal(await controller.prefetch({ from: -1, count: 3, stride: 1, listsEvery: 1, queue: '', seq: 11 }), null, 'ticks outside the run are refused');
    // The webview reports where playback is; palette moves start there.
    controller.position(40);
    assert.equal(controller.tick, 40);
    const stepped = await controller.move({ kind: 'step', delta: 1 });
    assert.equal(stepped?.tick, 41);
    controller.dispose();
  });

  it('moves like the panel controls, and says so when there is no tick of a kind', async () => {
    const { controller, of } = harness(demo, evaluation.simulation_id);
    await controller.attach();
    await controller.load();
    const session = controller.session;
    assert.ok(session);
    assert.equal((await controller.move({ kind: 'step', delta: 1 }))?.tick, 1);
    assert.equal((await controller.move({ kind: 'step', delta: -1 }))?.tick, 0);
    assert.equal(await controller.move({ kind: 'step', delta: -1 }), null, 'no tick before 0');
    const settlement = jumpKinds().find((k) => k.mark === 'settlement');
    assert.ok(settlement);
    const next = await controller.move({ kind: 'mark', bit: settlement.bit, direction: 1 });
    assert.equal(next?.tick, session.nextTickWith('settlement', 0));
    assert.equal((await controller.move({ kind: 'last' }))?.tick, session.lastTick);
    assert.equal(await controller.move({ kind: 'mark', bit: settlement.bit, direction: 1 }), null);
    assert.match(of('notice').at(-1)?.text ?? '', /^No settlement after tick \d+\.$/);
    assert.equal((await controller.move({ kind: 'first' }))?.tick, 0);
    controller.dispose();
  });

  it('restores a tick given when reopened (window reload) and keeps the tick on reload of the file', async () => {
    const { controller, of } = harness(demo, evaluation.simulation_id, { tick: 12 });
    await controller.attach();
    await controller.load();
    assert.equal(of('init')[0]?.view.tick, 12);
    await controller.goto(20);
    await controller.reload();
    assert.equal(controller.tick, 20);
    assert.equal(of('init').at(-1)?.view.tick, 20);
    // A webview that attaches again (panel hidden and shown) gets the panel at the same tick.
    controller.detach();
    await controller.attach();
    assert.equal(of('init').at(-1)?.view.tick, 20);
    controller.dispose();
  });

  it('explains a summary-level simulation: why, its daily metrics, the nearest replayable run of its iteration', async () => {
    const summary = simulations.find((s) => s.persistence_level === 'summary' && s.iteration === 5 && s.run_purpose === 'bootstrap');
    assert.ok(summary);
    const { controller, of } = harness(demo, summary.simulation_id);
    await controller.attach();
    await controller.load();
    assert.equal(controller.state, 'not-replayable');
    const [message] = of('notReplayable');
    assert.ok(message);
    const view = message.view;
    assert.equal(view.persistenceLevel, 'summary');
    assert.equal(view.shortName, `iter5:bs${summary.sample_index}`);
    assert.equal(controller.shortName, view.shortName);
    assert.match(view.reason, /summary level/);
    assert.ok(view.metricRows.length > 0, 'its daily metrics are shown');
    assert.deepEqual(view.metricColumns.slice(0, 2), ['day', 'agent_id']);
    assert.equal(view.metricRows.length, view.days * view.agents.length);
    assert.ok(view.nearest);
    assert.equal(view.nearest.simulationId, evaluation.simulation_id);
    assert.equal(view.nearest.relation, 'same-iteration');
    assert.match(view.nearest.label, /^iter5:eval \(evaluation, full level\)$/);
    // A webview that attaches later gets the explanation again.
    await controller.attach();
    assert.equal(of('notReplayable').length, 2);
    controller.dispose();
  });

  it('reports an unknown simulation and a cancelled opening as errors', async () => {
    const unknown = harness(demo, 'no-such-simulation');
    await unknown.controller.attach();
    await unknown.controller.load();
    assert.equal(unknown.controller.state, 'error');
    assert.match(unknown.of('error')[0]?.message ?? '', /no simulation "no-such-simulation"/);

    const cancelled = harness(demo, evaluation.simulation_id);
    await cancelled.controller.attach();
    const loading = cancelled.controller.load();
    cancelled.controller.cancel();
    await loading;
    assert.equal(cancelled.controller.state, 'error');
    assert.equal(cancelled.of('error')[0]?.title, 'Opening cancelled');
  });

  it('caps the queues and events a tick view carries', async () => {
    const { controller } = harness(demo, evaluation.simulation_id);
    await controller.attach();
    await controller.load();
    const session = controller.session;
    assert.ok(session);
    // The tick with the longest RTGS queue.
    const sizes = session.series().rtgsQueueSize;
    const busiest = sizes.indexOf(Math.max(...sizes));
    const view = await controller.goto(busiest, 1, { lists: true, queue: 'rtgs' });
    assert.ok(view);
    const rtgs = view.queues.find((q) => q.kind === 'rtgs');
    assert.ok(rtgs);
    assert.equal(rtgs.size, sizes[busiest]);
    assert.ok(rtgs.size > PREVIEW_QUEUE_ROWS, 'a queue longer than a preview');
    assert.equal(rtgs.payments.length, Math.min(MAX_QUEUE_ROWS, rtgs.size));
    assert.equal(view.queues.length, 1 + view.agents.length);
    for (const p of rtgs.payments) {
      assert.equal(p.age, p.arrivalTick === null ? null : busiest - p.arrivalTick);
    }
    const labels = new Set(view.phases.map((g) => g.label));
    assert.ok(labels.size > 0 && ![...labels].some((l) => l === ''), 'phases carry labels');

    // Every queue previewed (the default), and a view without lists (asked for while playing).
    const preview = await controller.goto(busiest);
    assert.equal(preview?.queues.find((q) => q.kind === 'rtgs')?.payments.length, PREVIEW_QUEUE_ROWS);
    const lite = await controller.goto(busiest, 2, { lists: false, queue: '' });
    assert.ok(lite);
    assert.equal(lite.lists, false);
    assert.ok(lite.queues.every((q) => q.payments.length === 0));
    assert.deepEqual(lite.queues.map((q) => q.size), view.queues.map((q) => q.size));
    assert.equal(lite.eventCount, view.eventCount);
    assert.equal(lite.phases.reduce((n, g) => n + g.events.length, 0), 0);
    assert.equal(lite.phases.reduce((n, g) => n + g.omitted, 0), view.eventCount);
    assert.deepEqual(lite.agents, view.agents);
    controller.dispose();
  });

  describe('against a file whose snapshots were altered', () => {
    let fixture: ReplayFixture;
    let file: SimCashFile;
    const id = 'sim-demo-11';
    const altered = 5;

    before(async () => {
      fixture = writeReplayFixture('full');
      const copy = copyOf(fixture, 'altered.db');
      const db = new BetterSqlite3(copy);
      db.prepare("UPDATE tick_agent_states SET balance = balance + 1 WHERE simulation_id = ? AND tick = ? AND agent_id = 'BANK_B'").run(id, altered);
      db.close();
      file = await openSimCashFile(copy);
    });

    after(async () => {
      await file?.close();
      fixture?.cleanup();
    });

    it('says so at the tick and in the whole-run check', async () => {
      const { controller, of } = harness(file, id, { autoCheckMaxEvents: 1_000_000 });
      await controller.attach();
      await controller.load();
      const view = await controller.goto(altered);
      assert.ok(view?.snapshot);
      assert.deepEqual(view.snapshot, [{ agentId: 'BANK_B', field: 'balance', snapshot: view.snapshot[0].snapshot, fold: view.snapshot[0].fold }]);
      assert.notEqual(view.snapshot[0].snapshot, view.snapshot[0].fold);
      assert.match(view.snapshot[0].snapshot, /^\$/, 'money is formatted');
      assert.deepEqual((await controller.goto(altered + 1))?.snapshot, []);
      // The whole-run check started on its own after opening (small run); wait for its result.
      for (let i = 0; i < 200 && !of('snapshotCheck').some((m) => m.status.state === 'done'); i++) await new Promise((r) => setTimeout(r, 25));
      const done = of('snapshotCheck').find((m) => m.status.state === 'done')?.status;
      assert.ok(done && done.state === 'done');
      assert.equal(done.firstTick, altered);
      assert.deepEqual(done.disagreeingTicks, [altered]);
      assert.ok(done.disagreementCount >= 1);
      controller.dispose();
    });

    it('sends the check’s result to a webview that attaches after it finished', async () => {
      const { controller, posted } = harness(file, id);
      await controller.load();
      await controller.checkSnapshots();
      assert.equal(posted.length, 0, 'nothing is posted before the webview is ready');
      await controller.attach();
      assert.deepEqual(
        posted.map((m) => (m.type === 'snapshotCheck' ? `${m.type}:${m.status.state}` : m.type)),
        ['init', 'snapshotCheck:done'],
      );
      controller.dispose();
    });
  });

  describe('commands: which simulation to open', () => {
    it('an iteration opens its only replayable run, offers a pick among several, and explains when none is', async () => {
      const experimentId = evaluation.experiment_id;
      assert.ok(experimentId);
      const five = await iterationReplayChoice(demo, experimentId, 5);
      assert.equal(five.kind, 'open');
      assert.equal(five.kind === 'open' && five.simulation.simulation_id, evaluation.simulation_id);

      const zero = await iterationReplayChoice(demo, experimentId, 0);
      assert.equal(zero.kind, 'pick');
      if (zero.kind === 'pick') {
        assert.equal(zero.simulations[0].run_purpose, 'evaluation', 'the evaluation run comes first');
        assert.ok(zero.simulations.length > 1);
      }

      const noneIteration = simulations.find((s) => s.experiment_id === experimentId && s.run_purpose === 'evaluation' && !s.replayable && s.iteration !== null);
      assert.ok(noneIteration?.iteration !== undefined && noneIteration.iteration !== null);
      const none = await iterationReplayChoice(demo, experimentId, noneIteration.iteration);
      assert.equal(none.kind, 'none');
      if (none.kind === 'none') {
        assert.match(none.message, /has no replayable simulation: its evaluation simulation was stored at the summary level/);
        assert.match(none.message, /bootstrap samples at the summary level/);
        assert.equal(none.evaluation?.simulation_id, noneIteration.simulation_id);
        assert.ok(none.nearest?.replayable);
      }
    });

    it('resolves a typed simulation id, an experiment with a shorthand, and says what is wrong', async () => {
      const experimentId = evaluation.experiment_id;
      assert.ok(experimentId && evaluation.experiment_name);
      assert.equal((await resolveReplayReference(demo, evaluation.simulation_id)).simulation_id, evaluation.simulation_id);
      assert.equal((await resolveReplayReference(demo, 'iter5:eval', experimentId)).simulation_id, evaluation.simulation_id);
      assert.equal((await resolveReplayReference(demo, `${experimentId} iter5:eval`)).simulation_id, evaluation.simulation_id);
      assert.equal((await resolveReplayReference(demo, `${evaluation.experiment_name} iter5:evaluation`)).simulation_id, evaluation.simulation_id);
      await assert.rejects(resolveReplayReference(demo, 'iter5:eval'), /give the experiment id as well/);
      await assert.rejects(resolveReplayReference(demo, 'nope iter5:eval'), /has no experiment "nope"/);
      await assert.rejects(resolveReplayReference(demo, 'iter99:eval', experimentId), /out of range/);
      assert.equal(shortName(evaluation), 'iter5:eval');
    });

    it('parses a tick typed as a number, "day N" or "D:T"', () => {
      assert.equal(parseTick('42', 99, 20), 42);
      assert.equal(parseTick(' day 2 ', 99, 20), 40);
      assert.equal(parseTick('2:15', 99, 20), 55);
      assert.equal(parseTick('2:25', 99, 20), null, 'beyond the day');
      assert.equal(parseTick('100', 99, 20), null, 'beyond the run');
      assert.equal(parseTick('day 1', 99, null), null, 'days need a day length');
      assert.equal(parseTick('-1', 99, 20), null);
    });
  });
});

describe('replay panel: playback lookahead', () => {
  const view = (tick: number) => ({ tick });

  it('asks for a second of ticks ahead, again when half a second is left, and draws each tick when the clock gets there', () => {
    const ahead = new PlaybackLookahead<{ tick: number }>(999, 30);
    const first = ahead.next(10);
    assert.deepEqual(first, { from: 10, count: 30, stride: 1, listsEvery: 8, seq: 1 });
    assert.equal(ahead.next(10), null, 'one batch at a time');
    assert.equal(ahead.take(10), null, 'nothing to draw before the batch is in');
    assert.equal(ahead.receive(1, Array.from({ length: 30 }, (_, i) => view(10 + i))), true);
    for (let t = 10; t <= 24; t++) {
      assert.equal(ahead.take(t)?.tick, t);
      assert.equal(ahead.next(t), null, `at tick ${t} enough is fetched`);
    }
    // At tick 25 only 14 ticks (under half a second) are left: the next batch follows on.
    assert.deepEqual(ahead.next(25), { from: 40, count: 30, stride: 1, listsEvery: 8, seq: 2 });
    assert.equal(ahead.take(25)?.tick, 25);
  });

  it('skips to the newest tick reached when the clock ran ahead, and never draws a tick twice', () => {
    const ahead = new PlaybackLookahead<{ tick: number }>(99, 30);
    const request = ahead.next(0)!;
    ahead.receive(request.seq, [0, 1, 2, 3, 4, 5].map(view));
    assert.equal(ahead.take(3)?.tick, 3, 'ticks 0–2 were late: the clock shows tick 3');
    assert.equal(ahead.take(3), null);
    assert.equal(ahead.take(5)?.tick, 5);
  });

  it('fetches every n-th tick above the refresh rate, stops at the last tick, and drops answers from before a reset', () => {
    const fast = new PlaybackLookahead<{ tick: number }>(100, 120);
    assert.equal(fast.stride, 2);
    assert.deepEqual(fast.next(0), { from: 0, count: 51, stride: 2, listsEvery: 30, seq: 1 });
    const atEnd = new PlaybackLookahead<{ tick: number }>(100, 30);
    assert.deepEqual(atEnd.next(95), { from: 95, count: 6, stride: 1, listsEvery: 8, seq: 1 });
    atEnd.reset();
    assert.equal(atEnd.receive(1, [view(95)]), false, 'the batch asked for before the reset is ignored');
    assert.equal(atEnd.take(95), null);
    atEnd.reset(1);
    assert.deepEqual(atEnd.next(100), { from: 100, count: 1, stride: 1, listsEvery: 1, seq: 4 });
    assert.equal(atEnd.next(100), null);
  });
});

describe('replay panel: navigation and chart data', () => {
  const bit = (mark: string) => REPLAY_MARKS.indexOf(mark as (typeof REPLAY_MARKS)[number]);
  const marks = new Uint16Array(30);
  marks[4] = 1 << bit('settlement');
  marks[9] = 1 << bit('end_of_day');
  marks[19] = 1 << bit('end_of_day');
  marks[22] = (1 << bit('settlement')) | (1 << bit('lsm'));
  const at = (tick: number, ticksPerDay: number | null = 10) => ({ tick, lastTick: 29, ticksPerDay, marks, endOfDayBit: bit('end_of_day') });

  it('steps, days, ends and marks', () => {
    assert.equal(targetTick(at(5), { kind: 'step', delta: 1 }), 6);
    assert.equal(targetTick(at(29), { kind: 'step', delta: 1 }), null, 'already at the end');
    assert.equal(targetTick(at(0), { kind: 'step', delta: -1 }), null);
    assert.equal(targetTick(at(5), { kind: 'day', delta: 1 }), 15, 'the same tick of the next day');
    assert.equal(targetTick(at(25), { kind: 'day', delta: 1 }), 29, 'clamped to the last tick');
    assert.equal(targetTick(at(5), { kind: 'day', delta: -1 }), 0);
    assert.equal(targetTick(at(5), { kind: 'last' }), 29);
    assert.equal(targetTick(at(5), { kind: 'first' }), 0);
    assert.equal(targetTick(at(0), { kind: 'mark', bit: bit('settlement'), direction: 1 }), 4);
    assert.equal(targetTick(at(4), { kind: 'mark', bit: bit('settlement'), direction: 1 }), 22);
    assert.equal(targetTick(at(22), { kind: 'mark', bit: bit('settlement'), direction: -1 }), 4);
    assert.equal(targetTick(at(0), { kind: 'mark', bit: bit('lsm'), direction: 1 }), 22);
    assert.equal(targetTick(at(23), { kind: 'mark', bit: bit('lsm'), direction: 1 }), null);
    assert.equal(tickWithMark(marks, bit('overdue'), 0, 1), null);
  });

  it('follows the end-of-day marks when the day length is unknown', () => {
    assert.equal(targetTick(at(5, null), { kind: 'day', delta: 1 }), 10, 'the start of the next day');
    assert.equal(targetTick(at(12, null), { kind: 'day', delta: 1 }), 20);
    assert.equal(targetTick(at(25, null), { kind: 'day', delta: 1 }), 29, 'no later day: the last tick');
    assert.equal(targetTick(at(15, null), { kind: 'day', delta: -1 }), 10, 'the start of the current day');
    assert.equal(targetTick(at(10, null), { kind: 'day', delta: -1 }), 0, 'at its start: the previous day');
  });

  it('decimates long series to their minimum and maximum per bucket, keeping every mark', () => {
    const ticks = 1000;
    const agents = ['A', 'B'];
    const series: ReplaySeries = {
      agentIds: agents,
      ticks,
      balance: Float64Array.from({ length: ticks * 2 }, (_, c) => (c % 2 === 0 ? Math.floor(c / 2) : -Math.floor(c / 2))),
      cumulativeCost: new Float64Array(ticks * 2),
      queue1Size: new Uint32Array(ticks * 2),
      queue2Size: new Uint32Array(ticks * 2),
      rtgsQueueSize: Uint32Array.from({ length: ticks }, (_, t) => (t === 123 ? 50 : 1)),
      settled: new Uint32Array(ticks),
      foldedEvents: new Uint32Array(ticks),
      marks: Uint16Array.from({ length: ticks }, (_, t) => t % 7),
    };
    const full = buildChartData(series, 4000);
    assert.equal(full.decimated, false);
    assert.equal(full.x.length, ticks);
    assert.equal(full.balance[1][10], -10);

    const small = buildChartData(series, 100);
    assert.equal(small.decimated, true);
    assert.ok(small.x.length <= 100 + 2, `${small.x.length} points`);
    assert.equal(small.x.length, small.balance[0].length);
    for (let i = 1; i < small.x.length; i++) assert.ok(small.x[i] >= small.x[i - 1], 'x ascending');
    assert.equal(Math.max(...small.rtgsQueue), 50, 'a one-tick spike survives');
    assert.equal(Math.max(...small.balance[0]), ticks - 1);
    assert.equal(Math.min(...small.balance[1]), -(ticks - 1));
    assert.equal(small.marks.length, ticks, 'marks are never decimated');
  });
});
