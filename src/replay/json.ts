/**
 * The machine-readable form of a replay state (CLI `replay --json`; usable by any consumer that wants the
 * project's snake_case record style): agents keyed by id, queues as lists of tx ids, money in cents.
 */
import type { AgentTickState, CostBreakdown, ReplayTickState } from './state';

export interface CostsJson {
  liquidity: number;
  delay: number;
  collateral: number;
  penalty: number;
  split_friction: number;
  liquidity_opportunity: number;
  total: number;
}

export interface AgentStateJson {
  balance: number;
  balance_change: number;
  credit_used: number;
  allowed_limit: number;
  headroom: number;
  posted_collateral: number;
  unsecured_cap: number;
  collateral_haircut: number;
  allocated_liquidity: number;
  pending_deferred_credit: number;
  /** Queue 1, in order. */
  queue1: string[];
  /** The agent's payments in the RTGS queue, in order. */
  queue2: string[];
  overdue: string[];
  /** Cumulative since tick 0. */
  costs: CostsJson;
  costs_today: CostsJson;
  costs_this_tick: CostsJson;
  arrivals: number;
  settled: number;
  received: number;
  dropped: number;
  splits: number;
  unsettled: number;
}

export interface TickStateJson {
  simulation_id: string;
  tick: number;
  day: number | null;
  tick_in_day: number | null;
  agents: Record<string, AgentStateJson>;
  /** The central RTGS queue, in order. */
  queue2: string[];
  totals: {
    balance: number;
    expected_balance: number;
    external: number;
    arrivals: number;
    settled: number;
    unsettled: number;
    queue1_size: number;
    queue2_size: number;
    overdue: number;
    dropped: number;
    splits: number;
    costs: CostsJson;
  };
}

function costs(c: CostBreakdown): CostsJson {
  return {
    liquidity: c.liquidity,
    delay: c.delay,
    collateral: c.collateral,
    penalty: c.penalty,
    split_friction: c.split_friction,
    liquidity_opportunity: c.liquidity_opportunity,
    total: c.total,
  };
}

function agentJson(a: AgentTickState): AgentStateJson {
  return {
    balance: a.balance,
    balance_change: a.balanceChange,
    credit_used: a.creditUsed,
    allowed_limit: a.allowedLimit,
    headroom: a.headroom,
    posted_collateral: a.postedCollateral,
    unsecured_cap: a.unsecuredCap,
    collateral_haircut: a.collateralHaircut,
    allocated_liquidity: a.allocatedLiquidity,
    pending_deferred_credit: a.pendingDeferredCredit,
    queue1: a.queue1.map((t) => t.txId),
    queue2: a.queue2.map((t) => t.txId),
    overdue: [...a.queue1, ...a.queue2].filter((t) => t.overdue).map((t) => t.txId),
    costs: costs(a.costs),
    costs_today: costs(a.costsToday),
    costs_this_tick: costs(a.costsThisTick),
    arrivals: a.arrivals,
    settled: a.settled,
    received: a.received,
    dropped: a.dropped,
    splits: a.splits,
    unsettled: a.unsettled,
  };
}

export function tickStateJson(simulationId: string, s: ReplayTickState): TickStateJson {
  const t = s.totals;
  return {
    simulation_id: simulationId,
    tick: s.tick,
    day: s.day,
    tick_in_day: s.tickInDay,
    agents: Object.fromEntries(s.agents.map((a) => [a.id, agentJson(a)])),
    queue2: s.queue2.map((q) => q.txId),
    totals: {
      balance: t.balance,
      expected_balance: t.expectedBalance,
      external: t.external,
      arrivals: t.arrivals,
      settled: t.settled,
      unsettled: t.unsettled,
      queue1_size: t.queue1Size,
      queue2_size: t.queue2Size,
      overdue: t.overdue,
      dropped: t.dropped,
      splits: t.splits,
      costs: costs(t.costs),
    },
  };
}
