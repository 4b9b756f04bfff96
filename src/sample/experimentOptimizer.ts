/**
 * The deterministic stand-in optimiser of sample experiments, and the statistics its evaluation records need.
 * SimCash itself only has LLM optimisers; for sample data a simple rule is enough as long as it behaves like one:
 * it moves `initial_liquidity_fraction` towards whichever side of the liquidity/delay trade-off costs more, with
 * a step that shrinks over iterations, and now and then nudges another numeric parameter.
 */
import type { SimulationOutput } from './output';
import type { PolicyJson } from './policy';
import type { ParameterChange } from './experimentTypes';
import type { SeededRandom } from './writer/determinism';

export const FRACTION_KEY = 'initial_liquidity_fraction';

/** Mean cost components of one agent over some runs, cents (rounded). */
export interface CostBreakdown {
  liquidity: number;
  delay: number;
  collateral: number;
  penalty: number;
  split_friction: number;
  liquidity_opportunity: number;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n − 1), 0 for fewer than two values. */
export function stdDev(values: readonly number[]): number {
  if (values.length < 2) {
    return 0;
  }
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

const T_CRITICAL: Record<number, number> = { 1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228, 15: 2.131, 20: 2.086, 30: 2.042 };

/** 95% t confidence interval of the mean, rounded to cents. */
export function confidenceInterval95(values: readonly number[]): [number, number] {
  const m = mean(values);
  if (values.length < 2) {
    return [Math.round(m), Math.round(m)];
  }
  const df = values.length - 1;
  const key = Object.keys(T_CRITICAL).map(Number).filter((k) => k <= df).pop() ?? 1;
  const t = df > 30 ? 1.96 : T_CRITICAL[key];
  const half = (t * stdDev(values)) / Math.sqrt(values.length);
  return [Math.round(m - half), Math.round(m + half)];
}

export function agentCost(output: SimulationOutput, agent: string): number {
  return output.totals.costsPerAgent[agent] ?? 0;
}

export function costBreakdown(outputs: readonly SimulationOutput[], agent: string): CostBreakdown {
  const sum: CostBreakdown = { liquidity: 0, delay: 0, collateral: 0, penalty: 0, split_friction: 0, liquidity_opportunity: 0 };
  for (const out of outputs) {
    for (const m of out.dailyMetrics) {
      if (m.agent_id !== agent) continue;
      sum.liquidity += m.liquidity_cost;
      sum.delay += m.delay_cost;
      sum.collateral += m.collateral_cost;
      sum.penalty += m.deadline_penalty;
      sum.split_friction += m.split_friction_cost;
      sum.liquidity_opportunity += m.liquidity_opportunity_cost;
    }
  }
  const n = Math.max(1, outputs.length);
  const rounded = {} as CostBreakdown;
  for (const key of Object.keys(sum) as (keyof CostBreakdown)[]) {
    rounded[key] = Math.round(sum[key] / n);
  }
  return rounded;
}

/** Share of the agent's arrivals that settled, over all runs (1 when it had none). */
export function settlementRate(outputs: readonly SimulationOutput[], agent: string): number {
  let arrivals = 0;
  let settled = 0;
  for (const out of outputs) {
    for (const m of out.dailyMetrics) {
      if (m.agent_id === agent) {
        arrivals += m.num_arrivals;
        settled += m.num_settled;
      }
    }
  }
  return arrivals === 0 ? 1 : round4(Math.min(1, settled / arrivals));
}

/** Mean settlement delay (ticks) of the agent's settled payments over all runs. */
export function averageDelay(outputs: readonly SimulationOutput[], agent: string): number {
  let total = 0;
  let count = 0;
  for (const out of outputs) {
    for (const tx of out.transactions) {
      if (tx.sender_id === agent && tx.total_delay_ticks !== null && tx.status === 'settled') {
        total += tx.total_delay_ticks;
        count++;
      }
    }
  }
  return count === 0 ? 0 : round4(total / count);
}

export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function round3(x: number): number {
  return Math.round(x * 1e3) / 1e3;
}

export interface Proposal {
  policy: PolicyJson;
  changes: ParameterChange[];
  /** One-line explanation in optimiser terms (used by events and, for LLM runs, the sample reasoning text). */
  rationale: string;
}

export interface ProposalOptions {
  /** Per-iteration shrink factor of the fraction step (first step ≈ 0.2). */
  decay: number;
  /** A step below this means "nothing left to improve": no proposal. null: always propose (as an LLM does). */
  minStep: number | null;
}

export const OPTIMIZER_DEFAULTS: ProposalOptions = { decay: 0.6, minStep: 0.01 };
export const LLM_DEFAULTS: ProposalOptions = { decay: 0.72, minStep: null };

/**
 * Proposes the next policy for one agent from its mean cost breakdown at this iteration, or null when the step
 * has become too small to matter. Deterministic given the random stream passed in.
 */
export function proposePolicy(current: PolicyJson, breakdown: CostBreakdown, iteration: number, rng: SeededRandom, options: ProposalOptions): Proposal | null {
  const params = { ...current.parameters };
  const changes: ParameterChange[] = [];
  const holding = breakdown.liquidity + breakdown.collateral + breakdown.liquidity_opportunity;
  const waiting = breakdown.delay + breakdown.penalty;
  const old = params[FRACTION_KEY] ?? 0.5;
  const direction = waiting > holding ? 1 : -1;
  const rawStep = 0.2 * options.decay ** iteration * rng.between(0.5, 1.3);
  if (options.minStep !== null && rawStep < options.minStep) {
    return null;
  }
  const step = Math.max(0.005, rawStep);
  let next = round3(Math.min(1, Math.max(0, old + direction * step)));
  if (next === old) {
    next = round3(Math.min(1, Math.max(0, old - direction * step * 0.5)));
  }
  params[FRACTION_KEY] = next;
  changes.push({ path: `parameters.${FRACTION_KEY}`, old, new: next });
  const rationale =
    direction > 0
      ? `delay and penalty costs (${waiting}) exceed liquidity costs (${holding}): commit more liquidity (${old} → ${next})`
      : `liquidity costs (${holding}) exceed delay and penalty costs (${waiting}): commit less liquidity (${old} → ${next})`;

  // Occasionally also move a secondary parameter, as optimisers do when the fraction alone stops helping.
  const others = Object.keys(params).filter((k) => k !== FRACTION_KEY).sort();
  if (others.length > 0 && rng.chance(0.3)) {
    const key = rng.pick(others);
    const value = params[key];
    const moved = nudge(value, rng);
    if (moved !== value) {
      params[key] = moved;
      changes.push({ path: `parameters.${key}`, old: value, new: moved });
    }
  }
  return { policy: { ...current, parameters: params }, changes, rationale };
}

/** Moves a parameter a little, respecting its apparent kind (share in [0,1], count, or amount). */
function nudge(value: number, rng: SeededRandom): number {
  const up = rng.chance(0.5);
  if (value >= 0 && value <= 1 && !Number.isInteger(value)) {
    return round3(Math.min(1, Math.max(0, value + (up ? 0.05 : -0.05))));
  }
  if (Number.isInteger(value) && Math.abs(value) < 1000) {
    return Math.max(0, value + (up ? 1 : -1));
  }
  return Math.round(value * (up ? 1.1 : 0.9));
}
