/**
 * Messages between the extension host and the webviews, defined once and imported by both sides (the webview
 * bundle compiles this file too). Keep it free of imports from host-only modules.
 */

/** One experiment as the overview lists it. Money in cents. */
export interface OverviewExperiment {
  experimentId: string;
  name: string;
  type: string;
  iterations: number;
  converged: boolean;
  convergenceReason: string | null;
  finalCost: number | null;
  bestCost: number | null;
  linkedSimulations: number;
  replayableSimulations: number;
}

/** One standalone simulation as the overview lists it. */
export interface OverviewSimulation {
  simulationId: string;
  configName: string | null;
  status: string | null;
  ticksPerDay: number | null;
  numDays: number | null;
  transactions: number | null;
  events: number;
  persistenceLevel: string | null;
}

/** Everything the overview page shows about one file. */
export interface OverviewData {
  fileName: string;
  filePath: string;
  sizeBytes: number;
  kindLabel: string;
  kind: string;
  schemaVersion: number | null;
  migratable: boolean;
  warnings: string[];
  experiments: OverviewExperiment[];
  standaloneSimulations: OverviewSimulation[];
  /** Standalone simulations beyond those listed (the list is capped to keep the page fast). */
  moreStandaloneSimulations: number;
  simulationsPerLevel: Record<string, number>;
  totalEvents: number;
  tables: Array<{ name: string; rows: number }>;
  /** Rows per page of the table browser (setting simcash.tableBrowser.pageSize). */
  tablePageSize: number;
}

/** One page of a table in the plain table browser; cells are display strings, null stays null. */
export interface TablePageData {
  table: string;
  columns: string[];
  rows: Array<Array<string | null>>;
  offset: number;
  total: number;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'loading'; fileName: string }
  | { type: 'overview'; data: OverviewData }
  | { type: 'tablePage'; page: TablePageData }
  | { type: 'tableError'; table: string; message: string }
  | { type: 'error'; fileName: string; message: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'copy'; text: string }
  | { type: 'browseTable'; table: string; offset: number }
  | { type: 'revealExperiment'; experimentId: string }
  | { type: 'revealSimulation'; simulationId: string }
  /** Opens the experiment's panel (command simcash.openExperiment). */
  | { type: 'openExperiment'; experimentId: string }
  /** Opens the simulation's events panel (command simcash.showEvents). */
  | { type: 'showEvents'; simulationId: string }
  /** Opens the simulation's replay panel (command simcash.openReplay). */
  | { type: 'openReplay'; simulationId: string }
  /** Migrates this file to the unified schema (command simcash.migrateDatabase, which confirms first). */
  | { type: 'migrate' };
