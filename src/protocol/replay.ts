/**
 * Messages between the extension host and the replay panel (webview/replay), defined once and compiled into both
 * sides. Like src/protocol.ts it imports nothing: the webview bundle type-checks this file. Money is integer cents;
 * the webview formats it. Labels for people (phases, jump kinds) come from the host, so the webview holds no copy
 * of the replay core's catalogs.
 */

/** The replay panel's webview type (also its serializer's and the `onWebviewPanel:` activation event's). */
export const REPLAY_VIEW_TYPE = 'simcash.replay';

/** Rows of the queue the panel lists a tick view carries at most (a queue may hold thousands of payments). */
export const MAX_QUEUE_ROWS = 200;
/** Rows of every other queue (the panel shows a few payments per queue until one is chosen). */
export const PREVIEW_QUEUE_ROWS = 8;
/** Events of one tick a tick view carries at most (the events panel shows them all). */
export const MAX_TICK_EVENTS = 400;
/**
 * While playing, the lists are short: payments per queue and events per phase run. Laying out hundreds of new rows
 * several times a second takes longer than a frame (docs/benchmarks.md#replay-panel); pausing shows them in full.
 */
export const PLAYING_QUEUE_ROWS = 2;
export const PLAYING_PHASE_EVENTS = 4;

/** Which simulation a panel replays; also what the webview stores to be restored after a reload of the window. */
export interface ReplayTarget {
  filePath: string;
  simulationId: string;
}

/** What the webview keeps across hide/show and window reloads (vscode getState/setState). */
export interface ReplayViewState extends ReplayTarget {
  tick: number;
  /** Playback speed, ticks per second. */
  speed: number;
  /** The mark the "next / previous event" buttons jump to. */
  jumpKind: string;
  /** Agent whose queue 1 the queue table shows; '' for every agent. */
  queueAgent: string;
}

/** The simulation being replayed and what the panel can do with it. */
export interface ReplayPanelInfo extends ReplayTarget {
  fileName: string;
  /** Short name for titles: `iter5:eval`, `iter5:bs3`, or the simulation id. */
  shortName: string;
  experimentId: string | null;
  experimentName: string | null;
  iteration: number | null;
  runPurpose: string | null;
  sampleIndex: number | null;
  persistenceLevel: string | null;
  configName: string | null;
  eventCount: number;
  totalTicks: number;
  /** Null when the file does not say; day boundaries are then not drawn. */
  ticksPerDay: number | null;
  numDays: number | null;
  agentIds: string[];
  /** Per-tick snapshots exist (full level): the panel checks the fold against them. */
  hasSnapshots: boolean;
  checkpointInterval: number;
  openMs: number;
  /** Problems the opening pass met in the event stream (first few, and how many). */
  issues: Array<{ tick: number; kind: string; message: string }>;
  issueCount: number;
  /** Commands of other SimCash views available in this window. */
  canTrace: boolean;
  canShowEvents: boolean;
}

/** A kind of tick the panel can jump to: one bit of the per-tick marks. */
export interface ReplayJumpKind {
  mark: string;
  label: string;
  /** Bit in `ReplayChartData.marks`. */
  bit: number;
  /** Offered first in the jump menu and bound to a letter key. */
  primary: boolean;
}

/**
 * Per-tick series for the charts, as typed arrays (VS Code transfers them without JSON). Runs longer than the
 * point budget come decimated: two points per bucket, its minimum and maximum, so spikes stay visible.
 */
export interface ReplayChartData {
  /** Tick of each point. */
  x: Float64Array;
  /** Per agent (in `agentIds` order): balance in cents. */
  balance: Float64Array[];
  /** Per agent: payments queued (its queue 1 plus its part of the RTGS queue). */
  queued: Float64Array[];
  /** Length of the central RTGS queue. */
  rtgsQueue: Float64Array;
  /** Per agent: cost since tick 0, cents. */
  cumulativeCost: Float64Array[];
  /** Marks of every tick (not decimated), bits as in ReplayJumpKind. */
  marks: Uint16Array;
  decimated: boolean;
}

export interface ReplayPayment {
  txId: string;
  sender: string;
  receiver: string | null;
  amount: number | null;
  priority: number | null;
  arrivalTick: number | null;
  deadlineTick: number | null;
  /** Ticks since arrival (null when the arrival tick is unknown). */
  age: number | null;
  overdue: boolean;
}

export interface ReplayQueue {
  /** 'rtgs': the central queue 2; 'bank': an agent's queue 1. */
  kind: 'rtgs' | 'bank';
  /** The owner of a bank queue; null for the RTGS queue. */
  agentId: string | null;
  size: number;
  value: number;
  /** The first payments in queue order: MAX_QUEUE_ROWS of the listed queue, PREVIEW_QUEUE_ROWS of the others, none
   * in a view without lists. */
  payments: ReplayPayment[];
}

export interface ReplayAgentRow {
  id: string;
  balance: number;
  balanceChange: number;
  creditUsed: number;
  allowedLimit: number;
  headroom: number;
  postedCollateral: number;
  allocatedLiquidity: number;
  queue1Size: number;
  queue1Value: number;
  queue2Size: number;
  queue2Value: number;
  costsThisTick: number;
  costsToday: number;
  costsTotal: number;
  settled: number;
  unsettled: number;
}

export interface ReplayEventLine {
  type: string;
  agentId: string | null;
  txId: string | null;
  /** One line built from the details. */
  summary: string;
}

export interface ReplayPhaseGroup {
  phase: string;
  label: string;
  events: ReplayEventLine[];
  /** Events of this run of the phase left out (MAX_TICK_EVENTS). */
  omitted: number;
}

/** One difference between the fold and the stored snapshot of a tick (see docs/replay.md). */
export interface ReplayDisagreement {
  agentId: string | null;
  field: string;
  snapshot: string;
  fold: string;
}

/** Everything the panel shows for the state after one tick. */
export interface ReplayTickView {
  tick: number;
  day: number | null;
  tickInDay: number | null;
  agents: ReplayAgentRow[];
  /** The RTGS queue first, then each agent's queue 1 in agent order. */
  queues: ReplayQueue[];
  totals: {
    balance: number;
    settled: number;
    unsettled: number;
    overdue: number;
    queue1Size: number;
    queue2Size: number;
    costs: number;
  };
  eventCount: number;
  /** False when the view carries no payments and no event lines (asked for while playing): keep the lists shown. */
  lists: boolean;
  phases: ReplayPhaseGroup[];
  /** Null when the run has no snapshots; else this tick's disagreements ([] when they agree). */
  snapshot: ReplayDisagreement[] | null;
}

/** The whole-run check of the fold against the stored snapshots. */
export type ReplaySnapshotStatus =
  | { state: 'running' }
  | { state: 'done'; ticksChecked: number; disagreementCount: number; disagreeingTicks: number[]; firstTick: number | null }
  | { state: 'failed'; message: string };

/** A simulation that cannot be replayed: why, what is stored instead, and where to go. */
export interface ReplayNotReplayableView extends ReplayTarget {
  fileName: string;
  /** `iter3:eval`, `iter3:bs2`, or the simulation id (for titles). */
  shortName: string;
  /** The whole explanation as one paragraph (also what the CLI prints). */
  message: string;
  reason: string;
  persistenceLevel: string | null;
  experimentId: string | null;
  iteration: number | null;
  days: number;
  agents: string[];
  /** daily_agent_metrics rows: column names and display cells (money already formatted; null: not stored). */
  metricColumns: string[];
  metricRows: Array<Array<string | null>>;
  nearest: { simulationId: string; label: string; relation: 'same-iteration' | 'same-experiment' } | null;
}

/** Host → replay webview. */
export type ReplayHostMessage =
  | { type: 'loading'; title: string; detail: string; done: number; total: number }
  | { type: 'init'; info: ReplayPanelInfo; jumpKinds: ReplayJumpKind[]; charts: ReplayChartData; view: ReplayTickView }
  /** `seq` echoes the webview's request; 0 when the host moved on its own (a palette command). */
  | { type: 'tick'; seq: number; view: ReplayTickView }
  /** Playback's lookahead: the views a `prefetch` asked for, in tick order (src/protocol/replayLookahead.ts). */
  | { type: 'ticks'; seq: number; views: ReplayTickView[] }
  /** A passing message: a jump found no tick of that kind, a tick failed to build. */
  | { type: 'notice'; text: string }
  | { type: 'snapshotCheck'; status: ReplaySnapshotStatus }
  | { type: 'notReplayable'; view: ReplayNotReplayableView }
  | { type: 'error'; title: string; message: string }
  /** Palette commands that act on the webview's own controls. */
  | { type: 'command'; command: 'playPause' | 'faster' | 'slower' };

/** Replay webview → host. */
export type ReplayWebviewMessage =
  /** The page loaded; `state` is what it had stored before (hide/show, window reload). */
  | { type: 'ready'; state: ReplayViewState | null }
  /**
   * Show the state after `tick`. Requests are coalesced: while one is computed only the newest waits. `lists` false
   * leaves out the payments and event lines (playback redraws them a few times a second only); `queue` is the queue
   * the panel lists in full ('rtgs' or an agent id; '' for none).
   */
  | { type: 'goto'; tick: number; seq: number; lists?: boolean; queue?: string }
  /**
   * While playing: the views of `count` ticks from `from`, every `stride`-th, answered together in one `ticks`
   * message; ticks divisible by `listsEvery` come with their lists. A newer prefetch abandons an older one.
   */
  | { type: 'prefetch'; from: number; count: number; stride: number; listsEvery: number; queue: string; seq: number }
  /** The tick on screen while playing (twice a second), so that palette moves start from it. */
  | { type: 'position'; tick: number }
  | { type: 'openTrace'; txId: string; tick: number }
  | { type: 'openEvents'; tick: number }
  | { type: 'openSimulation'; simulationId: string }
  | { type: 'checkSnapshots' }
  | { type: 'cancel' }
  | { type: 'retry' }
  | { type: 'copy'; text: string };
