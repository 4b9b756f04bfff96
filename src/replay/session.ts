/**
 * A replay of one simulation, as a panel uses it: open once, then ask for the state after any tick, step, read a
 * tick's events by phase, find the next tick of interest, draw series, and check the fold against the stored
 * per-tick snapshots.
 *
 * Opening makes one streamed pass over the simulation's state-changing events (never holding them all), which
 * stores checkpoints every K ticks, the per-tick series and the per-tick marks. A later `stateAt(t)` starts from
 * the nearest checkpoint (or a recently computed state) and folds at most K − 1 ticks, reading only those ticks'
 * events. States computed on the way are kept in a small cache, so stepping backwards and forwards is cheap.
 */
import { ModelError, getSimulation, listEvents } from '../model';
import type { EventRecord, SimCashFile, SimulationSummary } from '../model';
import { eventTickBounds, eventsByTick, hasTickSnapshots, tickAgentStates, tickQueueSnapshots } from '../model/replayData';
import type { TickAgentStateRow, TickQueueRow } from '../model/replayData';
import type { CheckpointStore } from './checkpoints';
import { type SnapshotDisagreement, compareTick } from './compare';
import { type ReplayEvent, replayEventBuilder } from './events';
import { type FoldOptions, type ReplayIssue, STATELESS_EVENT_TYPES, foldTickInPlace } from './fold';
import { type ReplayOpenOptions, type ReplayOpenStats, CHUNK_TICKS, openingPass } from './pass';
import { NotReplayableError, describeNotReplayable } from './notReplayable';
import { type ReplayMark, type TickEventGroups, groupByPhase, maskOf } from './phases';
import type { ReplaySeries } from './series';
import { type ReplaySetup, loadSetup } from './setup';
import { type ReplayState, type ReplayTickState, cloneState, describeState, estimateStateBytes } from './state';

export type { ReplayOpenOptions, ReplayOpenStats } from './pass';

export interface SnapshotCheckResult {
  /** False when the run has no per-tick snapshots (below the full persistence level). */
  available: boolean;
  ticksChecked: number;
  disagreementCount: number;
  /** The first `limit` disagreements, in tick order. */
  disagreements: SnapshotDisagreement[];
  /** First tick that disagrees, or null. */
  firstTick: number | null;
}

/** Memory the cache of recently computed states may take. */
const CACHE_BUDGET_BYTES = 32 * 2 ** 20;

export class ReplaySession {
  /** States recently computed, by tick, oldest first; never mutated (folds start from a clone). */
  private readonly cache = new Map<number, { state: ReplayState; bytes: number }>();
  private cacheBytes = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: SimCashFile,
    readonly simulation: SimulationSummary,
    readonly setup: ReplaySetup,
    private readonly store: CheckpointStore,
    private readonly seriesData: ReplaySeries,
    /** Whether per-tick snapshots exist to check the fold against. */
    readonly hasSnapshots: boolean,
    /** Problems met in the event stream during the opening pass (the first 200). */
    readonly issues: readonly ReplayIssue[],
    readonly issueCount: number,
    readonly stats: ReplayOpenStats,
    last: ReplayState,
  ) {
    this.remember(last);
  }

  /**
   * Opens a simulation for replay. Throws ModelError for an unknown id and NotReplayableError (with what is
   * stored instead and the nearest replayable simulation) for a run without events.
   */
  static async open(file: SimCashFile, simulationId: string, options: ReplayOpenOptions = {}): Promise<ReplaySession> {
    const started = performance.now();
    const simulation = await getSimulation(file, simulationId);
    if (!simulation) {
      throw new ModelError('unknown-simulation', `${file.path} has no simulation "${simulationId}".`);
    }
    if (!simulation.replayable) {
      throw new NotReplayableError(await describeNotReplayable(file, simulation));
    }
    const bounds = await eventTickBounds(file, simulationId);
    const setup = await loadSetup(file, simulation, bounds?.last ?? null);
    const pass = await openingPass(file, setup, simulation.event_count, options);
    const stats: ReplayOpenStats = { ...pass.stats, openMs: Math.round(performance.now() - started) };
    const snapshots = await hasTickSnapshots(file, simulationId);
    return new ReplaySession(file, simulation, setup, pass.store, pass.series, snapshots, pass.issues, pass.issueCount, stats, pass.last);
  }

  get simulationId(): string {
    return this.simulation.simulation_id;
  }

  /** Ticks in the run; valid ticks are 0 … totalTicks − 1 (and −1 for the state before the first tick). */
  get totalTicks(): number {
    return this.setup.totalTicks;
  }

  get lastTick(): number {
    return this.setup.totalTicks - 1;
  }

  /** K: a jump folds at most K − 1 ticks from a checkpoint. */
  get checkpointInterval(): number {
    return this.store.interval;
  }

  get agentIds(): readonly string[] {
    return this.seriesData.agentIds;
  }

  /** The state after `tick` (−1: before the first tick). */
  async stateAt(tick: number): Promise<ReplayTickState> {
    this.checkTick(tick, -1);
    return this.describe(await this.serial(() => this.foldTo(tick)));
  }

  /** A tick's events (every type, stateless ones included), grouped by tick-loop phase. */
  async eventsAt(tick: number): Promise<TickEventGroups> {
    this.checkTick(tick, 0);
    const events: EventRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listEvents(this.file, this.simulationId, { fromTick: tick, toTick: tick }, { limit: 10_000, after });
      events.push(...page.events);
      if (page.nextCursor === null) {
        break;
      }
      after = page.nextCursor;
    }
    return groupByPhase(tick, events);
  }

  /** The first tick after `fromTick` with any of the marks, or null. Reads no events. */
  nextTickWith(marks: ReplayMark | readonly ReplayMark[], fromTick: number): number | null {
    const mask = maskOf(marks);
    const m = this.seriesData.marks;
    for (let t = Math.max(0, fromTick + 1); t < m.length; t++) {
      if ((m[t] & mask) !== 0) {
        return t;
      }
    }
    return null;
  }

  /** The last tick before `fromTick` with any of the marks, or null. */
  previousTickWith(marks: ReplayMark | readonly ReplayMark[], fromTick: number): number | null {
    const mask = maskOf(marks);
    const m = this.seriesData.marks;
    for (let t = Math.min(m.length - 1, fromTick - 1); t >= 0; t--) {
      if ((m[t] & mask) !== 0) {
        return t;
      }
    }
    return null;
  }

  /** Per-tick series for charts (typed arrays filled while opening; treat them as read-only). */
  series(): ReplaySeries {
    return this.seriesData;
  }

  /** The fold against the snapshots of one tick ([] when they agree or when the run has none). */
  async snapshotCheckAt(tick: number): Promise<SnapshotDisagreement[]> {
    this.checkTick(tick, 0);
    if (!this.hasSnapshots) {
      return [];
    }
    const state = await this.stateAt(tick);
    const [agents, queues] = await Promise.all([
      tickAgentStates(this.file, this.simulationId, tick, tick),
      tickQueueSnapshots(this.file, this.simulationId, tick, tick),
    ]);
    return compareTick(state, agents, queues);
  }

  /** The fold against the snapshots of every tick, in one streamed pass. */
  async snapshotCheck(options: { limit?: number; signal?: AbortSignal } = {}): Promise<SnapshotCheckResult> {
    const limit = options.limit ?? 1000;
    const result: SnapshotCheckResult = { available: this.hasSnapshots, ticksChecked: 0, disagreementCount: 0, disagreements: [], firstTick: null };
    if (!this.hasSnapshots) {
      return result;
    }
    await this.forEachTick(async (state, _events, rows) => {
      options.signal?.throwIfAborted();
      const found = compareTick(state, rows?.agents ?? [], rows?.queues ?? []);
      result.ticksChecked++;
      result.disagreementCount += found.length;
      if (found.length > 0) {
        result.firstTick ??= state.tick;
        result.disagreements.push(...found.slice(0, Math.max(0, limit - result.disagreements.length)));
      }
    }, { withSnapshots: true });
    return result;
  }

  /**
   * Folds forward through fromTick … toTick (default: the whole run), calling `visit` with the state after each
   * tick and the state-changing events folded for it (and, on request, the tick's snapshot rows). Streams the
   * events in chunks; the session's cache is left alone.
   */
  async forEachTick(
    visit: (state: ReplayTickState, events: readonly ReplayEvent[], snapshots: { agents: TickAgentStateRow[]; queues: TickQueueRow[] } | null) => void | Promise<void>,
    range: { fromTick?: number; toTick?: number; withSnapshots?: boolean } = {},
  ): Promise<void> {
    const from = range.fromTick ?? 0;
    const to = range.toTick ?? this.lastTick;
    this.checkTick(from, 0);
    this.checkTick(to, 0);
    const work = cloneState(await this.serial(() => this.foldTo(from - 1)));
    const fold: FoldOptions = { ticksPerDay: this.setup.ticksPerDay };
    for (let start = from; start <= to; start += CHUNK_TICKS) {
      const end = Math.min(to, start + CHUNK_TICKS - 1);
      const events = await this.loadEvents(start, end);
      const snapshots = range.withSnapshots ? await this.loadSnapshots(start, end) : null;
      for (let t = start; t <= end; t++) {
        const list = events.get(t) ?? [];
        foldTickInPlace(work, t, list, fold);
        await visit(this.describe(work), list, snapshots ? { agents: snapshots.agents.get(t) ?? [], queues: snapshots.queues.get(t) ?? [] } : null);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------

  private describe(state: ReplayState): ReplayTickState {
    return describeState(state, this.setup.ticksPerDay, this.openingTotal);
  }

  private get openingTotal(): number {
    return this.setup.agents.reduce((s, a) => s + a.openingBalance, 0);
  }

  private checkTick(tick: number, min: number): void {
    if (!Number.isInteger(tick) || tick < min || tick > this.lastTick) {
      throw new RangeError(`tick ${tick} is outside ${min}–${this.lastTick} for simulation ${this.simulationId}`);
    }
  }

  /** Runs state computations one at a time (they share the cache). */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The state after `tick`, from the cache, or folded from the best start at or before it. Do not mutate. */
  private async foldTo(tick: number): Promise<ReplayState> {
    const cached = this.cache.get(tick);
    if (cached) {
      return cached.state;
    }
    let start = this.store.nearest(tick);
    for (let t = tick - 1; t > start.tick; t--) {
      const hit = this.cache.get(t);
      if (hit) {
        start = hit.state;
        break;
      }
    }
    if (start.tick === tick) {
      return start;
    }
    const work = cloneState(start);
    const events = await this.loadEvents(work.tick + 1, tick);
    const fold: FoldOptions = { ticksPerDay: this.setup.ticksPerDay };
    for (let t = work.tick + 1; t <= tick; t++) {
      foldTickInPlace(work, t, events.get(t) ?? [], fold);
      this.remember(t === tick ? work : cloneState(work));
    }
    return work;
  }

  /** Keeps a computed state for later steps: room for two jumps' worth of states, within a memory budget. */
  private remember(state: ReplayState): void {
    const size = estimateStateBytes(state);
    this.cacheBytes += size - (this.cache.get(state.tick)?.bytes ?? 0);
    this.cache.set(state.tick, { state, bytes: size });
    const room = Math.max(64, 2 * this.store.interval);
    for (const [tick, entry] of this.cache) {
      if ((this.cache.size <= room && this.cacheBytes <= CACHE_BUDGET_BYTES) || this.cache.size <= 1) {
        break;
      }
      this.cache.delete(tick);
      this.cacheBytes -= entry.bytes;
    }
  }

  private async loadEvents(fromTick: number, toTick: number): Promise<Map<number, ReplayEvent[]>> {
    const out = new Map<number, ReplayEvent[]>();
    for await (const batch of eventsByTick(this.file, this.simulationId, { fromTick, toTick, excludeTypes: STATELESS_EVENT_TYPES }, replayEventBuilder)) {
      out.set(batch.tick, batch.events);
    }
    return out;
  }

  private async loadSnapshots(fromTick: number, toTick: number): Promise<{ agents: Map<number, TickAgentStateRow[]>; queues: Map<number, TickQueueRow[]> }> {
    const group = <T extends { tick: number | null }>(rows: T[]): Map<number, T[]> => {
      const map = new Map<number, T[]>();
      for (const r of rows) {
        const t = r.tick ?? -1;
        const list = map.get(t);
        if (list) {
          list.push(r);
        } else {
          map.set(t, [r]);
        }
      }
      return map;
    };
    const [agents, queues] = await Promise.all([
      tickAgentStates(this.file, this.simulationId, fromTick, toTick),
      tickQueueSnapshots(this.file, this.simulationId, fromTick, toTick),
    ]);
    return { agents: group(agents), queues: group(queues) };
  }
}
