/**
 * Scenario: the SimCash YAML subset this simulator understands, as a JSON-serialisable object. Optional fields take
 * the SimCash defaults (simcash-engine.md §4, §9) when the scenario is resolved for a run.
 */
import type { PolicyJson } from './policy';
import { fifoPolicy } from './policies';

export type { PolicyJson } from './policy';

/** A penalty: a bare number is a fixed amount in cents. */
export type PenaltyConfig = number | { mode: 'fixed'; amount: number } | { mode: 'rate'; bps_per_event: number };

export interface CostRates {
  overdraft_bps_per_tick?: number;
  delay_cost_per_tick_per_cent?: number;
  collateral_cost_per_tick_bps?: number;
  liquidity_cost_per_tick_bps?: number;
  eod_penalty_per_transaction?: PenaltyConfig;
  deadline_penalty?: PenaltyConfig;
  split_friction_cost?: number;
  overdue_delay_multiplier?: number;
  priority_delay_multipliers?: { urgent_multiplier?: number; normal_multiplier?: number; low_multiplier?: number };
}

export interface LsmConfig {
  enable_bilateral?: boolean;
  enable_cycles?: boolean;
  max_cycle_length?: number;
  max_cycles_per_tick?: number;
}

export type AmountDistribution =
  | { type: 'Uniform'; min: number; max: number }
  | { type: 'Normal'; mean: number; std_dev: number }
  | { type: 'LogNormal'; mean: number; std_dev: number }
  | { type: 'Exponential'; lambda: number };

export type PriorityDistribution =
  | { type: 'Fixed'; value: number }
  | { type: 'Categorical'; values: number[]; weights: number[] }
  | { type: 'Uniform'; min: number; max: number };

export interface ArrivalConfig {
  rate_per_tick: number;
  amount_distribution: AmountDistribution;
  /** Receiver weights. Agents not listed get weight 0 (the predecessor gave them 1.0); empty or absent: uniform. */
  counterparty_weights?: Record<string, number>;
  /** [min, max] ticks from arrival to deadline, inclusive. */
  deadline_range: [number, number];
  priority_distribution?: PriorityDistribution;
  /** Whether the payments may be split (a Split decision on an indivisible payment releases it whole). */
  divisible?: boolean;
}

export interface AgentConfig {
  id: string;
  opening_balance: number;
  unsecured_cap?: number;
  /** Pool money drawn into the balance at each start of day (opportunity-costed) and returned at each end of day. */
  liquidity_pool?: number;
  /** Pool fraction when the policy sets no `initial_liquidity_fraction` (default 1.0). */
  liquidity_allocation_fraction?: number;
  /** Collateral capacity; default 10 × unsecured_cap (the predecessor's heuristic). */
  max_collateral_capacity?: number;
  /** Collateral posted at the start of the run. */
  posted_collateral?: number;
  /** Haircut applied to posted collateral, 0..1; default 0.02. */
  collateral_haircut?: number;
  policy: PolicyJson;
  arrival_config?: ArrivalConfig;
}

export interface Scenario {
  name: string;
  simulation: { ticks_per_day: number; num_days: number; rng_seed: number };
  cost_rates?: CostRates;
  lsm_config?: LsmConfig;
  deferred_crediting?: boolean;
  deadline_cap_at_eod?: boolean;
  agents: AgentConfig[];
}

/** Every optional setting filled in. */
export interface ResolvedScenario extends Scenario {
  cost_rates: Required<Omit<CostRates, 'priority_delay_multipliers'>> & {
    priority_delay_multipliers: { urgent_multiplier: number; normal_multiplier: number; low_multiplier: number };
  };
  lsm_config: Required<LsmConfig>;
  deferred_crediting: boolean;
  deadline_cap_at_eod: boolean;
}

export const DEFAULT_COST_RATES: ResolvedScenario['cost_rates'] = {
  overdraft_bps_per_tick: 0.001,
  delay_cost_per_tick_per_cent: 0.0001,
  collateral_cost_per_tick_bps: 0.0002,
  liquidity_cost_per_tick_bps: 0,
  eod_penalty_per_transaction: 10_000,
  deadline_penalty: 50_000,
  split_friction_cost: 1_000,
  overdue_delay_multiplier: 5,
  priority_delay_multipliers: { urgent_multiplier: 1, normal_multiplier: 1, low_multiplier: 1 },
};

export const DEFAULT_LSM_CONFIG: Required<LsmConfig> = {
  enable_bilateral: true,
  enable_cycles: true,
  max_cycle_length: 4,
  max_cycles_per_tick: 10,
};

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Fills defaults and checks the structural rules a run depends on. Throws ScenarioError. */
export function resolveScenario(s: Scenario): ResolvedScenario {
  const problems: string[] = [];
  const { ticks_per_day, num_days, rng_seed } = s.simulation ?? ({} as Scenario['simulation']);
  if (!Number.isInteger(ticks_per_day) || ticks_per_day <= 0) problems.push('simulation.ticks_per_day must be a positive integer');
  if (!Number.isInteger(num_days) || num_days <= 0) problems.push('simulation.num_days must be a positive integer');
  if (!Number.isSafeInteger(rng_seed)) problems.push('simulation.rng_seed must be an integer');
  if (!Array.isArray(s.agents) || s.agents.length === 0) problems.push('at least one agent is required');
  const ids = new Set<string>();
  for (const a of s.agents ?? []) {
    if (typeof a.id !== 'string' || a.id === '') problems.push('agent id must be a non-empty string');
    if (ids.has(a.id)) problems.push(`duplicate agent id '${a.id}'`);
    ids.add(a.id);
    if (!Number.isSafeInteger(a.opening_balance)) problems.push(`${a.id}: opening_balance must be integer cents`);
    if (!a.policy) problems.push(`${a.id}: policy is required`);
  }
  for (const a of s.agents ?? []) {
    const ac = a.arrival_config;
    if (!ac) continue;
    for (const cp of Object.keys(ac.counterparty_weights ?? {})) {
      if (!ids.has(cp) || cp === a.id) problems.push(`${a.id}: unknown counterparty '${cp}'`);
    }
    const [lo, hi] = ac.deadline_range ?? [NaN, NaN];
    if (!(lo >= 1 && hi >= lo)) problems.push(`${a.id}: deadline_range must be [min>=1, max>=min]`);
    if (!(ac.rate_per_tick >= 0)) problems.push(`${a.id}: rate_per_tick must be >= 0`);
  }
  const lsm = { ...DEFAULT_LSM_CONFIG, ...(s.lsm_config ?? {}) };
  if (!(lsm.max_cycle_length >= 3 && lsm.max_cycle_length <= 10)) problems.push('lsm_config.max_cycle_length must be 3..10');
  if (problems.length > 0) throw new ScenarioError(`scenario '${s.name}': ${problems.join('; ')}`);
  const rates = s.cost_rates ?? {};
  return {
    ...s,
    cost_rates: {
      ...DEFAULT_COST_RATES,
      ...stripUndefined(rates),
      priority_delay_multipliers: { ...DEFAULT_COST_RATES.priority_delay_multipliers, ...(rates.priority_delay_multipliers ?? {}) },
    },
    lsm_config: lsm,
    deferred_crediting: s.deferred_crediting ?? false,
    deadline_cap_at_eod: s.deadline_cap_at_eod ?? false,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** The penalty in cents for a payment of `amount` cents. Rate penalties truncate, as the engine does. */
export function penaltyFor(p: PenaltyConfig, amount: number): number {
  if (typeof p === 'number') return Math.max(0, Math.round(p));
  if (p.mode === 'fixed') return Math.max(0, Math.round(p.amount));
  return Math.max(0, Math.floor((amount * p.bps_per_event) / 10_000));
}

/** A copy of the scenario with some agents' policies replaced and, optionally, another seed. */
export function withPolicies(scenario: Scenario, policies: Record<string, PolicyJson>, seed?: number): Scenario {
  const known = new Set(scenario.agents.map((a) => a.id));
  for (const id of Object.keys(policies)) {
    if (!known.has(id)) throw new ScenarioError(`withPolicies: unknown agent '${id}'`);
  }
  const copy = structuredClone(scenario);
  for (const a of copy.agents) {
    const p = policies[a.id];
    if (p) a.policy = structuredClone(p);
  }
  if (seed !== undefined) copy.simulation.rng_seed = seed;
  return copy;
}

/** Default policy for agents a YAML leaves without one. */
export function defaultPolicy(agent: Pick<AgentConfig, 'liquidity_allocation_fraction'>): PolicyJson {
  return fifoPolicy(agent.liquidity_allocation_fraction ?? 1);
}

export { parseScenarioYaml } from './scenarioYaml';
export type { ParsedScenario } from './scenarioYaml';
