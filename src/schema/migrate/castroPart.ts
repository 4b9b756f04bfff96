/**
 * Legacy castro files (GameRepository, keyed by game_id) onto the unified experiment tables: each game session
 * becomes an experiment of type 'castro'; its per-agent policy iterations become experiment iterations (one per
 * iteration number) and policy evaluations (one per agent and iteration, the acceptance record); the LLM audit
 * tables carry over keyed by experiment_id. Castro stored costs as DOUBLE cents; the unified schema keeps whole
 * cents, so amounts are rounded, and the exact values of policy_iterations stay in policy_evaluations.agent_stats.
 */
import type { SimCashFile } from '../../model';
import { derivedExperimentJob } from './experimentPart';
import type { Job } from './job';
import type { ColumnRule, TableMapping } from './mapping';
import { mappingPart, type Part } from './parts';
import type { SourceInfo } from './source';
import { booleanSql, centsSql, isoTimestampSql, jsonBooleanSql, jsonValueSql, quoteIdent, sqlString } from './sqlText';
import type { TargetSchema } from './target';
import type { PlanTable } from './types';

const ts = (column: string): ColumnRule => ({ sql: isoTimestampSql(`s.${column}`), needs: [column] });
const cents = (column: string): ColumnRule => ({ sql: centsSql(`s.${column}`), needs: [column] });
const bool = (column: string): ColumnRule => ({ sql: booleanSql(`s.${column}`), needs: [column] });

/** The session's config with game_mode and optimized_agents added (only where the config does not have them). */
function sessionConfig(source: SourceInfo): ColumnRule {
  const extra = [
    ...(source.hasColumn('game_sessions', 'game_mode') ? ["'$.game_mode', s.game_mode"] : []),
    ...(source.hasColumn('game_sessions', 'optimized_agents') ? [`'$.optimized_agents', ${jsonValueSql('s.optimized_agents')}`] : []),
  ];
  const config = "COALESCE(s.config_json, '{}')";
  return {
    sql:
      extra.length === 0
        ? config
        : `(CASE WHEN json_valid(${config}) AND json_type(${config}) = 'object' THEN json_insert(${config}, ${extra.join(', ')}) ELSE ${config} END)`,
    needs: [],
    fallback: "'{}'",
  };
}

function sessionsMapping(source: SourceInfo): TableMapping {
  return {
    from: 'game_sessions',
    to: 'experiments',
    columns: {
      experiment_id: 'game_id',
      experiment_name: {
        sql: "COALESCE(CASE WHEN json_valid(s.config_json) AND json_type(s.config_json, '$.name') = 'text' THEN json_extract(s.config_json, '$.name') END, s.scenario_config, s.game_id)",
        needs: ['config_json', 'scenario_config'],
        fallback: 's.game_id',
      },
      experiment_type: { sql: "'castro'", needs: [] },
      config: sessionConfig(source),
      scenario_path: 'scenario_config',
      created_at: ts('started_at'),
      completed_at: ts('completed_at'),
      num_iterations: 'total_iterations',
      converged: bool('converged'),
      convergence_reason: { sql: `(CASE WHEN ${booleanSql('s.converged')} = 1 THEN 'converged' ELSE s.status END)`, needs: ['converged', 'status'] },
      final_cost: cents('final_cost'),
    },
    elsewhere: { game_mode: 'experiments.config.game_mode', optimized_agents: 'experiments.config.optimized_agents', status: 'experiments.convergence_reason when not converged' },
    notes: [
      "game_id → experiment_id, experiment_type 'castro'; experiment_name from the config's name (else the scenario file)",
      'scenario_config → scenario_path, started_at → created_at, total_iterations → num_iterations; times in ISO-8601 form',
      "convergence_reason 'converged' for a converged session, else its status (e.g. 'completed', 'running')",
      'final_cost rounded to whole cents; best_cost derived: the total cost of the cheapest iteration',
    ],
  };
}

function evaluationsMapping(source: SourceInfo): TableMapping {
  const kept = ['trigger_tick', 'validation_errors', 'llm_model', 'llm_latency_seconds', 'tokens_used', 'old_cost', 'new_cost', 'cost_improvement'].filter((c) =>
    source.hasColumn('policy_iterations', c),
  );
  const value = (c: string) => (c === 'validation_errors' ? jsonValueSql(`s.${c}`) : `s.${c}`);
  return {
    from: 'policy_iterations',
    to: 'policy_evaluations',
    columns: {
      experiment_id: 'game_id',
      iteration: 'iteration_number',
      proposed_policy: 'new_policy_json',
      old_cost: cents('old_cost'),
      new_cost: cents('new_cost'),
      accepted: bool('was_accepted'),
      delta_sum: cents('cost_improvement'),
      timestamp: ts('created_at'),
      agent_stats: {
        sql: kept.length > 0 ? `json_object('castro', json_object(${kept.map((c) => `${sqlString(c)}, ${value(c)}`).join(', ')}))` : 'NULL',
        needs: kept,
      },
    },
    elsewhere: { old_policy_json: 'experiment_iterations.policies' },
    notes: [
      'one evaluation per agent and iteration: game_id → experiment_id, iteration_number → iteration, new_policy_json → proposed_policy, was_accepted → accepted',
      'old_cost, new_cost and cost_improvement (→ delta_sum) rounded to whole cents',
      'agent_stats.castro keeps what has no column: trigger_tick, validation_errors, llm_model, llm_latency_seconds, tokens_used and the exact (unrounded) costs',
    ],
  };
}

function llmLogMapping(source: SourceInfo): TableMapping {
  const joinable = ['game_id', 'agent_id', 'iteration_number'].every((c) => source.hasColumn('policy_iterations', c));
  const fromIterations = (column: string): ColumnRule => ({ sql: joinable && source.hasColumn('policy_iterations', column) ? `p.${quoteIdent(column)}` : 'NULL', needs: [] });
  return {
    from: 'llm_interaction_log',
    to: 'llm_interaction_log',
    columns: {
      experiment_id: 'game_id',
      iteration: 'iteration_number',
      llm_model: fromIterations('llm_model'),
      tokens_used: fromIterations('tokens_used'),
      latency_seconds: fromIterations('llm_latency_seconds'),
      request_timestamp: ts('request_timestamp'),
      response_timestamp: ts('response_timestamp'),
    },
    join: joinable ? 'LEFT JOIN src.policy_iterations p ON p.game_id = s.game_id AND p.agent_id = s.agent_id AND p.iteration_number = s.iteration_number' : undefined,
    notes: [
      'game_id → experiment_id, iteration_number → iteration; prompts, response, parsed policy, error and reasoning carried; times in ISO-8601 form',
      "llm_model, tokens_used and latency_seconds from the matching policy_iterations row (castro's log had no such columns)",
    ],
  };
}

const DIFFS_MAPPING: TableMapping = {
  from: 'policy_diffs',
  to: 'policy_diffs',
  columns: {
    experiment_id: 'game_id',
    iteration: 'iteration_number',
    payment_tree_changed: bool('payment_tree_changed'),
    collateral_tree_changed: bool('collateral_tree_changed'),
  },
  notes: ['game_id → experiment_id, iteration_number → iteration; every column carried'],
};

const CONTEXT_MAPPING: TableMapping = {
  from: 'iteration_context',
  to: 'iteration_context',
  columns: {
    experiment_id: 'game_id',
    iteration: 'iteration_number',
    best_seed_cost: cents('best_seed_cost'),
    worst_seed_cost: cents('worst_seed_cost'),
    cost_mean: cents('cost_mean'),
    cost_std: cents('cost_std'),
  },
  notes: ['game_id → experiment_id, iteration_number → iteration; every column carried', 'best/worst seed costs, cost_mean and cost_std rounded to whole cents'],
};

/**
 * One experiment_iterations row per (game, iteration number), folding the agents' policy_iterations rows into the
 * per-agent JSON maps the unified schema keeps — the same values the query layer shows for the castro file.
 */
async function iterationsJob(file: SimCashFile, source: SourceInfo): Promise<{ plan: PlanTable; job: Job } | null> {
  const table = 'policy_iterations';
  if (!['game_id', 'iteration_number', 'agent_id'].every((c) => source.hasColumn(table, c))) {
    return null;
  }
  const has = (c: string) => source.hasColumn(table, c);
  const cost = has('old_cost') ? (has('new_cost') ? 'COALESCE(s.old_cost, s.new_cost)' : 's.old_cost') : has('new_cost') ? 's.new_cost' : 'NULL';
  const policy = has('old_policy_json') ? (has('new_policy_json') ? 'COALESCE(s.old_policy_json, s.new_policy_json)' : 's.old_policy_json') : 'NULL';
  const accepted = has('was_accepted') ? jsonBooleanSql('s.was_accepted') : "json('false')";
  const timestamp = has('created_at') ? `COALESCE(max(${isoTimestampSql('s.created_at')}), '')` : "''";
  const sql =
    'INSERT INTO main.experiment_iterations (experiment_id, iteration, costs_per_agent, accepted_changes, policies, timestamp) ' +
    `SELECT s.game_id, s.iteration_number, json_group_object(s.agent_id, ${centsSql(cost)}), json_group_object(s.agent_id, ${accepted}), ` +
    `json_group_object(s.agent_id, ${jsonValueSql(policy)}), ${timestamp} ` +
    'FROM (SELECT * FROM src.policy_iterations ORDER BY game_id, iteration_number, agent_id) s GROUP BY s.game_id, s.iteration_number';
  const [count] = await file.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM (SELECT DISTINCT game_id, iteration_number FROM policy_iterations)');
  const rows = count?.n ?? 0;
  return {
    plan: {
      from: [table],
      to: 'experiment_iterations',
      rows,
      sourceRows: source.rows(table),
      notes: [
        'one iteration per (game_id, iteration_number), agents folded into JSON maps:',
        "costs_per_agent = each agent's old_cost (the cost of the policy in force), rounded to whole cents; accepted_changes = was_accepted; policies = old_policy_json; timestamp = the latest created_at",
        'no simulations are linked: castro files stored none',
      ],
    },
    job: {
      label: 'Folding policy_iterations into experiment_iterations',
      cost: source.rows(table),
      *run(db) {
        db.run(sql);
        yield source.rows(table);
      },
    },
  };
}

export async function castroPart(file: SimCashFile, source: SourceInfo, target: TargetSchema): Promise<Part> {
  const part = mappingPart(
    'Game sessions become experiments of type castro',
    'Each game session becomes an experiment; its policy iterations become experiment iterations and policy evaluations, and the LLM audit tables carry over keyed by experiment_id.',
    [sessionsMapping(source), evaluationsMapping(source), llmLogMapping(source), DIFFS_MAPPING, CONTEXT_MAPPING],
    source,
    target,
  );
  const iterations = await iterationsJob(file, source);
  if (iterations) {
    // Iterations belong right after the sessions in the plan (the jobs' order does not matter between them).
    part.step.tables.splice(1, 0, iterations.plan);
    part.jobs.push(iterations.job);
  }
  part.jobs.push(await derivedExperimentJob(file));
  return part;
}
