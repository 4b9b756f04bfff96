import * as assert from 'node:assert/strict';
import type { SimEvent, SimulationOutput } from '../../src/sample/output';
import { simulate } from '../../src/sample/simulator';
import { castroExp2Scenario, demoScenario, scaledScenario } from '../../src/sample/scenarios';
import { compilePolicy, newContext, PolicyError, type PolicyJson } from '../../src/sample/policy';
import { FIELD_INDEX } from '../../src/sample/policyFields';
import { fifoPolicy } from '../../src/sample/policies';
import { withPolicies, type Scenario } from '../../src/sample/scenario';
import { Rng } from '../../src/sample/rng';

const SEEDS = [1, 2, 3, 4, 5];
const COST_KEYS = ['liquidity', 'delay', 'collateral', 'penalty', 'split_friction', 'liquidity_opportunity'] as const;
const SETTLEMENT_EVENTS = new Set(['RtgsImmediateSettlement', 'Queue2LiquidityRelease']);
const LSM_EVENTS = new Set(['LsmBilateralOffset', 'LsmCycleSettlement']);

type Num = Record<string, number>;
const d = (e: SimEvent) => e.details as Record<string, unknown>;
const num = (e: SimEvent, k: string) => d(e)[k] as number;

/** Balance deltas an event implies, read from its amounts only. */
function balanceDeltas(e: SimEvent): [string, number][] {
  switch (e.event_type) {
    case 'LiquidityAllocation':
      return [[e.agent_id!, num(e, 'amount')]];
    case 'LiquidityReturn':
      return [[e.agent_id!, -num(e, 'amount')]];
    case 'DeferredCreditApplied':
      return [[e.agent_id!, num(e, 'amount')]];
    case 'RtgsImmediateSettlement':
    case 'Queue2LiquidityRelease': {
      const out: [string, number][] = [[d(e).sender as string, -num(e, 'amount')]];
      if (!d(e).deferred_credit) out.push([d(e).receiver as string, num(e, 'amount')]);
      return out;
    }
    case 'LsmBilateralOffset':
    case 'LsmCycleSettlement':
      return Object.entries(d(e).net_positions as Num);
    default:
      return [];
  }
}

interface Runs {
  seed: number;
  scenario: Scenario;
  out: SimulationOutput;
}

describe('simulator (sample RTGS engine)', function () {
  this.timeout(60_000);
  const runs: Runs[] = SEEDS.map((seed) => {
    const scenario = demoScenario(seed);
    return { seed, scenario, out: simulate(scenario, { recordTickStates: true }) };
  });

  it('produces a few thousand events of every interesting kind across seeds', () => {
    const kinds = new Set<string>();
    const costs: Num = {};
    for (const { out } of runs) {
      assert.ok(out.events.length > 2_000 && out.events.length < 20_000, `events ${out.events.length}`);
      for (const e of out.events) {
        kinds.add(e.event_type);
        if (e.event_type === 'CostAccrual') for (const k of COST_KEYS) costs[k] = (costs[k] ?? 0) + (d(e).costs as Num)[k];
      }
    }
    for (const k of ['Arrival', 'RtgsImmediateSettlement', 'QueuedRtgs', 'Queue2LiquidityRelease', 'LsmBilateralOffset',
      'LsmCycleSettlement', 'PolicyHold', 'PolicySplit', 'PolicyDrop', 'TransactionWentOverdue', 'CollateralPost',
      'CollateralWithdraw', 'LiquidityAllocation', 'LiquidityReturn', 'EndOfDay', 'CostAccrual']) {
      assert.ok(kinds.has(k), `no ${k} event in any seed`);
    }
    for (const k of COST_KEYS) assert.ok(costs[k] > 0, `cost kind ${k} never accrued`);
  });

  it('conserves money at every tick', () => {
    for (const { seed, scenario, out } of runs) {
      const opening = scenario.agents.reduce((s, a) => s + a.opening_balance, 0);
      let external = 0;
      let i = 0;
      const byTick = new Map<number, number>();
      for (const s of out.tickAgentStates) byTick.set(s.tick, (byTick.get(s.tick) ?? 0) + s.balance);
      const ticks = out.ticksPerDay * out.numDays;
      for (let t = 0; t < ticks; t++) {
        for (; i < out.events.length && out.events[i].tick === t; i++) {
          const e = out.events[i];
          if (e.event_type === 'LiquidityAllocation') external += num(e, 'amount');
          if (e.event_type === 'LiquidityReturn') external -= num(e, 'amount');
        }
        assert.equal(byTick.get(t), opening + external, `seed ${seed} tick ${t}`);
      }
    }
  });

  it('chains every balance-changing event to the previous balance of each agent', () => {
    for (const { seed, scenario, out } of runs) {
      const bal: Num = Object.fromEntries(scenario.agents.map((a) => [a.id, a.opening_balance]));
      const check = (agent: string, before: number, after: number, e: SimEvent, i: number) => {
        assert.equal(before, bal[agent], `seed ${seed} event #${i} ${e.event_type}: ${agent} before`);
        bal[agent] = after;
      };
      out.events.forEach((e, i) => {
        const x = d(e);
        if (SETTLEMENT_EVENTS.has(e.event_type)) {
          const amount = x.amount as number;
          assert.equal(x.sender_balance_after, (x.sender_balance_before as number) - amount);
          check(x.sender as string, x.sender_balance_before as number, x.sender_balance_after as number, e, i);
          const credited = x.deferred_credit ? 0 : amount;
          assert.equal(x.receiver_balance_after, (x.receiver_balance_before as number) + credited);
          check(x.receiver as string, x.receiver_balance_before as number, x.receiver_balance_after as number, e, i);
        } else if (LSM_EVENTS.has(e.event_type)) {
          const net = x.net_positions as Num;
          assert.equal(Object.values(net).reduce((s, v) => s + v, 0), 0, 'net positions sum to zero');
          for (const [agent, v] of Object.entries(net)) {
            const before = (x.balances_before as Num)[agent];
            assert.equal((x.balances_after as Num)[agent], before + v);
            check(agent, before, before + v, e, i);
          }
        } else if (['LiquidityAllocation', 'LiquidityReturn', 'DeferredCreditApplied'].includes(e.event_type)) {
          const sign = e.event_type === 'LiquidityReturn' ? -1 : 1;
          assert.equal(x.balance_after, (x.balance_before as number) + sign * (x.amount as number));
          check(e.agent_id!, x.balance_before as number, x.balance_after as number, e, i);
        }
      });
      const finalStates = out.tickAgentStates.filter((s) => s.tick === out.ticksPerDay * out.numDays - 1);
      for (const s of finalStates) assert.equal(s.balance, bal[s.agent_id], `seed ${seed} final ${s.agent_id}`);
    }
  });

  it('settles each payment at most once and never a split parent', () => {
    for (const { seed, out } of runs) {
      const settled = new Set<string>();
      const parents = new Set(out.events.filter((e) => e.event_type === 'PolicySplit').map((e) => e.tx_id!));
      const note = (id: string) => {
        assert.ok(!settled.has(id), `seed ${seed}: ${id} settled twice`);
        assert.ok(!parents.has(id), `seed ${seed}: split parent ${id} settled`);
        settled.add(id);
      };
      for (const e of out.events) {
        if (SETTLEMENT_EVENTS.has(e.event_type)) note(e.tx_id!);
        if (LSM_EVENTS.has(e.event_type)) for (const id of d(e).tx_ids as string[]) note(id);
      }
      const settledRecords = out.transactions.filter((t) => t.status === 'settled').map((t) => t.tx_id);
      assert.deepEqual(new Set(settledRecords), settled);
      assert.equal(out.totals.settlements, settled.size);
      for (const t of out.transactions.filter((x) => x.status === 'split')) {
        const children = out.transactions.filter((c) => c.parent_tx_id === t.tx_id);
        assert.equal(children.reduce((s, c) => s + c.amount, 0), t.amount, 'children add up to the parent');
        assert.equal(t.amount_settled, children.filter((c) => c.status === 'settled').reduce((s, c) => s + c.amount, 0));
      }
    }
  });

  it('keeps transaction records and policy decisions consistent with the events', () => {
    for (const { seed, out } of runs) {
      const settledAt = new Map<string, number>();
      const overdueAt = new Map<string, number>();
      const dropped = new Set<string>();
      for (const e of out.events) {
        if (SETTLEMENT_EVENTS.has(e.event_type)) settledAt.set(e.tx_id!, e.tick);
        if (LSM_EVENTS.has(e.event_type)) for (const id of d(e).tx_ids as string[]) settledAt.set(id, e.tick);
        if (e.event_type === 'TransactionWentOverdue') overdueAt.set(e.tx_id!, e.tick);
        if (e.event_type === 'PolicyDrop') dropped.add(e.tx_id!);
      }
      let delaySum = 0;
      for (const t of out.transactions) {
        const msg = `seed ${seed} ${t.tx_id}`;
        if (t.status === 'settled') {
          assert.equal(t.settlement_tick, settledAt.get(t.tx_id), msg);
          assert.equal(t.total_delay_ticks, t.settlement_tick! - t.arrival_tick, msg);
          assert.equal(t.amount_settled, t.amount, msg);
        }
        assert.equal(t.status === 'dropped', dropped.has(t.tx_id), msg);
        if (overdueAt.has(t.tx_id)) assert.equal(t.overdue_since_tick, overdueAt.get(t.tx_id), msg);
        assert.ok(t.deadline_tick > t.arrival_tick, msg);
        assert.ok(t.queue1_ticks >= 0 && t.queue2_ticks >= 0, msg);
        delaySum += t.delay_cost;
      }
      // Per-payment delay costs are rounded per payment, agent totals once per agent-tick: they agree closely.
      const agentDelay = out.dailyMetrics.reduce((s, m) => s + m.delay_cost, 0);
      assert.ok(Math.abs(delaySum - agentDelay) <= out.transactions.length + out.ticksPerDay * out.numDays * out.agentIds.length,
        `seed ${seed}: ${delaySum} vs ${agentDelay}`);
      const decisionEvents = out.events.filter((e) => ['PolicySubmit', 'PolicyHold', 'PolicyDrop', 'PolicySplit'].includes(e.event_type));
      assert.deepEqual(
        out.policyDecisions.map((p) => `${p.tick}:${p.agent_id}:${p.tx_id}:${p.decision_type}`),
        decisionEvents.map((e) => `${e.tick}:${e.agent_id}:${e.tx_id}:${e.event_type.replace('Policy', '').toLowerCase()}`),
      );
      assert.equal(out.collateralEvents.length, out.events.filter((e) => e.event_type.startsWith('Collateral')).length);
      assert.equal(out.lsmCycles.length, out.events.filter((e) => LSM_EVENTS.has(e.event_type)).length);
      assert.equal(out.totals.arrivals, out.events.filter((e) => e.event_type === 'Arrival' && !d(e).parent_tx_id).length);
      assert.equal(out.totals.transactions, out.transactions.length);
    }
  });

  it("matches each day's cost columns with that day's CostAccrual events", () => {
    for (const { seed, out } of runs) {
      const sums = new Map<string, Num>();
      for (const e of out.events) {
        if (e.event_type !== 'CostAccrual') continue;
        const key = `${e.agent_id}/${e.day}`;
        const acc = sums.get(key) ?? {};
        for (const k of COST_KEYS) acc[k] = (acc[k] ?? 0) + (d(e).costs as Num)[k];
        sums.set(key, acc);
      }
      assert.equal(out.dailyMetrics.length, out.agentIds.length * out.numDays);
      for (const m of out.dailyMetrics) {
        const s = sums.get(`${m.agent_id}/${m.day}`) ?? {};
        const msg = `seed ${seed} ${m.agent_id} day ${m.day}`;
        assert.equal(m.liquidity_cost, s.liquidity ?? 0, msg);
        assert.equal(m.delay_cost, s.delay ?? 0, msg);
        assert.equal(m.collateral_cost, s.collateral ?? 0, msg);
        assert.equal(m.deadline_penalty, s.penalty ?? 0, msg);
        assert.equal(m.split_friction_cost, s.split_friction ?? 0, msg);
        assert.equal(m.liquidity_opportunity_cost, s.liquidity_opportunity ?? 0, msg);
        assert.equal(m.total_cost, COST_KEYS.reduce((t, k) => t + (s[k] ?? 0), 0), msg);
      }
      const total = out.dailyMetrics.reduce((t, m) => t + m.total_cost, 0);
      assert.equal(out.totals.totalCost, total);
    }
  });

  it('per-tick snapshots equal an independent fold of the events', () => {
    for (const { seed, scenario, out } of runs) {
      const bal: Num = Object.fromEntries(scenario.agents.map((a) => [a.id, a.opening_balance]));
      const costs: Record<string, Num> = Object.fromEntries(scenario.agents.map((a) => [a.id, {}]));
      const q1: Record<string, string[]> = Object.fromEntries(scenario.agents.map((a) => [a.id, []]));
      let q2: string[] = [];
      const posted: Num = Object.fromEntries(scenario.agents.map((a) => [a.id, a.posted_collateral ?? 0]));
      const leaveQ1 = (agent: string, tx: string) => {
        q1[agent] = q1[agent].filter((x) => x !== tx);
      };
      const statesAt = new Map<number, typeof out.tickAgentStates>();
      for (const s of out.tickAgentStates) statesAt.set(s.tick, [...(statesAt.get(s.tick) ?? []), s]);
      const queuesAt = new Map<number, typeof out.tickQueues>();
      for (const q of out.tickQueues) queuesAt.set(q.tick, [...(queuesAt.get(q.tick) ?? []), q]);
      let i = 0;
      for (let t = 0; t < out.ticksPerDay * out.numDays; t++) {
        for (; i < out.events.length && out.events[i].tick === t; i++) {
          const e = out.events[i];
          for (const [agent, delta] of balanceDeltas(e)) bal[agent] += delta;
          switch (e.event_type) {
            case 'Arrival':
              q1[e.agent_id!].push(e.tx_id!);
              break;
            case 'PolicySubmit':
            case 'RtgsSubmission':
            case 'PolicyDrop':
            case 'PolicySplit':
              leaveQ1(e.agent_id!, e.tx_id!);
              break;
            case 'QueuedRtgs':
              q2.push(e.tx_id!);
              break;
            case 'Queue2LiquidityRelease':
              q2 = q2.filter((x) => x !== e.tx_id);
              break;
            case 'LsmBilateralOffset':
            case 'LsmCycleSettlement': {
              const gone = new Set(d(e).tx_ids as string[]);
              q2 = q2.filter((x) => !gone.has(x));
              break;
            }
            case 'CollateralPost':
            case 'CollateralWithdraw':
              assert.equal(num(e, 'previous_total'), posted[e.agent_id!]);
              posted[e.agent_id!] = num(e, 'new_total');
              break;
            case 'CostAccrual':
              for (const k of COST_KEYS) costs[e.agent_id!][k] = (costs[e.agent_id!][k] ?? 0) + (d(e).costs as Num)[k];
              break;
          }
        }
        const msg = `seed ${seed} tick ${t}`;
        for (const s of statesAt.get(t) ?? []) {
          const c = costs[s.agent_id];
          assert.equal(s.balance, bal[s.agent_id], `${msg} balance ${s.agent_id}`);
          assert.equal(s.credit_used, Math.max(0, -bal[s.agent_id]));
          assert.equal(s.posted_collateral, posted[s.agent_id], `${msg} collateral ${s.agent_id}`);
          assert.equal(s.liquidity_cost, c.liquidity ?? 0, `${msg} ${s.agent_id}`);
          assert.equal(s.delay_cost, c.delay ?? 0, `${msg} ${s.agent_id}`);
          assert.equal(s.collateral_cost, c.collateral ?? 0, `${msg} ${s.agent_id}`);
          assert.equal(s.penalty_cost, c.penalty ?? 0, `${msg} ${s.agent_id}`);
          assert.equal(s.split_friction_cost, c.split_friction ?? 0, `${msg} ${s.agent_id}`);
          assert.equal(s.liquidity_opportunity_cost, c.liquidity_opportunity ?? 0, `${msg} ${s.agent_id}`);
        }
        assert.equal((statesAt.get(t) ?? []).length, scenario.agents.length, msg);
        const rows = queuesAt.get(t) ?? [];
        for (const agent of Object.keys(q1)) {
          const snap = rows.filter((r) => r.agent_id === agent && r.queue_type === 'queue1').sort((a, b) => a.position - b.position);
          assert.deepEqual(snap.map((r) => r.tx_id), q1[agent], `${msg} queue1 ${agent}`);
        }
        const central = rows.filter((r) => r.queue_type === 'rtgs').sort((a, b) => a.position - b.position);
        assert.deepEqual(central.map((r) => r.tx_id), q2, `${msg} rtgs queue`);
      }
    }
  });

  it('end-of-day queues and checkpoints agree with the per-tick snapshots', () => {
    for (const { out } of runs) {
      for (let day = 0; day < out.numDays; day++) {
        const lastTick = (day + 1) * out.ticksPerDay - 1;
        const fromTicks = out.tickQueues.filter((q) => q.tick === lastTick && q.queue_type === 'queue1').map((q) => `${q.agent_id}:${q.tx_id}`);
        const fromEod = out.eodQueues.filter((q) => q.day === day).map((q) => `${q.agent_id}:${q.transaction_id}`);
        assert.deepEqual(fromEod.sort(), fromTicks.sort());
        const cp = out.checkpoints.find((c) => c.checkpoint_type === 'end_of_day' && c.checkpoint_day === day)!;
        assert.equal(cp.checkpoint_tick, lastTick);
        const agents = cp.state.agents as { id: string; balance: number }[];
        for (const a of agents) {
          const s = out.tickAgentStates.find((x) => x.tick === lastTick && x.agent_id === a.id)!;
          assert.equal(a.balance, s.balance);
        }
      }
      assert.equal(out.checkpoints.filter((c) => c.checkpoint_type === 'final').length, 1);
    }
  });

  it('is deterministic: same seed gives deep-equal output, another seed other events', () => {
    const again = simulate(demoScenario(1), { recordTickStates: true });
    assert.deepEqual(again, runs[0].out);
    assert.notDeepEqual(runs[1].out.events, runs[0].out.events);
    const castroA = simulate(castroExp2Scenario(9));
    assert.deepEqual(simulate(castroExp2Scenario(9)), castroA);
  });

  it('streams through onEvent exactly the events a plain run keeps', () => {
    const streamed: SimEvent[] = [];
    const out = simulate(demoScenario(2), { onEvent: (e) => streamed.push(e), recordTickStates: true });
    assert.equal(out.events.length, 0);
    assert.deepEqual(streamed, runs[1].out.events);
    assert.deepEqual({ ...out, events: [] }, { ...runs[1].out, events: [] });
    const plain = simulate(demoScenario(2));
    assert.equal(plain.tickAgentStates.length, 0);
    assert.equal(plain.tickQueues.length, 0);
  });

  it('scaledScenario(100_000) emits 90k–110k events', () => {
    let n = 0;
    simulate(scaledScenario(100_000, 3), { onEvent: () => n++ });
    assert.ok(n >= 90_000 && n <= 110_000, `emitted ${n}`);
  });

  it('runs the Castro exp2 mirror with deferred crediting and no LSM', () => {
    const out = simulate(castroExp2Scenario(42));
    const types = new Set(out.events.map((e) => e.event_type));
    assert.ok(types.has('DeferredCreditApplied'));
    assert.ok(!types.has('LsmBilateralOffset') && !types.has('LsmCycleSettlement'));
    const alloc = out.events.filter((e) => e.event_type === 'LiquidityAllocation');
    assert.deepEqual(alloc.map((e) => num(e, 'amount')), [1_000_000, 1_000_000]);
    assert.equal(out.ticksPerDay, 12);
  });

  it('withPolicies swaps policies and seed without touching the original', () => {
    const base = demoScenario(5);
    const copy = withPolicies(base, { BANK_C: fifoPolicy(0.25) }, 77);
    assert.equal(copy.simulation.rng_seed, 77);
    assert.equal(copy.agents.find((a) => a.id === 'BANK_C')!.policy.parameters.initial_liquidity_fraction, 0.25);
    assert.equal(base.simulation.rng_seed, 5);
    assert.notEqual(base.agents.find((a) => a.id === 'BANK_C')!.policy.policy_id, 'fifo');
    assert.throws(() => withPolicies(base, { NOPE: fifoPolicy() }), /unknown agent 'NOPE'/);
  });
});

describe('policy interpreter', () => {
  const tree = (field: string): PolicyJson => ({
    version: '2.0',
    policy_id: 'test',
    parameters: { limit: 100 },
    payment_tree: {
      type: 'condition',
      node_id: 'N1',
      condition: {
        op: 'and',
        conditions: [
          { op: '>=', left: { field }, right: { param: 'limit' } },
          { op: 'not', condition: { op: '==', left: { field: 'priority' }, right: { value: 0 } } },
        ],
      },
      on_true: { type: 'action', node_id: 'A1', action: 'Release' },
      on_false: {
        type: 'action',
        node_id: 'A2',
        action: 'Split',
        parameters: { num_splits: { compute: { op: 'max', values: [{ value: 2 }, { compute: { op: '/', left: { field: 'amount' }, right: { value: 50 } } }] } } },
      },
    },
  });

  it('chooses the branch the condition selects', () => {
    const p = compilePolicy(tree('balance'));
    const ctx = newContext();
    ctx[FIELD_INDEX.balance] = 150;
    ctx[FIELD_INDEX.priority] = 5;
    ctx[FIELD_INDEX.amount] = 400;
    assert.equal(p.payment(ctx).kind, 'release');
    ctx[FIELD_INDEX.balance] = 99;
    assert.deepEqual(p.payment(ctx), { kind: 'split', nodeId: 'A2', numSplits: 8 });
    ctx[FIELD_INDEX.balance] = 150;
    ctx[FIELD_INDEX.priority] = 0;
    assert.equal(p.payment(ctx).kind, 'split');
  });

  it('rejects an unknown field at load, naming it', () => {
    assert.throws(() => compilePolicy(tree('balanse')), (err: unknown) => err instanceof PolicyError && /unknown field 'balanse'/.test(err.message));
  });

  it('rejects unknown parameters, actions and transaction fields in collateral trees', () => {
    const bad: PolicyJson = {
      ...fifoPolicy(),
      payment_tree: { type: 'action', node_id: 'A1', action: 'Teleport' },
      strategic_collateral_tree: {
        type: 'condition',
        node_id: 'C1',
        condition: { op: '>', left: { field: 'amount' }, right: { param: 'missing' } },
        on_true: { type: 'action', node_id: 'C2', action: 'HoldCollateral' },
        on_false: { type: 'action', node_id: 'C3', action: 'HoldCollateral' },
      },
    };
    assert.throws(() => compilePolicy(bad), (err: unknown) => {
      const m = (err as Error).message;
      return /unsupported action 'Teleport'/.test(m) && /unknown parameter 'missing'/.test(m) && /'amount' describes a transaction/.test(m);
    });
  });

  it('fails a run before the first tick when a policy is invalid', () => {
    const s = demoScenario(1);
    s.agents[0].policy = tree('no_such_field');
    assert.throws(() => simulate(s), /agent 'BANK_A'.*unknown field 'no_such_field'/);
  });
});

describe('rng', () => {
  const stats = (draw: () => number, n = 20_000) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = draw();
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    return { mean, std: Math.sqrt(s2 / n - mean * mean) };
  };

  it('repeats a stream for the same seed and key, and separates keys', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const xs = Array.from({ length: 50 }, () => a.nextU32());
    assert.deepEqual(Array.from({ length: 50 }, () => b.nextU32()), xs);
    assert.notDeepEqual(Array.from({ length: 50 }, () => Rng.stream(123, 'BANK_B').nextU32()), xs);
    assert.notDeepEqual(Array.from({ length: 50 }, () => new Rng(2 ** 40 + 123).nextU32()), xs);
  });

  it('draws with the documented moments', () => {
    const r = new Rng(7);
    const near = (x: number, want: number, tol: number, what: string) => assert.ok(Math.abs(x - want) <= tol, `${what}: ${x} vs ${want}`);
    near(stats(() => r.next()).mean, 0.5, 0.01, 'uniform mean');
    near(stats(() => r.poisson(2)).mean, 2, 0.05, 'poisson(2) mean');
    const big = stats(() => r.poisson(400));
    near(big.mean, 400, 1, 'poisson(400) mean');
    near(big.std, 20, 1, 'poisson(400) std');
    const ln = stats(() => r.logNormalMoments(10_000, 5_000));
    near(ln.mean, 10_000, 150, 'lognormal mean');
    near(ln.std, 5_000, 250, 'lognormal std');
    near(stats(() => r.exponential(0.01)).mean, 100, 3, 'exponential mean');
    const n = stats(() => r.normal());
    near(n.mean, 0, 0.03, 'normal mean');
    near(n.std, 1, 0.03, 'normal std');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.weightedIndex([1, 0, 3])]++;
    assert.equal(counts[1], 0);
    near(counts[2] / counts[0], 3, 0.2, 'weighted choice ratio');
    for (let i = 0; i < 1000; i++) {
      const k = r.uniformInt(3, 8);
      assert.ok(Number.isInteger(k) && k >= 3 && k <= 8);
    }
  });
});
