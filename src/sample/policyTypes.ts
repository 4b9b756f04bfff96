/** The SimCash decision-tree policy DSL (simcash-engine.md §6): JSON shapes and the decisions a tree yields. */

export type PolicyValue =
  | { field: string }
  | { param: string }
  | { value: number | boolean | string }
  | { compute: PolicyComputation };

export type PolicyComputation =
  | { op: '+' | '-' | '*' | '/'; left: PolicyValue; right: PolicyValue }
  | { op: 'max' | 'min'; values: PolicyValue[] }
  | { op: 'ceil' | 'floor' | 'round' | 'abs'; value: PolicyValue }
  | { op: 'clamp'; value: PolicyValue; min: PolicyValue; max: PolicyValue }
  | { op: 'div0'; numerator: PolicyValue; denominator: PolicyValue; default: PolicyValue };

export type PolicyExpr =
  | { op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: PolicyValue; right: PolicyValue }
  | { op: 'and' | 'or'; conditions: PolicyExpr[] }
  | { op: 'not'; condition: PolicyExpr };

export type PolicyNode =
  | {
      type: 'condition';
      node_id: string;
      description?: string;
      condition: PolicyExpr;
      on_true: PolicyNode;
      on_false: PolicyNode;
    }
  | { type: 'action'; node_id: string; description?: string; action: string; parameters?: Record<string, PolicyValue> };

/** A SimCash policy file (decision-tree DSL). A type alias (not an interface) so it is assignable to JSON records. */
export type PolicyJson = {
  version: string;
  policy_id: string;
  description?: string;
  /** Numbers only; `initial_liquidity_fraction` also drives the start-of-day pool allocation. */
  parameters: Record<string, number>;
  payment_tree: PolicyNode;
  strategic_collateral_tree?: PolicyNode | null;
  end_of_tick_collateral_tree?: PolicyNode | null;
};

export type PaymentDecision =
  | { kind: 'release'; nodeId: string }
  | { kind: 'hold'; nodeId: string; reason: string }
  | { kind: 'drop'; nodeId: string; reason: string }
  | { kind: 'split'; nodeId: string; numSplits: number };

export type CollateralDecision =
  | { kind: 'post'; nodeId: string; amount: number; reason: string }
  | { kind: 'withdraw'; nodeId: string; amount: number; reason: string }
  | { kind: 'hold'; nodeId: string };
