import * as assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { runCli } from '../../src/cli/main';
import { listSimulations, openSimCashFile } from '../../src/model';
import { ReplaySession } from '../../src/replay';
import { generatedSample } from '../helpers/sampleFiles';
import { copyOf, writeReplayFixture, type ReplayFixture } from './replayFixtures';

describe('replay: disagreements with the stored snapshots', function () {
  this.timeout(60_000);
  let fixture: ReplayFixture;

  before(() => {
    fixture = writeReplayFixture();
  });
  after(() => fixture?.cleanup());

  /** Opens an altered copy of the fixture, runs `check` on a session of `id`, and closes it. */
  async function withAltered(name: string, alter: (db: BetterSqlite3.Database) => void, id: string, check: (s: ReplaySession, path: string) => Promise<void>): Promise<void> {
    const path = copyOf(fixture, name);
    const db = new BetterSqlite3(path);
    alter(db);
    db.close();
    const file = await openSimCashFile(path);
    try {
      await check(await ReplaySession.open(file, id), path);
    } finally {
      await file.close();
    }
  }

  it('reports each altered snapshot value, row and queue entry, with both values', async () => {
    const id = 'sim-demo-12';
    const tick = 70;
    let balance = 0;
    let queued: { agent_id: string; tx_id: string; position: number } | undefined;
    await withAltered(
      'altered-snapshots.db',
      (db) => {
        balance = (db.prepare("SELECT balance FROM tick_agent_states WHERE simulation_id = ? AND tick = ? AND agent_id = 'BANK_B'").get(id, tick) as { balance: number }).balance;
        db.prepare("UPDATE tick_agent_states SET balance = balance + 1 WHERE simulation_id = ? AND tick = ? AND agent_id = 'BANK_B'").run(id, tick);
        db.prepare("UPDATE tick_agent_states SET delay_cost = delay_cost + 5 WHERE simulation_id = ? AND tick = ? AND agent_id = 'BANK_A'").run(id, tick + 1);
        queued = db
          .prepare("SELECT agent_id, tx_id, position FROM tick_queue_snapshots WHERE simulation_id = ? AND tick = ? AND queue_type = 'rtgs' ORDER BY position LIMIT 1")
          .get(id, tick + 2) as typeof queued;
        db.prepare("DELETE FROM tick_queue_snapshots WHERE simulation_id = ? AND tick = ? AND queue_type = 'rtgs' AND position = ?").run(id, tick + 2, queued!.position);
        db.prepare("DELETE FROM tick_agent_states WHERE simulation_id = ? AND tick = ? AND agent_id = 'BANK_E'").run(id, tick + 3);
      },
      id,
      async (session, path) => {
        assert.ok(queued, 'the fixture has an RTGS queue at that tick');
        const result = await session.snapshotCheck();
        assert.equal(result.available, true);
        assert.equal(result.firstTick, tick);
        const seen = result.disagreements.map((d) => `${d.tick}/${d.agentId}/${d.field}`);
        assert.deepEqual(seen, [`${tick}/BANK_B/balance`, `${tick + 1}/BANK_A/delay_cost`, `${tick + 2}/null/queue2`, `${tick + 3}/BANK_E/row`]);
        const first = result.disagreements[0];
        assert.equal(first.snapshot, balance + 1);
        assert.equal(first.fold, balance);
        const q = result.disagreements[2];
        assert.ok(typeof q.fold === 'string' && q.fold.startsWith(queued!.tx_id));
        assert.ok(typeof q.snapshot === 'string' && !q.snapshot.split(' ').includes(queued!.tx_id));
        assert.equal(result.disagreementCount, 4);
        assert.deepEqual(
          (await session.snapshotCheckAt(tick)).map((d) => `${d.agentId}/${d.field}`),
          ['BANK_B/balance'],
        );
        assert.deepEqual(await session.snapshotCheckAt(tick - 1), []);
        const limited = await session.snapshotCheck({ limit: 2 });
        assert.equal(limited.disagreements.length, 2);
        assert.equal(limited.disagreementCount, 4);

        let stdout = '';
        let stderr = '';
        const code = await runCli(['node', 'simcash-db', 'replay', path, id, '--check'], {
          stdout: { write: (x: string) => (stdout += x) },
          stderr: { write: (x: string) => (stderr += x) },
        });
        assert.equal(code, 1);
        assert.match(stdout, new RegExp(`4 disagreements between the events and the stored snapshots, from tick ${tick}`));
        assert.match(stdout, new RegExp(`^ *${tick} \\| BANK_B +\\| balance +\\| +${balance + 1} \\| +${balance}$`, 'm'));
        assert.match(stderr, /do not reproduce its stored snapshots/);
      },
    );
  });

  it('reports a broken event stream as issues, and the snapshots then disagree with the fold', async () => {
    const id = 'sim-demo-13';
    let removed: { tick: number; tx_id: string } | undefined;
    await withAltered(
      'missing-event.db',
      (db) => {
        removed = db
          .prepare("SELECT tick, tx_id FROM simulation_events WHERE simulation_id = ? AND event_type = 'RtgsImmediateSettlement' AND tick > 20 ORDER BY event_id LIMIT 1")
          .get(id) as typeof removed;
        db.prepare("DELETE FROM simulation_events WHERE simulation_id = ? AND event_type = 'RtgsImmediateSettlement' AND tx_id = ?").run(id, removed!.tx_id);
      },
      id,
      async (session) => {
        assert.ok(session.issueCount > 0);
        const issue = session.issues[0];
        assert.equal(issue.kind, 'balance-mismatch');
        assert.ok(issue.tick >= removed!.tick);
        const result = await session.snapshotCheck();
        assert.equal(result.firstTick, removed!.tick);
        assert.ok(result.disagreements.some((d) => d.field === 'balance'));
      },
    );
  });

  it('replays a legacy simulation file, whose snapshots lump pool opportunity cost into the liquidity cost', async () => {
    const file = await openSimCashFile(await generatedSample('legacy-simulation'));
    try {
      const full = (await listSimulations(file)).filter((s) => s.persistence_level === 'full');
      assert.ok(full.length > 0);
      for (const sim of full) {
        const session = await ReplaySession.open(file, sim.simulation_id);
        assert.equal(session.issueCount, 0);
        const result = await session.snapshotCheck();
        assert.equal(result.ticksChecked, session.totalTicks);
        assert.deepEqual(result.disagreements, [], sim.simulation_id);
        const last = await session.stateAt(session.lastTick);
        assert.ok(last.agents.some((a) => a.costs.liquidity_opportunity > 0), 'the lumped cost is really exercised');
      }
    } finally {
      await file.close();
    }
  });

  it('has nothing to compare for a run stored without snapshots', async () => {
    await withAltered(
      'events-level.db',
      (db) => {
        db.prepare("DELETE FROM tick_agent_states WHERE simulation_id = 'sim-castro-22'").run();
        db.prepare("DELETE FROM tick_queue_snapshots WHERE simulation_id = 'sim-castro-22'").run();
      },
      'sim-castro-22',
      async (session) => {
        assert.equal(session.hasSnapshots, false);
        const result = await session.snapshotCheck();
        assert.deepEqual(result, { available: false, ticksChecked: 0, disagreementCount: 0, disagreements: [], firstTick: null });
        assert.deepEqual(await session.snapshotCheckAt(3), []);
      },
    );
  });
});
