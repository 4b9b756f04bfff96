import * as fs from 'node:fs';
import { Option } from 'commander';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError } from '../context';
import { formatBytes, formatCount, renderTable } from '../format';
import { integerOption } from '../options';

const KINDS = ['unified', 'legacy-simulation', 'legacy-experiment', 'castro'] as const;
type Kind = (typeof KINDS)[number];

interface Options {
  kind: Kind;
  seed?: number;
  events?: number;
  force?: boolean;
  json?: boolean;
}

export function registerSample(program: Command, ctx: CliContext): void {
  program
    .command('sample')
    .description('write a deterministic sample database (a demo of every view) to OUT')
    .argument('<out>', 'file to write (refuses to overwrite without --force)')
    .addOption(new Option('-k, --kind <kind>', 'file layout').choices(KINDS).default('unified'))
    .option('-s, --seed <n>', 'master seed (same seed, same contents)', integerOption(0))
    .option('--events <n>', 'add one large standalone simulation of about this many events', integerOption(0))
    .option('-f, --force', 'overwrite OUT if it exists')
    .option('--json', 'machine-readable report')
    .action(async (out: string, options: Options) => {
      if (!options.force && fs.existsSync(out)) {
        throw new CliError(`${out} already exists; add --force to overwrite it.`);
      }
      // Loaded only here: the generator pulls in better-sqlite3 and the simulator, which no other command needs.
      const { generateSampleDatabase } = await import('../../sample/generate');
      let report: Awaited<ReturnType<typeof generateSampleDatabase>>;
      try {
        report = await generateSampleDatabase(out, { kind: options.kind, seed: options.seed, events: options.events, force: options.force });
      } catch (error) {
        // The generator's own refusals (file exists, bad option) are messages for the user, not crashes.
        throw new CliError(`Cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (options.json) {
        ctx.json(report);
        return;
      }
      const lines = [
        `Wrote ${report.path}`,
        `  kind ${report.kind}, seed ${report.seed}, ${formatBytes(report.sizeBytes)}, ${formatCount(report.elapsedMs)} ms`,
        `  ${formatCount(report.experiments)} experiments, ${formatCount(report.simulations)} simulations` +
          (report.largeSimulationEvents !== null ? `, large simulation: ${formatCount(report.largeSimulationEvents)} events` : ''),
      ];
      ctx.out(lines.join('\n'));
      const rows = Object.entries(report.tables)
        .filter(([, n]) => n > 0)
        .map(([name, n]) => [name, formatCount(n)]);
      ctx.out(renderTable([{ header: 'Table' }, { header: 'Rows', align: 'right' }], rows, '  '));
      ctx.out(`Next: simcash-db list ${out}`);
    });
}
