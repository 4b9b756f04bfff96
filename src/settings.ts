import * as vscode from 'vscode';

/** The extension's settings (contributed in package.json under "simcash.*"), read fresh on each call. */
export interface SimCashSettings {
  /** Rows per page of the table browser. */
  tablePageSize: number;
  /** Items per page of long lists in the SimCash tree (iterations, simulations). */
  treePageSize: number;
  /** Which experiment simulations the tree lists under an iteration. */
  treePurposes: string[];
  /** Reload a database when it changes on disk. */
  autoReload: boolean;
}

export function settings(): SimCashSettings {
  const config = vscode.workspace.getConfiguration('simcash');
  return {
    tablePageSize: clamp(config.get<number>('tableBrowser.pageSize', 100), 10, 5000),
    treePageSize: clamp(config.get<number>('tree.pageSize', 100), 10, 5000),
    treePurposes: config.get<string[]>('tree.simulationPurposes', ['evaluation', 'bootstrap']),
    autoReload: config.get<boolean>('autoReload', true),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(Number.isFinite(value) ? value : min)));
}
