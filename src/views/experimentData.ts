/**
 * What the experiment panel shows, built from the query layer: the first load (header, iterations with their
 * linked simulations, policy series, LLM audit index) and the answers to the panel's requests (policy diff, one LLM
 * exchange, a comparison, a page of experiment events). No vscode import, so the benchmark and unit tests build
 * exactly what the panel receives.
 */
import * as path from 'node:path';
import { listIterations, ModelError, type IterationSummary, type SimCashFile } from '../model';
import {
  acceptedByIteration, compareRuns, diffPolicies, getExperimentDetail, getLlmInteraction, linkedRuns, listExperimentEvents, listLlmInteractions, listPolicyEvaluations,
  policyLines, policySeries, type ComparisonSide, type ExperimentDetail, type LinkedRun, type PolicyEvaluation,
} from '../model/experiment';
import type {
  ComparisonSideData, ExperimentActions, ExperimentEventsData, ExperimentHeader, ExperimentHostMessage, ExperimentIterationRow, ExperimentPanelData,
  ExperimentRequest, LinkedSimulationRef, LlmInteractionDetail, PolicyDiffData,
} from '../protocol/experiment';

/** Experiment events per page of the panel's events section. */
export const EVENTS_PAGE_SIZE = 100;
/** Longest JSON text sent for one event or configuration; longer ones are cut (the table browser has the rest). */
const MAX_JSON_CHARS = 20_000;

/** The facts every answer of one panel needs, read once per loaded copy of the file. */
interface Basis {
  file: SimCashFile;
  iterations: IterationSummary[];
  evaluations: PolicyEvaluation[];
}

/**
 * One experiment of one file, as the panel sees it. The file is fetched through `open` on every call, so that after
 * a reload (the registry hands out a new copy) the answers come from the new copy.
 */
export class ExperimentSession {
  private basis: Promise<Basis> | undefined;
  private basisFile: SimCashFile | undefined;

  constructor(
    readonly filePath: string,
    readonly experimentId: string,
    private readonly open: () => Promise<SimCashFile>,
  ) {}

  async load(actions: ExperimentActions): Promise<ExperimentPanelData> {
    const { file, iterations, evaluations } = await this.current();
    const [runs, llm, events] = await Promise.all([
      linkedRuns(file, this.experimentId),
      listLlmInteractions(file, this.experimentId),
      listExperimentEvents(file, this.experimentId, { limit: 1 }),
    ]);
    const detail = await getExperimentDetail(file, this.experimentId, { iterations });
    if (!detail) throw new ModelError('unknown-experiment', `${path.basename(file.path)} has no experiment ${this.experimentId}.`);
    const agents = [...new Set([...iterations.flatMap((it) => Object.keys(it.costs_per_agent)), ...detail.optimized_agents])].sort();
    return {
      header: header(file, detail, runs),
      agents,
      iterations: iterationRows(iterations, runs, evaluations),
      policies: policySeries(iterations).map((s) => ({ agentId: s.agent_id, parameters: s.parameters, structureChanged: s.structure_changed })),
      llm: llm.map((l) => ({
        key: l.key, iteration: l.iteration, agentId: l.agent_id, model: l.model, tokens: l.tokens_used, latencySeconds: l.latency_seconds, failed: l.failed,
        errorSummary: l.error_summary, promptChars: l.prompt_chars, responseChars: l.response_chars, requestTimestamp: l.request_timestamp,
      })),
      eventTypes: events.types,
      actions,
    };
  }

  /** Answers one of the panel's requests with the message that carries the answer. */
  async answer(request: ExperimentRequest): Promise<ExperimentHostMessage> {
    const basis = await this.current();
    switch (request.type) {
      case 'diff':
        return { type: 'diff', diff: policyDiff(basis, request.agentId, request.a, request.b) };
      case 'llmInteraction':
        return { type: 'llmInteraction', key: request.key, interaction: await llmDetail(basis, this.experimentId, request.key) };
      case 'compare': {
        const c = await compareRuns(basis.file, this.experimentId, request.a, request.b, { iterations: basis.iterations });
        return { type: 'comparison', comparison: { a: request.a, b: request.b, agents: c.agents, left: sideData(c.a), right: sideData(c.b) } };
      }
      case 'experimentEvents':
        return { type: 'experimentEvents', page: await eventsPage(basis.file, this.experimentId, request) };
    }
  }

  private async current(): Promise<Basis> {
    const file = await this.open();
    if (!this.basis || this.basisFile !== file) {
      this.basisFile = file;
      this.basis = (async () => {
        const [iterations, evaluations] = await Promise.all([listIterations(file, this.experimentId), listPolicyEvaluations(file, this.experimentId)]);
        return { file, iterations, evaluations };
      })();
      this.basis.catch(() => (this.basis = undefined));
    }
    return this.basis;
  }
}

function header(file: SimCashFile, d: ExperimentDetail, runs: readonly LinkedRun[]): ExperimentHeader {
  const levels: Record<string, number> = {};
  for (const r of runs) levels[r.persistence_level ?? 'unknown'] = (levels[r.persistence_level ?? 'unknown'] ?? 0) + 1;
  return {
    filePath: file.path,
    fileName: path.basename(file.path),
    fileKind: file.detection.kind,
    fileLabel: file.detection.label,
    experimentId: d.experiment_id,
    name: d.experiment_name,
    type: d.experiment_type,
    description: d.description,
    createdAt: d.created_at,
    completedAt: d.completed_at,
    masterSeed: d.master_seed,
    scenarioPath: d.scenario_path,
    optimizer: d.optimizer,
    converged: d.converged,
    convergenceReason: d.convergence_reason,
    finalCost: d.final_cost,
    bestCost: d.best_cost,
    bestIteration: d.best_iteration,
    numIterations: d.num_iterations,
    iterationCount: d.iteration_count,
    persistence: { level: d.persistence.level, policy: d.persistence.policy, persistSimulations: d.persistence.persist_simulations },
    evaluationMode: d.evaluation_mode,
    numSamples: d.num_samples,
    maxIterations: d.max_iterations,
    optimizedAgents: d.optimized_agents,
    linkedSimulations: d.linked_simulation_count,
    replayableSimulations: d.replayable_simulation_count,
    levelsStored: levels,
    linkage: d.simulation_linkage,
    notes: d.notes,
    configJson: cut(JSON.stringify(d.config, null, 2)),
  };
}

function iterationRows(iterations: readonly IterationSummary[], runs: readonly LinkedRun[], evaluations: readonly PolicyEvaluation[]): ExperimentIterationRow[] {
  const byId = new Map(runs.map((r) => [r.simulation_id, r]));
  const accepted = acceptedByIteration(iterations, evaluations);
  const ref = (id: string): LinkedSimulationRef => {
    const run = byId.get(id);
    return { simulationId: id, stored: run !== undefined, replayable: run?.replayable ?? false, level: run?.persistence_level ?? null, reason: run?.persistence_reason ?? null, sampleIndex: run?.sample_index ?? null };
  };
  return iterations.map((it) => {
    const bootstrap = it.bootstrap_simulation_ids.map(ref);
    return {
      iteration: it.iteration,
      totalCost: it.total_cost,
      costs: it.costs_per_agent,
      accepted: accepted.get(it.iteration) ?? {},
      timestamp: it.timestamp,
      evaluation: it.evaluation_simulation_id === null ? null : ref(it.evaluation_simulation_id),
      bootstrapIds: it.bootstrap_simulation_ids,
      bootstrapStored: bootstrap.filter((b) => b.stored).length,
      bootstrapMissing: bootstrap.filter((b) => !b.stored).map((b) => b.simulationId),
      bootstrapReplayable: bootstrap.filter((b) => b.replayable),
      proposals: evaluations
        .filter((e) => e.iteration === it.iteration)
        .map((e) => ({
          agentId: e.agent_id, oldCost: e.old_cost, newCost: e.new_cost, accepted: e.accepted, reason: e.acceptance_reason, deltaSum: e.delta_sum,
          numSamples: e.num_samples, settlementRate: e.settlement_rate, validationErrors: e.validation_errors,
        })),
    };
  });
}

function policyDiff(basis: Basis, agentId: string, a: number, b: number): PolicyDiffData {
  const find = (n: number): IterationSummary => {
    const it = basis.iterations.find((i) => i.iteration === n);
    if (!it) throw new ModelError('iteration-out-of-range', `There is no iteration ${n}.`);
    return it;
  };
  const before = find(a).policies[agentId] ?? null;
  const after = find(b).policies[agentId] ?? null;
  const diff = diffPolicies(before, after);
  return {
    agentId,
    a,
    b,
    identical: diff.identical,
    summary: diff.summary,
    parameters: diff.parameters.map((p) => ({ name: p.name, kind: p.kind, before: display(p.before), after: display(p.after), delta: p.delta })),
    changes: diff.changes,
    trees: diff.trees,
    beforeText: policyLines(before),
    afterText: policyLines(after),
    beforeJson: cut(JSON.stringify(before, null, 2)),
    afterJson: cut(JSON.stringify(after, null, 2)),
  };
}

async function llmDetail(basis: Basis, experimentId: string, key: string): Promise<LlmInteractionDetail | null> {
  const x = await getLlmInteraction(basis.file, experimentId, key);
  if (!x) return null;
  const decision = basis.evaluations.find((e) => e.iteration === x.iteration && e.agent_id === x.agent_id);
  const c = x.context;
  return {
    key: x.key, iteration: x.iteration, agentId: x.agent_id, model: x.model, tokens: x.tokens_used, latencySeconds: x.latency_seconds, failed: x.failed,
    errorSummary: x.error_summary, promptChars: x.prompt_chars, responseChars: x.response_chars, requestTimestamp: x.request_timestamp,
    systemPrompt: x.system_prompt,
    userPrompt: x.user_prompt,
    rawResponse: x.raw_response,
    parsedPolicyJson: x.parsed_policy === null || x.parsed_policy === undefined ? null : cut(JSON.stringify(x.parsed_policy, null, 2)),
    parsedPolicyText: x.parsed_policy === null || x.parsed_policy === undefined ? null : policyLines(x.parsed_policy),
    parsingError: x.parsing_error,
    validationErrors: x.validation_errors,
    reasoning: x.reasoning,
    responseTimestamp: x.response_timestamp,
    promptTokens: x.prompt_tokens,
    completionTokens: x.completion_tokens,
    diffSummary: x.diff_summary,
    parameterChanges: x.parameter_changes.map((p) => ({ path: p.path, old: display(p.old), new: display(p.new) })),
    context: c && {
      numSamples: c.num_samples, costMean: c.cost_mean, costStd: c.cost_std, bestSeed: c.best_seed, bestSeedCost: c.best_seed_cost, worstSeed: c.worst_seed,
      worstSeedCost: c.worst_seed_cost, settlementRateMean: c.settlement_rate_mean, bestSeedOutput: c.best_seed_verbose_output, worstSeedOutput: c.worst_seed_verbose_output,
    },
    accepted: decision ? decision.accepted : null,
  };
}

function sideData(s: ComparisonSide): ComparisonSideData {
  return {
    label: s.label,
    iteration: s.iteration,
    simulationId: s.simulation_id,
    level: s.persistence_level,
    costs: s.costs_per_agent,
    totalCost: s.total_cost,
    costsSource: s.costs_source,
    settlement: Object.fromEntries(
      Object.entries(s.settlement).map(([agent, m]) => [
        agent,
        {
          arrivals: m.arrivals, settled: m.settled, dropped: m.dropped, settlementRate: m.settlement_rate, liquidityCost: m.liquidity_cost, delayCost: m.delay_cost,
          penaltyCost: m.penalty_cost, collateralCost: m.collateral_cost, totalCost: m.total_cost,
        },
      ]),
    ),
    settlementSource: s.settlement_source,
    totals: s.totals && { arrivals: s.totals.arrivals, settlements: s.totals.settlements, totalCost: s.totals.total_cost },
    notes: s.notes,
  };
}

async function eventsPage(file: SimCashFile, experimentId: string, request: { eventType?: string; iteration?: number; offset: number }): Promise<ExperimentEventsData> {
  const page = await listExperimentEvents(file, experimentId, { ...request, limit: EVENTS_PAGE_SIZE });
  return {
    eventType: request.eventType,
    iteration: request.iteration,
    offset: page.offset,
    total: page.total,
    pageSize: EVENTS_PAGE_SIZE,
    events: page.events.map((e) => ({ id: e.id, iteration: e.iteration, eventType: e.event_type, timestamp: e.timestamp, summary: summaryLine(e.data), json: cut(JSON.stringify(e.data, null, 2)) })),
  };
}

/** `key=value` pairs on one line; long texts (prompts) are shortened to their first words. */
function summaryLine(data: Record<string, unknown>, max = 240): string {
  const text = Object.entries(data)
    .map(([k, v]) => {
      const value = typeof v === 'string' ? v : JSON.stringify(v);
      return `${k}=${value.length > 60 ? `${value.slice(0, 59).replace(/\s+/g, ' ')}…` : value}`;
    })
    .join(' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function display(value: unknown): string {
  return value === null || value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value);
}

function cut(text: string | undefined): string {
  const t = text ?? 'null';
  return t.length > MAX_JSON_CHARS ? `${t.slice(0, MAX_JSON_CHARS)}\n… (${(t.length - MAX_JSON_CHARS).toLocaleString('en-US')} more characters)` : t;
}
