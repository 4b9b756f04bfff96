import type { SimCashFile } from '../file';
import type { IterationSummary } from '../types';
import { asBoolean, asInteger, asNumber, asString, parseJson } from '../values';
import { experimentKeys, fileSchema } from './fileSchema';
import type { PolicyEvaluation } from './types';

/**
 * The acceptance record of every proposal of an experiment, by iteration then agent: `policy_evaluations` in
 * unified and legacy experiment files (SimCash's authoritative record), `policy_iterations` in castro files.
 */
export async function listPolicyEvaluations(file: SimCashFile, experimentId: string): Promise<PolicyEvaluation[]> {
  const schema = await fileSchema(file);
  const keys = experimentKeys(file);
  if (file.detection.kind === 'castro') {
    if (!schema.hasColumns('policy_iterations', 'game_id', 'iteration_number', 'agent_id')) return [];
    const col = (c: string): string => schema.select('policy_iterations', 'p', c);
    const rows = await file.db.query(
      `SELECT p.iteration_number AS iteration, p.agent_id AS agent_id, ${col('old_cost')}, ${col('new_cost')}, ${col('cost_improvement')}, ` +
        `${col('was_accepted')}, ${col('validation_errors')} FROM policy_iterations p WHERE p.game_id = ? ORDER BY p.iteration_number, p.agent_id`,
      [experimentId],
    );
    return rows.map((row) => {
      const errors = stringList(parseJson(row.validation_errors));
      return {
        ...emptyEvaluation(asInteger(row.iteration) ?? 0, asString(row.agent_id) ?? ''),
        old_cost: asInteger(row.old_cost),
        new_cost: asInteger(row.new_cost),
        accepted: asBoolean(row.was_accepted),
        delta_sum: asInteger(row.cost_improvement),
        acceptance_reason: errors.length > 0 ? `validation failed: ${errors[0]}` : null,
        validation_errors: errors,
      };
    });
  }
  if (!schema.hasColumns('policy_evaluations', keys.experiment, 'iteration', 'agent_id')) return [];
  const col = (c: string): string => schema.select('policy_evaluations', 'pe', c);
  const rows = await file.db.query(
    `SELECT pe.iteration AS iteration, pe.agent_id AS agent_id, ${[
      'evaluation_mode', 'old_cost', 'new_cost', 'accepted', 'acceptance_reason', 'delta_sum', 'num_samples', 'settlement_rate', 'avg_delay',
      'cost_std_dev', 'confidence_interval_95',
    ].map(col).join(', ')} FROM policy_evaluations pe WHERE pe."${keys.experiment}" = ? ORDER BY pe.iteration, pe.agent_id`,
    [experimentId],
  );
  return rows.map((row) => ({
    iteration: asInteger(row.iteration) ?? 0,
    agent_id: asString(row.agent_id) ?? '',
    evaluation_mode: asString(row.evaluation_mode),
    old_cost: asInteger(row.old_cost),
    new_cost: asInteger(row.new_cost),
    accepted: asBoolean(row.accepted),
    acceptance_reason: asString(row.acceptance_reason),
    delta_sum: asInteger(row.delta_sum),
    num_samples: asInteger(row.num_samples),
    settlement_rate: asNumber(row.settlement_rate),
    avg_delay: asNumber(row.avg_delay),
    cost_std_dev: asInteger(row.cost_std_dev),
    confidence_interval_95: interval(parseJson(row.confidence_interval_95)),
    validation_errors: [],
  }));
}

/**
 * Which agents' proposals each iteration accepted. policy_evaluations is authoritative where it has a row: the
 * predecessor wrote experiment_iterations.accepted_changes before optimising, so there it is always false
 * (research notes, experiments §5.1). Elsewhere the iteration's own record stands.
 */
export function acceptedByIteration(iterations: readonly IterationSummary[], evaluations: readonly PolicyEvaluation[]): Map<number, Record<string, boolean>> {
  const result = new Map<number, Record<string, boolean>>();
  for (const it of iterations) result.set(it.iteration, { ...it.accepted_changes });
  for (const e of evaluations) {
    const accepted = result.get(e.iteration);
    if (accepted) accepted[e.agent_id] = e.accepted;
  }
  return result;
}

function emptyEvaluation(iteration: number, agentId: string): PolicyEvaluation {
  return {
    iteration, agent_id: agentId, evaluation_mode: null, old_cost: null, new_cost: null, accepted: false, acceptance_reason: null, delta_sum: null,
    num_samples: null, settlement_rate: null, avg_delay: null, cost_std_dev: null, confidence_interval_95: null, validation_errors: [],
  };
}

function interval(value: unknown): [number, number] | null {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number') ? [value[0] as number, value[1] as number] : null;
}

/** A JSON list of messages (or one message) as strings. */
export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return typeof value === 'string' && value.trim() !== '' ? [value] : [];
}
