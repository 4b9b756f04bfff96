import type { Command } from 'commander';
import { listExperiments } from '../../model';
import type { CliContext } from '../context';
import { experimentStatus } from '../describe';
import { formatCents, formatCount, renderTable } from '../format';

export function registerExperiments(program: Command, ctx: CliContext): void {
  program
    .command('experiments')
    .description('list experiments: iterations, convergence, best and final cost, linked and replayable simulations')
    .argument('<db>', 'SQLite file')
    .option('--json', 'machine-readable output (costs in integer cents)')
    .action(async (db: string, options: { json?: boolean }) => {
      const experiments = await ctx.withFile(db, listExperiments);
      if (options.json) {
        ctx.json(experiments);
        return;
      }
      if (experiments.length === 0) {
        ctx.out('No experiments in this file.');
        return;
      }
      ctx.out(
        renderTable(
          [
            { header: 'ID' },
            { header: 'Name' },
            { header: 'Type' },
            { header: 'Iterations', align: 'right' },
            { header: 'Status' },
            { header: 'Best cost', align: 'right' },
            { header: 'Final cost', align: 'right' },
            { header: 'Simulations', align: 'right' },
            { header: 'Replayable', align: 'right' },
          ],
          experiments.map((e) => [
            e.experiment_id,
            e.experiment_name,
            e.experiment_type,
            e.num_iterations !== null && e.num_iterations !== e.iteration_count ? `${e.iteration_count} of ${e.num_iterations}` : String(e.iteration_count),
            experimentStatus(e),
            formatCents(e.best_cost),
            formatCents(e.final_cost),
            formatCount(e.linked_simulation_count),
            formatCount(e.replayable_simulation_count),
          ]),
        ),
      );
    });
}
