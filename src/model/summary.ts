import { backendFor } from './backend';
import type { SimCashFile } from './file';
import { quoteIdent } from './schemaInfo';
import type { FileSummary } from './types';

/** {table: rows} for every user table of the file, by table name. */
export async function tableRowCounts(file: SimCashFile): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of file.detection.tables) {
    const [row] = await file.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(table)}`);
    counts[table] = row?.n ?? 0;
  }
  return counts;
}

/** Everything an overview shows about a file: kind, version, size, warnings, tables and what is stored. */
export async function fileSummary(file: SimCashFile): Promise<FileSummary> {
  const backend = await backendFor(file);
  const tables = await tableRowCounts(file);
  const simulations = await backend.listSimulations({});
  const experiments = await backend.listExperiments();
  const byLevel: Record<string, number> = {};
  for (const s of simulations) {
    const level = s.persistence_level ?? 'unknown';
    byLevel[level] = (byLevel[level] ?? 0) + 1;
  }
  return {
    path: file.path,
    kind: file.detection.kind,
    schemaVersion: file.detection.schemaVersion,
    label: file.detection.label,
    sizeBytes: file.db.info.sizeBytes,
    warnings: [...file.db.info.warnings],
    migratable: file.detection.migratable,
    tables,
    experimentCount: experiments.length,
    simulationCount: simulations.length,
    simulationsPerLevel: byLevel,
    totalEvents: backend.events ? (tables[backend.events.table] ?? 0) : 0,
  };
}
