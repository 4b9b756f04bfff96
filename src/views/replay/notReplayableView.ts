/**
 * The replay panel's page for a simulation without events: the replay core's explanation (why, what is stored
 * instead, the nearest replayable simulation) turned into display data.
 */
import * as path from 'node:path';
import { type NotReplayableInfo, notReplayableMessage } from '../../replay';
import type { SimulationSummary } from '../../model';
import { formatCents, formatCount } from '../../format';
import type { ReplayNotReplayableView } from '../../protocol/replay';

/** How a simulation is named in menus and titles: `iter5:eval`, `iter5:bs3`, or its id when standalone. */
export function shortName(sim: Pick<SimulationSummary, 'simulation_id' | 'experiment_id' | 'iteration' | 'run_purpose' | 'sample_index'>): string {
  if (sim.experiment_id === null || sim.iteration === null) return sim.simulation_id;
  if (sim.run_purpose === 'evaluation') return `iter${sim.iteration}:eval`;
  if (sim.run_purpose === 'bootstrap' && sim.sample_index !== null) return `iter${sim.iteration}:bs${sim.sample_index}`;
  return sim.simulation_id;
}

/** "evaluation, full level" / "bootstrap sample 3, events level". */
export function describeRun(sim: Pick<SimulationSummary, 'run_purpose' | 'sample_index' | 'persistence_level'>): string {
  const what = sim.run_purpose === 'bootstrap' && sim.sample_index !== null ? `bootstrap sample ${sim.sample_index}` : (sim.run_purpose ?? 'run');
  return `${what}, ${sim.persistence_level ?? 'unknown'} level`;
}

/** Columns of daily_agent_metrics shown first when present; the others follow in stored order. */
const FIRST_COLUMNS = ['day', 'agent_id'];

/** daily_agent_metrics columns in cents (the counts are num_*, queue1_*; see schema/unified-v1.sql). */
const isMoneyColumn = (c: string) => !/^(num_|queue1_|day$|agent_id$)/.test(c) && /balance|cap|overdraft|collateral|capacity|cost|penalty|liquidity/.test(c);

function cell(column: string, value: number | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return isMoneyColumn(column) ? formatCents(value) : formatCount(value);
  return value;
}

/** `simulation` (when known) names the run in titles; the explanation itself needs only `info`. */
export function notReplayableView(filePath: string, info: NotReplayableInfo, simulation: SimulationSummary | null = null): ReplayNotReplayableView {
  const stored = [...new Set(info.dailyMetrics.flatMap((r) => Object.keys(r)))];
  const columns = [...FIRST_COLUMNS.filter((c) => stored.includes(c)), ...stored.filter((c) => !FIRST_COLUMNS.includes(c))];
  const nearest = info.nearest;
  return {
    filePath,
    fileName: path.basename(filePath),
    simulationId: info.simulationId,
    shortName: simulation ? shortName(simulation) : info.simulationId,
    message: notReplayableMessage(info),
    reason: info.reason,
    persistenceLevel: info.persistenceLevel,
    experimentId: info.experimentId,
    iteration: info.iteration,
    days: info.days,
    agents: info.agents,
    metricColumns: columns,
    metricRows: info.dailyMetrics.map((r) => columns.map((c) => cell(c, r[c]))),
    nearest:
      nearest && info.nearestRelation
        ? { simulationId: nearest.simulation_id, label: `${shortName(nearest)} (${describeRun(nearest)})`, relation: info.nearestRelation }
        : null,
  };
}
