import * as path from 'node:path';
import type { Command } from 'commander';
import { applyMigration, MigrationError, planMigrationForFile, renderPlan } from '../../schema/migrate';
import type { FilePlan, MigrationPlan, MigrationResult } from '../../schema/migrate';
import type { CliContext } from '../context';
import { CliError } from '../context';
import { formatCount } from '../format';

interface Options {
  dryRun?: boolean;
  out?: string;
  /** Commander's --no-backup: false when given. */
  backup: boolean;
  json?: boolean;
}

export function registerMigrate(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('migrate DB (a legacy simulation, experiment or castro file, or an older unified file) to the current unified schema')
    .argument('<db>', 'SimCash database to migrate')
    .option('--dry-run', 'print the migration plan and write nothing')
    .option('-o, --out <new-db>', 'write the migrated database to NEW-DB and leave DB untouched')
    .option('--no-backup', 'replace DB without keeping a copy of the original next to it')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nThe migrated database is built in a temporary file next to the target, verified (schema version, row counts per table)\n' +
        'and only then renamed over DB; a byte copy of the original is kept as DB.backup-<time>.db unless --no-backup is given.\n' +
        'If anything fails, DB is left exactly as it was. Migrating a current file again does nothing.',
    )
    .action(async (db: string, options: Options) => {
      if (options.dryRun) {
        const plan = await planMigrationForFile(db);
        if (plan.status === 'unsupported') {
          throw new CliError(plan.summary);
        }
        if (options.json) {
          ctx.json(planJson(plan));
        } else {
          ctx.out(renderPlan(plan));
        }
        return;
      }
      const progress = progressLine(ctx);
      let result: MigrationResult;
      try {
        result = await applyMigration(db, { out: options.out, backup: options.backup, onProgress: progress.update });
      } catch (error) {
        progress.clear();
        if (error instanceof MigrationError) {
          throw new CliError(error.message);
        }
        throw error;
      }
      progress.clear();
      if (options.json) {
        ctx.json(resultJson(result));
        return;
      }
      ctx.out(resultText(result));
    });
}

/**
 * Progress on stderr: one line redrawn in place on a terminal (at most ten times a second); elsewhere (a log, a
 * pipe) one line per tenth of the work, so that logs stay short.
 */
function progressLine(ctx: CliContext): { update: (fraction: number, message: string) => void; clear: () => void } {
  const stream = ctx.io.stderr as { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  const tty = stream.isTTY === true;
  let lastMessage = '';
  let lastDraw = 0;
  let lastTenth = -1;
  let drawn = false;
  return {
    update(fraction, message) {
      const line = `migrating ${String(Math.floor(fraction * 100)).padStart(3)}%  ${message}`;
      if (tty) {
        const now = Date.now();
        if (message === lastMessage && now - lastDraw < 100) {
          return;
        }
        lastDraw = now;
        drawn = true;
        stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (stream.columns ?? 100) - 1))}`);
      } else if (Math.floor(fraction * 10) !== lastTenth) {
        lastTenth = Math.floor(fraction * 10);
        stream.write(`${line}\n`);
      }
      lastMessage = message;
    },
    clear() {
      if (tty && drawn) {
        stream.write('\r\x1b[2K');
      }
    },
  };
}

function resultText(result: MigrationResult): string {
  if (result.noop) {
    return result.message;
  }
  const tables = result.verified?.tables ?? {};
  const lines = [
    result.outPath === result.inputPath
      ? `Migrated ${result.inputPath}: ${result.plan.summary} (${(result.elapsedMs / 1000).toFixed(1)} s)`
      : `Wrote ${result.outPath}: ${result.plan.summary} (${(result.elapsedMs / 1000).toFixed(1)} s); ${path.basename(result.inputPath)} is unchanged`,
    `  verified: unified schema v${result.verified?.schemaVersion ?? '?'}, ${Object.keys(tables).length} tables, ` +
      `${formatCount(tables.experiments ?? 0)} experiments, ${formatCount(tables.simulation_runs ?? 0)} simulations, ${formatCount(tables.simulation_events ?? 0)} events`,
  ];
  if (result.outPath === result.inputPath) {
    lines.push(result.backupPath ? `  backup:   ${result.backupPath}` : '  backup:   none (--no-backup)');
  }
  lines.push(...result.plan.warnings.map((w) => `  warning:  ${w}`));
  return lines.join('\n');
}

function resultJson(result: MigrationResult): Record<string, unknown> {
  return {
    noop: result.noop,
    message: result.message,
    input_path: result.inputPath,
    out_path: result.outPath,
    backup_path: result.backupPath,
    from: result.plan.from,
    to: result.plan.to,
    elapsed_ms: result.elapsedMs,
    phases_ms: result.phases,
    tables: result.verified?.tables ?? null,
    warnings: result.plan.warnings,
  };
}

function planJson(plan: MigrationPlan | FilePlan): Record<string, unknown> {
  return {
    status: plan.status,
    noop: plan.noop,
    summary: plan.summary,
    ...('file' in plan ? { file: { path: plan.file.path, size_bytes: plan.file.sizeBytes, mtime_ms: plan.file.mtimeMs } } : {}),
    from: plan.from,
    to: plan.to,
    steps: plan.steps.map((step) => ({
      title: step.title,
      description: step.description,
      tables: step.tables.map((t) => ({ from: t.from, to: t.to, rows: t.rows, source_rows: t.sourceRows, notes: t.notes })),
    })),
    warnings: plan.warnings,
    expected_rows: plan.expectedRows,
  };
}
