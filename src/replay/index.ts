/**
 * Replay: the state of a simulation after any tick, folded from its events (see docs/replay.md). The panel and the
 * CLI use ReplaySession; the fold itself is pure and usable on its own (tests, other tools).
 */
export { ReplaySession } from './session';
export type { ReplayOpenOptions, ReplayOpenStats, SnapshotCheckResult } from './session';
export { foldTick, foldTickInPlace, STATELESS_EVENT_TYPES } from './fold';
export type { FoldOptions, ReplayIssue, ReplayIssueKind } from './fold';
export { initialState, cloneState, describeState, allowedLimit, COST_KINDS } from './state';
export type {
  AgentTickState,
  CostBreakdown,
  CostKind,
  QueuedTransaction,
  QueuedTransactionView,
  ReplayState,
  ReplayTickState,
  ReplayTotals,
} from './state';
export { loadSetup } from './setup';
export type { AgentSetup, ReplaySetup } from './setup';
export { CheckpointStore, chooseInterval } from './checkpoints';
export { compareTick } from './compare';
export type { SnapshotDisagreement } from './compare';
export { fromEventRecord, fromSimEvent, fromStoredEvent } from './events';
export type { ReplayEvent } from './events';
export { REPLAY_MARKS, groupByPhase, phaseOf } from './phases';
export type { PhaseGroup, ReplayMark, ReplayPhase, TickEventGroups } from './phases';
export type { ReplaySeries } from './series';
export { NotReplayableError, describeNotReplayable, nearestReplayable, notReplayableMessage } from './notReplayable';
export type { NotReplayableInfo } from './notReplayable';
export { tickStateJson } from './json';
export type { AgentStateJson, CostsJson, TickStateJson } from './json';
