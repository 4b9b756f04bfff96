/**
 * A benchmark run that really produces about the requested number of events. `scaledScenario` sizes a run from a
 * short pilot; because backlogs can grow over the days, a long run may miss the target. The run is therefore
 * streamed straight into the file and counted; only when the count is more than 5% off are its rows discarded
 * and the run's length rescaled (at most a few attempts). When the first guess is good — the usual case — no
 * simulation is run twice and no event is ever held in memory.
 */
import type { Scenario } from '../scenario';
import { scaledScenario } from '../scenarios';

const TOLERANCE = 0.05;
const MAX_ATTEMPTS = 4;

/** The same scenario with another day length and day count (the name's `x<tpd>x<days>` suffix follows). */
function resized(scenario: Scenario, ticksPerDay: number, numDays: number): Scenario {
  return {
    ...scenario,
    name: scenario.name.replace(/x\d+x\d+$/, `x${ticksPerDay}x${numDays}`),
    simulation: { ...scenario.simulation, ticks_per_day: ticksPerDay, num_days: numDays },
  };
}

/** Rescales the run length by target/actual events; null when that would not change the scenario. */
export function rescaled(scenario: Scenario, actualEvents: number, targetEvents: number): Scenario | null {
  const { ticks_per_day: tpd, num_days: days } = scenario.simulation;
  const wanted = Math.max(2, Math.round((tpd * days * targetEvents) / Math.max(1, actualEvents)));
  const next = wanted >= 2 * tpd ? resized(scenario, tpd, Math.round(wanted / tpd)) : resized(scenario, Math.max(2, wanted), 1);
  return next.simulation.ticks_per_day === tpd && next.simulation.num_days === days ? null : next;
}

export interface CalibratedRun<T> {
  scenario: Scenario;
  events: number;
  result: T;
}

/**
 * Runs `attempt` (which simulates `scenario`, streaming its events into the file, and returns the event count) on
 * `scaledScenario(target, seed)`; if the count misses the target by more than 5%, calls `discard` to delete what
 * that attempt wrote and tries again with a rescaled scenario. The accepted attempt's rows stay in the file.
 */
export function streamCalibrated<T>(
  targetEvents: number,
  seed: number,
  attempt: (scenario: Scenario) => { events: number; result: T },
  discard: () => void,
): CalibratedRun<T> {
  let scenario = scaledScenario(targetEvents, seed);
  for (let n = 1; ; n++) {
    const { events, result } = attempt(scenario);
    const next = Math.abs(events - targetEvents) > TOLERANCE * targetEvents && n < MAX_ATTEMPTS ? rescaled(scenario, events, targetEvents) : null;
    if (next === null) {
      return { scenario, events, result };
    }
    discard();
    scenario = next;
  }
}
