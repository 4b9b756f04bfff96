/**
 * The simulations of a legacy file, whatever its kind: the reconciled run rows first (later mappings join them),
 * then every per-simulation table. Legacy simulation files carry all of them; experiment files their events and
 * registers; castro files only when the CLI's tables were written into the same file.
 */
import type { SimCashFile, SimulationSummary } from '../../model';
import { mappingPart, type Part } from './parts';
import { reconcileRuns } from './runs';
import { SIMULATION_TABLE_MAPPINGS } from './simulationTables';
import type { SourceInfo } from './source';
import { columnsOf, type TargetSchema } from './target';

export interface SimulationPart extends Part {
  /** The runs as the query layer listed them in the legacy file. */
  summaries: SimulationSummary[];
}

export async function simulationPart(file: SimCashFile, source: SourceInfo, target: TargetSchema): Promise<SimulationPart | null> {
  const hasRuns = source.hasColumn('simulation_runs', 'simulation_id') || source.hasColumn('simulations', 'simulation_id');
  if (!hasRuns && !source.hasColumn('simulation_events', 'simulation_id')) {
    return null;
  }
  const runs = await reconcileRuns(file, source, columnsOf(target, 'simulation_runs'));
  const data = mappingPart('', '', SIMULATION_TABLE_MAPPINGS, source, target);
  const standalone = file.detection.kind !== 'legacy-experiment';
  return {
    step: {
      title: standalone ? 'Carry the simulations as standalone runs' : 'Carry the simulations, linked to their experiments',
      description: standalone
        ? "Every simulation becomes one standalone run (run_purpose 'standalone') with its persistence level inferred from what the file stores; its events and per-simulation tables carry over."
        : 'Every simulation keeps its experiment and iteration and gets the purpose and sample its id encodes; its events and registers carry over.',
      tables: [runs.plan, ...data.step.tables],
    },
    jobs: [runs.job, ...data.jobs],
    consumed: ['simulations', 'simulation_runs', ...data.consumed],
    warnings: [
      ...(runs.unknownColumns.length > 0 ? [`Run column(s) ${runs.unknownColumns.join(', ')} have no unified home and will not be carried (the backup keeps them).`] : []),
      ...data.warnings,
    ],
    summaries: runs.summaries,
  };
}
