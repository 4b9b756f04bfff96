/**
 * The query layer: one API over every kind of SimCash file (unified, legacy simulation, legacy experiment,
 * castro) and plain SQLite files. Views and the CLI import from here only.
 */
export { openSimCashFile, simCashFileFromDatabase } from './file';
export type { SimCashFile } from './file';
export { ModelError } from './errors';
export type { ModelErrorCode } from './errors';
export { listExperiments, getExperiment } from './experiments';
export { listSimulations, countSimulations, replayableSimulations, getSimulation } from './simulations';
export { listIterations, iterationSimulations } from './iterations';
export { listEvents, countEvents, eventTypeCounts, drillDownEvents } from './events';
export { resolveSimulationShorthand, parseSimulationShorthand, SHORTHAND_FORMS } from './shorthand';
export type { SimulationShorthand } from './shorthand';
export { tableRowCounts, fileSummary } from './summary';
export type * from './types';
export { browseTable } from './tableBrowser';
export type { TablePage } from './tableBrowser';
// The events table and the transaction trace (events panel, export).
export { EventTable, FilteredEvents, ListingDisposedError, DEFAULT_SEARCH_CHUNK } from './eventTable';
export { TickIndex } from './tickIndex';
export { transactionTrace } from './transactionTrace';
export { exportEvents, exportEventsToFile, EXPORT_COLUMNS } from './eventExport';
export type { EventExportFormat, ExportOptions, ExportResult, ExportSink } from './eventExport';
export type * from './eventRows';
