/**
 * Built-in policies, written as policy JSON (decision trees) rather than code, so that experiments can store and
 * diff the real trees exactly as an LLM-proposed policy would be stored.
 */
import type { PolicyExpr, PolicyJson, PolicyNode, PolicyValue } from './policyTypes';

const field = (name: string): PolicyValue => ({ field: name });
const param = (name: string): PolicyValue => ({ param: name });
const lit = (value: number): PolicyValue => ({ value });
const cmp = (op: '==' | '!=' | '<' | '<=' | '>' | '>=', left: PolicyValue, right: PolicyValue): PolicyExpr => ({ op, left, right });
const action = (node_id: string, name: string, parameters?: Record<string, PolicyValue>): PolicyNode =>
  parameters ? { type: 'action', node_id, action: name, parameters } : { type: 'action', node_id, action: name };
const hold = (node_id: string, reason: string): PolicyNode => action(node_id, 'Hold', { reason: { value: reason } });
const when = (node_id: string, description: string, condition: PolicyExpr, on_true: PolicyNode, on_false: PolicyNode): PolicyNode => ({
  type: 'condition',
  node_id,
  description,
  condition,
  on_true,
  on_false,
});
const canPayWhole = (): PolicyExpr => cmp('>=', field('effective_liquidity'), field('remaining_amount'));

/** Release everything at once (the baseline). */
export function fifoPolicy(initialLiquidityFraction = 1): PolicyJson {
  return {
    version: '2.0',
    policy_id: 'fifo',
    description: 'Submit every queued payment immediately, in arrival order.',
    parameters: { initial_liquidity_fraction: initialLiquidityFraction },
    payment_tree: action('A1', 'Release'),
  };
}

export interface LiquidityAwareOptions {
  target_buffer: number;
  urgency_threshold: number;
  initial_liquidity_fraction: number;
  /** Drop a payment this many ticks after it went overdue (omit to never drop). */
  drop_after_overdue_ticks?: number;
}

/** Keep `target_buffer` cents in reserve; payments within `urgency_threshold` ticks of their deadline override it. */
export function liquidityAwarePolicy(opts: LiquidityAwareOptions): PolicyJson {
  const tree = when(
    'N1',
    'Urgent: close to or past the deadline',
    cmp('<=', field('ticks_to_deadline'), param('urgency_threshold')),
    when('N2', 'Can pay it in full now', canPayWhole(), action('A1', 'Release'), hold('A2', 'InsufficientLiquidity')),
    when(
      'N3',
      'Paying would dip below the buffer',
      cmp('<', { compute: { op: '-', left: field('balance'), right: field('remaining_amount') } }, param('target_buffer')),
      hold('A3', 'AwaitingInflows'),
      action('A4', 'Release'),
    ),
  );
  const parameters: Record<string, number> = {
    target_buffer: opts.target_buffer,
    urgency_threshold: opts.urgency_threshold,
    initial_liquidity_fraction: opts.initial_liquidity_fraction,
  };
  const description = 'Preserve a liquidity buffer; urgent payments are released whenever they can be paid.';
  if (opts.drop_after_overdue_ticks === undefined) {
    return { version: '2.0', policy_id: 'liquidity_aware', description, parameters, payment_tree: tree };
  }
  parameters.drop_after_overdue_ticks = opts.drop_after_overdue_ticks;
  return {
    version: '2.0',
    policy_id: 'liquidity_aware_drop',
    description: `${description} Long-overdue payments are dropped.`,
    parameters,
    payment_tree: dropWhenStale(tree),
  };
}

/** Wraps a tree: payments overdue for `drop_after_overdue_ticks` or more are dropped first. */
function dropWhenStale(tree: PolicyNode): PolicyNode {
  return when(
    'N0',
    'Overdue for too long',
    cmp('>=', field('overdue_duration'), param('drop_after_overdue_ticks')),
    action('A0', 'Drop', { reason: { value: 'DeadlineExpired' } }),
    tree,
  );
}

export interface DeadlineOptions {
  urgency_threshold: number;
  initial_liquidity_fraction: number;
  /** Drop a payment this many ticks after it went overdue (omit to never drop). */
  drop_after_overdue_ticks?: number;
}

/** Hold until a payment is within `urgency_threshold` ticks of its deadline, then release it. */
export function deadlinePolicy(opts: DeadlineOptions): PolicyJson {
  const release = when(
    'N2',
    'Within the urgency window',
    cmp('<=', field('ticks_to_deadline'), param('urgency_threshold')),
    action('A2', 'Release'),
    hold('A3', 'NearDeadline'),
  );
  const parameters: Record<string, number> = {
    urgency_threshold: opts.urgency_threshold,
    initial_liquidity_fraction: opts.initial_liquidity_fraction,
  };
  if (opts.drop_after_overdue_ticks === undefined) {
    return { version: '2.0', policy_id: 'deadline', description: 'Release payments as their deadline nears.', parameters, payment_tree: release };
  }
  parameters.drop_after_overdue_ticks = opts.drop_after_overdue_ticks;
  return {
    version: '2.0',
    policy_id: 'deadline_drop',
    description: 'Release payments as their deadline nears; give up on long-overdue ones.',
    parameters,
    payment_tree: dropWhenStale(release),
  };
}

export interface SplittingOptions {
  max_splits: number;
  min_split_amount: number;
  urgency_threshold: number;
  initial_liquidity_fraction: number;
}

/** Pay in full when possible; split large payments that cannot be paid whole; otherwise wait unless urgent. */
export function splittingPolicy(opts: SplittingOptions): PolicyJson {
  return {
    version: '2.0',
    policy_id: 'liquidity_splitting',
    description: 'Split large payments when short of liquidity; release urgent ones regardless.',
    parameters: { ...opts },
    payment_tree: when(
      'N1',
      'Can pay it in full now',
      canPayWhole(),
      action('A1', 'Release'),
      when(
        'N2',
        'Large enough to split and some liquidity left',
        {
          op: 'and',
          conditions: [
            cmp('>=', field('remaining_amount'), { compute: { op: '*', left: param('min_split_amount'), right: lit(2) } }),
            cmp('>', field('available_liquidity'), lit(0)),
          ],
        },
        action('A2', 'Split', { num_splits: param('max_splits') }),
        when(
          'N3',
          'Urgent',
          cmp('<=', field('ticks_to_deadline'), param('urgency_threshold')),
          action('A3', 'Release'),
          hold('A4', 'InsufficientLiquidity'),
        ),
      ),
    ),
  };
}

export interface CollateralBackstopOptions {
  target_buffer: number;
  urgency_threshold: number;
  initial_liquidity_fraction: number;
}

/**
 * Liquidity-aware payments plus a strategic collateral tree: post collateral to cover the queue's liquidity gap and
 * withdraw it once the queue is empty and no credit is in use.
 */
export function collateralBackstopPolicy(opts: CollateralBackstopOptions): PolicyJson {
  const base = liquidityAwarePolicy({ ...opts, drop_after_overdue_ticks: undefined });
  return {
    ...base,
    policy_id: 'collateral_backstop',
    description: 'Liquidity-aware releases; posts collateral against the queue gap, withdraws it when idle.',
    strategic_collateral_tree: when(
      'C1',
      'Queue cannot be paid from current liquidity',
      {
        op: 'and',
        conditions: [
          cmp('>', field('queue1_liquidity_gap'), lit(0)),
          cmp('>', field('remaining_collateral_capacity'), lit(0)),
        ],
      },
      action('C2', 'PostCollateral', {
        amount: { compute: { op: 'min', values: [field('queue1_liquidity_gap'), field('remaining_collateral_capacity')] } },
        reason: { value: 'UrgentLiquidityNeed' },
      }),
      when(
        'C3',
        'Idle with collateral posted',
        {
          op: 'and',
          conditions: [
            cmp('==', field('outgoing_queue_size'), lit(0)),
            cmp('==', field('credit_used'), lit(0)),
            cmp('>', field('posted_collateral'), lit(0)),
          ],
        },
        action('C4', 'WithdrawCollateral', { amount: field('posted_collateral'), reason: { value: 'LiquidityRestored' } }),
        action('C5', 'HoldCollateral'),
      ),
    ),
  };
}
