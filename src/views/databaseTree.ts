import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../databaseRegistry';
import { countSimulations, listExperiments, listIterations, listSimulations, iterationSimulations, type SimCashFile, type SimulationSummary } from '../model';
import { formatCents, formatCount } from '../format';
import { settings } from '../settings';
import type { TreeRevealer } from './databaseEditor';

interface NodeBase {
  /** Stable across refreshes, so VS Code keeps expansion and selection when the tree reloads. */
  id: string;
  parent?: TreeNode;
}

/** A node of the SimCash tree; `kind` (or a refinement of it) is the item's contextValue, which menus match on. */
export type TreeNode = NodeBase &
  (
    | { kind: 'database'; filePath: string }
    | { kind: 'experiments'; filePath: string; count: number }
    | { kind: 'standalone'; filePath: string; count: number }
    | { kind: 'experiment'; filePath: string; experimentId: string; label: string; description: string; tooltip: string }
    | { kind: 'iteration'; filePath: string; experimentId: string; iteration: number; label: string; description: string; tooltip: string }
    | { kind: 'simulation'; filePath: string; simulation: SimulationSummary }
    | { kind: 'more'; filePath: string; listId: string; remaining: number | null }
    | { kind: 'message'; text: string; tooltip?: string }
  );

type NodeOf<K extends TreeNode['kind']> = Extract<TreeNode, { kind: K }>;

/**
 * The SimCash tree: one root per open database; under it the experiments → iterations → simulations and the
 * standalone simulations. Children load when a node expands; long lists come a page at a time ("Load more").
 */
export class DatabaseTreeProvider implements vscode.TreeDataProvider<TreeNode>, TreeRevealer, vscode.Disposable {
  static readonly viewId = 'simcash.databases';
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** How many items of each long list are shown (by list node id); grows with "Load more". */
  private readonly shown = new Map<string, number>();
  private replayableOnly = false;
  private view?: vscode.TreeView<TreeNode>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly registry: DatabaseRegistry) {
    this.subscription = registry.onDidChange(() => this.changed.fire(undefined));
  }

  /** Creates the tree view; separate from the constructor so that tests can use the provider alone. */
  createView(): vscode.TreeView<TreeNode> {
    this.view = vscode.window.createTreeView(DatabaseTreeProvider.viewId, { treeDataProvider: this, showCollapseAll: true });
    return this.view;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  get showsReplayableOnly(): boolean {
    return this.replayableOnly;
  }

  /** Shows only simulations that have events (replayable), or all of them again. */
  async setReplayableOnly(value: boolean): Promise<void> {
    this.replayableOnly = value;
    await vscode.commands.executeCommand('setContext', 'simcash.replayableOnly', value);
    if (this.view) this.view.description = value ? 'replayable only' : undefined;
    this.refresh();
  }

  /** Shows the next page of a long list. */
  loadMore(node: TreeNode): void {
    if (node.kind !== 'more') return;
    this.shown.set(node.listId, (this.shown.get(node.listId) ?? settings().treePageSize) + settings().treePageSize);
    this.changed.fire(node.parent);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      return this.registry.paths.map((filePath) => ({ kind: 'database', filePath, id: `db:${filePath}` }));
    }
    if (node.kind === 'message' || node.kind === 'simulation' || node.kind === 'more') {
      return [];
    }
    let file: SimCashFile;
    try {
      file = await this.registry.open(node.filePath);
    } catch (error) {
      return [{ kind: 'message', id: `${node.id}/error`, parent: node, text: 'Cannot open this file', tooltip: error instanceof Error ? error.message : String(error) }];
    }
    try {
      switch (node.kind) {
        case 'database':
          return await this.databaseChildren(file, node);
        case 'experiments':
          return await this.experimentNodes(file, node);
        case 'experiment':
          return await this.iterationNodes(file, node);
        case 'iteration':
          return await this.iterationSimulationNodes(file, node);
        case 'standalone':
          return await this.standaloneNodes(file, node);
      }
    } catch (error) {
      return [{ kind: 'message', id: `${node.id}/error`, parent: node, text: 'Could not read this part of the file', tooltip: error instanceof Error ? error.message : String(error) }];
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = treeItem(node);
    item.id = node.id;
    return item;
  }

  async revealExperiment(filePath: string, experimentId: string): Promise<void> {
    const found = await this.find(filePath, ['experiments', (n) => n.kind === 'experiment' && n.experimentId === experimentId]);
    await this.revealOrExplain(found, `Experiment ${experimentId}`);
  }

  async revealSimulation(filePath: string, simulationId: string): Promise<void> {
    const [simulation] = (await listSimulations(await this.registry.open(filePath))).filter((s) => s.simulation_id === simulationId);
    const isSimulation = (n: TreeNode) => n.kind === 'simulation' && n.simulation.simulation_id === simulationId;
    const found = !simulation
      ? undefined
      : simulation.experiment_id === null
        ? await this.find(filePath, ['standalone', isSimulation])
        : await this.find(filePath, [
            'experiments',
            (n) => n.kind === 'experiment' && n.experimentId === simulation.experiment_id,
            (n) => n.kind === 'iteration' && n.iteration === simulation.iteration,
            isSimulation,
          ]);
    await this.revealOrExplain(found, `Simulation ${simulationId}`);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async revealOrExplain(node: TreeNode | undefined, what: string): Promise<void> {
    if (!node || !this.view) {
      void vscode.window.showInformationMessage(`${what} is not shown in the SimCash tree (it may be filtered out or beyond the loaded pages).`);
      return;
    }
    await this.view.reveal(node, { select: true, focus: true, expand: node.kind === 'experiment' });
  }

  /** Walks from a database root along predicates (the first one matches a group kind), loading pages as needed. */
  private async find(filePath: string, steps: Array<TreeNode['kind'] | ((n: TreeNode) => boolean)>): Promise<TreeNode | undefined> {
    const key = path.resolve(filePath);
    await this.registry.open(key);
    let current: TreeNode | undefined = (await this.getChildren()).find((n) => n.kind === 'database' && n.filePath === key);
    for (const step of steps) {
      if (!current) return undefined;
      const matches = typeof step === 'string' ? (n: TreeNode) => n.kind === step : step;
      let children: TreeNode[] = await this.getChildren(current);
      let next: TreeNode | undefined = children.find(matches);
      for (let more = children.find((n) => n.kind === 'more'); !next && more; more = children.find((n) => n.kind === 'more')) {
        this.loadMore(more);
        children = await this.getChildren(current);
        next = children.find(matches);
      }
      current = next;
    }
    return current;
  }

  private async databaseChildren(file: SimCashFile, parent: NodeOf<'database'>): Promise<TreeNode[]> {
    const [experiments, standalone] = await Promise.all([listExperiments(file), countSimulations(file, { scope: 'standalone', replayableOnly: this.replayableOnly })]);
    const children: TreeNode[] = [];
    if (experiments.length > 0 || file.detection.kind === 'unified' || file.detection.kind === 'legacy-experiment' || file.detection.kind === 'castro') {
      children.push({ kind: 'experiments', id: `${parent.id}/experiments`, parent, filePath: file.path, count: experiments.length });
    }
    if (standalone > 0 || file.detection.kind === 'unified' || file.detection.kind === 'legacy-simulation') {
      children.push({ kind: 'standalone', id: `${parent.id}/standalone`, parent, filePath: file.path, count: standalone });
    }
    if (children.length === 0) {
      children.push({ kind: 'message', id: `${parent.id}/none`, parent, text: file.detection.label, tooltip: 'This file holds no SimCash experiments or simulations; the SimCash editor can browse its tables.' });
    }
    return children;
  }

  private async experimentNodes(file: SimCashFile, parent: NodeOf<'experiments'>): Promise<TreeNode[]> {
    const experiments = await listExperiments(file);
    return this.paged(parent, experiments.length, (from, to) =>
      experiments.slice(from, to).map((e) => ({
        kind: 'experiment' as const,
        id: `${parent.id}/${e.experiment_id}`,
        parent,
        filePath: file.path,
        experimentId: e.experiment_id,
        label: e.experiment_name,
        description: `${e.experiment_type} · ${e.iteration_count} iterations · ${e.converged ? 'converged' : (e.convergence_reason ?? 'not converged')}`,
        tooltip: [
          e.experiment_id,
          `Type: ${e.experiment_type}`,
          `Iterations: ${e.iteration_count}`,
          `Converged: ${e.converged ? 'yes' : 'no'}${e.convergence_reason ? ` (${e.convergence_reason})` : ''}`,
          `Best cost: ${formatCents(e.best_cost)} · final cost: ${formatCents(e.final_cost)}`,
          `Linked simulations: ${formatCount(e.linked_simulation_count)} (${formatCount(e.replayable_simulation_count)} replayable)`,
        ].join('\n'),
      })),
    );
  }

  private async iterationNodes(file: SimCashFile, parent: NodeOf<'experiment'>): Promise<TreeNode[]> {
    const iterations = await listIterations(file, parent.experimentId);
    return this.paged(parent, iterations.length, (from, to) =>
      iterations.slice(from, to).map((it) => {
        const accepted = Object.entries(it.accepted_changes).filter(([, yes]) => yes).map(([agent]) => agent);
        return {
          kind: 'iteration' as const,
          id: `${parent.id}/iter${it.iteration}`,
          parent,
          filePath: file.path,
          experimentId: parent.experimentId,
          iteration: it.iteration,
          label: `Iteration ${it.iteration}`,
          description: `${formatCents(it.total_cost)}${accepted.length > 0 ? ' · accepted' : ''}`,
          tooltip: [
            `Iteration ${it.iteration}: total cost ${formatCents(it.total_cost)}`,
            ...Object.entries(it.costs_per_agent).map(([agent, cost]) => `  ${agent}: ${formatCents(cost)}`),
            accepted.length > 0 ? `Policy change accepted for ${accepted.join(', ')}` : 'No policy change accepted',
            `Evaluation simulation: ${it.evaluation_simulation_id ?? 'not linked'}`,
            `Bootstrap samples: ${it.bootstrap_simulation_ids.length}`,
          ].join('\n'),
        };
      }),
    );
  }

  private async iterationSimulationNodes(file: SimCashFile, parent: NodeOf<'iteration'>): Promise<TreeNode[]> {
    const purposes = new Set(settings().treePurposes);
    const simulations = (await iterationSimulations(file, parent.experimentId, parent.iteration)).filter(
      (s) => purposes.has(s.run_purpose ?? '') && (!this.replayableOnly || s.replayable),
    );
    if (simulations.length === 0) {
      return [{ kind: 'message', id: `${parent.id}/none`, parent, text: this.replayableOnly ? 'No replayable simulation' : 'No simulation stored', tooltip: 'This iteration has no stored simulation matching the filter and the simcash.tree.simulationPurposes setting.' }];
    }
    return this.paged(parent, simulations.length, (from, to) => simulations.slice(from, to).map((simulation) => simulationNode(parent, file.path, simulation)));
  }

  private async standaloneNodes(file: SimCashFile, parent: NodeOf<'standalone'>): Promise<TreeNode[]> {
    const limit = this.shown.get(parent.id) ?? settings().treePageSize;
    const filter = { scope: 'standalone' as const, replayableOnly: this.replayableOnly };
    const [simulations, total] = await Promise.all([listSimulations(file, { ...filter, limit }), countSimulations(file, filter)]);
    const nodes: TreeNode[] = simulations.map((simulation) => simulationNode(parent, file.path, simulation));
    if (total > simulations.length) {
      nodes.push({ kind: 'more', id: `${parent.id}/more`, parent, filePath: file.path, listId: parent.id, remaining: total - simulations.length });
    }
    return nodes;
  }

  /** The first `shown` items of a list, plus a "Load more" node when there are more. */
  private paged(parent: TreeNode & { filePath: string }, total: number, items: (from: number, to: number) => TreeNode[]): TreeNode[] {
    const limit = this.shown.get(parent.id) ?? settings().treePageSize;
    const nodes = items(0, Math.min(total, limit));
    if (total > limit) {
      nodes.push({ kind: 'more', id: `${parent.id}/more`, parent, filePath: parent.filePath, listId: parent.id, remaining: total - limit });
    }
    return nodes;
  }
}

function simulationNode(parent: TreeNode, filePath: string, simulation: SimulationSummary): TreeNode {
  return { kind: 'simulation', id: `${parent.id}/${simulation.simulation_id}`, parent, filePath, simulation };
}

function treeItem(node: TreeNode): vscode.TreeItem {
  const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  switch (node.kind) {
    case 'database': {
      const item = new vscode.TreeItem(path.basename(node.filePath), vscode.TreeItemCollapsibleState.Expanded);
      item.description = path.dirname(node.filePath);
      item.tooltip = node.filePath;
      item.iconPath = new vscode.ThemeIcon('database');
      item.resourceUri = vscode.Uri.file(node.filePath);
      item.contextValue = 'database';
      return item;
    }
    case 'experiments':
      return Object.assign(new vscode.TreeItem('Experiments', collapsed), { description: String(node.count), iconPath: new vscode.ThemeIcon('beaker'), contextValue: 'experiments' });
    case 'standalone':
      return Object.assign(new vscode.TreeItem('Standalone simulations', collapsed), { description: String(node.count), iconPath: new vscode.ThemeIcon('pulse'), contextValue: 'standalone' });
    case 'experiment':
      return Object.assign(new vscode.TreeItem(node.label, collapsed), { description: node.description, tooltip: node.tooltip, iconPath: new vscode.ThemeIcon('graph-line'), contextValue: 'experiment' });
    case 'iteration':
      return Object.assign(new vscode.TreeItem(node.label, collapsed), { description: node.description, tooltip: node.tooltip, iconPath: new vscode.ThemeIcon('history'), contextValue: 'iteration' });
    case 'simulation':
      return simulationItem(node.simulation);
    case 'more': {
      const item = new vscode.TreeItem(node.remaining === null ? 'Load more…' : `Load more… (${formatCount(node.remaining)} not shown)`);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'simcash.tree.loadMore', title: 'Load more', arguments: [node] };
      item.contextValue = 'more';
      return item;
    }
    case 'message':
      return Object.assign(new vscode.TreeItem(node.text), { tooltip: node.tooltip, iconPath: new vscode.ThemeIcon('info'), contextValue: 'message' });
  }
}

function simulationItem(s: SimulationSummary): vscode.TreeItem {
  const standalone = s.experiment_id === null;
  const role = s.run_purpose === 'bootstrap' ? `sample ${s.sample_index ?? '?'}` : (s.run_purpose ?? 'simulation');
  const label = standalone ? s.simulation_id : `${role}${s.persistence_reason ? ` · ${s.persistence_reason}` : ''}`;
  const item = new vscode.TreeItem(label);
  item.description = `${s.persistence_level ?? 'level unknown'}${s.replayable ? ` · ${formatCount(s.event_count)} events` : ''}`;
  item.tooltip = [
    s.simulation_id,
    s.config_name ? `Scenario: ${s.config_name}` : undefined,
    s.status ? `Status: ${s.status}` : undefined,
    s.ticks_per_day !== null ? `${s.ticks_per_day} ticks × ${s.num_days ?? '?'} days` : undefined,
    standalone ? undefined : `Experiment ${s.experiment_id}, iteration ${s.iteration ?? '?'}, ${role}`,
    `Persistence level: ${s.persistence_level ?? 'unknown'}${s.persistence_reason ? ` (kept as ${s.persistence_reason})` : ''}`,
    s.replayable ? `Replayable: ${formatCount(s.event_count)} events` : 'Not replayable: no events stored at this level',
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
  item.iconPath = new vscode.ThemeIcon(s.replayable ? 'play-circle' : 'circle-large-outline');
  item.contextValue = s.replayable ? 'simulation.replayable' : 'simulation';
  return item;
}
