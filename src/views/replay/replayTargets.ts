/**
 * Which simulation a replay command opens: an iteration's replayable simulations (its evaluation run first), and a
 * typed reference (a simulation id, a shorthand within an experiment, or "EXPERIMENT SHORTHAND"). Free of vscode so
 * that the rules are unit-tested; the commands add the quick picks and messages.
 */
import { ModelError, getSimulation, iterationSimulations, listExperiments, listIterations, parseSimulationShorthand, resolveSimulationShorthand } from '../../model';
import type { SimCashFile, SimulationSummary } from '../../model';
import { nearestReplayable } from '../../replay';

export type IterationReplayChoice =
  | { kind: 'open'; simulation: SimulationSummary }
  /** Several are replayable: the evaluation run first, then bootstrap samples in order. */
  | { kind: 'pick'; simulations: SimulationSummary[] }
  /** None is: why (with persistence levels), the evaluation run when stored, and the nearest replayable one. */
  | { kind: 'none'; message: string; evaluation: SimulationSummary | null; nearest: SimulationSummary | null };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "its evaluation simulation was stored at the summary level and 5 bootstrap samples at the summary level". */
function storedLevels(simulations: readonly SimulationSummary[]): string {
  const parts: string[] = [];
  const evaluation = simulations.find((s) => s.run_purpose === 'evaluation');
  if (evaluation) parts.push(`its evaluation simulation was stored at the ${evaluation.persistence_level ?? 'unknown'} level`);
  const others = new Map<string, number>();
  for (const s of simulations) {
    if (s === evaluation) continue;
    const key = `${s.run_purpose === 'bootstrap' ? 'bootstrap sample' : (s.run_purpose ?? 'simulation')}|${s.persistence_level ?? 'unknown'}`;
    others.set(key, (others.get(key) ?? 0) + 1);
  }
  for (const [key, n] of others) {
    const [what, level] = key.split('|');
    parts.push(`${plural(n, what)} at the ${level} level`);
  }
  return parts.join(', ');
}

export async function iterationReplayChoice(file: SimCashFile, experimentId: string, iteration: number): Promise<IterationReplayChoice> {
  const simulations = await iterationSimulations(file, experimentId, iteration);
  const replayable = simulations.filter((s) => s.replayable);
  // Evaluation first (the iteration's own run), then samples by index; iterationSimulations already orders so.
  replayable.sort((a, b) => Number(b.run_purpose === 'evaluation') - Number(a.run_purpose === 'evaluation'));
  if (replayable.length === 1) return { kind: 'open', simulation: replayable[0] };
  if (replayable.length > 1) return { kind: 'pick', simulations: replayable };

  const evaluation = simulations.find((s) => s.run_purpose === 'evaluation') ?? null;
  let message: string;
  if (simulations.length === 0) {
    const linked = (await listIterations(file, experimentId)).find((i) => i.iteration === iteration)?.evaluation_simulation_id ?? null;
    message = `Iteration ${iteration} has no stored simulation${linked ? ` (its evaluation simulation ${linked} was run without persistence, level none)` : ''}, so there is nothing to replay.`;
  } else {
    message = `Iteration ${iteration} has no replayable simulation: ${storedLevels(simulations)}. Only the events and full levels keep the events a replay needs.`;
  }
  const nearest = simulations.length > 0 ? (await nearestReplayable(file, evaluation ?? simulations[0])).nearest : null;
  return { kind: 'none', message, evaluation, nearest };
}

/**
 * Resolves what a person typed: a simulation id; a shorthand (`iter5:eval`, `iter5:bs3`, `5.3`) within
 * `experimentId`, or within the file's only experiment; or "EXPERIMENT SHORTHAND" where EXPERIMENT is an experiment
 * id or name. Throws ModelError with a message for people.
 */
export async function resolveReplayReference(file: SimCashFile, text: string, experimentId?: string | null): Promise<SimulationSummary> {
  const reference = text.trim();
  if (experimentId) return resolveSimulationShorthand(file, experimentId, reference);
  const direct = await getSimulation(file, reference);
  if (direct) return direct;

  const experiments = await listExperiments(file);
  const space = reference.search(/\s+\S+$/);
  if (space > 0) {
    const name = reference.slice(0, space).trim();
    const shorthand = reference.slice(space).trim();
    const byId = experiments.find((e) => e.experiment_id === name);
    const byName = experiments.filter((e) => e.experiment_name === name);
    if (byId) return resolveSimulationShorthand(file, byId.experiment_id, shorthand);
    if (byName.length === 1) return resolveSimulationShorthand(file, byName[0].experiment_id, shorthand);
    if (byName.length > 1) {
      throw new ModelError('bad-shorthand', `Several experiments are named "${name}" (${byName.map((e) => e.experiment_id).join(', ')}): give the experiment id.`);
    }
    throw new ModelError('unknown-experiment', `${file.path} has no experiment "${name}".`);
  }
  if (parseSimulationShorthand(reference) && experiments.length === 1) {
    return resolveSimulationShorthand(file, experiments[0].experiment_id, reference);
  }
  // No experiment to read a shorthand in: the model says why (unknown id, or "give the experiment as well").
  return resolveSimulationShorthand(file, null, reference);
}

/** "42", "day 2" (its first tick), "2:15" (day 2, tick 15 of the day). Null when it is not a tick of the run. */
export function parseTick(text: string, lastTick: number, ticksPerDay: number | null): number | null {
  const t = text.trim().toLowerCase();
  let tick: number | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^\d+$/.exec(t))) tick = Number(m[0]);
  else if (ticksPerDay && (m = /^day\s*(\d+)$/.exec(t))) tick = Number(m[1]) * ticksPerDay;
  else if (ticksPerDay && (m = /^(\d+)\s*:\s*(\d+)$/.exec(t)) && Number(m[2]) < ticksPerDay) tick = Number(m[1]) * ticksPerDay + Number(m[2]);
  return tick !== null && tick <= lastTick ? tick : null;
}
