/**
 * What a replay starts from: the agents with their opening balances, unsecured caps, posted collateral and haircuts,
 * and the clock (ticks per day, number of ticks).
 *
 * Sources, best first: the run's scenario (config_json: `agents[]` with opening_balance, unsecured_cap,
 * posted_collateral, collateral_haircut — the simulator's and SimCash's field names); then, for agents or fields
 * the configuration does not give, the first tick of tick_agent_states (balance − balance_change) and the first
 * balance-carrying events (`*_balance_before`, `balances_before`, `balance_before`). Defaults follow the engine:
 * unsecured cap 0, no collateral, haircut 0.02.
 */
import type { SimCashFile, SimulationSummary } from '../model';
import { eventAgentIds, eventsByTick, simulationConfig, tickAgentStates } from '../model/replayData';
import { openingBalancesFromEvents } from './setupEvents';
import { DEFAULT_HAIRCUT } from './state';

export interface AgentSetup {
  id: string;
  openingBalance: number;
  unsecuredCap: number;
  postedCollateral: number;
  collateralHaircut: number;
}

export interface ReplaySetup {
  simulationId: string;
  /** Sorted by id (the engine processes agents in id order). */
  agents: AgentSetup[];
  /** null when the file does not say (days then follow EndOfDay events). */
  ticksPerDay: number | null;
  /** Ticks to replay: ticks_per_day × num_days, or up to the last tick with events if that is later. */
  totalTicks: number;
  /** Where the opening balances came from, for people. */
  source: 'config' | 'snapshots' | 'events' | 'mixed';
  /** Agents whose opening balance had to be assumed 0. */
  assumed: string[];
}

interface ConfigAgent {
  id: string;
  openingBalance: number | null;
  unsecuredCap: number | null;
  postedCollateral: number | null;
  haircut: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Agents as a scenario configuration lists them (`agents`, or the older `agent_configs`). */
export function configAgents(config: Record<string, unknown> | null): ConfigAgent[] {
  const list = config?.agents ?? config?.agent_configs;
  if (!Array.isArray(list)) {
    return [];
  }
  return list.flatMap((raw: unknown): ConfigAgent[] => {
    if (raw === null || typeof raw !== 'object') {
      return [];
    }
    const a = raw as Record<string, unknown>;
    const id = typeof a.id === 'string' ? a.id : typeof a.agent_id === 'string' ? a.agent_id : null;
    if (id === null) {
      return [];
    }
    return [
      {
        id,
        openingBalance: num(a.opening_balance),
        // `credit_limit` is the predecessor's legacy name of the unsecured cap.
        unsecuredCap: num(a.unsecured_cap) ?? num(a.credit_limit),
        postedCollateral: num(a.posted_collateral),
        haircut: num(a.collateral_haircut),
      },
    ];
  });
}

/** Builds the setup of a simulation from its configuration, snapshots and events (see the file comment). */
export async function loadSetup(file: SimCashFile, simulation: SimulationSummary, lastEventTick: number | null): Promise<ReplaySetup> {
  const id = simulation.simulation_id;
  const config = await simulationConfig(file, id);
  const fromConfig = new Map(configAgents(config).map((a) => [a.id, a]));
  const firstStates = await tickAgentStates(file, id, 0, 0);
  const fromSnapshots = new Map(firstStates.map((r) => [r.agent_id, r]));

  const ids = new Set<string>([...fromConfig.keys(), ...fromSnapshots.keys()]);
  if (ids.size === 0) {
    for (const agent of await eventAgentIds(file, id)) {
      ids.add(agent);
    }
  }
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const missing = sorted.filter((a) => fromConfig.get(a)?.openingBalance == null && fromSnapshots.get(a)?.balance == null);
  const fromEvents = missing.length > 0 ? await openingBalancesFromEvents(eventsByTick(file, id), new Set(missing)) : new Map<string, number>();

  const sources = new Set<ReplaySetup['source']>();
  const assumed: string[] = [];
  const agents = sorted.map((agent): AgentSetup => {
    const c = fromConfig.get(agent);
    const s = fromSnapshots.get(agent);
    let openingBalance = c?.openingBalance ?? null;
    if (openingBalance !== null) {
      sources.add('config');
    } else if (s && s.balance !== null) {
      openingBalance = s.balance - (s.balance_change ?? 0);
      sources.add('snapshots');
    } else if (fromEvents.has(agent)) {
      openingBalance = fromEvents.get(agent) ?? 0;
      sources.add('events');
    } else {
      assumed.push(agent);
    }
    return {
      id: agent,
      openingBalance: openingBalance ?? 0,
      unsecuredCap: c?.unsecuredCap ?? s?.unsecured_cap ?? 0,
      // Snapshots hold collateral after tick 0, which may already include a post; the configuration is exact.
      postedCollateral: c?.postedCollateral ?? (c ? 0 : (s?.posted_collateral ?? 0)),
      collateralHaircut: c?.haircut ?? DEFAULT_HAIRCUT,
    };
  });

  const simulationBlock = config?.simulation as Record<string, unknown> | undefined;
  const ticksPerDay = simulation.ticks_per_day ?? num(simulationBlock?.ticks_per_day);
  const numDays = simulation.num_days ?? num(simulationBlock?.num_days);
  const planned = ticksPerDay !== null && numDays !== null ? ticksPerDay * numDays : 0;
  return {
    simulationId: id,
    agents,
    ticksPerDay: ticksPerDay !== null && ticksPerDay > 0 ? ticksPerDay : null,
    totalTicks: Math.max(planned, lastEventTick === null ? 0 : lastEventTick + 1),
    source: sources.size === 1 ? [...sources][0] : sources.size === 0 ? 'config' : 'mixed',
    assumed,
  };
}
