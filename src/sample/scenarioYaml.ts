/**
 * Loads the subset of the SimCash scenario YAML this simulator understands. Keys it does not understand are not an
 * error: they are returned in `ignored` (as dotted paths), so a caller can tell the user what was left out instead of
 * silently dropping features as the predecessor's config layer did.
 */
import { parse } from 'yaml';
import type { PolicyJson } from './policy';
import { deadlinePolicy, fifoPolicy, liquidityAwarePolicy, splittingPolicy } from './policies';
import type { AgentConfig, AmountDistribution, ArrivalConfig, CostRates, LsmConfig, PriorityDistribution, Scenario } from './scenario';

export interface ParsedScenario {
  scenario: Scenario;
  /** Keys present in the YAML but not used, e.g. `scenario_events`, `agents[0].limits`. */
  ignored: string[];
  /** Things that were understood but replaced, e.g. an unresolvable FromJson policy. */
  warnings: string[];
}

export interface ParseOptions {
  /** Reads a `FromJson` policy's `json_path`; without it such policies fall back to Fifo with a warning. */
  readPolicyFile?: (jsonPath: string) => string;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

class Reader {
  readonly ignored: string[] = [];
  readonly warnings: string[] = [];

  /** Marks every key of `o` not in `known` as ignored. */
  rest(o: Obj, known: readonly string[], path: string): void {
    for (const k of Object.keys(o)) if (!known.includes(k)) this.ignored.push(path ? `${path}.${k}` : k);
  }

  num(o: Obj, key: string, path: string): number | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${path}.${key}: expected a number, got ${JSON.stringify(v)}`);
    return v;
  }

  bool(o: Obj, key: string, path: string): boolean | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw new Error(`${path}.${key}: expected true/false`);
    return v;
  }
}

function costRates(r: Reader, o: Obj): CostRates {
  const known = [
    'overdraft_bps_per_tick', 'delay_cost_per_tick_per_cent', 'collateral_cost_per_tick_bps', 'liquidity_cost_per_tick_bps',
    'eod_penalty_per_transaction', 'eod_penalty', 'deadline_penalty', 'split_friction_cost', 'overdue_delay_multiplier',
    'priority_delay_multipliers',
  ] as const;
  r.rest(o, known, 'cost_rates');
  const penalty = (key: string): CostRates['deadline_penalty'] => {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number') return v;
    if (isObj(v) && v.mode === 'fixed' && typeof v.amount === 'number') return { mode: 'fixed', amount: v.amount };
    if (isObj(v) && v.mode === 'rate' && typeof v.bps_per_event === 'number') return { mode: 'rate', bps_per_event: v.bps_per_event };
    throw new Error(`cost_rates.${key}: expected cents, {mode: fixed, amount} or {mode: rate, bps_per_event}`);
  };
  const out: CostRates = {
    overdraft_bps_per_tick: r.num(o, 'overdraft_bps_per_tick', 'cost_rates'),
    delay_cost_per_tick_per_cent: r.num(o, 'delay_cost_per_tick_per_cent', 'cost_rates'),
    collateral_cost_per_tick_bps: r.num(o, 'collateral_cost_per_tick_bps', 'cost_rates'),
    liquidity_cost_per_tick_bps: r.num(o, 'liquidity_cost_per_tick_bps', 'cost_rates'),
    eod_penalty_per_transaction: penalty('eod_penalty_per_transaction') ?? penalty('eod_penalty'),
    deadline_penalty: penalty('deadline_penalty'),
    split_friction_cost: r.num(o, 'split_friction_cost', 'cost_rates'),
    overdue_delay_multiplier: r.num(o, 'overdue_delay_multiplier', 'cost_rates'),
  };
  for (const k of Object.keys(out) as (keyof CostRates)[]) if (out[k] === undefined) delete out[k];
  const m = o.priority_delay_multipliers;
  if (isObj(m)) {
    r.rest(m, ['urgent_multiplier', 'normal_multiplier', 'low_multiplier'], 'cost_rates.priority_delay_multipliers');
    out.priority_delay_multipliers = {
      urgent_multiplier: r.num(m, 'urgent_multiplier', 'cost_rates.priority_delay_multipliers'),
      normal_multiplier: r.num(m, 'normal_multiplier', 'cost_rates.priority_delay_multipliers'),
      low_multiplier: r.num(m, 'low_multiplier', 'cost_rates.priority_delay_multipliers'),
    };
  }
  return out;
}

function amountDistribution(d: unknown, path: string): AmountDistribution {
  if (isObj(d)) {
    const n = (k: string) => Number(d[k]);
    if (d.type === 'Uniform') return { type: 'Uniform', min: n('min'), max: n('max') };
    if (d.type === 'Normal') return { type: 'Normal', mean: n('mean'), std_dev: n('std_dev') };
    if (d.type === 'LogNormal') return { type: 'LogNormal', mean: n('mean'), std_dev: n('std_dev') };
    if (d.type === 'Exponential') return { type: 'Exponential', lambda: n('lambda') };
  }
  throw new Error(`${path}: unsupported amount distribution ${JSON.stringify(d)}`);
}

function priorityDistribution(ac: Obj, path: string): PriorityDistribution | undefined {
  const d = ac.priority_distribution;
  if (isObj(d)) {
    if (d.type === 'Fixed') return { type: 'Fixed', value: Number(d.value) };
    if (d.type === 'Uniform') return { type: 'Uniform', min: Number(d.min), max: Number(d.max) };
    if (d.type === 'Categorical' && Array.isArray(d.values) && Array.isArray(d.weights)) {
      return { type: 'Categorical', values: d.values.map(Number), weights: d.weights.map(Number) };
    }
    throw new Error(`${path}.priority_distribution: unsupported ${JSON.stringify(d)}`);
  }
  // The legacy scalar `priority` is a fixed priority.
  if (typeof ac.priority === 'number') return { type: 'Fixed', value: ac.priority };
  return undefined;
}

function arrivalConfig(r: Reader, ac: Obj, path: string): ArrivalConfig {
  r.rest(ac, ['rate_per_tick', 'amount_distribution', 'counterparty_weights', 'deadline_range', 'priority', 'priority_distribution', 'divisible'], path);
  const range = ac.deadline_range;
  if (!Array.isArray(range) || range.length !== 2) throw new Error(`${path}.deadline_range: expected [min, max]`);
  const weights = isObj(ac.counterparty_weights)
    ? Object.fromEntries(Object.entries(ac.counterparty_weights).map(([k, v]) => [k, Number(v)]))
    : undefined;
  const out: ArrivalConfig = {
    rate_per_tick: r.num(ac, 'rate_per_tick', path) ?? 0,
    amount_distribution: amountDistribution(ac.amount_distribution, `${path}.amount_distribution`),
    deadline_range: [Number(range[0]), Number(range[1])],
  };
  if (weights) out.counterparty_weights = weights;
  const pd = priorityDistribution(ac, path);
  if (pd) out.priority_distribution = pd;
  const div = r.bool(ac, 'divisible', path);
  if (div !== undefined) out.divisible = div;
  return out;
}

function policy(r: Reader, p: unknown, fraction: number, path: string, opts: ParseOptions): PolicyJson {
  if (p === undefined || p === null) return fifoPolicy(fraction);
  if (!isObj(p)) throw new Error(`${path}: expected a policy object`);
  const n = (k: string, dflt: number) => (typeof p[k] === 'number' ? (p[k] as number) : dflt);
  switch (p.type) {
    case 'Fifo':
      return fifoPolicy(fraction);
    case 'Deadline':
      return deadlinePolicy({ urgency_threshold: n('urgency_threshold', 5), initial_liquidity_fraction: fraction });
    case 'LiquidityAware':
      return liquidityAwarePolicy({ target_buffer: n('target_buffer', 0), urgency_threshold: n('urgency_threshold', 5), initial_liquidity_fraction: fraction });
    case 'LiquiditySplitting':
      return splittingPolicy({ max_splits: n('max_splits', 4), min_split_amount: n('min_split_amount', 10_000), urgency_threshold: 5, initial_liquidity_fraction: fraction });
    case 'Inline':
      if (isObj(p.decision_trees)) return p.decision_trees as unknown as PolicyJson;
      throw new Error(`${path}.decision_trees: expected an object`);
    case 'InlineJson':
      if (typeof p.json_string === 'string') return JSON.parse(p.json_string) as PolicyJson;
      throw new Error(`${path}.json_string: expected a string`);
    case 'FromJson': {
      const file = String(p.json_path ?? '');
      if (opts.readPolicyFile) return JSON.parse(opts.readPolicyFile(file)) as PolicyJson;
      r.warnings.push(`${path}: FromJson policy '${file}' was not read (no file reader given); using Fifo`);
      return fifoPolicy(fraction);
    }
    default:
      r.warnings.push(`${path}: unsupported policy type '${String(p.type)}'; using Fifo`);
      return fifoPolicy(fraction);
  }
}

function agent(r: Reader, a: unknown, i: number, opts: ParseOptions): AgentConfig {
  const path = `agents[${i}]`;
  if (!isObj(a)) throw new Error(`${path}: expected an object`);
  r.rest(a, ['id', 'opening_balance', 'unsecured_cap', 'liquidity_pool', 'liquidity_allocation_fraction', 'max_collateral_capacity',
    'posted_collateral', 'collateral_haircut', 'policy', 'arrival_config'], path);
  if (typeof a.id !== 'string') throw new Error(`${path}.id: expected a string`);
  const fraction = r.num(a, 'liquidity_allocation_fraction', path);
  const out: AgentConfig = {
    id: a.id,
    opening_balance: r.num(a, 'opening_balance', path) ?? 0,
    policy: policy(r, a.policy, fraction ?? 1, `${path}.policy`, opts),
  };
  const optional = ['unsecured_cap', 'liquidity_pool', 'max_collateral_capacity', 'posted_collateral', 'collateral_haircut'] as const;
  for (const k of optional) {
    const v = r.num(a, k, path);
    if (v !== undefined) out[k] = v;
  }
  if (fraction !== undefined) out.liquidity_allocation_fraction = fraction;
  if (isObj(a.arrival_config)) out.arrival_config = arrivalConfig(r, a.arrival_config, `${path}.arrival_config`);
  return out;
}

/** Parses a SimCash scenario YAML. Throws on malformed understood keys; unknown keys are reported, not fatal. */
export function parseScenarioYaml(text: string, name: string, opts: ParseOptions = {}): ParsedScenario {
  const doc: unknown = parse(text);
  if (!isObj(doc)) throw new Error(`${name}: the YAML document is not a mapping`);
  const r = new Reader();
  r.rest(doc, ['simulation', 'cost_rates', 'lsm_config', 'deferred_crediting', 'deadline_cap_at_eod', 'agents'], '');
  const sim = isObj(doc.simulation) ? doc.simulation : {};
  r.rest(sim, ['ticks_per_day', 'num_days', 'rng_seed'], 'simulation');
  const scenario: Scenario = {
    name,
    simulation: {
      ticks_per_day: r.num(sim, 'ticks_per_day', 'simulation') ?? NaN,
      num_days: r.num(sim, 'num_days', 'simulation') ?? NaN,
      rng_seed: r.num(sim, 'rng_seed', 'simulation') ?? 0,
    },
    agents: Array.isArray(doc.agents) ? doc.agents.map((a, i) => agent(r, a, i, opts)) : [],
  };
  if (isObj(doc.cost_rates)) scenario.cost_rates = costRates(r, doc.cost_rates);
  if (isObj(doc.lsm_config)) {
    const l = doc.lsm_config;
    r.rest(l, ['enable_bilateral', 'enable_cycles', 'max_cycle_length', 'max_cycles_per_tick'], 'lsm_config');
    const lsm: LsmConfig = {};
    const b = r.bool(l, 'enable_bilateral', 'lsm_config');
    const c = r.bool(l, 'enable_cycles', 'lsm_config');
    const len = r.num(l, 'max_cycle_length', 'lsm_config');
    const per = r.num(l, 'max_cycles_per_tick', 'lsm_config');
    if (b !== undefined) lsm.enable_bilateral = b;
    if (c !== undefined) lsm.enable_cycles = c;
    if (len !== undefined) lsm.max_cycle_length = len;
    if (per !== undefined) lsm.max_cycles_per_tick = per;
    scenario.lsm_config = lsm;
  }
  const dc = r.bool(doc, 'deferred_crediting', '');
  if (dc !== undefined) scenario.deferred_crediting = dc;
  const cap = r.bool(doc, 'deadline_cap_at_eod', '');
  if (cap !== undefined) scenario.deadline_cap_at_eod = cap;
  return { scenario, ignored: r.ignored, warnings: r.warnings };
}
