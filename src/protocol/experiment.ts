/**
 * Messages between the extension host and the experiment panel (webview/experiment), defined once and compiled
 * into both sides. Like src/protocol.ts it imports nothing: the webview bundle compiles this file. Money is integer
 * cents; the webview formats it.
 */

/** The experiment panel's webview type (also its serializer's and the `onWebviewPanel:` activation event's). */
export const EXPERIMENT_VIEW_TYPE = 'simcash.experiment';

/** A simulation linked to an iteration, with what the file keeps of it. */
export interface LinkedSimulationRef {
  simulationId: string;
  /** The run has a row in the file (a linked id may name a run persisted at level none). */
  stored: boolean;
  /** Events are stored: it can be opened as events or replayed. */
  replayable: boolean;
  level: string | null;
  /** Why it was kept at its level: 'initial', 'best', 'worst', 'final', 'all'. */
  reason: string | null;
  sampleIndex: number | null;
}

/** One agent's proposal in an iteration and what the evaluation decided. */
export interface ProposalRow {
  agentId: string;
  oldCost: number | null;
  newCost: number | null;
  accepted: boolean;
  reason: string | null;
  deltaSum: number | null;
  numSamples: number | null;
  settlementRate: number | null;
  validationErrors: string[];
}

export interface ExperimentIterationRow {
  iteration: number;
  totalCost: number;
  /** {agent: cents}. */
  costs: Record<string, number>;
  /** {agent: the agent's proposal was accepted in this iteration}. */
  accepted: Record<string, boolean>;
  timestamp: string | null;
  /** The iteration's evaluation simulation; null when none is linked. */
  evaluation: LinkedSimulationRef | null;
  /** The linked bootstrap sample ids, in sample order. */
  bootstrapIds: string[];
  /** How many of bootstrapIds have a row in the file. */
  bootstrapStored: number;
  /** The linked ids without a row (runs persisted at level none). */
  bootstrapMissing: string[];
  /** The replayable ones among them. */
  bootstrapReplayable: LinkedSimulationRef[];
  proposals: ProposalRow[];
}

export interface ExperimentHeader {
  filePath: string;
  fileName: string;
  /** 'unified', 'legacy-experiment', 'castro', ... */
  fileKind: string;
  fileLabel: string;
  experimentId: string;
  name: string;
  type: string;
  description: string | null;
  createdAt: string | null;
  completedAt: string | null;
  masterSeed: number | null;
  scenarioPath: string | null;
  optimizer: { kind: 'llm' | 'optimizer' | 'unknown'; label: string; model: string | null; source: 'config' | 'llm-audit' | null };
  converged: boolean;
  convergenceReason: string | null;
  finalCost: number | null;
  bestCost: number | null;
  bestIteration: number | null;
  /** Iterations the experiment says it completed (null when not recorded). */
  numIterations: number | null;
  /** Iteration rows present in the file. */
  iterationCount: number;
  persistence: { level: string | null; policy: string | null; persistSimulations: string[] };
  evaluationMode: string | null;
  numSamples: number | null;
  maxIterations: number | null;
  optimizedAgents: string[];
  linkedSimulations: number;
  replayableSimulations: number;
  /** {persistence level: linked simulations stored at it}. */
  levelsStored: Record<string, number>;
  /** 'stored' (iterations name their runs), 'inferred' (matched through the runs' own columns) or 'none' (nothing linked). */
  linkage: 'stored' | 'inferred' | 'none';
  notes: string[];
  /** The stored configuration as pretty JSON (for the header's fold). */
  configJson: string;
}

export interface PolicySeriesData {
  agentId: string;
  /** {parameter: value per iteration, in the order of ExperimentPanelData.iterations}. */
  parameters: Record<string, Array<number | null>>;
  /** True where the policy changed outside its parameters (a decision tree, the policy id). */
  structureChanged: boolean[];
}

export interface LlmInteractionRow {
  key: string;
  iteration: number;
  agentId: string;
  model: string | null;
  tokens: number | null;
  latencySeconds: number | null;
  failed: boolean;
  errorSummary: string | null;
  promptChars: number;
  responseChars: number;
  requestTimestamp: string | null;
}

/** Which commands of other SimCash views exist in this window (the panel offers only those). */
export interface ExperimentActions {
  showEvents: boolean;
  openReplay: boolean;
  revealInTree: boolean;
  migrate: boolean;
}

/** Everything the panel shows on first load; the long texts and diffs come on request. */
export interface ExperimentPanelData {
  header: ExperimentHeader;
  agents: string[];
  iterations: ExperimentIterationRow[];
  policies: PolicySeriesData[];
  llm: LlmInteractionRow[];
  /** {experiment event type: count}. */
  eventTypes: Record<string, number>;
  actions: ExperimentActions;
}

export interface DiffRequest {
  agentId: string;
  a: number;
  b: number;
}

export interface PolicyDiffData extends DiffRequest {
  identical: boolean;
  summary: string;
  parameters: Array<{ name: string; kind: 'added' | 'removed' | 'changed'; before: string; after: string; delta: number | null }>;
  changes: Array<{ kind: 'added' | 'removed' | 'changed'; path: string; where: string; before: string | null; after: string | null }>;
  trees: Array<{ tree: string; changed: boolean; lines: Array<{ op: 'same' | 'added' | 'removed'; text: string }> }>;
  /** Both policies as readable text and as JSON. */
  beforeText: string[];
  afterText: string[];
  beforeJson: string;
  afterJson: string;
}

export interface LlmInteractionDetail extends LlmInteractionRow {
  systemPrompt: string | null;
  userPrompt: string | null;
  rawResponse: string | null;
  /** The parsed policy as pretty JSON and as readable text; null when parsing failed. */
  parsedPolicyJson: string | null;
  parsedPolicyText: string[] | null;
  parsingError: string | null;
  validationErrors: string[];
  reasoning: string | null;
  responseTimestamp: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  diffSummary: string | null;
  parameterChanges: Array<{ path: string; old: string; new: string }>;
  context: {
    numSamples: number | null;
    costMean: number | null;
    costStd: number | null;
    bestSeed: number | null;
    bestSeedCost: number | null;
    worstSeed: number | null;
    worstSeedCost: number | null;
    settlementRateMean: number | null;
    bestSeedOutput: string | null;
    worstSeedOutput: string | null;
  } | null;
  /** What the evaluation decided about this proposal, when recorded. */
  accepted: boolean | null;
}

export type CompareTarget = { kind: 'iteration'; iteration: number } | { kind: 'simulation'; simulationId: string };

export interface CompareRequest {
  a: CompareTarget;
  b: CompareTarget;
}

export interface AgentSettlementData {
  arrivals: number | null;
  settled: number | null;
  dropped: number | null;
  settlementRate: number | null;
  liquidityCost: number | null;
  delayCost: number | null;
  penaltyCost: number | null;
  collateralCost: number | null;
  totalCost: number | null;
}

export interface ComparisonSideData {
  label: string;
  iteration: number | null;
  simulationId: string | null;
  level: string | null;
  costs: Record<string, number>;
  totalCost: number | null;
  costsSource: string;
  settlement: Record<string, AgentSettlementData>;
  settlementSource: string | null;
  totals: { arrivals: number | null; settlements: number | null; totalCost: number | null } | null;
  notes: string[];
}

export interface ComparisonData extends CompareRequest {
  agents: string[];
  left: ComparisonSideData;
  right: ComparisonSideData;
}

export interface EventsRequest {
  eventType?: string;
  iteration?: number;
  offset: number;
}

export interface ExperimentEventRow {
  id: number;
  iteration: number | null;
  eventType: string;
  timestamp: string | null;
  /** key=value summary on one line. */
  summary: string;
  /** The event's data as pretty JSON (cut at a size that keeps the page light). */
  json: string;
}

export interface ExperimentEventsData extends EventsRequest {
  events: ExperimentEventRow[];
  total: number;
  pageSize: number;
}

/** Host → experiment panel. */
export type ExperimentHostMessage =
  /** Sent first: the webview keeps the file and experiment at once, so a panel restored before its data came knows them. */
  | { type: 'loading'; title: string; filePath: string; experimentId: string }
  | { type: 'data'; data: ExperimentPanelData }
  | { type: 'error'; title: string; message: string }
  | { type: 'diff'; diff: PolicyDiffData }
  | { type: 'llmInteraction'; key: string; interaction: LlmInteractionDetail | null }
  | { type: 'comparison'; comparison: ComparisonData }
  | { type: 'experimentEvents'; page: ExperimentEventsData }
  /** A request below failed; the panel shows the message where the answer would have gone. */
  | { type: 'requestFailed'; request: ExperimentRequest['type']; message: string };

/** Requests the host answers with one message (see ExperimentHostMessage). */
export type ExperimentRequest =
  | ({ type: 'diff' } & DiffRequest)
  | { type: 'llmInteraction'; key: string }
  | ({ type: 'compare' } & CompareRequest)
  | ({ type: 'experimentEvents' } & EventsRequest);

/** Experiment panel → host. */
export type ExperimentWebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'copy'; text: string }
  | { type: 'openSimulation'; simulationId: string; action: 'events' | 'replay' | 'reveal' }
  | { type: 'migrate' }
  | ExperimentRequest;

/**
 * What the panel keeps with setState: where it is (so a restored panel knows its file and experiment) and what the
 * person was looking at.
 */
export interface ExperimentViewState {
  filePath: string;
  experimentId: string;
  tab?: string;
  diff?: DiffRequest;
  compare?: CompareRequest;
  llmKey?: string;
  events?: EventsRequest;
  parameter?: string;
  policyAgent?: string;
  expanded?: number[];
  scrollY?: number;
}
