/**
 * A compact deterministic RTGS simulator in the spirit of the SimCash engine. One run = `simulate(scenario)`.
 *
 * Tick order (simcash-engine.md §2, with the deviations noted in the phase modules):
 *   [first tick of a day: pool allocation] → overdue detection → arrivals → strategic collateral → Queue-1 policy
 *   decisions → RTGS entry → one Queue-2 pass → LSM → end-of-tick collateral → deferred credits → [last tick of a
 *   day: end-of-day penalties] → cost accrual → [last tick of a day: EndOfDay, pool return] → records.
 *
 * Determinism: agents are processed in id order; each agent draws from its own RNG stream derived from the seed
 * and its id; ids come from a per-run counter; nothing reads the clock or Math.random.
 *
 * Where this engine deliberately differs from the predecessor (see the module named for details):
 * - overdue detection runs at the start of tick deadline+1, so settling in that tick no longer escapes the deadline
 *   penalty (costs.ts); the end-of-day penalty covers every queued payment whose deadline ≤ that tick, and
 *   `deadline_cap_at_eod` caps at the day's last tick, so capped payments unsettled at the end of day pay it;
 * - Drop charges the deadline penalty if the payment was not yet overdue (decisions.ts);
 * - a Split of an indivisible payment releases it whole (decisions.ts); unlisted counterparties get weight 0;
 * - the LSM finds cycles in both orientations and nets the oldest payments of each edge (lsm.ts);
 * - collateral posts are clamped to capacity and withdrawals keep the credit in use backed (collateral.ts);
 * - the start-of-day pool fraction is the policy's `initial_liquidity_fraction` when set, on every day, else the
 *   agent's `liquidity_allocation_fraction`, else 1;
 * - costs accumulate over the whole run (per-day figures are in dailyMetrics), and CostAccrual is one event per
 *   agent per tick, with split friction and end-of-day penalties folded into it.
 */
import type { PolicyDecisionRecord, SimEvent, SimulationOutput } from './output';
import { generateArrivals } from './arrivals';
import { newEdgeIndex } from './edgeIndex';
import { collateralDecisions } from './collateral';
import { accrueCosts, allocateLiquidity, detectOverdue, endOfDayPenalties, returnLiquidity, unsettledCount } from './costs';
import { queue1Decisions } from './decisions';
import { runLsm } from './lsm';
import { compilePolicy, newContext } from './policy';
import { checkpoint, newRecordings, recordDay, recordTick, transactionRecords } from './recorder';
import { Rng } from './rng';
import { type ResolvedScenario, type Scenario, resolveScenario } from './scenario';
import { applyDeferredCredits, queue2Pass, rtgsEntry } from './settlement';
import { type Agent, type SimState, NUM_COSTS, emit, newDayStats, recomputeAllowedLimit } from './state';

export interface SimulateOptions {
  /** Receives every event as it happens; events are then not kept in `output.events`. */
  onEvent?: (e: SimEvent) => void;
  /** Receives every policy decision as it is made; decisions are then not kept in `output.policyDecisions`. */
  onPolicyDecision?: (d: PolicyDecisionRecord) => void;
  /** Keep per-tick agent states and queue snapshots (memory grows with ticks × agents). */
  recordTickStates?: boolean;
}

function buildAgents(sc: ResolvedScenario): Agent[] {
  const sorted = [...sc.agents].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const index = new Map(sorted.map((a, i) => [a.id, i]));
  return sorted.map((cfg, idx) => {
    const receivers: number[] = [];
    const receiverWeights: number[] = [];
    const w = cfg.arrival_config?.counterparty_weights;
    const useWeights = w !== undefined && Object.keys(w).length > 0;
    for (const other of sorted) {
      if (other.id === cfg.id) continue;
      const weight = useWeights ? (w[other.id] ?? 0) : 1;
      if (weight > 0) {
        receivers.push(index.get(other.id)!);
        receiverWeights.push(weight);
      }
    }
    const unsecuredCap = cfg.unsecured_cap ?? 0;
    const agent: Agent = {
      idx,
      id: cfg.id,
      cfg,
      policy: compilePolicy(cfg.policy, `${cfg.policy?.policy_id ?? 'policy'}' of agent '${cfg.id}`),
      rng: Rng.stream(sc.simulation.rng_seed, cfg.id),
      receivers,
      receiverWeights,
      receiverTotal: receiverWeights.reduce((s, x) => s + x, 0),
      balance: cfg.opening_balance,
      unsecuredCap,
      posted: cfg.posted_collateral ?? 0,
      haircut: cfg.collateral_haircut ?? 0.02,
      collateralCapacity: cfg.max_collateral_capacity ?? 10 * unsecuredCap,
      allowedLimit: 0,
      pool: cfg.liquidity_pool ?? 0,
      allocated: 0,
      q1: [],
      q1Value: 0,
      q2Count: 0,
      q2Value: 0,
      queuedValue: new Float64Array(6),
      deferredCredit: 0,
      deferredSources: [],
      tickCosts: new Array<number>(NUM_COSTS).fill(0),
      totalCosts: new Array<number>(NUM_COSTS).fill(0),
      balanceAtTickStart: cfg.opening_balance,
      day: undefined as unknown as Agent['day'],
    };
    recomputeAllowedLimit(agent);
    agent.day = newDayStats(agent);
    return agent;
  });
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationOutput {
  const sc = resolveScenario(scenario);
  const tpd = sc.simulation.ticks_per_day;
  const totalTicks = tpd * sc.simulation.num_days;
  const agents = buildAgents(sc);
  const st: SimState = {
    sc,
    tpd,
    totalTicks,
    agents,
    txs: [],
    q2: [],
    edges: newEdgeIndex(agents.length),
    pending: [],
    byDeadline: new Array(totalTicks + 1),
    overdueQueued: new Set(),
    tick: 0,
    day: 0,
    events: [],
    eventCount: 0,
    onEvent: options.onEvent,
    onPolicyDecision: options.onPolicyDecision,
    arrivals: 0,
    settlements: 0,
    policyDecisions: [],
    lsmCycles: [],
    collateralEvents: [],
  };
  const detailed = options.recordTickStates === true;
  const rec = newRecordings();
  const ctx = newContext();

  for (let t = 0; t < totalTicks; t++) {
    st.tick = t;
    st.day = Math.floor(t / tpd);
    const tickInDay = t % tpd;
    if (tickInDay === 0) {
      for (const a of agents) a.day = newDayStats(a);
      allocateLiquidity(st);
    }
    detectOverdue(st);
    for (const a of agents) generateArrivals(st, a);
    collateralDecisions(st, ctx, 'strategic');
    queue1Decisions(st, ctx);
    rtgsEntry(st);
    queue2Pass(st, 'liquidity_available');
    runLsm(st);
    collateralDecisions(st, ctx, 'end_of_tick');
    if (sc.deferred_crediting) applyDeferredCredits(st);
    const endOfDay = tickInDay === tpd - 1;
    const eodPenalties = endOfDay ? endOfDayPenalties(st) : 0;
    accrueCosts(st);
    if (endOfDay) {
      emit(st, 'EndOfDay', null, null, { day: st.day, unsettled_count: unsettledCount(st), total_penalties: eodPenalties });
      returnLiquidity(st);
    }
    recordTick(st, rec, detailed);
    if (endOfDay) recordDay(st, rec);
  }

  rec.checkpoints.push(checkpoint(st, 'final'));
  const transactions = transactionRecords(st);
  const costsPerAgent: Record<string, number> = {};
  let totalCost = 0;
  for (const a of agents) {
    const c = a.totalCosts.reduce((s, x) => s + x, 0);
    costsPerAgent[a.id] = c;
    totalCost += c;
  }
  const config = JSON.parse(JSON.stringify(sc)) as Record<string, unknown>;
  const policies: Record<string, Record<string, unknown>> = {};
  for (const a of agents) policies[a.id] = JSON.parse(JSON.stringify(a.cfg.policy)) as Record<string, unknown>;
  return {
    config,
    configName: sc.name,
    rngSeed: sc.simulation.rng_seed,
    ticksPerDay: tpd,
    numDays: sc.simulation.num_days,
    agentIds: agents.map((a) => a.id),
    policies,
    events: st.events,
    transactions,
    dailyMetrics: rec.dailyMetrics,
    tickAgentStates: rec.tickAgentStates,
    tickQueues: rec.tickQueues,
    eodQueues: rec.eodQueues,
    policyDecisions: st.policyDecisions,
    lsmCycles: st.lsmCycles,
    collateralEvents: st.collateralEvents,
    stateRegisters: [],
    checkpoints: rec.checkpoints,
    totals: {
      arrivals: st.arrivals,
      settlements: st.settlements,
      transactions: st.txs.length,
      totalCost,
      costsPerAgent,
    },
  };
}

export type { Scenario, AgentConfig, PolicyJson } from './scenario';
