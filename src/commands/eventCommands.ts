/**
 * The events panel's commands: Show Events (tree simulations, the overview page, or the palette with a database and
 * simulation pick), Show Transaction Trace and Export Events (the active panel).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DatabaseRegistry } from '../databaseRegistry';
import type { TreeNode } from '../views/databaseTree';
import { listSimulations } from '../model';
import type { EventExportFormat, ExportResult } from '../model';
import { EventsPanels, type EventsPanel } from '../views/events/eventsPanel';
import { formatCount } from '../format';

/** A simulation named by the caller (the overview page, tests, other panels). */
export interface SimulationRef {
  filePath: string;
  simulationId: string;
  /** URL-like view state for the panel (src/protocol/eventsState.ts), e.g. `types=Arrival&agent=BANK_A`. */
  state?: string;
}

function isSimulationRef(value: unknown): value is SimulationRef {
  const v = value as Partial<SimulationRef> | null | undefined;
  return typeof v?.filePath === 'string' && typeof v.simulationId === 'string';
}

function refOf(arg: unknown): SimulationRef | undefined {
  const node = arg as TreeNode | undefined;
  if (node && typeof node === 'object' && 'kind' in node && node.kind === 'simulation') {
    return { filePath: node.filePath, simulationId: node.simulation.simulation_id };
  }
  return isSimulationRef(arg) ? arg : undefined;
}

/** Palette: which open database (or a file to open), then which of its simulations. */
async function pickSimulation(registry: DatabaseRegistry): Promise<SimulationRef | undefined> {
  let filePath: string | undefined;
  const open = registry.paths;
  if (open.length === 1) {
    filePath = open[0];
  } else if (open.length > 1) {
    filePath = (await vscode.window.showQuickPick(open.map((p) => ({ label: path.basename(p), description: path.dirname(p), filePath: p })), { title: 'Show Events: database', placeHolder: 'Which database?' }))?.filePath;
  } else {
    filePath = (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Show Events', filters: { 'SimCash databases': ['db', 'sqlite', 'sqlite3'] } }))?.[0]?.fsPath;
  }
  if (!filePath) return undefined;
  const file = await registry.open(filePath);
  const simulations = await listSimulations(file, { order: 'experiment', limit: 5000 });
  // Simulations with events first: those are what the panel lists; the others it explains.
  simulations.sort((a, b) => Number(b.replayable) - Number(a.replayable));
  const picked = await vscode.window.showQuickPick(
    simulations.map((s) => ({
      label: s.simulation_id,
      description: `${s.persistence_level ?? 'level unknown'}${s.replayable ? ` · ${formatCount(s.event_count)} events` : ' · no events'}`,
      detail: s.experiment_id ? `${s.experiment_name ?? s.experiment_id}, iteration ${s.iteration ?? '?'}, ${s.run_purpose ?? ''}${s.sample_index !== null ? ` ${s.sample_index}` : ''}` : (s.config_name ?? undefined),
      simulationId: s.simulation_id,
    })),
    { title: `Show Events: simulation of ${path.basename(filePath)}`, placeHolder: 'Which simulation?', matchOnDescription: true, matchOnDetail: true },
  );
  return picked ? { filePath, simulationId: picked.simulationId } : undefined;
}

/** The panel a panel command acts on: the one named, else the active one. */
function targetPanel(panels: EventsPanels, arg: unknown): EventsPanel | undefined {
  const ref = refOf(arg);
  const panel = ref ? (panels.get(ref.filePath, ref.simulationId) ?? panels.show(ref.filePath, ref.simulationId)) : panels.active;
  if (!panel) void vscode.window.showInformationMessage('Open a simulation’s events first (SimCash: Show Events).');
  return panel;
}

export function registerEventCommands(registry: DatabaseRegistry, panels: EventsPanels): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('simcash.showEvents', async (arg?: unknown): Promise<EventsPanel | undefined> => {
      const ref = refOf(arg) ?? (await pickSimulation(registry));
      return ref ? panels.show(ref.filePath, ref.simulationId, ref.state) : undefined;
    }),
    vscode.commands.registerCommand('simcash.showTransactionTrace', async (arg?: unknown, txIdArg?: string): Promise<void> => {
      const panel = targetPanel(panels, arg);
      if (!panel) return;
      const txId =
        (typeof txIdArg === 'string' ? txIdArg : (arg as { txId?: unknown } | undefined)?.txId) ??
        (await vscode.window.showInputBox({ title: `Transaction trace in ${panel.simulationId}`, prompt: 'Transaction id', placeHolder: 'e.g. tx-000025' }));
      if (typeof txId === 'string' && txId.trim() !== '') {
        panel.reveal();
        await panel.showTrace(txId.trim());
      }
    }),
    vscode.commands.registerCommand('simcash.exportEvents', async (arg?: unknown, options?: { format?: EventExportFormat; target?: vscode.Uri | string }): Promise<ExportResult | undefined> => {
      const panel = targetPanel(panels, arg);
      if (!panel) return undefined;
      let format = options?.format;
      if (!format && !options?.target) {
        format = (await vscode.window.showQuickPick([{ label: 'CSV', format: 'csv' as const }, { label: 'JSON lines', format: 'jsonl' as const }], { title: `Export the filtered events of ${panel.simulationId}` }))?.format;
        if (!format) return undefined;
      }
      const target = typeof options?.target === 'string' ? vscode.Uri.file(options.target) : options?.target;
      return panel.export(format ?? 'csv', target);
    }),
  ];
}

/** Creates the events panels (with their serializer) and their commands; returns the panels (the test API). */
export function registerEvents(context: vscode.ExtensionContext, registry: DatabaseRegistry): EventsPanels {
  const panels = new EventsPanels(context.extensionUri, registry);
  context.subscriptions.push(panels, ...registerEventCommands(registry, panels));
  return panels;
}
