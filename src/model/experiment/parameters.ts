import type { IterationSummary } from '../types';
import { isPlainObject } from '../values';
import { sameJson } from './policyDiff';

/** One agent's policy over the iterations: each numeric parameter's values, and where the trees changed. */
export interface AgentPolicySeries {
  agent_id: string;
  /** {parameter: value per iteration (in the order of `iterations`), null where the policy lacks it}. */
  parameters: Record<string, Array<number | null>>;
  /** True at an iteration whose policy differs from the previous iteration's outside `parameters`. */
  structure_changed: boolean[];
  /** policy_id per iteration, when the policy names one. */
  policy_ids: Array<string | null>;
}

/**
 * How each agent's policy evolved: parameter values across iterations (for example initial_liquidity_fraction) and
 * the iterations at which anything else (a decision tree, the policy id) changed.
 */
export function policySeries(iterations: readonly IterationSummary[]): AgentPolicySeries[] {
  const agents = [...new Set(iterations.flatMap((it) => Object.keys(it.policies)))].sort();
  return agents.map((agent) => {
    const names = new Set<string>();
    for (const it of iterations) {
      const params = parametersOf(it.policies[agent]);
      for (const [name, value] of Object.entries(params)) if (typeof value === 'number') names.add(name);
    }
    const parameters: Record<string, Array<number | null>> = {};
    for (const name of [...names].sort()) {
      parameters[name] = iterations.map((it) => {
        const value = parametersOf(it.policies[agent])[name];
        return typeof value === 'number' && Number.isFinite(value) ? value : null;
      });
    }
    let previous: unknown;
    const structure_changed = iterations.map((it, i) => {
      const shape = withoutParameters(it.policies[agent]);
      const changed = i > 0 && !sameJson(shape, previous);
      previous = shape;
      return changed;
    });
    const policy_ids = iterations.map((it) => {
      const policy = it.policies[agent];
      return isPlainObject(policy) && typeof policy.policy_id === 'string' ? policy.policy_id : null;
    });
    return { agent_id: agent, parameters, structure_changed, policy_ids };
  });
}

function parametersOf(policy: unknown): Record<string, unknown> {
  return isPlainObject(policy) && isPlainObject(policy.parameters) ? policy.parameters : {};
}

function withoutParameters(policy: unknown): unknown {
  if (!isPlainObject(policy)) return policy ?? null;
  const rest: Record<string, unknown> = { ...policy };
  delete rest.parameters;
  return rest;
}
