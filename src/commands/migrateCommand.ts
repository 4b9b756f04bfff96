/**
 * "SimCash: Migrate Database": plan, confirm, back up, migrate on a worker thread, verify, reopen. The engine
 * (src/schema/migrate) guarantees the original is untouched on any failure; this module is the user's side of it:
 * choosing the file, showing the plan, progress and cancellation, and saying what happened and where the backup is.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatabaseRegistry } from '../databaseRegistry';
import type { TreeNode } from '../views/databaseTree';
import { DatabaseEditorProvider } from '../views/databaseEditor';
import { planMigration, renderPlan, MigrationError, type FilePlan, type MigrationResult } from '../schema/migrate';
import { applyMigrationInWorker } from '../schema/migrate/workerClient';
import { log } from '../log';

export const MIGRATE_COMMAND = 'simcash.migrateDatabase';

/**
 * Internal options (tests pass them as the command's second argument; the palette and menus never do).
 * `confirm: false` skips the modal confirmation, which tests cannot click in the extension host.
 */
export interface MigrateCommandOptions {
  confirm?: boolean;
}

/** What the command did; returned for the integration tests. */
export interface MigrateOutcome {
  status: 'migrated' | 'noop' | 'unsupported' | 'declined' | 'cancelled' | 'failed' | 'untrusted' | 'no-file';
  filePath?: string;
  message: string;
  backupPath?: string | null;
  result?: MigrationResult;
}

/** A tree node, a file URI (Explorer, overview) or a path; anything else means "ask". */
type MigrateTarget = TreeNode | vscode.Uri | string | undefined;

export function registerMigrateCommand(registry: DatabaseRegistry): vscode.Disposable {
  return vscode.commands.registerCommand(MIGRATE_COMMAND, (target?: MigrateTarget, options?: MigrateCommandOptions) =>
    migrateDatabase(registry, target, options ?? {}),
  );
}

function targetPath(target: MigrateTarget): string | undefined {
  if (typeof target === 'string') return path.resolve(target);
  if (target instanceof vscode.Uri) return target.scheme === 'file' ? path.resolve(target.fsPath) : undefined;
  if (target && typeof target === 'object' && target.kind === 'database') return path.resolve(target.filePath);
  return undefined;
}

/** The active SimCash editor's file, else a pick among the open databases, else a file dialog. */
async function pickDatabase(registry: DatabaseRegistry): Promise<string | undefined> {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom && (tab.viewType === DatabaseEditorProvider.viewType || tab.viewType === DatabaseEditorProvider.sqliteViewType)) {
    return path.resolve(tab.uri.fsPath);
  }
  const open = registry.paths;
  if (open.length === 1) return open[0];
  if (open.length > 1) {
    const picked = await vscode.window.showQuickPick(
      open.map((p) => ({ label: path.basename(p), description: path.dirname(p), filePath: p })),
      { title: 'Migrate which database?' },
    );
    return picked?.filePath;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Migrate this database',
    filters: { 'SimCash databases': ['db', 'sqlite', 'sqlite3'], 'All files': ['*'] },
  });
  return chosen?.[0]?.fsPath;
}

async function migrateDatabase(registry: DatabaseRegistry, target: MigrateTarget, options: MigrateCommandOptions): Promise<MigrateOutcome> {
  const say = (outcome: MigrateOutcome, show: (text: string) => unknown): MigrateOutcome => {
    (outcome.status === 'failed' || outcome.status === 'unsupported' ? log().error : log().info).call(log(), `Migrate: ${outcome.message}`);
    void show(outcome.message);
    return outcome;
  };
  // Migrating rewrites a file; in a workspace the user has not trusted the extension only reads.
  if (!vscode.workspace.isTrusted) {
    return say(
      { status: 'untrusted', message: 'Migrating a database rewrites the file, which SimCash only does in a trusted workspace. Trust this workspace (Workspaces: Manage Workspace Trust) and run the command again.' },
      (m) => vscode.window.showWarningMessage(m),
    );
  }
  const filePath = targetPath(target) ?? (await pickDatabase(registry));
  if (!filePath) {
    return { status: 'no-file', message: 'No database chosen.' };
  }
  const name = path.basename(filePath);
  log().info(`Migrate: planning ${filePath}`);

  let plan: FilePlan;
  try {
    // Opening through the registry plans on the database worker and shows the file in the views afterwards.
    plan = await planMigration(await registry.open(filePath));
  } catch (error) {
    return say({ status: 'failed', filePath, message: `Could not plan the migration of ${name}: ${errorText(error)}` }, (m) => vscode.window.showErrorMessage(m));
  }
  log().info(`Migrate: plan for ${name}:\n${renderPlan(plan)}`);
  if (plan.status === 'up-to-date') {
    return say({ status: 'noop', filePath, message: `${name} is already at unified v${plan.to.version} — nothing to do.` }, (m) => vscode.window.showInformationMessage(m));
  }
  if (plan.status === 'unsupported') {
    return say(
      { status: 'unsupported', filePath, message: `${name} cannot be migrated: ${plan.summary}. Only SimCash databases with an older schema can be migrated to unified v${plan.to.version}.` },
      (m) => vscode.window.showErrorMessage(m),
    );
  }

  if (options.confirm !== false) {
    const answer = await vscode.window.showWarningMessage(
      `Migrate ${name} to the unified schema v${plan.to.version}?`,
      {
        modal: true,
        detail: `${briefPlan(plan)}\n\nA backup copy of the original is written next to it first; the original is only replaced once the migrated copy is verified.`,
      },
      'Migrate',
    );
    if (answer !== 'Migrate') {
      log().info(`Migrate: ${name} not confirmed; nothing was changed.`);
      return { status: 'declined', filePath, message: 'Not confirmed; nothing was changed.' };
    }
  }

  log().info(`Migrate: applying to ${filePath}`);
  let result: MigrationResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Migrating ${name}`, cancellable: true },
      async (progress, token) => {
        const aborter = new AbortController();
        const cancel = token.onCancellationRequested(() => {
          log().info(`Migrate: cancellation requested for ${name}`);
          aborter.abort();
        });
        let reported = 0;
        try {
          return await applyMigrationInWorker(filePath, {
            signal: aborter.signal,
            expect: { sizeBytes: plan.file.sizeBytes, mtimeMs: plan.file.mtimeMs },
            backup: true,
            onProgress: (fraction, message) => {
              // withProgress takes increments, the engine reports totals.
              const percent = Math.max(0, Math.min(100, fraction * 100));
              progress.report({ message, increment: percent - reported });
              reported = Math.max(reported, percent);
              log().debug(`Migrate: ${Math.round(percent)}% ${message}`);
            },
          });
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (error) {
    if (error instanceof MigrationError && error.code === 'cancelled') {
      return say({ status: 'cancelled', filePath, message: `Migration of ${name} cancelled; the original was left as it was.` }, (m) => vscode.window.showInformationMessage(m));
    }
    const backupPath = error instanceof MigrationError ? error.backupPath : null;
    const where = backupPath ? ` A backup is at ${backupPath}.` : '';
    return say(
      { status: 'failed', filePath, backupPath, message: `Migration of ${name} failed; the original was left as it was. ${errorText(error)}${where}` },
      (m) => vscode.window.showErrorMessage(m),
    );
  }

  if (result.noop) {
    return say({ status: 'noop', filePath, result, message: `${name} is already at unified v${plan.to.version} — nothing to do.` }, (m) => vscode.window.showInformationMessage(m));
  }
  log().info(`Migrate: ${result.message} (${Math.round(result.elapsedMs)} ms; phases ${JSON.stringify(result.phases)})`);
  try {
    // The views follow the registry: the editor and the tree rebuild from the migrated file.
    await registry.reload(filePath);
  } catch (error) {
    log().error(`Migrate: ${name} was migrated but could not be reopened: ${errorText(error)}`);
  }
  const backup = result.backupPath ? ` The original is kept at ${result.backupPath}.` : '';
  return say(
    { status: 'migrated', filePath, result, backupPath: result.backupPath, message: `Migrated ${name} to unified v${result.verified?.schemaVersion ?? plan.to.version}.${backup}` },
    (m) => vscode.window.showInformationMessage(m),
  );
}

/**
 * The plan in a few lines for the modal: the full rendering (a note per column) is taller than the window, which
 * pushes the dialog's buttons off screen; the full plan goes to the SimCash log instead.
 */
function briefPlan(plan: FilePlan): string {
  const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
  const lines = [plan.summary];
  plan.steps.forEach((step, i) => {
    const total = step.tables.reduce((sum, t) => sum + t.rows, 0);
    lines.push(`${i + 1}. ${step.title}${step.tables.length > 0 ? ` (${step.tables.length} table${step.tables.length === 1 ? '' : 's'}, ${rows(total)})` : ''}`);
  });
  const shown = plan.warnings.slice(0, 3);
  if (shown.length > 0) {
    lines.push('', 'Warnings:', ...shown.map((w) => `- ${w}`));
    if (plan.warnings.length > shown.length) lines.push(`- and ${plan.warnings.length - shown.length} more`);
  }
  lines.push('', 'The full plan, table by table, is in the SimCash log (SimCash: Show Log).');
  return lines.join('\n');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
