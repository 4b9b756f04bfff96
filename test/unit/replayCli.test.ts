import * as assert from 'node:assert/strict';
import { getSimulation, iterationSimulations, listSimulations, openSimCashFile } from '../../src/model';
import { NotReplayableError, ReplaySession, tickStateJson, type TickStateJson } from '../../src/replay';
import { generatedSample } from '../helpers/sampleFiles';
import { writeReplayFixture, type ReplayFixture } from './replayFixtures';
import { cli } from '../helpers/cli';



describe('replay: simcash-db replay and unreplayable simulations', function () {
  this.timeout(60_000);
  let fixture: ReplayFixture;

  before(() => {
    fixture = writeReplayFixture();
  });
  after(() => fixture?.cleanup());

  it('--json --tick N prints the session state after tick N, with the required shape', async () => {
    const run = fixture.runs[0];
    const tick = 95;
    const result = await cli('replay', fixture.file, run.id, '--tick', String(tick), '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const printed = JSON.parse(result.stdout) as TickStateJson;
    assert.equal(printed.tick, tick);
    assert.ok(Array.isArray(printed.queue2));
    for (const a of Object.values(printed.agents)) {
      assert.equal(typeof a.balance, 'number');
      assert.ok(Array.isArray(a.queue1) && a.queue1.every((x) => typeof x === 'string'));
      assert.equal(typeof a.costs.delay, 'number');
      assert.equal(typeof a.costs.total, 'number');
    }
    const file = await openSimCashFile(fixture.file);
    try {
      const session = await ReplaySession.open(file, run.id);
      assert.deepEqual(printed, tickStateJson(run.id, await session.stateAt(tick)));
    } finally {
      await file.close();
    }
    // And the values are the engine's own: its per-tick records after that tick.
    for (const s of run.output.tickAgentStates.filter((x) => x.tick === tick)) {
      const a = printed.agents[s.agent_id];
      assert.equal(a.balance, s.balance);
      assert.equal(a.credit_used, s.credit_used);
      assert.equal(a.costs.delay, s.delay_cost);
      assert.equal(a.costs.penalty, s.penalty_cost);
      const queue1 = run.output.tickQueues.filter((q) => q.tick === tick && q.queue_type === 'queue1' && q.agent_id === s.agent_id);
      assert.deepEqual(a.queue1, queue1.map((q) => q.tx_id));
    }
    assert.deepEqual(
      printed.queue2,
      run.output.tickQueues.filter((q) => q.tick === tick && q.queue_type === 'rtgs').map((q) => q.tx_id),
    );
  });

  it('prints the state after a tick for people, and a per-tick log of a range or the whole run', async () => {
    const run = fixture.runs[4];
    const one = await cli('replay', fixture.file, run.id, '--tick', '5');
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /state after tick 5 \(day 0, tick 5 of the day\)/);
    assert.match(one.stdout, /^Agent +\| +Balance/m);

    const log = await cli('replay', fixture.file, run.id);
    assert.equal(log.code, 0, log.stderr);
    const ticks = run.output.ticksPerDay * run.output.numDays;
    assert.equal((log.stdout.match(/^Tick \d+/gm) ?? []).length, ticks);
    assert.match(log.stdout, /^ {2}BANK_A +\| {2}balance \$/m);
    assert.match(log.stdout, /end of day/);

    const range = await cli('replay', fixture.file, run.id, '--from-tick', '2', '--to-tick', '4', '--json');
    assert.equal(range.code, 0, range.stderr);
    const states = JSON.parse(range.stdout) as TickStateJson[];
    assert.deepEqual(
      states.map((s) => s.tick),
      [2, 3, 4],
    );

    const bad = await cli('replay', fixture.file, run.id, '--tick', String(ticks));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, new RegExp(`out of range: simulation ${run.id} has ticks 0–${ticks - 1}`));
  });

  it('--check compares the fold with the stored snapshots', async () => {
    const run = fixture.runs[2];
    const ok = await cli('replay', fixture.file, run.id, '--check');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`agrees with the stored snapshots at all ${run.output.ticksPerDay * run.output.numDays} ticks`));
    const json = await cli('replay', fixture.file, run.id, '--check', '--json');
    const parsed = JSON.parse(json.stdout) as { available: boolean; disagreementCount: number; issues: unknown[] };
    assert.equal(parsed.available, true);
    assert.equal(parsed.disagreementCount, 0);
    assert.deepEqual(parsed.issues, []);
  });

  it('explains a summary-level simulation and names the nearest replayable one of the same iteration', async () => {
    const sample = await generatedSample('unified');
    const file = await openSimCashFile(sample);
    let target: { id: string; nearest: string; iteration: number; experiment: string } | undefined;
    try {
      const summaries = (await listSimulations(file, { scope: 'experiment', order: 'experiment' })).filter((s) => s.persistence_level === 'summary');
      for (const sim of summaries) {
        const replayable = (await iterationSimulations(file, sim.experiment_id!, sim.iteration!)).filter((s) => s.replayable);
        if (replayable.length > 0) {
          const error = await ReplaySession.open(file, sim.simulation_id).then(
            () => null,
            (e: unknown) => e,
          );
          assert.ok(error instanceof NotReplayableError);
          assert.equal(error.info.nearestRelation, 'same-iteration');
          assert.ok(replayable.some((s) => s.simulation_id === error.info.nearest?.simulation_id));
          assert.ok(error.info.dailyMetrics.length > 0);
          assert.equal(error.info.dailyMetrics.length, error.info.days * error.info.agents.length);
          target = { id: sim.simulation_id, nearest: error.info.nearest!.simulation_id, iteration: sim.iteration!, experiment: sim.experiment_id! };
          break;
        }
      }
      assert.ok(target, 'the sample has a summary-level run beside a replayable one');
      const standalone = (await listSimulations(file, { scope: 'standalone' })).find((s) => s.persistence_level === 'summary');
      assert.ok(standalone);
      const error = await ReplaySession.open(file, standalone.simulation_id).catch((e: unknown) => e);
      assert.ok(error instanceof NotReplayableError);
      assert.equal(error.info.nearest, null);
      assert.ok(await getSimulation(file, target.nearest));
    } finally {
      await file.close();
    }

    const result = await cli('replay', sample, target.id);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`Simulation ${target.id} cannot be replayed: it was stored at the summary level`));
    assert.match(result.stderr, /daily metrics: \d+ rows/);
    assert.match(result.stderr, new RegExp(`nearest replayable simulation of the same iteration is ${target.nearest}`));
    assert.match(result.stderr, new RegExp(`Try: simcash-db replay .* ${target.nearest}`));

    // Shorthands resolve within --experiment like the other commands.
    const shorthand = await cli('replay', sample, `iter${target.iteration}:eval`, '--experiment', target.experiment, '--tick', '0', '--json');
    if (shorthand.code === 0) {
      assert.equal((JSON.parse(shorthand.stdout) as TickStateJson).tick, 0);
    } else {
      assert.match(shorthand.stderr, /cannot be replayed|was not persisted/);
    }
  });
});
