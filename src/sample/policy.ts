/**
 * SimCash decision-tree policies: the JSON shape, eager validation, and compilation into closures over a numeric
 * context array (see policyFields.ts). Validation happens once, when a policy is compiled, so a bad field, parameter
 * or action is reported before the first tick instead of failing mid-run as the predecessor did.
 */
import { CONTEXT_SIZE, FIELD_INDEX, isContextField, isTransactionField } from './policyFields';
import type { CollateralDecision, PaymentDecision, PolicyComputation, PolicyExpr, PolicyJson, PolicyNode, PolicyValue } from './policyTypes';

export type {
  CollateralDecision,
  PaymentDecision,
  PolicyComputation,
  PolicyExpr,
  PolicyJson,
  PolicyNode,
  PolicyValue,
} from './policyTypes';

export interface CompiledPolicy {
  json: PolicyJson;
  payment(ctx: Float64Array): PaymentDecision;
  strategicCollateral: ((ctx: Float64Array) => CollateralDecision) | null;
  endOfTickCollateral: ((ctx: Float64Array) => CollateralDecision) | null;
}

export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

const PAYMENT_ACTIONS = new Set(['Release', 'ReleaseWithCredit', 'Hold', 'Drop', 'Split', 'PaceAndRelease']);
const COLLATERAL_ACTIONS = new Set(['PostCollateral', 'WithdrawCollateral', 'HoldCollateral']);
const UNSUPPORTED_TREES = ['bank_tree'] as const;
const MAX_DEPTH = 100;
const EPS = 1e-9;

type Num = (ctx: Float64Array) => number;
type Bool = (ctx: Float64Array) => boolean;

/** Compiles one tree; collects every problem so a policy author sees them all at once. */
class TreeCompiler {
  readonly errors: string[] = [];
  private readonly nodeIds = new Set<string>();

  constructor(
    private readonly params: Record<string, number>,
    readonly treeName: string,
    private readonly allowTransactionFields: boolean,
  ) {}

  private fail(where: string, message: string): void {
    this.errors.push(`${this.treeName}${where ? ` node ${where}` : ''}: ${message}`);
  }

  value(v: PolicyValue, where: string): Num {
    if (v === null || typeof v !== 'object') {
      this.fail(where, `value must be an object ({field}|{param}|{value}|{compute}), got ${JSON.stringify(v)}`);
      return () => 0;
    }
    if ('field' in v) {
      const name = v.field;
      if (!isContextField(name)) {
        this.fail(where, `unknown field '${name}'`);
        return () => 0;
      }
      if (!this.allowTransactionFields && isTransactionField(name)) {
        this.fail(where, `field '${name}' describes a transaction and is not available in this tree`);
        return () => 0;
      }
      const slot = FIELD_INDEX[name];
      return (ctx) => ctx[slot];
    }
    if ('param' in v) {
      const value = this.params[v.param];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        this.fail(where, `unknown parameter '${v.param}'`);
        return () => 0;
      }
      return () => value;
    }
    if ('value' in v) {
      const raw = v.value;
      if (typeof raw === 'boolean') return raw ? () => 1 : () => 0;
      if (typeof raw === 'number' && Number.isFinite(raw)) return () => raw;
      this.fail(where, `literal ${JSON.stringify(raw)} is not a number or boolean`);
      return () => 0;
    }
    if ('compute' in v) return this.compute(v.compute, where);
    this.fail(where, `unrecognised value ${JSON.stringify(v)}`);
    return () => 0;
  }

  private compute(c: PolicyComputation, where: string): Num {
    switch (c?.op) {
      case '+': case '-': case '*': case '/': {
        const l = this.value(c.left, where);
        const r = this.value(c.right, where);
        if (c.op === '+') return (x) => l(x) + r(x);
        if (c.op === '-') return (x) => l(x) - r(x);
        if (c.op === '*') return (x) => l(x) * r(x);
        if ('value' in c.right && c.right.value === 0) this.fail(where, 'division by the literal 0');
        // A zero divisor at run time yields 0 rather than aborting the tick; use div0 to choose the fallback.
        return (x) => {
          const d = r(x);
          return Math.abs(d) < Number.EPSILON ? 0 : l(x) / d;
        };
      }
      case 'max': case 'min': {
        if (!Array.isArray(c.values) || c.values.length === 0) {
          this.fail(where, `${c.op} needs a non-empty 'values' list`);
          return () => 0;
        }
        const parts = c.values.map((p) => this.value(p, where));
        const pick = c.op === 'max' ? Math.max : Math.min;
        return (x) => {
          let acc = parts[0](x);
          for (let i = 1; i < parts.length; i++) acc = pick(acc, parts[i](x));
          return acc;
        };
      }
      case 'ceil': case 'floor': case 'round': case 'abs': {
        const inner = this.value(c.value, where);
        const fn = Math[c.op];
        return (x) => fn(inner(x));
      }
      case 'clamp': {
        const v = this.value(c.value, where);
        const lo = this.value(c.min, where);
        const hi = this.value(c.max, where);
        return (x) => Math.min(hi(x), Math.max(lo(x), v(x)));
      }
      case 'div0': {
        const n = this.value(c.numerator, where);
        const d = this.value(c.denominator, where);
        const dflt = this.value(c.default, where);
        return (x) => {
          const den = d(x);
          return Math.abs(den) < EPS ? dflt(x) : n(x) / den;
        };
      }
      default:
        this.fail(where, `unknown computation op '${(c as { op?: unknown })?.op}'`);
        return () => 0;
    }
  }

  expr(e: PolicyExpr, where: string): Bool {
    switch (e?.op) {
      case '==': case '!=': case '<': case '<=': case '>': case '>=': {
        const l = this.value(e.left, where);
        const r = this.value(e.right, where);
        switch (e.op) {
          case '==': return (x) => Math.abs(l(x) - r(x)) < EPS;
          case '!=': return (x) => Math.abs(l(x) - r(x)) >= EPS;
          case '<': return (x) => l(x) < r(x);
          case '<=': return (x) => l(x) <= r(x) + EPS;
          case '>': return (x) => l(x) > r(x);
          default: return (x) => l(x) + EPS >= r(x);
        }
      }
      case 'and': case 'or': {
        if (!Array.isArray(e.conditions) || e.conditions.length === 0) {
          this.fail(where, `'${e.op}' needs a non-empty 'conditions' list`);
          return () => false;
        }
        const parts = e.conditions.map((p) => this.expr(p, where));
        return e.op === 'and' ? (x) => parts.every((p) => p(x)) : (x) => parts.some((p) => p(x));
      }
      case 'not': {
        const inner = this.expr(e.condition, where);
        return (x) => !inner(x);
      }
      default:
        this.fail(where, `unknown condition op '${(e as { op?: unknown })?.op}'`);
        return () => false;
    }
  }

  /** Compiles a node into a function returning the leaf decision built by `leaf`. */
  node<T>(n: PolicyNode, depth: number, leaf: (a: Extract<PolicyNode, { type: 'action' }>) => (ctx: Float64Array) => T): (ctx: Float64Array) => T {
    const id = typeof n?.node_id === 'string' ? n.node_id : '?';
    if (depth > MAX_DEPTH) {
      this.fail(id, `tree deeper than ${MAX_DEPTH}`);
      return leaf({ type: 'action', node_id: id, action: '__invalid__' });
    }
    if (this.nodeIds.has(id)) this.fail(id, 'duplicate node_id');
    this.nodeIds.add(id);
    if (n?.type === 'condition') {
      const cond = this.expr(n.condition, id);
      const yes = this.node(n.on_true, depth + 1, leaf);
      const no = this.node(n.on_false, depth + 1, leaf);
      return (ctx) => (cond(ctx) ? yes(ctx) : no(ctx));
    }
    if (n?.type === 'action') return leaf(n);
    this.fail(id, `node type must be 'condition' or 'action', got ${JSON.stringify((n as { type?: unknown })?.type)}`);
    return leaf({ type: 'action', node_id: id, action: '__invalid__' });
  }

  /** A string parameter (hold/drop/collateral reason): literal `{value: "..."}` only. */
  reason(a: Extract<PolicyNode, { type: 'action' }>, fallback: string): string {
    const p = a.parameters?.reason;
    if (p === undefined) return fallback;
    if (p && typeof p === 'object' && 'value' in p && typeof p.value === 'string') return p.value;
    this.fail(a.node_id, "'reason' must be a literal {value: \"...\"}");
    return fallback;
  }
}

function compilePaymentTree(tc: TreeCompiler, tree: PolicyNode): (ctx: Float64Array) => PaymentDecision {
  return tc.node<PaymentDecision>(tree, 0, (a) => {
    if (!PAYMENT_ACTIONS.has(a.action)) {
      tc.errors.push(`payment_tree node ${a.node_id}: unsupported action '${a.action}'`);
      const d: PaymentDecision = { kind: 'hold', nodeId: a.node_id, reason: 'Invalid' };
      return () => d;
    }
    if (a.action === 'Release' || a.action === 'ReleaseWithCredit') {
      const d: PaymentDecision = { kind: 'release', nodeId: a.node_id };
      return () => d;
    }
    if (a.action === 'Hold') {
      const d: PaymentDecision = { kind: 'hold', nodeId: a.node_id, reason: tc.reason(a, 'Custom') };
      return () => d;
    }
    if (a.action === 'Drop') {
      const d: PaymentDecision = { kind: 'drop', nodeId: a.node_id, reason: tc.reason(a, 'PolicyDrop') };
      return () => d;
    }
    const n = a.parameters?.num_splits;
    if (n === undefined) tc.errors.push(`payment_tree node ${a.node_id}: ${a.action} needs 'num_splits'`);
    const splits = n === undefined ? () => 2 : tc.value(n, a.node_id);
    return (ctx) => ({ kind: 'split', nodeId: a.node_id, numSplits: splits(ctx) });
  });
}

function compileCollateralTree(tc: TreeCompiler, tree: PolicyNode): (ctx: Float64Array) => CollateralDecision {
  return tc.node<CollateralDecision>(tree, 0, (a) => {
    if (!COLLATERAL_ACTIONS.has(a.action)) {
      tc.errors.push(`${tc.treeName} node ${a.node_id}: unsupported action '${a.action}'`);
    }
    if (a.action === 'PostCollateral' || a.action === 'WithdrawCollateral') {
      const p = a.parameters?.amount;
      if (p === undefined) tc.errors.push(`${tc.treeName} node ${a.node_id}: ${a.action} needs 'amount'`);
      const amount = p === undefined ? () => 0 : tc.value(p, a.node_id);
      const kind = a.action === 'PostCollateral' ? 'post' : 'withdraw';
      const reason = tc.reason(a, kind === 'post' ? 'UrgentLiquidityNeed' : 'LiquidityRestored');
      return (ctx) => ({ kind, nodeId: a.node_id, amount: Math.trunc(amount(ctx)), reason });
    }
    const d: CollateralDecision = { kind: 'hold', nodeId: a.node_id };
    return () => d;
  });
}

/** Validates and compiles a policy. Throws PolicyError listing every problem found. */
export function compilePolicy(json: PolicyJson, label = json?.policy_id ?? 'policy'): CompiledPolicy {
  const errors: string[] = [];
  if (!json || typeof json !== 'object') throw new PolicyError(`${label}: policy must be a JSON object`);
  if (typeof json.version !== 'string') errors.push("missing string 'version'");
  if (typeof json.policy_id !== 'string') errors.push("missing string 'policy_id'");
  const params = json.parameters ?? {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`parameter '${k}' must be a finite number`);
  }
  for (const t of UNSUPPORTED_TREES) {
    if ((json as Record<string, unknown>)[t] != null) errors.push(`'${t}' is not supported by this simulator`);
  }
  let payment: CompiledPolicy['payment'] = () => ({ kind: 'release', nodeId: '' });
  if (!json.payment_tree) errors.push("missing 'payment_tree'");
  else {
    const tc = new TreeCompiler(params, 'payment_tree', true);
    payment = compilePaymentTree(tc, json.payment_tree);
    errors.push(...tc.errors);
  }
  const collateral = (key: 'strategic_collateral_tree' | 'end_of_tick_collateral_tree') => {
    const tree = json[key];
    if (tree == null) return null;
    const tc = new TreeCompiler(params, key, false);
    const fn = compileCollateralTree(tc, tree);
    errors.push(...tc.errors);
    return fn;
  };
  const strategicCollateral = collateral('strategic_collateral_tree');
  const endOfTickCollateral = collateral('end_of_tick_collateral_tree');
  if (errors.length > 0) throw new PolicyError(`policy '${label}': ${errors.join('; ')}`);
  return { json, payment, strategicCollateral, endOfTickCollateral };
}

/** A fresh zeroed context array sized for every registered field. */
export function newContext(): Float64Array {
  return new Float64Array(CONTEXT_SIZE);
}

/** The start-of-day pool fraction a policy asks for, if it sets one. */
export function policyLiquidityFraction(json: PolicyJson): number | undefined {
  const f = json.parameters?.initial_liquidity_fraction;
  return typeof f === 'number' && Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : undefined;
}

export {
  fifoPolicy,
  liquidityAwarePolicy,
  deadlinePolicy,
  splittingPolicy,
  collateralBackstopPolicy,
} from './policies';
