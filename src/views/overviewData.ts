import * as path from 'node:path';
import type { OverviewData } from '../protocol';
import { expectedUnifiedTables } from '../schema/tables';
import { countSimulations, fileSummary, listExperiments, listSimulations, type SimCashFile } from '../model';

/** Standalone simulations listed on the overview; more are counted, not listed, so huge files stay fast. */
const STANDALONE_LIST_LIMIT = 200;

/** Gathers what the overview page shows about one file. */
export async function buildOverview(file: SimCashFile, tablePageSize: number): Promise<OverviewData> {
  const [summary, experiments, standalone] = await Promise.all([
    fileSummary(file),
    listExperiments(file),
    listSimulations(file, { scope: 'standalone', limit: STANDALONE_LIST_LIMIT }),
  ]);
  return {
    fileName: path.basename(file.path),
    filePath: file.path,
    sizeBytes: summary.sizeBytes,
    kindLabel: summary.label,
    kind: summary.kind,
    schemaVersion: summary.schemaVersion,
    migratable: summary.migratable,
    warnings: [...summary.warnings, ...partlyWrittenWarning(file)],
    experiments: experiments.map((e) => ({
      experimentId: e.experiment_id,
      name: e.experiment_name ?? e.experiment_id,
      type: e.experiment_type ?? '–',
      iterations: e.iteration_count,
      converged: e.converged,
      convergenceReason: e.convergence_reason,
      finalCost: e.final_cost,
      bestCost: e.best_cost,
      linkedSimulations: e.linked_simulation_count,
      replayableSimulations: e.replayable_simulation_count,
    })),
    standaloneSimulations: standalone.map((s) => ({
      simulationId: s.simulation_id,
      configName: s.config_name,
      status: s.status,
      ticksPerDay: s.ticks_per_day,
      numDays: s.num_days,
      transactions: s.total_transactions,
      events: s.event_count,
      persistenceLevel: s.persistence_level,
    })),
    moreStandaloneSimulations: Math.max(0, (await countSimulations(file, { scope: 'standalone' })) - standalone.length),
    simulationsPerLevel: summary.simulationsPerLevel,
    totalEvents: summary.totalEvents,
    tables: Object.entries(summary.tables)
      .map(([name, rows]) => ({ name, rows }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    tablePageSize,
  };
}

/** A unified file missing some of its schema's tables was only partly written (or cut short): say so. */
function partlyWrittenWarning(file: SimCashFile): string[] {
  if (file.detection.kind !== 'unified') return [];
  const present = new Set(file.detection.tables);
  const missing = expectedUnifiedTables(file.detection.schemaVersion).filter((t) => !present.has(t));
  return missing.length === 0
    ? []
    : [`This file looks partly written: ${missing.length} of its schema's tables are missing (${missing.join(', ')}). What they would hold is not shown.`];
}
