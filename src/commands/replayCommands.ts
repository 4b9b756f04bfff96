/**
 * The replay commands: "Open Replay" (a simulation), "Open Simulation Replay" (an iteration), "Replay
 * Simulation…" (the palette: a simulation id, or an experiment and a shorthand such as iter5:eval), and the
 * palette's controls of the active replay panel (the panel's own keys do the same inside it).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../databaseRegistry';
import { log } from '../log';
import { formatCount } from '../format';
import { listExperiments, listSimulations, replayableSimulations, type SimCashFile, type SimulationSummary } from '../model';
import type { ReplayMove } from '../protocol/replayNavigation';
import type { ReplayTarget } from '../protocol/replay';
import { DatabaseEditorProvider } from '../views/databaseEditor';
import { jumpKinds } from '../views/replay/chartData';
import { describeRun, shortName } from '../views/replay/notReplayableView';
import { ReplayPanelManager } from '../views/replay/replayPanel';
import { iterationReplayChoice, parseTick, resolveReplayReference } from '../views/replay/replayTargets';

/** A tree node as these commands read it (the tree's own type, narrowed to what they use). */
type SimulationNode = { kind: 'simulation'; filePath: string; simulation: SimulationSummary };
type IterationNode = { kind: 'iteration'; filePath: string; experimentId: string; iteration: number };

/** What the open commands return (for tests and scripts): the simulation opened, or why none was. */
export type ReplayCommandResult = { opened: ReplayTarget } | { message: string } | undefined;

const isSimulationNode = (v: unknown): v is SimulationNode => (v as SimulationNode | null)?.kind === 'simulation' && typeof (v as SimulationNode).filePath === 'string';
const isIterationNode = (v: unknown): v is IterationNode =>
  (v as IterationNode | null)?.kind === 'iteration' && typeof (v as IterationNode).experimentId === 'string' && typeof (v as IterationNode).iteration === 'number';

const isTargetObject = (v: unknown): v is ReplayTarget & { tick?: unknown } =>
  typeof (v as ReplayTarget | null)?.filePath === 'string' && typeof (v as ReplayTarget).simulationId === 'string' && (v as { kind?: unknown }).kind === undefined;
const validTick = (tick: unknown) => (typeof tick === 'number' && Number.isInteger(tick) && tick >= 0 ? tick : undefined);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Creates the panel manager and registers every replay command; everything is disposed with the extension. */
export function registerReplay(context: vscode.ExtensionContext, registry: DatabaseRegistry): ReplayPanelManager {
  const manager = new ReplayPanelManager(context.extensionUri, registry);
  const commands = new ReplayCommands(manager, registry);
  context.subscriptions.push(manager, ...commands.register());
  return manager;
}

class ReplayCommands {
  constructor(
    private readonly manager: ReplayPanelManager,
    private readonly registry: DatabaseRegistry,
  ) {}

  register(): vscode.Disposable[] {
    const command = (id: string, run: (...args: unknown[]) => unknown) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await run(...args);
        } catch (error) {
          log().error(`${id}: ${messageOf(error)}`);
          void vscode.window.showErrorMessage(messageOf(error));
          return { message: messageOf(error) };
        }
      });
    const move = (m: ReplayMove) => () => this.withActive((p) => p.controller.move(m));
    return [
      command('simcash.openReplay', (a, b, c) => this.openReplay(a, b, c)),
      command('simcash.openIterationReplay', (a) => this.openIterationReplay(a)),
      command('simcash.replaySimulation', (a, b, c) => this.replaySimulation(a, b, c)),
      command('simcash.replay.playPause', () => this.withActive((p) => p.panel.webview.postMessage({ type: 'command', command: 'playPause' }))),
      command('simcash.replay.faster', () => this.withActive((p) => p.panel.webview.postMessage({ type: 'command', command: 'faster' }))),
      command('simcash.replay.slower', () => this.withActive((p) => p.panel.webview.postMessage({ type: 'command', command: 'slower' }))),
      command('simcash.replay.stepForward', move({ kind: 'step', delta: 1 })),
      command('simcash.replay.stepBack', move({ kind: 'step', delta: -1 })),
      command('simcash.replay.dayForward', move({ kind: 'day', delta: 1 })),
      command('simcash.replay.dayBack', move({ kind: 'day', delta: -1 })),
      command('simcash.replay.first', move({ kind: 'first' })),
      command('simcash.replay.last', move({ kind: 'last' })),
      command('simcash.replay.nextEvent', (mark) => this.jump(mark, 1)),
      command('simcash.replay.previousEvent', (mark) => this.jump(mark, -1)),
      command('simcash.replay.goToTick', (tick) => this.goToTick(tick)),
      command('simcash.replay.checkSnapshots', () => this.withActive((p) => p.controller.checkSnapshots())),
    ];
  }

  /**
   * From a tree simulation item, as `(filePath, simulationId, tick?)` (the events panel's "replay at this tick", the
   * experiment panel) or as `({ filePath, simulationId, tick? })`. Without arguments it asks, like "Replay
   * Simulation…".
   */
  private async openReplay(target: unknown, simulationId: unknown, tick: unknown): Promise<ReplayCommandResult> {
    if (isSimulationNode(target)) return this.open({ filePath: target.filePath, simulationId: target.simulation.simulation_id });
    if (isTargetObject(target)) return this.open({ filePath: target.filePath, simulationId: target.simulationId }, validTick(target.tick));
    if (typeof target === 'string' && typeof simulationId === 'string') {
      return this.open({ filePath: target, simulationId }, validTick(tick));
    }
    return this.replaySimulation();
  }

  /** An iteration's evaluation simulation; a quick pick when several of its runs are replayable; else why not. */
  private async openIterationReplay(node: unknown): Promise<ReplayCommandResult> {
    if (!isIterationNode(node)) {
      return this.replaySimulation();
    }
    const file = await this.registry.open(node.filePath);
    const choice = await iterationReplayChoice(file, node.experimentId, node.iteration);
    switch (choice.kind) {
      case 'open':
        return this.open({ filePath: node.filePath, simulationId: choice.simulation.simulation_id });
      case 'pick': {
        const picked = await vscode.window.showQuickPick(
          choice.simulations.map((s) => ({ label: shortName(s), description: describeRun(s), detail: `${s.simulation_id} · ${formatCount(s.event_count)} events`, simulation: s })),
          { title: `Replay a simulation of iteration ${node.iteration}`, placeHolder: 'Several simulations of this iteration can be replayed: pick one' },
        );
        return picked ? this.open({ filePath: node.filePath, simulationId: picked.simulation.simulation_id }) : undefined;
      }
      case 'none': {
        const actions: string[] = [];
        if (choice.nearest) actions.push(`Replay ${shortName(choice.nearest)}`);
        if (choice.evaluation) actions.push('Show What Is Stored');
        const message = `${choice.message}${choice.nearest ? ` The nearest replayable simulation is ${shortName(choice.nearest)} (${describeRun(choice.nearest)}).` : ''}`;
        void vscode.window.showInformationMessage(message, ...actions).then((action) => {
          if (action === 'Show What Is Stored' && choice.evaluation) void this.open({ filePath: node.filePath, simulationId: choice.evaluation.simulation_id });
          else if (action && choice.nearest) void this.open({ filePath: node.filePath, simulationId: choice.nearest.simulation_id });
        });
        return { message };
      }
    }
  }

  /**
   * The palette: pick the database (the active editor's by default), then a simulation id, an experiment and a
   * shorthand, or type either. Arguments `(filePath, reference, experimentId?)` skip the questions.
   */
  private async replaySimulation(filePathArg?: unknown, referenceArg?: unknown, experimentArg?: unknown): Promise<ReplayCommandResult> {
    const filePath = typeof filePathArg === 'string' ? path.resolve(filePathArg) : await this.pickDatabase();
    if (!filePath) return undefined;
    const file = await this.registry.open(filePath);
    if (typeof referenceArg === 'string') {
      const simulation = await resolveReplayReference(file, referenceArg, typeof experimentArg === 'string' ? experimentArg : null);
      return this.open({ filePath, simulationId: simulation.simulation_id });
    }
    const simulation = await this.pickSimulation(file);
    return simulation ? this.open({ filePath, simulationId: simulation.simulation_id }) : undefined;
  }

  private async open(target: ReplayTarget, tick?: number): Promise<ReplayCommandResult> {
    const panel = await this.manager.open(target, tick);
    return { opened: panel.target };
  }

  private async withActive(run: (panel: NonNullable<ReplayPanelManager['active']>) => unknown): Promise<unknown> {
    const panel = this.manager.active;
    if (!panel) {
      void vscode.window.showInformationMessage('No SimCash replay panel is open. Open one with "SimCash: Replay Simulation…".');
      return undefined;
    }
    return run(panel);
  }

  /** Next/previous tick of a kind: the argument (a mark such as 'settlement'), or a quick pick of the kinds. */
  private async jump(markArg: unknown, direction: 1 | -1): Promise<unknown> {
    return this.withActive(async (panel) => {
      const kinds = jumpKinds();
      let kind = kinds.find((k) => k.mark === markArg);
      if (!kind) {
        const picked = await vscode.window.showQuickPick(
          kinds.map((k) => ({ label: k.label, description: k.mark, jump: k })),
          { title: direction === 1 ? 'Jump to the next tick with…' : 'Jump to the previous tick with…' },
        );
        kind = picked?.jump;
      }
      return kind ? panel.controller.move({ kind: 'mark', bit: kind.bit, direction }) : undefined;
    });
  }

  private async goToTick(tickArg: unknown): Promise<unknown> {
    return this.withActive(async (panel) => {
      const session = panel.controller.session;
      if (!session) return undefined;
      let tick = typeof tickArg === 'number' ? tickArg : undefined;
      if (tick === undefined) {
        const text = await vscode.window.showInputBox({
          title: 'Go to tick',
          prompt: `A tick from 0 to ${session.lastTick}${session.setup.ticksPerDay ? ` (${session.setup.ticksPerDay} ticks a day; "day 2" goes to the start of day 2)` : ''}`,
          value: String(panel.controller.tick),
          validateInput: (value) => (parseTick(value, session.lastTick, session.setup.ticksPerDay) === null ? `Give a tick from 0 to ${session.lastTick}` : undefined),
        });
        tick = text === undefined ? undefined : (parseTick(text, session.lastTick, session.setup.ticksPerDay) ?? undefined);
      }
      return tick === undefined ? undefined : panel.controller.goto(tick);
    });
  }

  /** The active SimCash editor's database, else the only open one, else a pick among the open ones or a file dialog. */
  private async pickDatabase(): Promise<string | undefined> {
    const activeReplay = this.manager.active?.target.filePath;
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const activeEditor =
      tab instanceof vscode.TabInputCustom && (tab.viewType === DatabaseEditorProvider.viewType || tab.viewType === DatabaseEditorProvider.sqliteViewType) ? tab.uri.fsPath : undefined;
    const preferred = activeEditor ?? activeReplay;
    const open = this.registry.paths;
    const candidates = [...new Set([...(preferred ? [path.resolve(preferred)] : []), ...open])];
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) {
      const picked = await vscode.window.showQuickPick(
        candidates.map((p) => ({ label: path.basename(p), description: path.dirname(p), filePath: p })),
        { title: 'Replay a simulation of which database?' },
      );
      return picked?.filePath;
    }
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Replay from this database', filters: { 'SimCash databases': ['db', 'sqlite', 'sqlite3'] } });
    return chosen?.[0]?.fsPath;
  }

  /**
   * A quick pick of the file's experiments and replayable standalone simulations; typing a simulation id or
   * "EXPERIMENT iter5:eval" and pressing Enter takes that instead. An experiment leads to its replayable runs
   * (or a typed shorthand).
   */
  private async pickSimulation(file: SimCashFile): Promise<SimulationSummary | undefined> {
    const [experiments, standalone] = await Promise.all([listExperiments(file), listSimulations(file, { scope: 'standalone', replayableOnly: true, limit: 200 })]);
    type Item = vscode.QuickPickItem & { experimentId?: string; simulation?: SimulationSummary };
    const items: Item[] = [
      ...(experiments.length ? [{ label: 'Experiments', kind: vscode.QuickPickItemKind.Separator }] : []),
      ...experiments.map((e) => ({
        label: `$(beaker) ${e.experiment_name || e.experiment_id}`,
        description: `${e.iteration_count} iterations · ${formatCount(e.replayable_simulation_count)} replayable`,
        detail: e.experiment_id,
        experimentId: e.experiment_id,
      })),
      ...(standalone.length ? [{ label: 'Standalone simulations', kind: vscode.QuickPickItemKind.Separator }] : []),
      ...standalone.map((s) => ({ label: `$(play-circle) ${s.simulation_id}`, description: `${s.persistence_level ?? ''} · ${formatCount(s.event_count)} events`, simulation: s })),
    ];
    const first = await pickOrType<Item>(items, {
      title: `Replay a simulation of ${path.basename(file.path)}`,
      placeholder: 'Pick an experiment or a simulation, or type a simulation id or "EXPERIMENT iter5:eval"',
    });
    if (!first) return undefined;
    if (typeof first === 'string') return resolveReplayReference(file, first);
    if (first.simulation) return first.simulation;
    if (!first.experimentId) return undefined;
    const experimentId = first.experimentId;
    const runs = await replayableSimulations(file, experimentId);
    const second = await pickOrType<Item>(
      runs.map((s) => ({ label: shortName(s), description: describeRun(s), detail: `${s.simulation_id} · ${formatCount(s.event_count)} events`, simulation: s })),
      { title: `Replay a simulation of ${experimentId}`, placeholder: 'Pick a replayable run, or type a shorthand: iter5:eval, iter5:bs3, 5.3' },
    );
    if (!second) return undefined;
    return typeof second === 'string' ? resolveReplayReference(file, second, experimentId) : second.simulation;
  }
}

/** A quick pick that also accepts what was typed when it matches no item: resolves the item, the text, or undefined. */
function pickOrType<T extends vscode.QuickPickItem>(items: T[], options: { title: string; placeholder: string }): Promise<T | string | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = options.title;
    pick.placeholder = options.placeholder;
    pick.items = items;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    let done = false;
    const finish = (value: T | string | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      finish(chosen ?? (pick.value.trim() || undefined));
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
