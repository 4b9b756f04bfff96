/**
 * What the events panel says about a simulation without events: the replay module's explanation (why, what the
 * file keeps instead, the nearest replayable simulation of the same iteration) shaped for the webview.
 */
import type { SimCashFile, SimulationSummary } from '../../model';
import { describeNotReplayable, notReplayableMessage } from '../../replay/notReplayable';
import type { NoEventsInfo } from '../../protocol/events';

/** Daily-metrics columns the preview shows, when the file has them (the full rows are one query away). */
const PREVIEW_COLUMNS = ['day', 'agent_id', 'opening_balance', 'closing_balance', 'num_arrivals', 'num_settled', 'queue1_eod_size', 'total_cost'];
const PREVIEW_ROWS = 60;

function roleOf(s: SimulationSummary): string {
  if (s.run_purpose === 'bootstrap' && s.sample_index !== null) return `bootstrap sample ${s.sample_index}`;
  return s.run_purpose ?? 'simulation';
}

export async function noEventsInfo(file: SimCashFile, simulation: SimulationSummary): Promise<NoEventsInfo> {
  const info = await describeNotReplayable(file, simulation);
  const present = PREVIEW_COLUMNS.filter((c) => info.dailyMetrics.some((row) => c in row));
  const nearest = info.nearest;
  return {
    simulationId: simulation.simulation_id,
    persistenceLevel: simulation.persistence_level,
    message: notReplayableMessage(info),
    reason: info.reason,
    stored: [
      { table: 'simulation_runs', rows: 1, description: 'the run itself: scenario, seed, status, totals' },
      ...(info.dailyMetrics.length > 0
        ? [{ table: 'daily_agent_metrics', rows: info.dailyMetrics.length, description: `per agent and day: balances, costs, settlements, queue sizes (${info.days} day${info.days === 1 ? '' : 's'} × ${info.agents.length} agent${info.agents.length === 1 ? '' : 's'})` }]
        : []),
    ],
    metrics: {
      columns: present,
      rows: info.dailyMetrics.slice(0, PREVIEW_ROWS).map((row) => present.map((c) => row[c] ?? null)),
      total: info.dailyMetrics.length,
    },
    nearest: nearest && info.nearestRelation
      ? {
          simulationId: nearest.simulation_id,
          label: `${roleOf(nearest)}${nearest.iteration !== null ? `, iteration ${nearest.iteration}` : ''}, ${nearest.persistence_level ?? 'events'} level`,
          relation: info.nearestRelation,
          eventCount: nearest.event_count,
        }
      : null,
  };
}
