/**
 * SimCash policies (the decision-tree DSL, engine notes §6) as readable text: one line per tree node, conditions
 * and computations written as expressions. Used by the policy diff (which compares these lines) and the views.
 * Anything that is not the known shape is shown as compact JSON, so a policy from an unknown writer still reads.
 */
import { isPlainObject } from '../values';

/** The policy's keys that hold decision trees, in the order the engine evaluates them. */
export const TREE_KEYS = ['payment_tree', 'bank_tree', 'strategic_collateral_tree', 'end_of_tick_collateral_tree', 'collateral_tree'] as const;

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const ARITHMETIC = new Set(['+', '-', '*', '/']);

/** Compact JSON cut to `max` characters. */
export function compactJson(value: unknown, max = 120): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A value of the DSL: field, param, literal or computation. */
export function valueText(value: unknown): string {
  if (!isPlainObject(value)) return compactJson(value);
  if (typeof value.field === 'string') return value.field;
  if (typeof value.param === 'string') return `params.${value.param}`;
  if ('value' in value && Object.keys(value).length === 1) return JSON.stringify(value.value);
  if (isPlainObject(value.compute)) return computeText(value.compute);
  return compactJson(value);
}

function computeText(c: Record<string, unknown>): string {
  const op = typeof c.op === 'string' ? c.op : '?';
  if (ARITHMETIC.has(op)) return `(${valueText(c.left)} ${op} ${valueText(c.right)})`;
  if ((op === 'max' || op === 'min') && Array.isArray(c.values)) return `${op}(${c.values.map(valueText).join(', ')})`;
  if (op === 'clamp') return `clamp(${valueText(c.value)}, ${valueText(c.min)}, ${valueText(c.max)})`;
  if (op === 'div0') return `div0(${valueText(c.numerator)}, ${valueText(c.denominator)}, ${valueText(c.default)})`;
  if ('value' in c) return `${op}(${valueText(c.value)})`;
  return compactJson(c);
}

/** A condition of the DSL: comparison, and/or, not. */
export function conditionText(condition: unknown): string {
  if (!isPlainObject(condition)) return compactJson(condition);
  const op = typeof condition.op === 'string' ? condition.op : '';
  if (COMPARISONS.has(op)) return `${valueText(condition.left)} ${op} ${valueText(condition.right)}`;
  if ((op === 'and' || op === 'or') && Array.isArray(condition.conditions)) {
    return condition.conditions.map((c) => (isPlainObject(c) && (c.op === 'and' || c.op === 'or') ? `(${conditionText(c)})` : conditionText(c))).join(` ${op} `);
  }
  if (op === 'not') return `not (${conditionText(condition.condition)})`;
  return compactJson(condition);
}

/** One node on one line, without its children: `[N1] if balance < params.buffer` or `[A2] Hold(reason: "…")`. */
export function nodeHeadline(node: unknown): string {
  if (!isPlainObject(node)) return compactJson(node);
  const id = typeof node.node_id === 'string' ? `[${node.node_id}] ` : '';
  if (node.type === 'condition' || 'condition' in node) {
    return `${id}if ${conditionText(node.condition)}`;
  }
  if (typeof node.action === 'string') {
    const params = isPlainObject(node.parameters) ? Object.entries(node.parameters).map(([k, v]) => `${k}: ${valueText(v)}`) : [];
    return `${id}${node.action}${params.length > 0 ? `(${params.join(', ')})` : ''}`;
  }
  return `${id}${compactJson(node)}`;
}

/** A decision tree as indented lines: each condition's "then" branch, then its "else" branch. */
export function treeLines(node: unknown, indent = '', prefix = ''): string[] {
  const description = isPlainObject(node) && typeof node.description === 'string' && node.description !== '' ? `  — ${node.description}` : '';
  const lines = [`${indent}${prefix}${nodeHeadline(node)}${description}`];
  if (isPlainObject(node) && ('on_true' in node || 'on_false' in node)) {
    lines.push(...treeLines(node.on_true, `${indent}  `, 'then '), ...treeLines(node.on_false, `${indent}  `, 'else '));
  }
  return lines;
}

/** A whole policy as lines: identity, parameters (sorted), then each tree. */
export function policyLines(policy: unknown): string[] {
  if (!isPlainObject(policy)) return [policy === null || policy === undefined ? '(no policy recorded)' : compactJson(policy, 400)];
  const lines: string[] = [];
  const id = typeof policy.policy_id === 'string' ? policy.policy_id : '(no policy_id)';
  lines.push(`policy ${id}${typeof policy.version === 'string' ? ` (version ${policy.version})` : ''}`);
  if (typeof policy.description === 'string') lines.push(`description: ${policy.description}`);
  const params = isPlainObject(policy.parameters) ? Object.keys(policy.parameters).sort() : [];
  lines.push(params.length > 0 ? 'parameters:' : 'parameters: none');
  for (const name of params) lines.push(`  ${name} = ${compactJson((policy.parameters as Record<string, unknown>)[name])}`);
  for (const key of treeKeysOf(policy)) {
    const tree = policy[key];
    if (tree === null || tree === undefined) continue;
    lines.push(`${key}:`, ...treeLines(tree, '  '));
  }
  for (const key of Object.keys(policy).sort()) {
    if (!['policy_id', 'version', 'description', 'parameters', ...treeKeysOf(policy)].includes(key)) lines.push(`${key}: ${compactJson(policy[key])}`);
  }
  return lines;
}

/** The tree keys a policy has: the known ones in engine order, then any other key ending in `_tree`. */
export function treeKeysOf(policy: Record<string, unknown>): string[] {
  const known: string[] = TREE_KEYS.filter((k) => k in policy);
  const others = Object.keys(policy)
    .filter((k) => k.endsWith('_tree') && !known.includes(k))
    .sort();
  return [...known, ...others];
}
