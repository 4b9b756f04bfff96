import type { Command } from 'commander';
import { fileSummary } from '../../model';
import type { CliContext } from '../context';
import { formatBytes, formatCount, renderTable } from '../format';

export function registerInfo(program: Command, ctx: CliContext): void {
  program
    .command('info')
    .description('show what kind of file DB is: kind, schema version, size, warnings, tables and their rows')
    .argument('<db>', 'SQLite file')
    .option('--json', 'machine-readable output')
    .action(async (db: string, options: { json?: boolean }) => {
      const summary = await ctx.withFile(db, fileSummary);
      if (options.json) {
        ctx.json({
          path: summary.path,
          kind: summary.kind,
          schema_version: summary.schemaVersion,
          label: summary.label,
          size_bytes: summary.sizeBytes,
          warnings: summary.warnings,
          migratable: summary.migratable,
          experiment_count: summary.experimentCount,
          simulation_count: summary.simulationCount,
          simulations_by_level: summary.simulationsPerLevel,
          total_events: summary.totalEvents,
          tables: summary.tables,
        });
        return;
      }
      const levels = Object.entries(summary.simulationsPerLevel)
        .map(([level, n]) => `${level}: ${formatCount(n)}`)
        .join(', ');
      const lines = [
        `File:     ${summary.path}`,
        `Kind:     ${summary.kind} (${summary.label})`,
        `Version:  ${summary.schemaVersion ?? '-'}${summary.migratable ? ' (can be migrated to the current unified schema)' : ''}`,
        `Size:     ${formatBytes(summary.sizeBytes)} (${formatCount(summary.sizeBytes)} bytes)`,
        `Contents: ${formatCount(summary.experimentCount)} experiments, ${formatCount(summary.simulationCount)} simulations${levels ? ` (${levels})` : ''}, ${formatCount(summary.totalEvents)} events`,
        ...summary.warnings.map((w) => `Warning:  ${w}`),
        '',
        `Tables: ${Object.keys(summary.tables).length}`,
      ];
      ctx.out(lines.join('\n'));
      const rows = Object.entries(summary.tables).map(([name, n]) => [name, formatCount(n)]);
      if (rows.length > 0) {
        ctx.out(renderTable([{ header: 'Table' }, { header: 'Rows', align: 'right' }], rows, '  '));
      }
    });
}
