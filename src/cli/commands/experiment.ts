import type { Command } from 'commander';
import { listIterations, type IterationSummary, type SimCashFile } from '../../model';
import { acceptedByIteration, getExperimentDetail, linkedRuns, listPolicyEvaluations, type ExperimentDetail } from '../../model/experiment';
import type { CliContext } from '../context';
import { CliError } from '../context';
import { experimentStatus } from '../describe';
import { formatCents, formatCount, orDash, renderTable } from '../format';

/** What `experiment --json` prints: the experiment's facts and its iterations with their simulation links. */
interface ExperimentJson extends Omit<ExperimentDetail, 'num_iterations'> {
  /** Iterations the experiment records (iteration rows present when it records none). */
  num_iterations: number;
  iterations: Array<{
    iteration: number;
    costs_per_agent: Record<string, number>;
    total_cost: number;
    /** Whose proposal was accepted (policy_evaluations where the file has it: the authoritative record). */
    accepted_changes: Record<string, boolean>;
    timestamp: string | null;
    evaluation_simulation_id: string | null;
    bootstrap_simulation_ids: string[];
    /** The linked simulations that have events stored. */
    replayable_simulation_ids: string[];
  }>;
}

export function registerExperiment(program: Command, ctx: CliContext): void {
  program
    .command('experiment')
    .description("one experiment: its facts (model or optimiser, seed, scenario, convergence, costs, persistence) and its iterations with their simulations")
    .argument('<db>', 'SQLite file')
    .argument('<experiment-id>', 'experiment id (see `simcash-db experiments DB`)')
    .option('--json', 'machine-readable output (costs in integer cents)')
    .action(async (db: string, experimentId: string, options: { json?: boolean }) => {
      await ctx.withFile(db, async (file) => {
        const report = await experimentReport(file, experimentId);
        if (options.json) {
          ctx.json(report);
          return;
        }
        ctx.out(renderReport(report));
      });
    });
}

export async function experimentReport(file: SimCashFile, experimentId: string): Promise<ExperimentJson> {
  const iterations = await listIterations(file, experimentId);
  const detail = await getExperimentDetail(file, experimentId, { iterations });
  if (!detail) throw new CliError(`${file.path} has no experiment "${experimentId}" (see: simcash-db experiments ${file.path}).`);
  const [evaluations, runs] = await Promise.all([listPolicyEvaluations(file, experimentId), linkedRuns(file, experimentId)]);
  const accepted = acceptedByIteration(iterations, evaluations);
  const replayable = new Set(runs.filter((r) => r.replayable).map((r) => r.simulation_id));
  return {
    ...detail,
    num_iterations: detail.num_iterations ?? detail.iteration_count,
    iterations: iterations.map((it) => ({
      iteration: it.iteration,
      costs_per_agent: it.costs_per_agent,
      total_cost: it.total_cost,
      accepted_changes: accepted.get(it.iteration) ?? it.accepted_changes,
      timestamp: it.timestamp,
      evaluation_simulation_id: it.evaluation_simulation_id,
      bootstrap_simulation_ids: it.bootstrap_simulation_ids,
      replayable_simulation_ids: linkedIds(it).filter((id) => replayable.has(id)),
    })),
  };
}

function linkedIds(it: IterationSummary): string[] {
  return [...(it.evaluation_simulation_id === null ? [] : [it.evaluation_simulation_id]), ...it.bootstrap_simulation_ids];
}

function renderReport(r: ExperimentJson): string {
  const persistence =
    r.persistence.level === null && r.persistence.policy === null
      ? 'not recorded'
      : `${orDash(r.persistence.level)}${r.persistence.policy ? `, policy ${r.persistence.policy}` : ''}${r.persistence.persist_simulations.length > 0 ? `, keeping ${r.persistence.persist_simulations.join(', ')}` : ''}`;
  const facts: Array<[string, string]> = [
    ['Name', r.experiment_name],
    ['Type', r.experiment_type],
    ['Created', orDash(r.created_at)],
    ['Completed', orDash(r.completed_at)],
    ['Master seed', orDash(r.master_seed)],
    ['Scenario', orDash(r.scenario_path)],
    ['Optimiser', r.optimizer.label],
    ['Converged', r.converged ? `yes${r.convergence_reason ? ` (${r.convergence_reason})` : ''}` : `no (${experimentStatus(r)})`],
    ['Final cost', formatCents(r.final_cost)],
    ['Best cost', `${formatCents(r.best_cost)}${r.best_iteration === null ? '' : ` (iteration ${r.best_iteration})`}`],
    ['Iterations', `${formatCount(r.iteration_count)}${r.max_iterations === null ? '' : ` of at most ${formatCount(r.max_iterations)}`}`],
    ['Evaluation', `${orDash(r.evaluation_mode)}${r.num_samples === null ? '' : `, ${r.num_samples} samples`}`],
    ['Persistence', persistence],
    ['Simulations', simulationsLine(r)],
  ];
  const width = Math.max(...facts.map(([k]) => k.length)) + 1;
  let text = `Experiment ${r.experiment_id}\n${facts.map(([k, v]) => `  ${`${k}:`.padEnd(width)}  ${v}`).join('\n')}\n`;
  for (const note of r.notes) text += `\nNote: ${note}\n`;
  if (r.iterations.length === 0) return `${text}\nNo iterations.\n`;
  const agents = [...new Set(r.iterations.flatMap((it) => Object.keys(it.costs_per_agent)))].sort();
  text += `\nIterations: ${r.iterations.length}   (✓ proposal accepted, * replayable, ★ best)\n`;
  text += renderTable(
    [
      { header: 'Iter', align: 'right' },
      { header: 'Total', align: 'right' },
      ...agents.map((a) => ({ header: a, align: 'right' as const })),
      { header: 'Evaluation simulation' },
      { header: 'Bootstrap', align: 'right' },
    ],
    r.iterations.map((it) => {
      const replayable = new Set(it.replayable_simulation_ids);
      const bootstrapReplayable = it.bootstrap_simulation_ids.filter((id) => replayable.has(id)).length;
      return [
        `${it.iteration === r.best_iteration ? '★ ' : ''}${it.iteration}`,
        formatCents(it.total_cost),
        ...agents.map((a) => `${formatCents(it.costs_per_agent[a])}${it.accepted_changes[a] ? ' ✓' : '  '}`),
        it.evaluation_simulation_id === null ? '-' : `${it.evaluation_simulation_id}${replayable.has(it.evaluation_simulation_id) ? ' *' : ''}`,
        it.bootstrap_simulation_ids.length === 0 ? '-' : `${it.bootstrap_simulation_ids.length}${bootstrapReplayable > 0 ? ` (${bootstrapReplayable} *)` : ''}`,
      ];
    }),
  );
  return text;
}

function simulationsLine(r: ExperimentJson): string {
  if (r.simulation_linkage === 'none') return 'none linked';
  const linked = `${formatCount(r.linked_simulation_count)} stored, ${formatCount(r.replayable_simulation_count)} replayable`;
  return r.simulation_linkage === 'inferred' ? `${linked} (not linked by the iterations; matched through the runs)` : linked;
}
