import { backendFor } from './backend';
import { ModelError } from './errors';
import type { SimCashFile } from './file';
import type { SimulationSummary } from './types';

/** What a shorthand names inside an experiment. */
export type SimulationShorthand = { iteration: number; purpose: 'evaluation' } | { iteration: number; purpose: 'bootstrap'; sample: number };

const ITER = String.raw`(?:iter(?:ation)?\s*)?(\d+)`;
const EVALUATION = new RegExp(String.raw`^${ITER}\s*:\s*(?:eval|evaluation)$`, 'i');
const ITERATION_ONLY = /^iter(?:ation)?\s*(\d+)$/i;
const BOOTSTRAP = new RegExp(String.raw`^${ITER}\s*:\s*(?:(?:bootstrap|sample|bs)\s*:?\s*)(\d+)$`, 'i');
const DOTTED = /^(\d+)\.(\d+)$/;

/** Shorthand forms, for help texts and error messages. */
export const SHORTHAND_FORMS = 'iterN:eval, iterN:bootstrap:K, iterN:bsK or N.K';

/**
 * Parses `iter5:eval` / `iter5:evaluation` / `iter5` (the evaluation run of iteration 5), `iter5:bootstrap:3` /
 * `iter5:bs3` / `5.3` (bootstrap sample 3 of iteration 5). Null when the text is not a shorthand.
 */
export function parseSimulationShorthand(text: string): SimulationShorthand | null {
  const t = text.trim();
  let m = EVALUATION.exec(t) ?? ITERATION_ONLY.exec(t);
  if (m) {
    return { iteration: Number(m[1]), purpose: 'evaluation' };
  }
  m = BOOTSTRAP.exec(t) ?? DOTTED.exec(t);
  if (m) {
    return { iteration: Number(m[1]), purpose: 'bootstrap', sample: Number(m[2]) };
  }
  return null;
}

/**
 * Resolves a simulation reference: a full simulation id passes through when the file has it; otherwise the text
 * is read as a shorthand within `experimentId`. Throws ModelError with a message for people when it cannot.
 */
export async function resolveSimulationShorthand(file: SimCashFile, experimentId: string | null | undefined, text: string): Promise<SimulationSummary> {
  const backend = await backendFor(file);
  const direct = await backend.getSimulation(text);
  if (direct) {
    return direct;
  }
  const shorthand = parseSimulationShorthand(text);
  if (!shorthand) {
    const hint = experimentId ? ` It is not a shorthand either (${SHORTHAND_FORMS}).` : '';
    throw new ModelError('unknown-simulation', `${file.path} has no simulation "${text}".${hint}`);
  }
  if (!experimentId) {
    throw new ModelError('bad-shorthand', `"${text}" names a simulation within an experiment: give the experiment id as well.`);
  }
  const experiments = await backend.listExperiments();
  if (!experiments.some((e) => e.experiment_id === experimentId)) {
    const known = experiments.map((e) => e.experiment_id);
    const list = known.length === 0 ? 'it has no experiments' : `known: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', ...' : ''}`;
    throw new ModelError('unknown-experiment', `${file.path} has no experiment "${experimentId}" (${list}).`);
  }

  const iterations = await backend.listIterations(experimentId);
  const linked = await backend.listSimulations({ experimentId });
  const present = new Set<number>([...iterations.map((i) => i.iteration), ...linked.flatMap((s) => (s.iteration === null ? [] : [s.iteration]))]);
  const { iteration } = shorthand;
  if (!present.has(iteration)) {
    if (present.size === 0) {
      throw new ModelError('iteration-out-of-range', `Experiment ${experimentId} has no iterations stored, so there is no iteration ${iteration}.`);
    }
    const numbers = [...present].sort((a, b) => a - b);
    const range = numbers.length === numbers[numbers.length - 1] - numbers[0] + 1 ? `${numbers[0]}–${numbers[numbers.length - 1]}` : numbers.join(', ');
    throw new ModelError('iteration-out-of-range', `Iteration ${iteration} is out of range: experiment ${experimentId} has iterations ${range}.`);
  }

  const row = iterations.find((i) => i.iteration === iteration);
  const simulations = await backend.iterationSimulations(experimentId, iteration);
  if (shorthand.purpose === 'evaluation') {
    const id = row?.evaluation_simulation_id ?? null;
    const found = id !== null ? await backend.getSimulation(id) : (simulations.find((s) => s.run_purpose === 'evaluation') ?? null);
    if (found) {
      return found;
    }
    throw new ModelError(
      'not-persisted',
      id !== null
        ? `The evaluation simulation of iteration ${iteration} (${id}) was not persisted in ${file.path}.`
        : `Iteration ${iteration} of experiment ${experimentId} has no persisted evaluation simulation.`,
    );
  }

  const { sample } = shorthand;
  const found = simulations.find((s) => s.run_purpose === 'bootstrap' && s.sample_index === sample);
  if (found) {
    return found;
  }
  const listedIds = row?.bootstrap_simulation_ids ?? [];
  if (sample < listedIds.length) {
    throw new ModelError('not-persisted', `Bootstrap sample ${sample} of iteration ${iteration} (${listedIds[sample]}) was not persisted in ${file.path}.`);
  }
  const storedSamples = simulations.flatMap((s) => (s.run_purpose === 'bootstrap' && s.sample_index !== null ? [s.sample_index] : []));
  const count = Math.max(listedIds.length, storedSamples.length === 0 ? 0 : Math.max(...storedSamples) + 1);
  throw new ModelError(
    'no-such-sample',
    count === 0
      ? `Iteration ${iteration} of experiment ${experimentId} has no bootstrap samples.`
      : `Iteration ${iteration} of experiment ${experimentId} has no bootstrap sample ${sample} (samples 0–${count - 1}).`,
  );
}
