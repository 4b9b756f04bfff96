/**
 * The host side of one replay panel, free of vscode (the panel wires it to a webview; tests and the benchmark drive
 * it directly): opens the simulation's ReplaySession with progress and cancellation, answers the webview's requests
 * for ticks, moves on behalf of palette commands, and runs the check against the stored snapshots.
 *
 * Requests are coalesced: while one tick is being built, only the newest request waits, so scrubbing the slider or
 * playing faster than the host can answer skips ticks instead of queueing them.
 */
import * as path from 'node:path';
import { ModelError, getSimulation, type SimCashFile } from '../../model';
import { NotReplayableError, ReplaySession } from '../../replay';
import type { ReplayHostMessage, ReplayPanelInfo, ReplaySnapshotStatus, ReplayTarget, ReplayTickView } from '../../protocol/replay';
import { MAX_BATCH_VIEWS } from '../../protocol/replayLookahead';
import { type ReplayMove, targetTick } from '../../protocol/replayNavigation';
import { buildChartData, jumpKinds } from './chartData';
import { notReplayableView, shortName } from './notReplayableView';
import { FULL_DETAIL, buildTickView, type TickViewDetail } from './tickView';

export interface ReplayControllerDeps {
  /** Loads (or returns the loaded) database; the panel uses the registry, tests and benchmarks open files. */
  openFile(filePath: string): Promise<SimCashFile>;
  post(message: ReplayHostMessage): void;
  /** Which commands of other views exist (trace, events panel). */
  actions?(): Promise<{ canTrace: boolean; canShowEvents: boolean }>;
  /** Runs the whole-run snapshot check on its own after opening up to this many events (default 300,000). */
  autoCheckMaxEvents?: number;
}

export type ReplayControllerState = 'loading' | 'ready' | 'not-replayable' | 'error';

/** Milliseconds between two progress messages while opening. */
const PROGRESS_INTERVAL_MS = 100;
const AUTO_CHECK_MAX_EVENTS = 300_000;
/** Disagreeing ticks the whole-run check reports (the panel lists them as jump targets). */
const CHECK_LIMIT = 500;

export class ReplayController {
  private sessionValue: ReplaySession | null = null;
  private fileValue: SimCashFile | null = null;
  private stateValue: ReplayControllerState = 'loading';
  /** What to show again when the webview (re)loads: the latest loading, explanation or error message. */
  private lastStatus: ReplayHostMessage | null = null;
  private currentTick: number;
  private lastViewValue: ReplayTickView | null = null;
  private abort = new AbortController();
  private loadingPromise: Promise<void> | null = null;
  /** Coalescing: the newest request not yet started, and whether one is being built. */
  private pending: { tick: number; seq: number; detail: TickViewDetail; resolve: (view: ReplayTickView | null) => void } | null = null;
  private busy = false;
  /** Counts prefetches: one that sees a newer number stops. */
  private prefetchToken = 0;
  private attached = false;
  private disposed = false;
  private info: ReplayPanelInfo | null = null;
  private checkRunning = false;
  /** The whole-run check's latest status, sent again to a webview that attaches later. */
  private checkStatus: ReplaySnapshotStatus | null = null;
  private explainedName: string | null = null;
  private readonly shownListeners = new Set<(view: ReplayTickView) => void>();

  constructor(
    readonly target: ReplayTarget,
    private readonly deps: ReplayControllerDeps,
    initialTick = 0,
  ) {
    this.currentTick = initialTick;
  }

  get state(): ReplayControllerState {
    return this.stateValue;
  }

  /** The tick on screen (the last one built and sent). */
  get tick(): number {
    return this.currentTick;
  }

  get lastView(): ReplayTickView | null {
    return this.lastViewValue;
  }

  get session(): ReplaySession | null {
    return this.sessionValue;
  }

  get file(): SimCashFile | null {
    return this.fileValue;
  }

  get panelInfo(): ReplayPanelInfo | null {
    return this.info;
  }

  /** How the simulation is named in the panel's title once known (`iter5:eval`), else null. */
  get shortName(): string | null {
    return this.info?.shortName ?? this.explainedName;
  }

  /** Called with every tick view sent (tests wait on it). */
  onDidShow(listener: (view: ReplayTickView) => void): { dispose(): void } {
    this.shownListeners.add(listener);
    return { dispose: () => this.shownListeners.delete(listener) };
  }

  /** Opens the session (once; again after `reload`). Resolves when the panel can show ticks or has said why not. */
  load(): Promise<void> {
    this.loadingPromise ??= this.open();
    return this.loadingPromise;
  }

  /** The database was read again from disk: reopen the session, staying at the same tick where it still exists. */
  reload(): Promise<void> {
    this.abort.abort();
    this.abort = new AbortController();
    this.sessionValue = null;
    this.fileValue = null;
    this.lastViewValue = null;
    this.checkStatus = null;
    this.loadingPromise = this.open();
    return this.loadingPromise;
  }

  /** The database was closed, so the session can no longer read it; `reload` (the page's retry) opens it again. */
  closed(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.sessionValue = null;
    this.fileValue = null;
    this.checkStatus = null;
    this.loadingPromise = null;
    this.stateValue = 'error';
    this.status({
      type: 'error',
      title: 'The database was closed',
      message: `${path.basename(this.target.filePath)} is no longer open. Try again to reopen it and go on replaying ${this.target.simulationId}.`,
    });
  }

  /** The webview (re)loaded: send what it should show now. `tick` is where it was before a window reload. */
  async attach(tick?: number): Promise<void> {
    this.attached = true;
    if (tick !== undefined && this.stateValue === 'loading') this.currentTick = tick;
    if (this.stateValue === 'ready') {
      await this.sendInit();
    } else if (this.lastStatus) {
      this.deps.post(this.lastStatus);
    }
  }

  /** The webview went away (panel hidden): nothing is posted until it attaches again. */
  detach(): void {
    this.attached = false;
  }

  /**
   * Shows the state after `tick`. Resolves with the view sent, or null when a newer request superseded this one
   * (or the tick is outside the run). `detail` says whether to include the lists (payments, event lines).
   */
  goto(tick: number, seq = 0, detail: TickViewDetail = FULL_DETAIL): Promise<ReplayTickView | null> {
    const session = this.sessionValue;
    if (!session || !Number.isInteger(tick) || tick < 0 || tick > session.lastTick) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.pending?.resolve(null);
      this.pending = { tick, seq, detail, resolve };
      if (!this.busy) void this.pump();
    });
  }

  /**
   * Playback's lookahead: builds the views of `count` ticks from `from` (every `stride`-th; those of ticks divisible
   * by `listsEvery` with their lists) and posts them in one message. Stepping forward from the cached state costs a
   * fraction of a millisecond a tick. A newer prefetch abandons this one (null), and so does a panel that went away.
   * The tick on screen does not change: the webview draws these views when its clock gets there.
   */
  async prefetch(request: { from: number; count: number; stride: number; listsEvery: number; queue: string; seq: number }): Promise<ReplayTickView[] | null> {
    const session = this.sessionValue;
    const token = ++this.prefetchToken;
    const { from, stride, listsEvery, queue, seq } = request;
    if (!session || !Number.isInteger(from) || from < 0 || from > session.lastTick || !(stride >= 1) || !(listsEvery >= 1)) return null;
    const count = Math.min(MAX_BATCH_VIEWS, Math.max(0, Math.floor(request.count)));
    const views: ReplayTickView[] = [];
    for (let i = 0, tick = from; i < count && tick <= session.lastTick; i++, tick += stride) {
      const view = await this.view(session, tick, { lists: tick % listsEvery === 0, brief: true, queue });
      if (token !== this.prefetchToken || session !== this.sessionValue || this.disposed) return null;
      views.push(view);
    }
    this.post({ type: 'ticks', seq, views });
    return views;
  }

  /** The webview says which tick it shows while playing (palette moves start from there). */
  position(tick: number): void {
    const session = this.sessionValue;
    if (session && Number.isInteger(tick) && tick >= 0 && tick <= session.lastTick) this.currentTick = tick;
  }

  /** Moves like the panel's controls (palette commands); says so when there is nowhere to go. */
  async move(move: ReplayMove): Promise<ReplayTickView | null> {
    const session = this.sessionValue;
    if (!session) return null;
    const kinds = jumpKinds();
    const endOfDayBit = kinds.find((k) => k.mark === 'end_of_day')?.bit ?? 0;
    const target = targetTick({ tick: this.currentTick, lastTick: session.lastTick, ticksPerDay: session.setup.ticksPerDay, marks: session.series().marks, endOfDayBit }, move);
    if (target === null) {
      if (move.kind === 'mark') {
        const label = kinds.find((k) => k.bit === move.bit)?.label.toLowerCase() ?? 'event';
        this.post({ type: 'notice', text: `No ${label} ${move.direction === 1 ? 'after' : 'before'} tick ${this.currentTick}.` });
      }
      return null;
    }
    return this.goto(target);
  }

  /** Checks every tick's fold against the stored snapshots, in the background; the result goes to the webview. */
  async checkSnapshots(): Promise<void> {
    const session = this.sessionValue;
    if (!session || !session.hasSnapshots || this.checkRunning) return;
    this.checkRunning = true;
    this.snapshotStatus(session, { state: 'running' });
    try {
      const result = await session.snapshotCheck({ limit: CHECK_LIMIT, signal: this.abort.signal });
      const ticks = [...new Set(result.disagreements.map((d) => d.tick))];
      this.snapshotStatus(session, { state: 'done', ticksChecked: result.ticksChecked, disagreementCount: result.disagreementCount, disagreeingTicks: ticks, firstTick: result.firstTick });
    } catch (error) {
      if (!this.abort.signal.aborted) this.snapshotStatus(session, { state: 'failed', message: messageOf(error) });
    } finally {
      this.checkRunning = false;
    }
  }

  cancel(): void {
    if (this.stateValue === 'loading') this.abort.abort();
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort();
    this.pending?.resolve(null);
    this.pending = null;
    this.shownListeners.clear();
  }

  // ---------------------------------------------------------------------------------------------------------

  private post(message: ReplayHostMessage): void {
    if (this.attached && !this.disposed) this.deps.post(message);
  }

  /** Remembers a status message for a webview that attaches later, and sends it now if one is attached. */
  private status(message: ReplayHostMessage): void {
    this.lastStatus = message;
    this.post(message);
  }

  private snapshotStatus(session: ReplaySession, status: ReplaySnapshotStatus): void {
    if (session !== this.sessionValue) return;
    this.checkStatus = status;
    this.post({ type: 'snapshotCheck', status });
  }

  private async open(): Promise<void> {
    const { filePath, simulationId } = this.target;
    const signal = this.abort.signal;
    this.stateValue = 'loading';
    const title = `Opening ${simulationId}`;
    this.status({ type: 'loading', title, detail: `Reading ${path.basename(filePath)}…`, done: 0, total: 0 });
    let file: SimCashFile | null = null;
    try {
      file = await this.deps.openFile(filePath);
      signal.throwIfAborted();
      let lastProgress = 0;
      const session = await ReplaySession.open(file, simulationId, {
        signal,
        onProgress: (done, total) => {
          const now = performance.now();
          if (now - lastProgress < PROGRESS_INTERVAL_MS && done < total) return;
          lastProgress = now;
          this.status({ type: 'loading', title, detail: `Folding the events: tick ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}…`, done, total });
        },
      });
      if (signal.aborted || this.disposed) return;
      this.fileValue = file;
      this.sessionValue = session;
      this.info = await this.buildInfo(session, file);
      this.currentTick = Math.min(Math.max(0, this.currentTick), session.lastTick);
      this.stateValue = 'ready';
      this.lastStatus = null;
      if (this.attached) await this.sendInit();
      if (session.hasSnapshots && session.stats.foldedEvents <= (this.deps.autoCheckMaxEvents ?? AUTO_CHECK_MAX_EVENTS)) void this.checkSnapshots();
    } catch (error) {
      if (this.disposed) return;
      if (error instanceof NotReplayableError) {
        const simulation = file ? await getSimulation(file, simulationId).catch(() => null) : null;
        const view = notReplayableView(filePath, error.info, simulation);
        this.explainedName = view.shortName;
        this.stateValue = 'not-replayable';
        this.status({ type: 'notReplayable', view });
      } else if (signal.aborted) {
        this.stateValue = 'error';
        this.status({ type: 'error', title: 'Opening cancelled', message: `The replay of ${simulationId} was not opened.` });
      } else {
        this.stateValue = 'error';
        const title = error instanceof ModelError ? 'Cannot replay this simulation' : 'The replay failed to open';
        this.status({ type: 'error', title, message: messageOf(error) });
      }
    }
  }

  private async buildInfo(session: ReplaySession, file: SimCashFile): Promise<ReplayPanelInfo> {
    const sim = session.simulation;
    const actions = (await this.deps.actions?.()) ?? { canTrace: false, canShowEvents: false };
    return {
      filePath: this.target.filePath,
      simulationId: sim.simulation_id,
      fileName: path.basename(file.path),
      shortName: shortName(sim),
      experimentId: sim.experiment_id,
      experimentName: sim.experiment_name,
      iteration: sim.iteration,
      runPurpose: sim.run_purpose,
      sampleIndex: sim.sample_index,
      persistenceLevel: sim.persistence_level,
      configName: sim.config_name,
      eventCount: sim.event_count,
      totalTicks: session.totalTicks,
      ticksPerDay: session.setup.ticksPerDay,
      numDays: sim.num_days,
      agentIds: [...session.agentIds],
      hasSnapshots: session.hasSnapshots,
      checkpointInterval: session.checkpointInterval,
      openMs: session.stats.openMs,
      issues: session.issues.slice(0, 20).map((i) => ({ tick: i.tick, kind: i.kind, message: i.message })),
      issueCount: session.issueCount,
      ...actions,
    };
  }

  /** Everything the webview needs to draw the panel, at the current tick. */
  private async sendInit(): Promise<void> {
    const session = this.sessionValue;
    const info = this.info;
    if (!session || !info) return;
    const view = await this.view(session, this.currentTick);
    if (session !== this.sessionValue) return;
    this.lastViewValue = view;
    this.post({ type: 'init', info, jumpKinds: jumpKinds(), charts: buildChartData(session.series()), view });
    if (this.checkStatus) this.post({ type: 'snapshotCheck', status: this.checkStatus });
    this.shown(view);
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      while (this.pending) {
        const request = this.pending;
        this.pending = null;
        const session = this.sessionValue;
        if (!session) {
          request.resolve(null);
          continue;
        }
        try {
          const view = await this.view(session, request.tick, request.detail);
          if (session !== this.sessionValue || this.disposed) {
            request.resolve(null);
            continue;
          }
          this.currentTick = request.tick;
          this.lastViewValue = view;
          this.post({ type: 'tick', seq: request.seq, view });
          this.shown(view);
          request.resolve(view);
        } catch (error) {
          request.resolve(null);
          if (!this.disposed) this.post({ type: 'notice', text: `Tick ${request.tick} could not be shown: ${messageOf(error)}` });
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async view(session: ReplaySession, tick: number, detail: TickViewDetail = FULL_DETAIL): Promise<ReplayTickView> {
    const [state, events, disagreements] = await Promise.all([
      session.stateAt(tick),
      session.eventsAt(tick),
      session.hasSnapshots ? session.snapshotCheckAt(tick) : Promise.resolve(null),
    ]);
    return buildTickView(state, events, disagreements, detail);
  }

  private shown(view: ReplayTickView): void {
    for (const listener of this.shownListeners) listener(view);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
