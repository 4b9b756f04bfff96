/** Built-in scenarios for demos, tests and benchmarks. */
import { collateralBackstopPolicy, deadlinePolicy, fifoPolicy, liquidityAwarePolicy, splittingPolicy } from './policies';
import type { AgentConfig, Scenario } from './scenario';
import { simulate } from './simulator';

/**
 * Five banks with different policies over 3 days of 60 ticks, LSM on: a few thousand events covering immediate
 * and queued settlement, bilateral offsets and cycles, splits, drops, collateral, overdue payments and every cost kind.
 */
export function demoScenario(seed = 42): Scenario {
  const others = (self: string, weights: Record<string, number>) => {
    const w = { ...weights };
    delete w[self];
    return w;
  };
  // A → C → D → A carry most of their banks' traffic, so queued payments form cycles for the LSM to find.
  const towards = (self: string, main: string) => ({ ...others(self, { BANK_A: 0.15, BANK_B: 0.15, BANK_C: 0.15, BANK_D: 0.15, BANK_E: 0.15 }), [main]: 0.9 });
  return {
    name: 'demo',
    simulation: { ticks_per_day: 60, num_days: 3, rng_seed: seed },
    cost_rates: {
      overdraft_bps_per_tick: 0.8,
      delay_cost_per_tick_per_cent: 0.0002,
      collateral_cost_per_tick_bps: 0.3,
      liquidity_cost_per_tick_bps: 0.2,
      eod_penalty_per_transaction: 10_000,
      deadline_penalty: 25_000,
      split_friction_cost: 500,
      overdue_delay_multiplier: 3,
      priority_delay_multipliers: { urgent_multiplier: 2, normal_multiplier: 1, low_multiplier: 0.5 },
    },
    lsm_config: { enable_bilateral: true, enable_cycles: true, max_cycle_length: 4, max_cycles_per_tick: 10 },
    deferred_crediting: false,
    deadline_cap_at_eod: false,
    agents: [
      {
        id: 'BANK_A',
        opening_balance: 120_000,
        unsecured_cap: 0,
        policy: fifoPolicy(1),
        arrival_config: {
          rate_per_tick: 0.5,
          amount_distribution: { type: 'Uniform', min: 80_000, max: 250_000 },
          counterparty_weights: towards('BANK_A', 'BANK_C'),
          deadline_range: [5, 20],
          priority_distribution: { type: 'Categorical', values: [3, 5, 9], weights: [0.3, 0.5, 0.2] },
        },
      },
      {
        id: 'BANK_B',
        opening_balance: 100_000,
        unsecured_cap: 50_000,
        liquidity_pool: 800_000,
        policy: liquidityAwarePolicy({ target_buffer: 100_000, urgency_threshold: 4, initial_liquidity_fraction: 0.5, drop_after_overdue_ticks: 6 }),
        arrival_config: {
          rate_per_tick: 0.5,
          amount_distribution: { type: 'LogNormal', mean: 85_000, std_dev: 40_000 },
          counterparty_weights: towards('BANK_B', 'BANK_E'),
          deadline_range: [6, 18],
          priority_distribution: { type: 'Uniform', min: 2, max: 9 },
        },
      },
      {
        id: 'BANK_C',
        opening_balance: 120_000,
        unsecured_cap: 0,
        policy: deadlinePolicy({ urgency_threshold: 3, initial_liquidity_fraction: 1 }),
        arrival_config: {
          rate_per_tick: 0.5,
          amount_distribution: { type: 'Uniform', min: 80_000, max: 250_000 },
          counterparty_weights: towards('BANK_C', 'BANK_D'),
          deadline_range: [4, 14],
          priority_distribution: { type: 'Fixed', value: 5 },
        },
      },
      {
        id: 'BANK_D',
        opening_balance: 120_000,
        unsecured_cap: 30_000,
        policy: splittingPolicy({ max_splits: 3, min_split_amount: 40_000, urgency_threshold: 2, initial_liquidity_fraction: 1 }),
        arrival_config: {
          rate_per_tick: 0.5,
          amount_distribution: { type: 'Normal', mean: 160_000, std_dev: 50_000 },
          counterparty_weights: towards('BANK_D', 'BANK_A'),
          deadline_range: [5, 15],
          priority_distribution: { type: 'Categorical', values: [4, 8], weights: [0.7, 0.3] },
          divisible: true,
        },
      },
      {
        id: 'BANK_E',
        opening_balance: 150_000,
        unsecured_cap: 50_000,
        max_collateral_capacity: 600_000,
        collateral_haircut: 0.05,
        policy: collateralBackstopPolicy({ target_buffer: 50_000, urgency_threshold: 3, initial_liquidity_fraction: 1 }),
        arrival_config: {
          rate_per_tick: 0.5,
          amount_distribution: { type: 'Exponential', lambda: 1 / 85_000 },
          counterparty_weights: towards('BANK_E', 'BANK_B'),
          deadline_range: [4, 16],
          priority_distribution: { type: 'Categorical', values: [2, 6, 10], weights: [0.2, 0.6, 0.2] },
        },
      },
    ],
  };
}

/**
 * Castro et al. experiment 2 (experiments/castro/configs/exp2_12period.yaml): two banks, 12 ticks, one day,
 * pools of 1,000,000, Poisson λ=2 LogNormal(10,000, 5,000) payments, deadlines 3–8 capped at the day's end,
 * deferred crediting, no LSM.
 */
export function castroExp2Scenario(seed = 42): Scenario {
  const bank = (id: string, other: string): AgentConfig => ({
    id,
    opening_balance: 0,
    unsecured_cap: 0,
    liquidity_pool: 1_000_000,
    policy: fifoPolicy(1),
    arrival_config: {
      rate_per_tick: 2,
      amount_distribution: { type: 'LogNormal', mean: 10_000, std_dev: 5_000 },
      counterparty_weights: { [other]: 1 },
      deadline_range: [3, 8],
    },
  });
  return {
    name: 'exp2_12period',
    simulation: { ticks_per_day: 12, num_days: 1, rng_seed: seed },
    deferred_crediting: true,
    deadline_cap_at_eod: true,
    cost_rates: {
      liquidity_cost_per_tick_bps: 83,
      delay_cost_per_tick_per_cent: 0.2,
      overdraft_bps_per_tick: 0,
      collateral_cost_per_tick_bps: 0,
      eod_penalty_per_transaction: 100_000,
      deadline_penalty: 50_000,
      split_friction_cost: 0,
    },
    lsm_config: { enable_bilateral: false, enable_cycles: false },
    agents: [bank('BANK_A', 'BANK_B'), bank('BANK_B', 'BANK_A')],
  };
}

const SCALED_AGENTS = 10;
const SCALED_TPD = 100;

function scaledShape(seed: number, ticksPerDay: number, numDays: number): Scenario {
  const agents: AgentConfig[] = [];
  for (let i = 0; i < SCALED_AGENTS; i++) {
    const id = `BANK_${String(i + 1).padStart(2, '0')}`;
    const kind = i % 5;
    const policy =
      kind === 1
        ? liquidityAwarePolicy({ target_buffer: 100_000, urgency_threshold: 5, initial_liquidity_fraction: 0.8, drop_after_overdue_ticks: 5 })
        : kind === 2
          ? deadlinePolicy({ urgency_threshold: 4, initial_liquidity_fraction: 1, drop_after_overdue_ticks: 10 })
          : kind === 3
            ? splittingPolicy({ max_splits: 3, min_split_amount: 50_000, urgency_threshold: 3, initial_liquidity_fraction: 1 })
            : fifoPolicy(1);
    agents.push({
      id,
      opening_balance: 300_000,
      unsecured_cap: 200_000,
      liquidity_pool: kind === 1 ? 400_000 : 0,
      policy,
      arrival_config: {
        rate_per_tick: 1,
        amount_distribution: { type: 'LogNormal', mean: 100_000, std_dev: 60_000 },
        deadline_range: [5, 25],
        priority_distribution: { type: 'Categorical', values: [3, 5, 8], weights: [0.3, 0.5, 0.2] },
        divisible: kind === 3,
      },
    });
  }
  return {
    name: `scaled-${SCALED_AGENTS}x${ticksPerDay}x${numDays}`,
    simulation: { ticks_per_day: ticksPerDay, num_days: numDays, rng_seed: seed },
    cost_rates: { overdraft_bps_per_tick: 0.5, delay_cost_per_tick_per_cent: 0.0001, collateral_cost_per_tick_bps: 0.1, liquidity_cost_per_tick_bps: 0.1 },
    lsm_config: { enable_bilateral: true, enable_cycles: true, max_cycle_length: 4, max_cycles_per_tick: 10 },
    agents,
  };
}

/**
 * Calibration run lengths, in days. Targets up to FULL_PILOT_DAYS are measured outright; longer runs are
 * extrapolated from a pilot of a fifth of their length (the event rate creeps up slowly as liquidity concentrates),
 * at most MAX_PILOT_DAYS.
 */
const FULL_PILOT_DAYS = 30;
const MAX_PILOT_DAYS = 100;
/** Rough events per day of the scaled shape, only used to size the calibration run. */
const EVENTS_PER_DAY_GUESS = 9_000;

/**
 * A scenario sized so that one run emits about `targetEvents` events (within ±10%). A calibration run of the same
 * shape counts events per tick: when it reaches the target, the run length is read off its running total (a run is,
 * up to deadline caps at its end, a prefix of a longer one); otherwise the rate of its last quarter is
 * extrapolated. The day length stays near 100 ticks; small targets get one shorter day.
 */
export function scaledScenario(targetEvents: number, seed = 42): Scenario {
  const target = Math.max(1, Math.round(targetEvents));
  const guessDays = Math.ceil(target / EVENTS_PER_DAY_GUESS) + 1;
  const pilotDays = guessDays <= FULL_PILOT_DAYS ? guessDays : Math.min(MAX_PILOT_DAYS, Math.max(FULL_PILOT_DAYS, Math.ceil(guessDays / 5)));
  const pilotTicks = pilotDays * SCALED_TPD;
  const perTick = new Float64Array(pilotTicks);
  simulate(scaledShape(seed, SCALED_TPD, pilotDays), { onEvent: (e) => perTick[e.tick]++ });
  let cum = 0;
  let ticks = -1;
  for (let t = 0; t < pilotTicks; t++) {
    const next = cum + perTick[t];
    if (next >= target) {
      ticks = next - target <= target - cum ? t + 1 : Math.max(1, t);
      break;
    }
    cum = next;
  }
  if (ticks < 0) {
    const from = Math.floor((pilotTicks * 3) / 4);
    let late = 0;
    for (let t = from; t < pilotTicks; t++) late += perTick[t];
    const rate = late / (pilotTicks - from);
    ticks = pilotTicks + Math.round((target - cum) / rate);
  }
  const numDays = Math.max(1, Math.round(ticks / SCALED_TPD));
  const tpd = Math.max(2, Math.round(ticks / numDays));
  return scaledShape(seed, tpd, numDays);
}
