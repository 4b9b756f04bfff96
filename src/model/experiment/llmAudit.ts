/**
 * The LLM audit of an experiment: every prompt, answer and parsed policy, with the model, tokens and latency.
 * Three layouts hold it:
 * - unified files: `llm_interaction_log`, `policy_diffs` and `iteration_context`, keyed by experiment_id/iteration;
 * - castro files: the same three tables keyed by game_id/iteration_number, with model, tokens, latency and the
 *   validator's errors in `policy_iterations`;
 * - legacy experiment files: one `experiment_events` row of type `llm_interaction` per agent and iteration, whose
 *   JSON carries everything.
 * Listing reads lengths and the short fields only (in SQL, JSON1 included); the long texts of one exchange are read
 * when it is opened.
 */
import type { Row, SqlValue } from '../../db/types';
import type { SimCashFile } from '../file';
import type { SchemaInfo } from '../schemaInfo';
import { asInteger, asNumber, asString, isPlainObject, parseJson } from '../values';
import { stringList } from './evaluations';
import { fileSchema } from './fileSchema';
import type { LlmContext, LlmInteraction, LlmInteractionSummary } from './types';

interface AuditTables {
  /** Column naming the experiment in the three audit tables. */
  key: 'experiment_id' | 'game_id';
  iteration: 'iteration' | 'iteration_number';
}

/** The unified or castro audit tables, or null when the file keeps its audit as experiment events (or not at all). */
function auditTables(file: SimCashFile, schema: SchemaInfo): AuditTables | null {
  const tables: AuditTables = file.detection.kind === 'castro' ? { key: 'game_id', iteration: 'iteration_number' } : { key: 'experiment_id', iteration: 'iteration' };
  return schema.hasColumns('llm_interaction_log', tables.key, tables.iteration, 'agent_id') ? tables : null;
}

function legacyAudit(file: SimCashFile, schema: SchemaInfo): boolean {
  return file.detection.kind === 'legacy-experiment' && schema.hasColumns('experiment_events', 'run_id', 'event_type', 'event_data');
}

/** Field names the predecessor's experiment events used over time, for each fact. */
const LEGACY_FIELDS = {
  model: ['model', 'llm_model'],
  tokens: ['tokens_used', 'total_tokens', 'tokens'],
  latency: ['latency_seconds', 'latency'],
} as const;

const firstOf = (names: readonly string[]): string => `COALESCE(${names.map((n) => `json_extract(e.event_data, '$.${n}')`).join(', ')})`;

/** Every LLM exchange of the experiment, by iteration and agent (empty when the file keeps no audit). */
export function listLlmInteractions(file: SimCashFile, experimentId: string): Promise<LlmInteractionSummary[]> {
  return querySummaries(file, experimentId, null);
}

/** The listing, or only the row `rowid` of it. */
async function querySummaries(file: SimCashFile, experimentId: string, rowid: number | null): Promise<LlmInteractionSummary[]> {
  const schema = await fileSchema(file);
  const only = rowid === null ? [] : [rowid];
  const tables = auditTables(file, schema);
  if (tables) {
    const l = (c: string, as = c): string => schema.select('llm_interaction_log', 'l', c, as);
    const castro = tables.key === 'game_id';
    const joined = castro && schema.hasColumns('policy_iterations', 'game_id', 'agent_id', 'iteration_number');
    const p = (c: string, as: string): string => (joined ? schema.select('policy_iterations', 'p', c, as) : `NULL AS "${as}"`);
    const model = castro ? p('llm_model', 'model') : l('llm_model', 'model');
    const tokens = castro ? p('tokens_used', 'tokens_used') : l('tokens_used');
    const latency = castro ? p('llm_latency_seconds', 'latency_seconds') : l('latency_seconds');
    const join = joined ? ' LEFT JOIN policy_iterations p ON p.game_id = l.game_id AND p.agent_id = l.agent_id AND p.iteration_number = l.iteration_number' : '';
    const length = (c: string): string => (schema.hasColumn('llm_interaction_log', c) ? `COALESCE(LENGTH(l."${c}"), 0)` : '0');
    const rows = await file.db.query(
      `SELECT l.rowid AS key, l."${tables.iteration}" AS iteration, l.agent_id AS agent_id, ${model}, ${tokens}, ${latency}, ` +
        `${schema.hasColumn('llm_interaction_log', 'parsing_error') ? 'SUBSTR(l.parsing_error, 1, 400)' : 'NULL'} AS error, ${p('validation_errors', 'validation_errors')}, ` +
        `${length('system_prompt')} + ${length('user_prompt')} AS prompt_chars, ${length('raw_response')} AS response_chars, ${l('request_timestamp')} ` +
        `FROM llm_interaction_log l${join} WHERE l."${tables.key}" = ?${rowid === null ? '' : ' AND l.rowid = ?'} ORDER BY l."${tables.iteration}", l.agent_id, l.rowid`,
      [experimentId, ...only],
    );
    return rows.map((row) => summaryFromRow(row, stringList(parseJson(row.validation_errors))));
  }
  if (legacyAudit(file, schema)) {
    const rows = await file.db.query(
      `SELECT e.id AS key, e.iteration AS iteration, json_extract(e.event_data, '$.agent_id') AS agent_id, ${firstOf(LEGACY_FIELDS.model)} AS model, ` +
        `${firstOf(LEGACY_FIELDS.tokens)} AS tokens_used, json_extract(e.event_data, '$.prompt_tokens') AS prompt_tokens, ` +
        `json_extract(e.event_data, '$.completion_tokens') AS completion_tokens, ${firstOf(LEGACY_FIELDS.latency)} AS latency_seconds, ` +
        `SUBSTR(json_extract(e.event_data, '$.parsing_error'), 1, 400) AS error, ` +
        `COALESCE(LENGTH(json_extract(e.event_data, '$.system_prompt')), 0) + COALESCE(LENGTH(json_extract(e.event_data, '$.user_prompt')), 0) AS prompt_chars, ` +
        `COALESCE(LENGTH(json_extract(e.event_data, '$.raw_response')), 0) AS response_chars, e.timestamp AS request_timestamp ` +
        `FROM experiment_events e WHERE e.run_id = ? AND e.event_type = 'llm_interaction' AND json_valid(e.event_data)${rowid === null ? '' : ' AND e.id = ?'} ` +
        'ORDER BY e.iteration, agent_id, e.id',
      [experimentId, ...only],
    );
    return rows.map((row) => {
      const summary = summaryFromRow(row, []);
      if (summary.tokens_used === null && (row.prompt_tokens !== null || row.completion_tokens !== null)) {
        summary.tokens_used = (asInteger(row.prompt_tokens) ?? 0) + (asInteger(row.completion_tokens) ?? 0);
      }
      return summary;
    });
  }
  return [];
}

/** One exchange with its long texts, the writer's diff summary and the context the prompt was built from. */
export async function getLlmInteraction(file: SimCashFile, experimentId: string, key: string): Promise<LlmInteraction | null> {
  const schema = await fileSchema(file);
  const rowid = Number(key);
  if (!Number.isSafeInteger(rowid)) return null;
  const tables = auditTables(file, schema);
  if (tables) {
    const [summary] = await querySummaries(file, experimentId, rowid);
    if (!summary) return null;
    const l = (c: string): string => schema.select('llm_interaction_log', 'l', c);
    const [row] = await file.db.query(
      `SELECT ${['system_prompt', 'user_prompt', 'raw_response', 'parsed_policy_json', 'parsing_error', 'llm_reasoning', 'response_timestamp'].map(l).join(', ')} ` +
        `FROM llm_interaction_log l WHERE l.rowid = ? AND l."${tables.key}" = ?`,
      [rowid, experimentId],
    );
    if (!row) return null;
    const where = `"${tables.key}" = ? AND agent_id = ? AND "${tables.iteration}" = ?`;
    const params = [experimentId, summary.agent_id, summary.iteration];
    const diff = schema.hasColumns('policy_diffs', tables.key, tables.iteration, 'agent_id')
      ? (await file.db.query(`SELECT * FROM policy_diffs WHERE ${where}`, params))[0]
      : undefined;
    const context = schema.hasColumns('iteration_context', tables.key, tables.iteration, 'agent_id')
      ? (await file.db.query(`SELECT * FROM iteration_context WHERE ${where}`, params))[0]
      : undefined;
    return {
      ...summary,
      system_prompt: asString(row.system_prompt),
      user_prompt: asString(row.user_prompt),
      raw_response: asString(row.raw_response),
      parsed_policy: parseJson(row.parsed_policy_json),
      parsing_error: asString(row.parsing_error),
      validation_errors: summary.failed && !row.parsing_error && summary.error_summary ? [summary.error_summary] : [],
      reasoning: asString(row.llm_reasoning),
      response_timestamp: asString(row.response_timestamp),
      prompt_tokens: null,
      completion_tokens: null,
      diff_summary: asString(diff?.diff_summary),
      parameter_changes: parameterChanges(parseJson(diff?.parameter_changes_json)),
      context: context ? contextFromRow(context) : null,
    };
  }
  if (legacyAudit(file, schema)) {
    const [summary] = await querySummaries(file, experimentId, rowid);
    const [row] = await file.db.query('SELECT event_data FROM experiment_events WHERE id = ? AND run_id = ?', [rowid, experimentId]);
    const data = parseJson(row?.event_data);
    if (!summary || !isPlainObject(data)) return null;
    const str = (k: string): string | null => (typeof data[k] === 'string' ? (data[k] as string) : null);
    return {
      ...summary,
      system_prompt: str('system_prompt'),
      user_prompt: str('user_prompt'),
      raw_response: str('raw_response'),
      parsed_policy: data.parsed_policy ?? null,
      parsing_error: str('parsing_error'),
      validation_errors: stringList(data.validation_errors),
      reasoning: str('llm_reasoning') ?? str('reasoning'),
      response_timestamp: null,
      prompt_tokens: asInteger(toSql(data.prompt_tokens)),
      completion_tokens: asInteger(toSql(data.completion_tokens)),
      diff_summary: null,
      parameter_changes: [],
      context: null,
    };
  }
  return null;
}

/** The model named by the audit rows, for files whose stored configuration omits it. */
export async function firstAuditModel(file: SimCashFile, experimentId: string): Promise<string | null> {
  const schema = await fileSchema(file);
  const tables = auditTables(file, schema);
  if (tables?.key === 'experiment_id' && schema.hasColumn('llm_interaction_log', 'llm_model')) {
    const [row] = await file.db.query('SELECT llm_model FROM llm_interaction_log WHERE experiment_id = ? AND llm_model IS NOT NULL LIMIT 1', [experimentId]);
    return asString(row?.llm_model);
  }
  if (file.detection.kind === 'castro' && schema.hasColumns('policy_iterations', 'game_id', 'llm_model')) {
    const [row] = await file.db.query('SELECT llm_model FROM policy_iterations WHERE game_id = ? AND llm_model IS NOT NULL LIMIT 1', [experimentId]);
    return asString(row?.llm_model);
  }
  if (legacyAudit(file, schema)) {
    const [row] = await file.db.query(
      `SELECT ${firstOf(LEGACY_FIELDS.model)} AS model FROM experiment_events e WHERE e.run_id = ? AND e.event_type = 'llm_interaction' AND json_valid(e.event_data) AND ${firstOf(LEGACY_FIELDS.model)} IS NOT NULL LIMIT 1`,
      [experimentId],
    );
    return asString(row?.model);
  }
  return null;
}

function summaryFromRow(row: Row, validationErrors: string[]): LlmInteractionSummary {
  const error = asString(row.error);
  const failed = (error !== null && error.trim() !== '') || validationErrors.length > 0;
  const firstError = error !== null && error.trim() !== '' ? error : (validationErrors[0] ?? null);
  return {
    key: asString(row.key) ?? '',
    iteration: asInteger(row.iteration) ?? 0,
    agent_id: asString(row.agent_id) ?? '',
    model: asString(row.model),
    tokens_used: asInteger(row.tokens_used),
    latency_seconds: asNumber(row.latency_seconds),
    failed,
    error_summary: failed && firstError !== null ? firstError.split('\n')[0] : null,
    prompt_chars: asInteger(row.prompt_chars) ?? 0,
    response_chars: asInteger(row.response_chars) ?? 0,
    request_timestamp: asString(row.request_timestamp),
  };
}

function contextFromRow(row: Row): LlmContext {
  return {
    num_samples: asInteger(row.num_samples),
    cost_mean: asInteger(row.cost_mean),
    cost_std: asInteger(row.cost_std),
    best_seed: asInteger(row.best_seed),
    best_seed_cost: asInteger(row.best_seed_cost),
    worst_seed: asInteger(row.worst_seed),
    worst_seed_cost: asInteger(row.worst_seed_cost),
    settlement_rate_mean: asNumber(row.settlement_rate_mean),
    best_seed_verbose_output: asString(row.best_seed_verbose_output),
    worst_seed_verbose_output: asString(row.worst_seed_verbose_output),
  };
}

function parameterChanges(value: unknown): Array<{ path: string; old: unknown; new: unknown }> {
  if (!Array.isArray(value)) return [];
  return value.filter(isPlainObject).map((c) => ({ path: typeof c.path === 'string' ? c.path : String(c.parameter ?? c.name ?? '?'), old: c.old ?? c.old_value ?? null, new: c.new ?? c.new_value ?? null }));
}

/** A JSON value that may be a number, as an SqlValue for the shared converters. */
function toSql(value: unknown): SqlValue {
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}
