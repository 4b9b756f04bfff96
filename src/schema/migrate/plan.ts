/**
 * Planning a migration without writing anything: from a file already opened (the extension's open databases) or
 * from a path (the CLI's --dry-run), plus a plain-text rendering for the terminal and confirmation dialogs.
 */
import * as path from 'node:path';
import type { Database } from '../../db/types';
import { openSimCashFile, simCashFileFromDatabase } from '../../model';
import type { SimCashFile } from '../../model';
import { prepareMigration } from './program';
import type { MigrationPlan } from './types';

/** A plan together with the state of the file it was made for (pass it to applyMigration as `expect`). */
export interface FilePlan extends MigrationPlan {
  file: { path: string; sizeBytes: number; mtimeMs: number };
}

/** The plan for an opened file (a query-layer file, or any Database). Reads only. */
export async function planMigration(source: SimCashFile | Database): Promise<FilePlan> {
  const file = 'detection' in source ? source : await simCashFileFromDatabase(source);
  const { plan } = await prepareMigration(file);
  const info = file.db.info;
  return { ...plan, file: { path: info.path, sizeBytes: info.sizeBytes, mtimeMs: info.mtimeMs } };
}

/** The plan for a file on disk: opens it read-only on the calling thread, plans, closes it. */
export async function planMigrationForFile(filePath: string): Promise<FilePlan> {
  const file = await openSimCashFile(filePath, { worker: false });
  try {
    return await planMigration(file);
  } finally {
    await file.close();
  }
}

const count = (n: number): string => n.toLocaleString('en-US');
const rowsText = (n: number): string => `${count(n)} row${n === 1 ? '' : 's'}`;

/** The plan as text: what happens, step by step, table by table, then warnings and the safety guarantees. */
export function renderPlan(plan: MigrationPlan | FilePlan): string {
  const lines: string[] = [plan.summary];
  if ('file' in plan) {
    lines.push(`File: ${plan.file.path} (${(plan.file.sizeBytes / 2 ** 20).toFixed(1)} MiB)`);
  }
  if (plan.noop) {
    return `${lines.join('\n')}\n`;
  }
  plan.steps.forEach((step, i) => {
    lines.push('', `${i + 1}. ${step.title}`, `   ${step.description}`);
    for (const table of step.tables) {
      const from = table.from.length > 0 ? table.from.join(' + ') : '(derived)';
      const rows = table.rows === table.sourceRows ? rowsText(table.rows) : `${rowsText(table.rows)} (from ${count(table.sourceRows)})`;
      lines.push(`   ${from} → ${table.to}: ${rows}`);
      for (const note of table.notes) {
        lines.push(`     - ${note}`);
      }
    }
  });
  if (plan.warnings.length > 0) {
    lines.push('', 'Warnings:', ...plan.warnings.map((w) => `  - ${w}`));
  }
  const name = 'file' in plan ? path.basename(plan.file.path) : 'the file';
  lines.push(
    '',
    `Nothing is written until the migration is applied. It builds the new database in a temporary file next to ${name}, verifies it, ` +
      'keeps a backup copy of the original (unless told not to) and only then replaces the original; if anything fails, the original stays as it was.',
  );
  return `${lines.join('\n')}\n`;
}
