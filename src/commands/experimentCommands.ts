import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../databaseRegistry';
import { listExperiments } from '../model';
import { formatCents } from '../format';
import { ExperimentPanels } from '../views/experimentPanel';
import type { TreeRevealer } from '../views/databaseEditor';
import { log } from '../log';

export const OPEN_EXPERIMENT_COMMAND = 'simcash.openExperiment';

/** Where an experiment lives; what the tree's experiment and iteration items and the overview page pass. */
interface ExperimentTarget {
  filePath: string;
  experimentId: string;
}

/**
 * "SimCash: Open Experiment…": opens (or shows again) an experiment's panel. Called with a tree item, with
 * `{ filePath, experimentId }` (the overview page), with `(filePath, experimentId)`, with a file only (then the
 * experiment is picked), or with nothing (the database, then the experiment, are picked).
 */
function registerExperimentCommands(registry: DatabaseRegistry, panels: ExperimentPanels): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(OPEN_EXPERIMENT_COMMAND, async (first?: unknown, second?: unknown) => {
      try {
        const target = asTarget(first, second) ?? (await pickExperiment(registry, fileOf(first)));
        if (target) panels.open(target.filePath, target.experimentId);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log().error(`Open Experiment: ${message}`);
        void vscode.window.showErrorMessage(`SimCash could not open the experiment: ${message}`);
      }
    }),
  ];
}

function asTarget(first: unknown, second: unknown): ExperimentTarget | undefined {
  if (typeof first === 'string' && typeof second === 'string') return { filePath: first, experimentId: second };
  if (typeof first === 'object' && first !== null) {
    const o = first as Record<string, unknown>;
    if (typeof o.filePath === 'string' && typeof o.experimentId === 'string') return { filePath: o.filePath, experimentId: o.experimentId };
  }
  return undefined;
}

/** A file named by the arguments without an experiment: a path, a Uri, or a tree item of a database. */
function fileOf(first: unknown): string | undefined {
  if (typeof first === 'string') return first;
  if (first instanceof vscode.Uri) return first.fsPath;
  if (typeof first === 'object' && first !== null && typeof (first as { filePath?: unknown }).filePath === 'string') return (first as { filePath: string }).filePath;
  return undefined;
}

async function pickExperiment(registry: DatabaseRegistry, knownFile: string | undefined): Promise<ExperimentTarget | undefined> {
  const filePath = knownFile ?? (await pickDatabase(registry));
  if (!filePath) return undefined;
  const file = await registry.open(filePath);
  const experiments = await listExperiments(file);
  if (experiments.length === 0) {
    void vscode.window.showInformationMessage(`${path.basename(filePath)} holds no experiments (${file.detection.label}).`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    experiments.map((e) => ({
      label: e.experiment_name,
      description: `${e.experiment_type} · ${e.iteration_count} iterations · ${e.converged ? 'converged' : (e.convergence_reason ?? 'not converged')} · best ${formatCents(e.best_cost)}`,
      detail: e.experiment_id,
      experimentId: e.experiment_id,
    })),
    { title: `Open Experiment: ${path.basename(filePath)}`, placeHolder: 'Experiment', matchOnDescription: true, matchOnDetail: true },
  );
  return picked && { filePath: file.path, experimentId: picked.experimentId };
}

async function pickDatabase(registry: DatabaseRegistry): Promise<string | undefined> {
  const browse = { label: '$(folder-opened) Open a database file…', filePath: undefined as string | undefined };
  const open = registry.paths.map((p) => ({ label: path.basename(p), description: path.dirname(p), filePath: p as string | undefined }));
  const picked = open.length === 0 ? browse : await vscode.window.showQuickPick([...open, browse], { title: 'Open Experiment: database', placeHolder: 'Database' });
  if (!picked) return undefined;
  if (picked.filePath) return picked.filePath;
  const [uri] =
    (await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Open in SimCash',
      filters: { 'SimCash databases': ['db', 'sqlite', 'sqlite3'], 'All files': ['*'] },
    })) ?? [];
  return uri?.fsPath;
}

/**
 * The experiment view: its panels (with their serializer) and the command that opens them. Registered through
 * `context.subscriptions`; returns the panels for the test API.
 */
export function registerExperimentView(context: vscode.ExtensionContext, registry: DatabaseRegistry, tree: TreeRevealer): ExperimentPanels {
  const panels = new ExperimentPanels(context.extensionUri, registry, tree);
  context.subscriptions.push(panels, ...registerExperimentCommands(registry, panels));
  return panels;
}
