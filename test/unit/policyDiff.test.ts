import * as assert from 'node:assert/strict';
import { diffLines, diffPolicies, policyLines, treeLines } from '../../src/model/experiment';
import { liquidityAwarePolicy, fifoPolicy } from '../../src/sample/policies';

describe('experiment view: policy diff and policy text', () => {
  it('reports a changed parameter with both values and the difference', () => {
    const diff = diffPolicies(fifoPolicy(0.5), fifoPolicy(0.682));
    assert.equal(diff.identical, false);
    assert.deepEqual(diff.parameters, [{ name: 'initial_liquidity_fraction', kind: 'changed', before: 0.5, after: 0.682, delta: 0.182 }]);
    assert.deepEqual(diff.changes, []);
    assert.equal(diff.summary, '1 parameter changed (initial_liquidity_fraction).');
    assert.deepEqual(
      diff.trees.map((t) => [t.tree, t.changed]),
      [['payment_tree', false]],
    );
  });

  it('finds identical policies identical, whatever their key order', () => {
    const a = liquidityAwarePolicy({ target_buffer: 50_000, urgency_threshold: 3, initial_liquidity_fraction: 0.5 });
    const b = reversedKeys(a);
    assert.notEqual(JSON.stringify(a), JSON.stringify(b));
    const diff = diffPolicies(a, b);
    assert.equal(diff.identical, true);
    assert.equal(diff.summary, 'The policies are identical.');
  });

  it('describes decision-tree changes by node id and branch, and marks the changed lines', () => {
    const before = liquidityAwarePolicy({ target_buffer: 50_000, urgency_threshold: 3, initial_liquidity_fraction: 0.5 });
    const after = structuredClone(before) as Record<string, unknown> & typeof before;
    // Urgency now compares with a literal instead of the parameter; the urgent branch's hold becomes a release.
    const root = after.payment_tree as { condition: { right: unknown }; on_true: { on_false: unknown } };
    root.condition.right = { value: 5 };
    root.on_true.on_false = { type: 'action', node_id: 'A2', action: 'Release' };
    after.parameters = { ...after.parameters, target_buffer: 60_000, new_knob: 1 };
    delete (after.parameters as Record<string, number>).urgency_threshold;

    const diff = diffPolicies(before, after);
    assert.deepEqual(
      diff.parameters.map((p) => [p.name, p.kind, p.before, p.after, p.delta]),
      [
        ['new_knob', 'added', null, 1, null],
        ['target_buffer', 'changed', 50_000, 60_000, 10_000],
        ['urgency_threshold', 'removed', 3, null, null],
      ],
    );
    const byPath = new Map(diff.changes.map((c) => [c.path, c]));
    const condition = byPath.get('payment_tree.condition.right.param');
    assert.ok(condition, `changes: ${diff.changes.map((c) => c.path).join(', ')}`);
    assert.equal(condition.kind, 'removed');
    assert.equal(condition.where, 'payment_tree › [N1] › condition.right.param');
    const hold = diff.changes.find((c) => c.path === 'payment_tree.on_true.on_false.action');
    assert.ok(hold);
    assert.equal(hold.where, 'payment_tree › [N1] › then › [N2] › else › [A2] › action');
    assert.equal(hold.before, '"Hold"');
    assert.equal(hold.after, '"Release"');

    const tree = diff.trees.find((t) => t.tree === 'payment_tree');
    assert.ok(tree?.changed);
    const removed = tree.lines.filter((l) => l.op === 'removed').map((l) => l.text.trim());
    const added = tree.lines.filter((l) => l.op === 'added').map((l) => l.text.trim());
    assert.deepEqual(removed, ['[N1] if ticks_to_deadline <= params.urgency_threshold  — Urgent: close to or past the deadline', 'else [A2] Hold(reason: "InsufficientLiquidity")']);
    assert.deepEqual(added, ['[N1] if ticks_to_deadline <= 5  — Urgent: close to or past the deadline', 'else [A2] Release']);
    assert.match(diff.summary, /3 parameters changed \(new_knob, target_buffer, urgency_threshold\); payment_tree changed\./);
  });

  it('reports a node that changed kind as one change, and added or removed trees', () => {
    const before = fifoPolicy(0.5);
    const after = {
      ...fifoPolicy(0.5),
      payment_tree: { type: 'condition', node_id: 'N1', condition: { op: '>=', left: { field: 'balance' }, right: { field: 'amount' } }, on_true: { type: 'action', node_id: 'A1', action: 'Release' }, on_false: { type: 'action', node_id: 'A2', action: 'Hold' } },
      strategic_collateral_tree: { type: 'action', node_id: 'C1', action: 'HoldCollateral' },
    };
    const diff = diffPolicies(before, after);
    assert.deepEqual(
      diff.changes.map((c) => [c.path, c.kind, c.before, c.after]),
      [
        ['payment_tree', 'changed', '[A1] Release', '[N1] if balance >= amount'],
        ['strategic_collateral_tree', 'added', null, '[C1] HoldCollateral'],
      ],
    );
    assert.deepEqual(
      diff.trees.map((t) => [t.tree, t.changed]),
      [
        ['payment_tree', true],
        ['strategic_collateral_tree', true],
      ],
    );
  });

  it('writes trees and policies as readable text', () => {
    const policy = liquidityAwarePolicy({ target_buffer: 50_000, urgency_threshold: 3, initial_liquidity_fraction: 0.25 });
    assert.deepEqual(treeLines(policy.payment_tree), [
      '[N1] if ticks_to_deadline <= params.urgency_threshold  — Urgent: close to or past the deadline',
      '  then [N2] if effective_liquidity >= remaining_amount  — Can pay it in full now',
      '    then [A1] Release',
      '    else [A2] Hold(reason: "InsufficientLiquidity")',
      '  else [N3] if (balance - remaining_amount) < params.target_buffer  — Paying would dip below the buffer',
      '    then [A3] Hold(reason: "AwaitingInflows")',
      '    else [A4] Release',
    ]);
    const lines = policyLines(policy);
    assert.ok(lines.includes('  initial_liquidity_fraction = 0.25'), lines.join('\n'));
    assert.ok(lines.includes('payment_tree:'));
    assert.deepEqual(policyLines(null), ['(no policy recorded)']);
  });

  it('diffs lines by their longest common subsequence', () => {
    assert.deepEqual(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd']), [
      { op: 'same', text: 'a' },
      { op: 'added', text: 'x' },
      { op: 'removed', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'added', text: 'd' },
    ]);
  });
});

/** The same JSON value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}
