/**
 * What changed between two policies: the parameters side by side, every other change as a readable path into the
 * decision trees (`payment_tree › [N1] › then › [N2] › condition.right`), and each tree as text with the changed
 * lines marked. Pure functions; the view and the tests call them on the policies an experiment stored.
 */
import { isPlainObject } from '../values';
import { compactJson, nodeHeadline, treeKeysOf, treeLines } from './policyText';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ParameterChange {
  name: string;
  kind: ChangeKind;
  before: unknown;
  after: unknown;
  /** after − before when both are numbers. */
  delta: number | null;
}

export interface PolicyChange {
  kind: ChangeKind;
  /** Dotted JSON path, e.g. `payment_tree.on_true.condition.right.param`. */
  path: string;
  /** The same place for people, with node ids and then/else branches. */
  where: string;
  before: string | null;
  after: string | null;
}

export interface DiffLine {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export interface TreeDiff {
  tree: string;
  changed: boolean;
  lines: DiffLine[];
}

export interface PolicyDiff {
  identical: boolean;
  /** One line, e.g. "1 parameter changed; payment_tree changed". */
  summary: string;
  parameters: ParameterChange[];
  /** Changes outside `parameters`. */
  changes: PolicyChange[];
  trees: TreeDiff[];
}

export function diffPolicies(before: unknown, after: unknown): PolicyDiff {
  const a = isPlainObject(before) ? before : {};
  const b = isPlainObject(after) ? after : {};
  const parameters = diffParameters(a.parameters, b.parameters);
  const changes: PolicyChange[] = [];
  const keys = unionKeys(a, b).filter((k) => k !== 'parameters');
  for (const key of keys) walk(a[key], b[key], [key], [key], changes, key in a, key in b);
  const trees = [...new Set([...treeKeysOf(a), ...treeKeysOf(b)])].map((tree) => {
    const lines = diffLines(tree in a && a[tree] != null ? treeLines(a[tree]) : [], tree in b && b[tree] != null ? treeLines(b[tree]) : []);
    return { tree, changed: lines.some((l) => l.op !== 'same'), lines };
  });
  const identical = parameters.length === 0 && changes.length === 0 && isPlainObject(before) === isPlainObject(after);
  return { identical, summary: summarize(parameters, changes, trees, identical), parameters, changes, trees };
}

function diffParameters(before: unknown, after: unknown): ParameterChange[] {
  const a = isPlainObject(before) ? before : {};
  const b = isPlainObject(after) ? after : {};
  const changes: ParameterChange[] = [];
  for (const name of unionKeys(a, b).sort()) {
    const inA = name in a;
    const inB = name in b;
    if (inA && inB && sameJson(a[name], b[name])) continue;
    const x = a[name];
    const y = b[name];
    changes.push({
      name,
      kind: !inA ? 'added' : !inB ? 'removed' : 'changed',
      before: inA ? x : null,
      after: inB ? y : null,
      delta: typeof x === 'number' && typeof y === 'number' ? round(y - x) : null,
    });
  }
  return changes;
}

/** Walks two JSON values in step and records each smallest differing place. */
function walk(a: unknown, b: unknown, path: string[], where: string[], out: PolicyChange[], inA = true, inB = true): void {
  if (inA && inB && sameJson(a, b)) return;
  const at = { path: path.join('.'), where: where.join(' › ') };
  if (!inA || a === undefined) {
    out.push({ ...at, kind: 'added', before: null, after: describe(b) });
    return;
  }
  if (!inB || b === undefined) {
    out.push({ ...at, kind: 'removed', before: describe(a), after: null });
    return;
  }
  // A node that changed kind (an action became a condition) is one change, not a list of its fields.
  const isNode = (v: unknown): v is Record<string, unknown> => isPlainObject(v) && ('node_id' in v || 'action' in v || 'on_true' in v);
  if (isPlainObject(a) && isPlainObject(b) && !(isNode(a) && isNode(b) && a.type !== b.type)) {
    const node = isNode(b) && typeof b.node_id === 'string' ? b.node_id : null;
    const base = node !== null && !where[where.length - 1]?.startsWith('[') ? [...where, `[${node}]`] : where;
    for (const key of orderedKeys(a, b)) {
      const step = key === 'on_true' ? 'then' : key === 'on_false' ? 'else' : null;
      const nextWhere = step !== null ? [...base, step] : appendKey(base, key);
      walk(a[key], b[key], [...path, key], nextWhere, out, key in a, key in b);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => walk(item, b[i], [...path, String(i)], appendKey(where, String(i)), out));
    return;
  }
  out.push({ ...at, kind: 'changed', before: describe(a), after: describe(b) });
}

/** `[…, 'condition']` + 'right' → `[…, 'condition.right']`: plain keys read as one dotted step. */
function appendKey(where: string[], key: string): string[] {
  const last = where[where.length - 1];
  if (where.length > 1 && last !== undefined && !last.startsWith('[') && last !== 'then' && last !== 'else') {
    return [...where.slice(0, -1), `${last}.${key}`];
  }
  return [...where, key];
}

/** Node fields in reading order, then the rest alphabetically. */
function orderedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const first = ['type', 'node_id', 'description', 'condition', 'action', 'parameters', 'on_true', 'on_false'];
  const all = unionKeys(a, b);
  return [...first.filter((k) => all.includes(k)), ...all.filter((k) => !first.includes(k)).sort()];
}

function describe(value: unknown): string {
  if (isPlainObject(value) && ('node_id' in value || 'action' in value || 'on_true' in value)) return nodeHeadline(value);
  return compactJson(value);
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

/** Lines present in both, removed and added, in order (longest common subsequence). */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  if (n * m > 4_000_000) {
    // Beyond a few thousand lines the table would not fit in memory; show the texts one after the other.
    return [...before.map((text) => ({ op: 'removed' as const, text })), ...after.map((text) => ({ op: 'added' as const, text }))];
  }
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      lines.push({ op: 'same', text: before[i++] });
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      lines.push({ op: 'added', text: after[j++] });
    } else {
      lines.push({ op: 'removed', text: before[i++] });
    }
  }
  return lines;
}

function summarize(parameters: ParameterChange[], changes: PolicyChange[], trees: TreeDiff[], identical: boolean): string {
  if (identical) return 'The policies are identical.';
  const parts: string[] = [];
  if (parameters.length > 0) parts.push(`${parameters.length} parameter${parameters.length === 1 ? '' : 's'} changed (${parameters.map((p) => p.name).join(', ')})`);
  const changedTrees = trees.filter((t) => t.changed).map((t) => t.tree);
  if (changedTrees.length > 0) parts.push(`${changedTrees.join(', ')} changed`);
  const other = changes.filter((c) => !changedTrees.some((t) => c.path === t || c.path.startsWith(`${t}.`)));
  if (other.length > 0) parts.push(`${other.length} other change${other.length === 1 ? '' : 's'} (${other.map((c) => c.path).join(', ')})`);
  return `${parts.join('; ')}.`;
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
