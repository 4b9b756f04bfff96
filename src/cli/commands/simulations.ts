import type { Command } from 'commander';
import { getExperiment, listSimulations } from '../../model';
import type { CliContext } from '../context';
import { CliError } from '../context';
import { iterationLabel, purposeLabel } from '../describe';
import { formatEvents, orDash, renderTable } from '../format';
import { integerOption } from '../options';

interface Options {
  experiment?: string;
  replayable?: boolean;
  limit?: number;
  json?: boolean;
}

export function registerSimulations(program: Command, ctx: CliContext): void {
  program
    .command('simulations')
    .description('list simulations (standalone and experiment-linked) with their experiment context')
    .argument('<db>', 'SQLite file')
    .option('-e, --experiment <id>', "only this experiment's simulations (ordered by iteration and sample)")
    .option('-r, --replayable', 'only simulations with events stored')
    .option('-n, --limit <n>', 'at most this many', integerOption(1))
    .option('--json', 'machine-readable output (a JSON array)')
    .action(async (db: string, options: Options) => {
      await ctx.withFile(db, async (file) => {
        if (options.experiment !== undefined && !(await getExperiment(file, options.experiment))) {
          throw new CliError(`${file.path} has no experiment "${options.experiment}".`);
        }
        const simulations = await listSimulations(file, {
          experimentId: options.experiment,
          replayableOnly: options.replayable,
          limit: options.limit,
          order: options.experiment !== undefined ? 'experiment' : 'recent',
        });
        if (options.json) {
          ctx.json(simulations);
          return;
        }
        if (simulations.length === 0) {
          ctx.out(`No simulations${options.replayable ? ' with events' : ''} in ${file.path}${options.experiment ? ` for experiment ${options.experiment}` : ''}.`);
          return;
        }
        ctx.out(
          renderTable(
            [
              { header: 'ID' },
              { header: 'Experiment' },
              { header: 'Iter', align: 'right' },
              { header: 'Purpose' },
              { header: 'Level' },
              { header: 'Events', align: 'right' },
            ],
            simulations.map((s) => [s.simulation_id, orDash(s.experiment_id), iterationLabel(s), purposeLabel(s), orDash(s.persistence_level), formatEvents(s.event_count)]),
          ),
        );
      });
    });
}
