/**
 * Reading an experiment's stored configuration. Writers disagree on where things live: the unified writer stores
 * the experiment YAML completed with `llm` or `optimizer` and `output.persistence_*`; the predecessor's runner
 * stored a subset without the model; castro sessions store a GameConfig with per-agent LLM settings. These helpers
 * look in each known place and never throw on an unexpected shape.
 */
import { isPlainObject } from '../values';
import type { OptimizerFacts, PersistenceFacts } from './types';

type Json = Record<string, unknown>;

/** The value at a dotted path of nested objects, or undefined. */
export function configValue(config: Json, path: string): unknown {
  let current: unknown = config;
  for (const key of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : null;
}

function number(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** The first of several paths that holds a usable value. */
function firstText(config: Json, paths: readonly string[]): string | null {
  for (const path of paths) {
    const found = text(configValue(config, path));
    if (found !== null) return found;
  }
  return null;
}

/**
 * The LLM block of a configuration: `llm` (experiment YAML), `llm_config` / `default_llm_config` (GameConfig), or
 * the first agent's `llm` in a per-agent map (GameConfig's `agents` / `agent_configs`).
 */
function llmBlock(config: Json): Json | null {
  for (const key of ['llm', 'llm_config', 'default_llm_config']) {
    const block = config[key];
    if (isPlainObject(block)) return block;
    if (typeof block === 'string' && block.trim() !== '') return { model: block };
  }
  for (const key of ['agents', 'agent_configs']) {
    const agents = config[key];
    if (isPlainObject(agents)) {
      for (const agent of Object.values(agents)) {
        if (isPlainObject(agent) && isPlainObject(agent.llm)) return agent.llm;
        if (isPlainObject(agent) && isPlainObject(agent.llm_config)) return agent.llm_config;
      }
    }
  }
  return null;
}

/** The optimiser or LLM model as the configuration records it; `auditModel` fills in for configs that omit it. */
export function optimizerFacts(config: Json, auditModel: string | null): OptimizerFacts {
  const llm = llmBlock(config);
  const model = llm ? (text(llm.model) ?? text(llm.model_name)) : null;
  if (llm && model) {
    const settings: string[] = [];
    const temperature = number(llm.temperature);
    if (temperature !== null) settings.push(`temperature ${temperature}`);
    const effort = text(llm.reasoning_effort) ?? text(llm.openai_reasoning_effort);
    if (effort !== null) settings.push(`reasoning effort ${effort}`);
    const budget = number(llm.thinking_budget);
    if (budget !== null) settings.push(`thinking budget ${budget}`);
    return { kind: 'llm', model, source: 'config', label: `LLM ${model}${settings.length > 0 ? ` (${settings.join(', ')})` : ''}` };
  }
  const optimizer = config.optimizer ?? config.optimiser;
  if (isPlainObject(optimizer) || typeof optimizer === 'string') {
    const block: Json = isPlainObject(optimizer) ? optimizer : { kind: optimizer };
    const kind = text(block.kind) ?? text(block.name) ?? text(block.type) ?? 'optimizer';
    const parameter = text(block.parameter);
    return { kind: 'optimizer', model: null, source: 'config', label: `${kind}${parameter ? ` on ${parameter}` : ''}` };
  }
  if (auditModel !== null) {
    return { kind: 'llm', model: auditModel, source: 'llm-audit', label: `LLM ${auditModel} (from the LLM audit; the stored configuration does not name it)` };
  }
  return { kind: 'unknown', model: null, source: null, label: 'not recorded in this file' };
}

/** The persistence level and policy the experiment was configured with. */
export function persistenceFacts(config: Json): PersistenceFacts {
  const kept = configValue(config, 'output.persist_simulations') ?? config.persist_simulations;
  return {
    level: firstText(config, ['output.persistence_level', 'persistence_level', 'persistence.level']),
    policy: firstText(config, ['output.persistence_policy', 'persistence_policy', 'persistence.policy']),
    persist_simulations: Array.isArray(kept) ? kept.filter((k): k is string => typeof k === 'string') : typeof kept === 'string' ? [kept] : [],
  };
}

/** Evaluation mode, samples, iteration budget and optimised agents, wherever the configuration keeps them. */
export function evaluationFacts(config: Json): { mode: string | null; samples: number | null; maxIterations: number | null; agents: string[] } {
  const agents = config.optimized_agents;
  return {
    mode: firstText(config, ['evaluation.mode', 'bootstrap.sample_method']),
    samples: number(configValue(config, 'evaluation.num_samples') ?? configValue(config, 'bootstrap.num_samples')),
    maxIterations: number(configValue(config, 'convergence.max_iterations') ?? configValue(config, 'max_iterations')),
    agents: Array.isArray(agents) ? agents.filter((a): a is string => typeof a === 'string') : [],
  };
}

/** Scenario path, seed and description as the configuration records them (for files without those columns). */
export function identityFacts(config: Json): { scenario: string | null; seed: number | null; description: string | null } {
  return {
    scenario: firstText(config, ['scenario', 'scenario_path', 'scenario_config']),
    seed: number(config.master_seed ?? config.seed),
    description: firstText(config, ['description']),
  };
}
