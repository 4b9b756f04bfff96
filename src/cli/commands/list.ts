import type { Command } from 'commander';
import { countSimulations, listExperiments, listSimulations } from '../../model';
import type { CliContext } from '../context';
import { formatCount, orDash, renderList } from '../format';
import { experimentStatus, shellQuote } from '../describe';

/** Standalone runs listed before "... and N more"; a file may hold thousands. */
const STANDALONE_SHOWN = 20;

export function registerList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list experiments, standalone simulations and replayable experiment simulations')
    .argument('<db>', 'SQLite file')
    .option('--json', 'machine-readable output')
    .action(async (db: string, options: { json?: boolean }) => {
      await ctx.withFile(db, async (file) => {
        const experiments = await listExperiments(file);
        const standaloneCount = await countSimulations(file, { scope: 'standalone' });
        const standalone = await listSimulations(file, { scope: 'standalone', limit: options.json ? undefined : STANDALONE_SHOWN });
        const linkedCount = await countSimulations(file, { scope: 'experiment' });
        const replayableCount = await countSimulations(file, { scope: 'experiment', replayableOnly: true });
        if (options.json) {
          ctx.json({
            experiments,
            standalone_simulations: standalone,
            experiment_simulations: { stored: linkedCount, replayable: replayableCount },
          });
          return;
        }
        let text = `Experiments: ${experiments.length}\n`;
        text += renderList(
          experiments.map((e) => [e.experiment_id, e.experiment_type, `${e.num_iterations ?? e.iteration_count} iterations`, experimentStatus(e)]),
        );
        text += `\nStandalone Simulations: ${standaloneCount}\n`;
        text += renderList(standalone.map((s) => [s.simulation_id, orDash(s.config_name), orDash(s.status)]));
        if (standaloneCount > standalone.length) {
          text += `  ... and ${formatCount(standaloneCount - standalone.length)} more: simcash-db simulations ${shellQuote(db)}\n`;
        }
        text += `\nExperiment Simulations: ${replayableCount} (replayable)\n`;
        const withRuns = experiments.filter((e) => e.linked_simulation_count > 0);
        if (linkedCount > 0) {
          text += renderList(
            withRuns.map((e) => [e.experiment_id, `${formatCount(e.replayable_simulation_count)} replayable`, `${formatCount(e.linked_simulation_count)} stored`]),
          );
          for (const e of withRuns) {
            text += `  Use: simcash-db simulations ${shellQuote(db)} --experiment ${shellQuote(e.experiment_id)}\n`;
          }
        }
        ctx.out(text);
      });
    });
}
