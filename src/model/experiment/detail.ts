import type { SimCashFile } from '../file';
import { getExperiment } from '../experiments';
import { listIterations } from '../iterations';
import type { IterationSummary } from '../types';
import { asInteger, asString, isPlainObject, parseJson } from '../values';
import { evaluationFacts, identityFacts, optimizerFacts, persistenceFacts } from './config';
import { experimentKeys, fileSchema } from './fileSchema';
import { firstAuditModel } from './llmAudit';
import type { ExperimentDetail, SimulationLinkage } from './types';

/** The migration command's title, named wherever a file's layout lacks something the unified schema stores. */
export const MIGRATE_COMMAND_TITLE = 'SimCash: Migrate Database';

/**
 * Everything the experiment view's header says about one experiment, or null when the file has no experiment with
 * that id. Pass the iterations when the caller has them already (they are read otherwise).
 */
export async function getExperimentDetail(file: SimCashFile, experimentId: string, known: { iterations?: IterationSummary[] } = {}): Promise<ExperimentDetail | null> {
  const summary = await getExperiment(file, experimentId);
  if (!summary) return null;
  const iterations = known.iterations ?? (await listIterations(file, experimentId));
  const stored = await storedFacts(file, experimentId);
  const config = stored.config;
  const identity = identityFacts(config);
  const evaluation = evaluationFacts(config);
  const optimizer = optimizerFacts(config, await firstAuditModel(file, experimentId));
  let linkage = await simulationLinkage(file, experimentId);
  // Iterations that name no runs, and no run that names the experiment: nothing is linked at all.
  if (linkage === 'inferred' && summary.linked_simulation_count === 0) linkage = 'none';
  let best: IterationSummary | null = null;
  for (const it of iterations) {
    if (best === null || it.total_cost < best.total_cost) best = it;
  }
  return {
    ...summary,
    description: identity.description,
    scenario_path: stored.scenarioPath ?? identity.scenario,
    master_seed: stored.masterSeed ?? identity.seed,
    config,
    optimizer,
    persistence: persistenceFacts(config),
    evaluation_mode: evaluation.mode,
    num_samples: evaluation.samples,
    max_iterations: evaluation.maxIterations,
    optimized_agents: evaluation.agents.length > 0 ? evaluation.agents : stored.optimizedAgents,
    simulation_linkage: linkage,
    best_iteration: best?.iteration ?? null,
    notes: notesFor(file, linkage, summary.linked_simulation_count),
  };
}

interface StoredFacts {
  config: Record<string, unknown>;
  scenarioPath: string | null;
  masterSeed: number | null;
  optimizedAgents: string[];
}

/** The experiment row's configuration and the facts some layouts keep in columns of their own. */
async function storedFacts(file: SimCashFile, experimentId: string): Promise<StoredFacts> {
  const schema = await fileSchema(file);
  const castro = file.detection.kind === 'castro';
  const table = castro ? 'game_sessions' : 'experiments';
  const key = castro ? 'game_id' : experimentKeys(file).experiment === 'run_id' ? 'run_id' : 'experiment_id';
  if (!schema.hasColumn(table, key)) return { config: {}, scenarioPath: null, masterSeed: null, optimizedAgents: [] };
  const col = (c: string, as = c): string => schema.select(table, 'e', c, as);
  const [row] = await file.db.query(
    `SELECT ${col(castro ? 'config_json' : 'config', 'config')}, ${col(castro ? 'scenario_config' : 'scenario_path', 'scenario_path')}, ` +
      `${col('master_seed')}, ${col('optimized_agents')} FROM "${table}" e WHERE e."${key}" = ?`,
    [experimentId],
  );
  const config = parseJson(row?.config);
  const agents = parseJson(row?.optimized_agents);
  return {
    config: isPlainObject(config) ? config : {},
    scenarioPath: asString(row?.scenario_path),
    masterSeed: asInteger(row?.master_seed),
    optimizedAgents: Array.isArray(agents) ? agents.filter((a): a is string => typeof a === 'string') : [],
  };
}

async function simulationLinkage(file: SimCashFile, experimentId: string): Promise<SimulationLinkage> {
  switch (file.detection.kind) {
    case 'castro':
      return 'none';
    case 'unified': {
      const schema = await fileSchema(file);
      if (!schema.hasColumns('experiment_iterations', 'experiment_id', 'evaluation_simulation_id', 'bootstrap_simulation_ids')) return 'inferred';
      const [row] = await file.db.query<{ n: number }>(
        'SELECT COUNT(*) AS n FROM experiment_iterations WHERE experiment_id = ? AND (evaluation_simulation_id IS NOT NULL OR bootstrap_simulation_ids IS NOT NULL)',
        [experimentId],
      );
      return (row?.n ?? 0) > 0 ? 'stored' : 'inferred';
    }
    default:
      return 'inferred';
  }
}

function notesFor(file: SimCashFile, linkage: SimulationLinkage, linkedCount: number): string[] {
  const notes: string[] = [];
  const migrate = `Run "${MIGRATE_COMMAND_TITLE}" to convert the file to the unified schema, which stores these links.`;
  if (file.detection.kind === 'castro') {
    notes.push(
      'This is a castro (LLM audit) database: each game session is shown as an experiment. It keeps policies, costs and the LLM exchanges, ' +
        `but no simulations, so simulations are not linked and there are no events to open or replay. ${MIGRATE_COMMAND_TITLE} converts it to the unified schema.`,
    );
  } else if (file.detection.kind === 'legacy-experiment') {
    notes.push(
      'This is a legacy experiment database: its iterations do not store links to their simulations, so simulations are not linked. ' +
        (linkedCount > 0
          ? 'The simulations shown are matched through the simulations table (experiment_run_id, experiment_iteration and the purpose in their ids); bootstrap samples were only kept when the run used --persist-bootstrap. '
          : 'No simulations of this experiment are stored in the file. ') +
        migrate,
    );
    notes.push('Accepted changes come from policy_evaluations: this layout wrote experiment_iterations.accepted_changes before the agents were optimised, so it is always false there.');
  } else if (linkage === 'inferred' && linkedCount > 0) {
    notes.push("This experiment's iterations do not store links to their simulations; they are matched through simulation_runs.experiment_id and iteration.");
  }
  if (file.detection.kind === 'unified' && linkedCount === 0) {
    notes.push(
      linkage === 'none'
        ? 'No simulations are linked to this experiment: its iterations name none and no stored run belongs to it (for example an experiment migrated from a castro file).'
        : 'No simulation of this experiment was persisted (persistence level none), so there are no simulations to open.',
    );
  }
  return notes;
}
