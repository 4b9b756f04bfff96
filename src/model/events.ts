import { backendFor } from './backend';
import { countEvents as countMatching, queryEvents, queryEventTypeCounts } from './common/eventQuery';
import type { SimCashFile } from './file';
import type { DrillDownRequest, DrillDownResult, EventFilter, EventPage, EventPageRequest, EventTypeCount } from './types';

/**
 * One page of a simulation's events in (tick, event order), narrowed by the filter. Keyset paging: pass the
 * previous page's nextCursor as `after`. Unified files are served by the simulation_events indexes.
 */
export async function listEvents(file: SimCashFile, simulationId: string, filter: EventFilter = {}, page: EventPageRequest = {}): Promise<EventPage> {
  const backend = await backendFor(file);
  return queryEvents(file.db, backend.events, [simulationId], filter, page);
}

/** How many of a simulation's events match the filter. */
export async function countEvents(file: SimCashFile, simulationId: string, filter: EventFilter = {}): Promise<number> {
  const backend = await backendFor(file);
  return countMatching(file.db, backend.events, [simulationId], filter);
}

/** Events per event type for one simulation, most frequent first (for building filters). */
export async function eventTypeCounts(file: SimCashFile, simulationId: string): Promise<EventTypeCount[]> {
  const backend = await backendFor(file);
  return queryEventTypeCounts(file.db, backend.events, simulationId);
}

/**
 * The design note's drill-down (experiment → iteration → simulation → events), paged: the events of the
 * iteration's simulations of one purpose (by default its evaluation run) in tick order.
 */
export async function drillDownEvents(file: SimCashFile, experimentId: string, iteration: number, request: DrillDownRequest = {}): Promise<DrillDownResult> {
  const backend = await backendFor(file);
  const purpose = request.purpose ?? 'evaluation';
  let simulations = (await backend.iterationSimulations(experimentId, iteration)).filter(
    (s) => s.run_purpose === purpose && (request.sampleIndex === undefined || s.sample_index === request.sampleIndex),
  );
  if (purpose === 'evaluation' && simulations.length > 1) {
    // Legacy files can hold both an initial and a regular evaluation run for one iteration; the iteration's own
    // link says which one evaluated it.
    const linked = (await backend.listIterations(experimentId)).find((i) => i.iteration === iteration)?.evaluation_simulation_id;
    const narrowed = simulations.filter((s) => s.simulation_id === linked);
    simulations = narrowed.length > 0 ? narrowed : simulations;
  }
  const page = await queryEvents(
    file.db,
    backend.events,
    simulations.map((s) => s.simulation_id),
    request.filter ?? {},
    request,
  );
  return { ...page, simulations };
}
