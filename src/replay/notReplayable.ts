/**
 * Simulations that cannot be replayed (summary or none level, or events missing): why, what the file does keep for
 * them (their daily metrics), and the nearest simulation of the same experiment iteration that can be replayed —
 * or, failing that, of the nearest iteration.
 */
import { iterationSimulations, replayableSimulations } from '../model';
import type { SimCashFile, SimulationSummary } from '../model';
import { dailyAgentMetrics } from '../model/replayData';

export interface NotReplayableInfo {
  simulationId: string;
  experimentId: string | null;
  iteration: number | null;
  persistenceLevel: string | null;
  /** One sentence for people. */
  reason: string;
  /** What is stored instead: daily_agent_metrics rows (every stored column, by day then agent). */
  dailyMetrics: Record<string, number | string | null>[];
  days: number;
  agents: string[];
  nearest: SimulationSummary | null;
  /** Whether `nearest` belongs to the same iteration, or only to the same experiment. */
  nearestRelation: 'same-iteration' | 'same-experiment' | null;
}

export class NotReplayableError extends Error {
  constructor(readonly info: NotReplayableInfo) {
    super(notReplayableMessage(info));
    this.name = 'NotReplayableError';
  }
}

function reasonFor(sim: SimulationSummary): string {
  switch (sim.persistence_level) {
    case 'summary':
      return 'it was stored at the summary level: only its daily metrics were kept, not its events';
    case 'none':
      return 'it was run without persistence: nothing but its id was kept';
    default:
      return `no events are stored for it (persistence level: ${sim.persistence_level ?? 'unknown'}${sim.status && sim.status !== 'completed' ? `, status: ${sim.status}` : ''})`;
  }
}

/** Rank of a candidate: same purpose first, then the closest sample, evaluation runs before samples. */
function closeness(sim: SimulationSummary, c: SimulationSummary): number[] {
  return [
    Math.abs((c.iteration ?? 0) - (sim.iteration ?? 0)),
    c.run_purpose === sim.run_purpose ? 0 : 1,
    Math.abs((c.sample_index ?? -1) - (sim.sample_index ?? -1)),
    c.run_purpose === 'evaluation' ? 0 : 1,
  ];
}

function best(sim: SimulationSummary, candidates: SimulationSummary[]): SimulationSummary | null {
  const ranked = candidates
    .filter((c) => c.replayable && c.simulation_id !== sim.simulation_id)
    .map((c) => ({ c, key: closeness(sim, c) }))
    .sort((x, y) => {
      for (let i = 0; i < x.key.length; i++) {
        if (x.key[i] !== y.key[i]) {
          return x.key[i] - y.key[i];
        }
      }
      return x.c.simulation_id < y.c.simulation_id ? -1 : 1;
    });
  return ranked[0]?.c ?? null;
}

/** The replayable simulation nearest to `sim` within its experiment, and how near it is. */
export async function nearestReplayable(file: SimCashFile, sim: SimulationSummary): Promise<Pick<NotReplayableInfo, 'nearest' | 'nearestRelation'>> {
  if (sim.experiment_id === null) {
    return { nearest: null, nearestRelation: null };
  }
  if (sim.iteration !== null) {
    const same = best(sim, await iterationSimulations(file, sim.experiment_id, sim.iteration));
    if (same) {
      return { nearest: same, nearestRelation: 'same-iteration' };
    }
  }
  const other = best(sim, await replayableSimulations(file, sim.experiment_id));
  return { nearest: other, nearestRelation: other ? 'same-experiment' : null };
}

export async function describeNotReplayable(file: SimCashFile, sim: SimulationSummary): Promise<NotReplayableInfo> {
  const dailyMetrics = await dailyAgentMetrics(file, sim.simulation_id);
  const days = new Set(dailyMetrics.map((r) => r.day));
  const agents = [...new Set(dailyMetrics.map((r) => String(r.agent_id)))].sort();
  return {
    simulationId: sim.simulation_id,
    experimentId: sim.experiment_id,
    iteration: sim.iteration,
    persistenceLevel: sim.persistence_level,
    reason: reasonFor(sim),
    dailyMetrics,
    days: days.size,
    agents,
    ...(await nearestReplayable(file, sim)),
  };
}

/** The explanation as one paragraph (CLI, notifications). */
export function notReplayableMessage(info: NotReplayableInfo): string {
  const stored =
    info.dailyMetrics.length > 0
      ? ` The file keeps its daily metrics: ${info.dailyMetrics.length} rows (${info.days} day${info.days === 1 ? '' : 's'} × ${info.agents.length} agent${info.agents.length === 1 ? '' : 's'}: balances, costs, settlements, queue sizes).`
      : '';
  let nearest = '';
  if (info.nearest) {
    const n = info.nearest;
    const where = info.nearestRelation === 'same-iteration' ? 'of the same iteration' : `of the same experiment (iteration ${n.iteration ?? '?'})`;
    const what = n.run_purpose === 'bootstrap' && n.sample_index !== null ? `bootstrap sample ${n.sample_index}` : (n.run_purpose ?? 'run');
    nearest = ` The nearest replayable simulation ${where} is ${n.simulation_id} (${what}, ${n.persistence_level ?? 'events'} level).`;
  } else if (info.experimentId !== null) {
    nearest = ` No other simulation of experiment ${info.experimentId} can be replayed.`;
  }
  return `Simulation ${info.simulationId} cannot be replayed: ${info.reason}.${stored}${nearest}`;
}
