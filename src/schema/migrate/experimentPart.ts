/**
 * Legacy experiment files (ExperimentRepository, keyed by run_id) onto the unified experiment tables. `run_id`
 * becomes `experiment_id`; iterations, events and policy evaluations carry over; what the predecessor left out
 * is derived:
 * - accepted_changes: the predecessor saved each iteration before optimising, so it is always false; the
 *   authoritative record, policy_evaluations.accepted, replaces it agent by agent (agents without an evaluation
 *   keep the stored value);
 * - evaluation_simulation_id and bootstrap_simulation_ids: the linked runs the query layer finds for the iteration
 *   (through experiment_run_id / experiment_iteration and the purpose in the run ids);
 * - final_cost and best_cost: the total cost of the last and of the cheapest iteration;
 * - the LLM audit log: the full prompts and responses the predecessor kept in `llm_interaction` events.
 */
import type { SqlValue } from '../../db/types';
import { listExperiments, listIterations } from '../../model';
import type { SimCashFile } from '../../model';
import type { Job } from './job';
import type { TableMapping } from './mapping';
import { mappingPart, type Part } from './parts';
import type { SourceInfo } from './source';
import { booleanSql, isoTimestampSql, jsonBooleanSql, jsonFieldSql } from './sqlText';
import type { TargetSchema } from './target';

const ts = (column: string) => ({ sql: isoTimestampSql(`s.${column}`), needs: [column] });

function experimentsMapping(): TableMapping {
  return {
    from: 'experiments',
    to: 'experiments',
    columns: {
      experiment_id: 'run_id',
      experiment_name: { sql: 'COALESCE(s.experiment_name, s.run_id)', needs: ['experiment_name'], fallback: 's.run_id' },
      experiment_type: { sql: "COALESCE(s.experiment_type, 'unknown')", needs: ['experiment_type'], fallback: "'unknown'" },
      config: { sql: "COALESCE(s.config, '{}')", needs: ['config'], fallback: "'{}'" },
      scenario_path: { sql: jsonFieldSql('s.config', 'scenario'), needs: ['config'] },
      master_seed: { sql: jsonFieldSql('s.config', 'master_seed'), needs: ['config'] },
      created_at: ts('created_at'),
      completed_at: ts('completed_at'),
      converged: { sql: booleanSql('s.converged'), needs: ['converged'] },
    },
    notes: [
      'run_id → experiment_id; name, type, config, iterations and convergence carried as stored',
      'scenario_path and master_seed read from the stored config (scenario, master_seed)',
      "final_cost and best_cost derived: total cost of the last and of the cheapest iteration",
      'created_at and completed_at in ISO-8601 form',
    ],
  };
}

/** accepted_changes with each agent's policy_evaluations.accepted in place of the predecessor's always-false value. */
function acceptedChangesSql(source: SourceInfo): string | null {
  if (!['run_id', 'iteration', 'agent_id', 'accepted'].every((c) => source.hasColumn('policy_evaluations', c))) {
    return null;
  }
  const evaluations = 'FROM src.policy_evaluations pe WHERE pe.run_id = s.run_id AND pe.iteration = s.iteration';
  return (
    `(CASE WHEN json_valid(s.accepted_changes) AND json_type(s.accepted_changes) = 'object' AND EXISTS (SELECT 1 ${evaluations}) ` +
    `THEN json_patch(s.accepted_changes, (SELECT json_group_object(pe.agent_id, ${jsonBooleanSql('pe.accepted')}) ${evaluations})) ` +
    'ELSE s.accepted_changes END)'
  );
}

function iterationsMapping(source: SourceInfo): TableMapping {
  const accepted = acceptedChangesSql(source);
  return {
    from: 'experiment_iterations',
    to: 'experiment_iterations',
    columns: {
      experiment_id: 'run_id',
      ...(accepted ? { accepted_changes: { sql: accepted, needs: ['accepted_changes', 'run_id', 'iteration'], fallback: "'{}'" } } : {}),
      timestamp: ts('timestamp'),
    },
    notes: [
      'run_id → experiment_id; costs_per_agent, policies carried as stored; timestamp in ISO-8601 form',
      accepted
        ? 'accepted_changes: each agent with a policy evaluation takes its policy_evaluations.accepted (the predecessor wrote this column before optimising, so it was always false)'
        : 'accepted_changes carried as stored (the file has no policy evaluations to correct it from)',
      'evaluation_simulation_id and bootstrap_simulation_ids derived from the linked simulations (experiment_run_id / experiment_iteration and the purpose in their ids)',
    ],
  };
}

const EVENTS_MAPPING: TableMapping = {
  from: 'experiment_events',
  to: 'experiment_events',
  columns: { experiment_id: 'run_id', timestamp: ts('timestamp') },
  notes: ['run_id → experiment_id; ids, event types and payloads carried; timestamp in ISO-8601 form'],
};

const EVALUATIONS_MAPPING: TableMapping = {
  from: 'policy_evaluations',
  to: 'policy_evaluations',
  columns: { experiment_id: 'run_id', accepted: { sql: booleanSql('s.accepted'), needs: ['accepted'] }, timestamp: ts('timestamp') },
  notes: ['run_id → experiment_id; every column carried (the authoritative acceptance record); timestamp in ISO-8601 form'],
};

/** Events that carry a full LLM exchange (prompts or response), which the unified schema keeps in llm_interaction_log. */
const LLM_EVENT_WHERE =
  "s.event_type = 'llm_interaction' AND json_valid(s.event_data) AND json_extract(s.event_data, '$.agent_id') IS NOT NULL " +
  "AND (json_extract(s.event_data, '$.system_prompt') IS NOT NULL OR json_extract(s.event_data, '$.user_prompt') IS NOT NULL " +
  "OR json_extract(s.event_data, '$.raw_response') IS NOT NULL)";

function llmMapping(): TableMapping {
  const field = (name: string) => `json_extract(s.event_data, '$.${name}')`;
  const needs = ['run_id', 'id', 'iteration', 'event_type', 'event_data', 'timestamp'];
  const rule = (sql: string) => ({ sql, needs });
  return {
    from: 'experiment_events',
    to: 'llm_interaction_log',
    derived: true,
    where: LLM_EVENT_WHERE,
    columns: {
      interaction_id: rule("s.run_id || ':event:' || s.id"),
      experiment_id: rule('s.run_id'),
      agent_id: rule(field('agent_id')),
      iteration: rule('s.iteration'),
      system_prompt: rule(field('system_prompt')),
      user_prompt: rule(field('user_prompt')),
      raw_response: rule(field('raw_response')),
      parsed_policy_json: rule(`(CASE WHEN json_type(s.event_data, '$.parsed_policy') IN ('object', 'array') THEN ${field('parsed_policy')} END)`),
      parsing_error: rule(field('parsing_error')),
      llm_reasoning: rule(`COALESCE(${field('llm_reasoning')}, ${field('reasoning')})`),
      llm_model: rule(`COALESCE(${field('model')}, ${field('llm_model')})`),
      tokens_used: rule(`COALESCE(${field('tokens_used')}, ${field('prompt_tokens')} + ${field('completion_tokens')})`),
      latency_seconds: rule(field('latency_seconds')),
      request_timestamp: rule('NULL'),
      response_timestamp: rule(isoTimestampSql('s.timestamp')),
    },
    notes: [
      "derived from the llm_interaction events that hold a full exchange (the events themselves carry over too)",
      'interaction_id = <run_id>:event:<event id>; prompts, response, parsed policy, error, model, tokens (prompt + completion) and latency from the event payload; response_timestamp = the event time',
    ],
  };
}

export async function experimentPart(file: SimCashFile, source: SourceInfo, target: TargetSchema): Promise<Part> {
  const llmRows = source.hasColumn('experiment_events', 'event_data')
    ? ((await file.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM experiment_events s WHERE ${LLM_EVENT_WHERE}`))[0]?.n ?? 0)
    : 0;
  const part = mappingPart(
    'Experiments: run_id becomes experiment_id',
    'Experiments, their iterations, events and policy evaluations carry over keyed by experiment_id; acceptance, iteration links, cost totals and the LLM audit log are derived where the predecessor left them out.',
    [experimentsMapping(), iterationsMapping(source), EVENTS_MAPPING, EVALUATIONS_MAPPING, ...(llmRows > 0 ? [{ mapping: llmMapping(), rows: llmRows }] : [])],
    source,
    target,
  );
  return { ...part, jobs: [...part.jobs, await derivedExperimentJob(file)] };
}

/**
 * Writes what the query layer derives for a legacy file — cost totals and iteration links — so that the views
 * show the same after the migration. Values the mappings already wrote are kept. Runs after the experiments and
 * iterations have been written (the values come from the legacy file, not from the rows being written).
 */
export async function derivedExperimentJob(file: SimCashFile): Promise<Job> {
  const experiments = await listExperiments(file);
  const totals: SqlValue[][] = experiments.map((e) => [e.final_cost, e.best_cost, e.experiment_id]);
  const links: SqlValue[][] = [];
  for (const experiment of experiments) {
    for (const it of await listIterations(file, experiment.experiment_id)) {
      const bootstrap = it.bootstrap_simulation_ids.length > 0 ? JSON.stringify(it.bootstrap_simulation_ids) : null;
      if (it.evaluation_simulation_id !== null || bootstrap !== null) {
        links.push([it.evaluation_simulation_id, bootstrap, experiment.experiment_id, it.iteration]);
      }
    }
  }
  return {
    label: 'Linking iterations to their simulations',
    cost: links.length + totals.length,
    *run(db) {
      db.runMany('UPDATE main.experiments SET final_cost = COALESCE(final_cost, ?), best_cost = COALESCE(best_cost, ?) WHERE experiment_id = ?', totals);
      db.runMany(
        'UPDATE main.experiment_iterations SET evaluation_simulation_id = COALESCE(evaluation_simulation_id, ?), ' +
          'bootstrap_simulation_ids = COALESCE(bootstrap_simulation_ids, ?) WHERE experiment_id = ? AND iteration = ?',
        links,
      );
      yield links.length + totals.length;
    },
  };
}
