import * as assert from 'node:assert/strict';
import { openSimCashFile } from '../../src/model';
import type { SimCashFile } from '../../src/model';
import {
  CheckpointStore,
  ReplaySession,
  cloneState,
  compareTick,
  describeState,
  foldTick,
  fromSimEvent,
  initialState,
  type ReplaySetup,
  type ReplayState,
  type ReplayTickState,
} from '../../src/replay';
import type { SimEvent, TickAgentStateRecord, TickQueueRecord } from '../../src/sample/output';
import type { Scenario } from '../../src/sample/scenario';
import { copyOf, writeReplayFixture, type FixtureRun, type ReplayFixture } from './replayFixtures';

/** The setup a scenario implies, built independently of the session's loader. */
function setupOf(id: string, scenario: Scenario): ReplaySetup {
  const agents = [...scenario.agents]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((a) => ({
      id: a.id,
      openingBalance: a.opening_balance,
      unsecuredCap: a.unsecured_cap ?? 0,
      postedCollateral: a.posted_collateral ?? 0,
      collateralHaircut: a.collateral_haircut ?? 0.02,
    }));
  const { ticks_per_day: tpd, num_days: days } = scenario.simulation;
  return { simulationId: id, agents, ticksPerDay: tpd, totalTicks: tpd * days, source: 'config', assumed: [] };
}

function byTick<T extends { tick: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    map.set(r.tick, [...(map.get(r.tick) ?? []), r]);
  }
  return map;
}

/** Pure fold of a run's events from the start: the described state after every tick. */
function foldAll(run: FixtureRun): ReplayTickState[] {
  const setup = setupOf(run.id, run.scenario);
  const events = byTick<SimEvent>(run.output.events);
  const opening = setup.agents.reduce((s, a) => s + a.openingBalance, 0);
  const states: ReplayTickState[] = [];
  let state: ReplayState = initialState(setup);
  for (let t = 0; t < setup.totalTicks; t++) {
    state = foldTick(state, t, (events.get(t) ?? []).map(fromSimEvent), { ticksPerDay: setup.ticksPerDay });
    states.push(describeState(state, setup.ticksPerDay, opening));
  }
  return states;
}

/** A small deterministic generator for "random" ticks. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

describe('replay: fold and session', function () {
  this.timeout(60_000);
  let fixture: ReplayFixture;
  let file: SimCashFile;
  const pure = new Map<string, ReplayTickState[]>();

  before(async () => {
    fixture = writeReplayFixture();
    file = await openSimCashFile(fixture.file);
    for (const run of fixture.runs) {
      pure.set(run.id, foldAll(run));
    }
  });
  after(async () => {
    await file?.close();
    fixture?.cleanup();
  });

  it('folds the simulator events into exactly the per-tick snapshots, at every tick of every seed', () => {
    for (const run of fixture.runs) {
      const agentRows = byTick<TickAgentStateRecord>(run.output.tickAgentStates);
      const queueRows = byTick<TickQueueRecord>(run.output.tickQueues);
      const states = pure.get(run.id)!;
      assert.equal(states.length, run.output.ticksPerDay * run.output.numDays);
      for (const state of states) {
        const found = compareTick(state, agentRows.get(state.tick) ?? [], queueRows.get(state.tick) ?? []);
        assert.deepEqual(found, [], `${run.id} tick ${state.tick}`);
      }
      const kinds = new Set(run.output.events.map((e) => e.event_type));
      assert.ok(kinds.has('CostAccrual') && kinds.has('LiquidityAllocation'), run.id);
    }
    // Together the runs exercise what the fold must get right: queues, LSM, splits, drops, overdue payments,
    // collateral, pool money and deferred crediting.
    const all = new Set(fixture.runs.flatMap((r) => r.output.events.map((e) => e.event_type)));
    for (const k of ['QueuedRtgs', 'Queue2LiquidityRelease', 'LsmBilateralOffset', 'LsmCycleSettlement', 'PolicySplit', 'PolicyDrop', 'TransactionWentOverdue', 'CollateralPost', 'DeferredCreditApplied']) {
      assert.ok(all.has(k), `no ${k} in the fixture`);
    }
  });

  it('reads the same states from the database, and the snapshot check finds no disagreement', async () => {
    for (const run of fixture.runs) {
      const session = await ReplaySession.open(file, run.id);
      assert.equal(session.setup.source, 'config');
      assert.equal(session.issueCount, 0, JSON.stringify(session.issues.slice(0, 3)));
      assert.ok(session.hasSnapshots);
      const check = await session.snapshotCheck();
      assert.equal(check.available, true);
      assert.equal(check.ticksChecked, session.totalTicks);
      assert.deepEqual(check.disagreements, [], run.id);
      assert.equal(check.firstTick, null);
      assert.deepEqual(await session.stateAt(session.lastTick), pure.get(run.id)![session.lastTick]);
    }
  });

  it('conserves money at every tick: sum of balances = opening + allocations − returns', () => {
    for (const run of fixture.runs) {
      const opening = run.scenario.agents.reduce((s, a) => s + a.opening_balance, 0);
      const events = byTick<SimEvent>(run.output.events);
      let external = 0;
      for (const state of pure.get(run.id)!) {
        for (const e of events.get(state.tick) ?? []) {
          const amount = e.details.amount as number;
          external += e.event_type === 'LiquidityAllocation' ? amount : e.event_type === 'LiquidityReturn' ? -amount : 0;
        }
        const sum = state.agents.reduce((s, a) => s + a.balance, 0);
        assert.equal(sum, opening + external, `${run.id} tick ${state.tick}`);
        assert.equal(state.totals.balance, state.totals.expectedBalance);
        assert.equal(state.totals.pendingDeferredCredit, 0, 'deferred credits are applied within the tick');
      }
    }
  });

  it('jumps to random ticks from checkpoints exactly as folding from the start, and steps both ways', async () => {
    const random = lcg(7);
    for (const run of fixture.runs) {
      const states = pure.get(run.id)!;
      const session = await ReplaySession.open(file, run.id, { checkpointInterval: 7 });
      assert.equal(session.checkpointInterval, 7);
      for (let i = 0; i < 25; i++) {
        const t = Math.floor(random() * states.length);
        assert.deepEqual(await session.stateAt(t), states[t], `${run.id} jump to ${t}`);
      }
      const start = Math.floor(states.length / 2);
      for (let t = start; t < Math.min(states.length, start + 10); t++) {
        assert.deepEqual(await session.stateAt(t), states[t], `${run.id} step forward to ${t}`);
      }
      for (let t = Math.min(states.length, start + 10) - 1; t >= Math.max(0, start - 10); t--) {
        assert.deepEqual(await session.stateAt(t), states[t], `${run.id} step back to ${t}`);
      }
      const before = await session.stateAt(-1);
      assert.equal(before.tick, -1);
      assert.equal(before.totals.settled, 0);
      assert.deepEqual(
        before.agents.map((a) => a.balance),
        setupOf(run.id, run.scenario).agents.map((a) => a.openingBalance),
      );
      // Concurrent requests (a panel scrubbing) are answered in order and correctly.
      const ticks = [3, states.length - 1, 0, 10, 9].map((t) => t % states.length);
      const answers = await Promise.all(ticks.map((t) => session.stateAt(t)));
      answers.forEach((a, i) => assert.deepEqual(a, states[ticks[i]]));
      await assert.rejects(session.stateAt(states.length), RangeError);
    }
  });

  it('keeps every checkpoint jump within K − 1 ticks, also after the memory budget thins them', async () => {
    const run = fixture.runs[0];
    const setup = setupOf(run.id, run.scenario);
    const events = byTick<SimEvent>(run.output.events);
    for (const [k, budget] of [
      [5, Number.POSITIVE_INFINITY],
      [3, 150_000],
    ] as const) {
      const store = new CheckpointStore(k, budget);
      let state = initialState(setup);
      store.offer(state);
      const all: ReplayState[] = [cloneState(state)];
      for (let t = 0; t < setup.totalTicks; t++) {
        state = foldTick(state, t, (events.get(t) ?? []).map(fromSimEvent), { ticksPerDay: setup.ticksPerDay });
        store.offer(state);
        all.push(cloneState(state));
      }
      if (budget !== Number.POSITIVE_INFINITY) {
        assert.ok(store.interval > k, 'the budget doubled K');
        assert.ok(store.bytes <= budget || store.count <= 2);
      }
      for (let t = -1; t < setup.totalTicks; t++) {
        const cp = store.nearest(t);
        assert.ok(cp.tick <= t && t - cp.tick <= store.interval - 1, `K=${store.interval} tick ${t} from ${cp.tick}`);
        assert.deepEqual(cp, all[cp.tick + 1]);
      }
    }
  });

  it('groups a tick’s events by phase and finds the next tick of interest without reading events', async () => {
    const run = fixture.runs[0];
    const session = await ReplaySession.open(file, run.id);
    const lsmTicks = [...new Set(run.output.events.filter((e) => e.event_type.startsWith('Lsm')).map((e) => e.tick))].sort((a, b) => a - b);
    assert.ok(lsmTicks.length >= 2);
    assert.equal(session.nextTickWith('lsm', -1), lsmTicks[0]);
    assert.equal(session.nextTickWith('lsm', lsmTicks[0]), lsmTicks[1]);
    assert.equal(session.previousTickWith('lsm', lsmTicks[1]), lsmTicks[0]);
    const eod = session.nextTickWith(['end_of_day'], 0);
    assert.equal(eod, run.output.ticksPerDay - 1);
    assert.equal(session.nextTickWith('end_of_day', session.lastTick), null);
    assert.throws(() => session.nextTickWith('nonsense' as 'lsm', 0), /unknown replay mark/);

    const tick = lsmTicks[0];
    const groups = await session.eventsAt(tick);
    const stored = run.output.events.filter((e) => e.tick === tick);
    assert.equal(groups.count, stored.length);
    assert.deepEqual(
      groups.phases.flatMap((p) => p.events.map((e) => e.event_type)),
      stored.map((e) => e.event_type),
      'groups keep event order',
    );
    const phases = groups.phases.map((p) => p.phase);
    assert.ok(phases.includes('lsm') && phases.includes('costs'), phases.join(','));
    for (const g of groups.phases.filter((p) => p.phase === 'lsm')) {
      for (const e of g.events) {
        assert.ok(['LsmBilateralOffset', 'LsmCycleSettlement', 'Queue2LiquidityRelease', 'OverdueTransactionSettled'].includes(e.event_type), e.event_type);
      }
    }
    assert.ok(phases.indexOf('lsm') < phases.indexOf('costs'));
  });

  it('fills per-tick series that match the states', async () => {
    const run = fixture.runs[1];
    const states = pure.get(run.id)!;
    const session = await ReplaySession.open(file, run.id);
    const s = session.series();
    const n = s.agentIds.length;
    assert.equal(s.ticks, states.length);
    for (const t of [0, 17, states.length - 1]) {
      const st = states[t];
      st.agents.forEach((a, i) => {
        assert.equal(s.balance[t * n + i], a.balance);
        assert.equal(s.cumulativeCost[t * n + i], a.costs.total);
        assert.equal(s.queue1Size[t * n + i], a.queue1.length);
        assert.equal(s.queue2Size[t * n + i], a.queue2.length);
      });
      assert.equal(s.rtgsQueueSize[t], st.queue2.length);
      assert.equal(s.settled[t], st.totals.settled);
    }
    assert.ok(session.stats.checkpoints >= 1 && session.stats.foldedEvents > 0);
  });

  it('derives agents and opening balances from snapshots or events when the configuration is missing', async () => {
    const altered = copyOf(fixture, 'no-config.db');
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const db = new BetterSqlite3(altered);
    db.prepare('UPDATE simulation_runs SET config_json = NULL').run();
    // One run loses its snapshots too, so only its events can tell.
    db.prepare("DELETE FROM tick_agent_states WHERE simulation_id = 'sim-castro-21'").run();
    db.close();
    const copy = await openSimCashFile(altered);
    try {
      for (const [id, source] of [
        ['sim-demo-11', 'snapshots'],
        ['sim-castro-21', 'events'],
      ] as const) {
        const session = await ReplaySession.open(copy, id);
        assert.equal(session.setup.source, source, id);
        const states = pure.get(id)!;
        for (const t of [0, Math.floor(states.length / 2), states.length - 1]) {
          const got = await session.stateAt(t);
          assert.deepEqual(
            got.agents.map((a) => [a.id, a.balance, a.queue1.length, a.costs.total]),
            states[t].agents.map((a) => [a.id, a.balance, a.queue1.length, a.costs.total]),
            `${id} tick ${t}`,
          );
        }
      }
    } finally {
      await copy.close();
    }
  });
});
