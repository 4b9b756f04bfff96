/**
 * The experiment view's half of the query layer: one experiment in depth (configuration, acceptance records, LLM
 * audit, experiment events, policy evolution and diffs, comparisons), over every kind of file.
 */
export { getExperimentDetail, MIGRATE_COMMAND_TITLE } from './detail';
export { linkedRuns } from './linkedRuns';
export { listPolicyEvaluations, acceptedByIteration } from './evaluations';
export { listLlmInteractions, getLlmInteraction } from './llmAudit';
export { listExperimentEvents } from './events';
export type { ExperimentEventFilter } from './events';
export { diffPolicies, diffLines, sameJson } from './policyDiff';
export type { ChangeKind, DiffLine, ParameterChange, PolicyChange, PolicyDiff, TreeDiff } from './policyDiff';
export { policyLines, treeLines, nodeHeadline, conditionText, valueText } from './policyText';
export { policySeries } from './parameters';
export type { AgentPolicySeries } from './parameters';
export { compareRuns } from './comparison';
export type { AgentSettlement, Comparison, ComparisonSide, ComparisonTarget } from './comparison';
export { optimizerFacts, persistenceFacts } from './config';
export type * from './types';
