import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../databaseRegistry';
import { countSimulations, listExperiments, listIterations, listSimulations, iterationSimulations, type SimCashFile, type SimulationSummary } from '../model';
import { formatCents } from '../format';

/** A node of the SimCash tree; `kind` is also the item's contextValue, which menus match on. */
export type TreeNode =
  | { kind: 'database'; filePath: string }
  | { kind: 'experiments'; filePath: string; count: number }
  | { kind: 'standalone'; filePath: string; count: number }
  | { kind: 'experiment'; filePath: string; experimentId: string; label: string; description: string; tooltip: string }
  | { kind: 'iteration'; filePath: string; experimentId: string; iteration: number; label: string; description: string }
  | { kind: 'simulation'; filePath: string; simulation: SimulationSummary }
  | { kind: 'message'; text: string; tooltip?: string };

/**
 * The SimCash tree: one root per open database; under it the experiments → iterations → simulations and the
 * standalone simulations. Children are loaded when a node is expanded.
 */
export class DatabaseTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  static readonly viewId = 'simcash.databases';
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly registry: DatabaseRegistry) {
    registry.onDidChange(() => this.changed.fire(undefined));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      return this.registry.paths.map((filePath) => ({ kind: 'database', filePath }));
    }
    if (node.kind === 'message' || node.kind === 'simulation') {
      return [];
    }
    let file: SimCashFile;
    try {
      file = await this.registry.open(node.filePath);
    } catch (error) {
      return [{ kind: 'message', text: 'Cannot open this file', tooltip: error instanceof Error ? error.message : String(error) }];
    }
    switch (node.kind) {
      case 'database':
        return this.databaseChildren(file);
      case 'experiments':
        return (await listExperiments(file)).map((e) => ({
          kind: 'experiment',
          filePath: file.path,
          experimentId: e.experiment_id,
          label: e.experiment_name || e.experiment_id,
          description: `${e.iteration_count} iterations · ${e.converged ? 'converged' : (e.convergence_reason ?? 'not converged')}`,
          tooltip: `${e.experiment_id}\nType: ${e.experiment_type}\nBest cost: ${formatCents(e.best_cost)}\nFinal cost: ${formatCents(e.final_cost)}\nLinked simulations: ${e.linked_simulation_count} (${e.replayable_simulation_count} replayable)`,
        }));
      case 'experiment':
        return (await listIterations(file, node.experimentId)).map((it) => ({
          kind: 'iteration',
          filePath: file.path,
          experimentId: node.experimentId,
          iteration: it.iteration,
          label: `Iteration ${it.iteration}`,
          description: `${formatCents(it.total_cost)}${it.any_accepted ? ' · accepted' : ''}`,
        }));
      case 'iteration':
        return (await iterationSimulations(file, node.experimentId, node.iteration)).map((simulation) => ({ kind: 'simulation', filePath: file.path, simulation }));
      case 'standalone':
        return (await listSimulations(file, { scope: 'standalone' })).map((simulation) => ({ kind: 'simulation', filePath: file.path, simulation }));
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'database': {
        const item = new vscode.TreeItem(path.basename(node.filePath), vscode.TreeItemCollapsibleState.Expanded);
        item.description = path.dirname(node.filePath);
        item.tooltip = node.filePath;
        item.iconPath = new vscode.ThemeIcon('database');
        item.resourceUri = vscode.Uri.file(node.filePath);
        return withContext(item, node.kind);
      }
      case 'experiments':
        return withContext(Object.assign(new vscode.TreeItem('Experiments', collapsed), { description: String(node.count), iconPath: new vscode.ThemeIcon('beaker') }), node.kind);
      case 'standalone':
        return withContext(Object.assign(new vscode.TreeItem('Standalone simulations', collapsed), { description: String(node.count), iconPath: new vscode.ThemeIcon('pulse') }), node.kind);
      case 'experiment':
        return withContext(Object.assign(new vscode.TreeItem(node.label, collapsed), { description: node.description, tooltip: node.tooltip, iconPath: new vscode.ThemeIcon('graph-line') }), node.kind);
      case 'iteration':
        return withContext(Object.assign(new vscode.TreeItem(node.label, collapsed), { description: node.description, iconPath: new vscode.ThemeIcon('history') }), node.kind);
      case 'simulation':
        return simulationItem(node.simulation);
      case 'message':
        return Object.assign(new vscode.TreeItem(node.text), { tooltip: node.tooltip, iconPath: new vscode.ThemeIcon('warning') });
    }
  }

  private async databaseChildren(file: SimCashFile): Promise<TreeNode[]> {
    const [experiments, standalone] = await Promise.all([listExperiments(file), countSimulations(file, { scope: 'standalone' })]);
    const children: TreeNode[] = [];
    if (experiments.length > 0 || file.detection.kind === 'unified') {
      children.push({ kind: 'experiments', filePath: file.path, count: experiments.length });
    }
    if (standalone > 0 || file.detection.kind === 'unified') {
      children.push({ kind: 'standalone', filePath: file.path, count: standalone });
    }
    if (children.length === 0) {
      children.push({ kind: 'message', text: file.detection.label, tooltip: 'This file holds no SimCash experiments or simulations.' });
    }
    return children;
  }
}

function simulationItem(s: SimulationSummary): vscode.TreeItem {
  const purpose = s.run_purpose === 'bootstrap' && s.sample_index !== null ? `sample ${s.sample_index}` : (s.run_purpose ?? 'simulation');
  const reason = s.persistence_reason ? ` (${s.persistence_reason})` : '';
  const item = new vscode.TreeItem(s.run_purpose === 'standalone' || s.experiment_id === null ? s.simulation_id : `${purpose}${reason}`);
  item.description = `${s.persistence_level ?? 'unknown level'}${s.event_count > 0 ? ` · ${s.event_count.toLocaleString('en-US')} events` : ''}`;
  item.tooltip = [
    s.simulation_id,
    s.config_name ? `Scenario: ${s.config_name}` : undefined,
    s.status ? `Status: ${s.status}` : undefined,
    `Persistence level: ${s.persistence_level ?? 'unknown'}${reason}`,
    `Events: ${s.event_count.toLocaleString('en-US')}`,
    s.replayable ? 'Replayable' : 'Not replayable (no events stored)',
  ]
    .filter(Boolean)
    .join('\n');
  item.iconPath = new vscode.ThemeIcon(s.replayable ? 'play-circle' : 'circle-large-outline');
  item.contextValue = s.replayable ? 'simulation.replayable' : 'simulation';
  return item;
}

function withContext(item: vscode.TreeItem, contextValue: string): vscode.TreeItem {
  item.contextValue = contextValue;
  return item;
}
