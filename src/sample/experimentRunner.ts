/**
 * Runs a sample experiment with the simulator and emits its records to a sink (format-independent).
 *
 * Each iteration: one evaluation run with the policies in force (`…-iterN-eval`), N bootstrap runs on seeds derived
 * from the master seed (`…-iterN-bsK`, seed = hash of `${master}:iter:N:sample:K`); the iteration's per-agent cost is
 * the mean over the bootstrap runs. Then, unless this is the last iteration, every optimised agent gets a proposal
 * that is evaluated on the same bootstrap seeds (paired old/new) and accepted when it lowers the mean cost. The
 * iteration row is emitted after those decisions, so `accepted_changes` records them (the predecessor wrote it
 * before optimising, and it was always false).
 *
 * Smart persistence (design note, phase 4) picks each run's level once its iteration cost is known:
 * initial (iteration 0's evaluation and its sample 0), final (the last iteration's evaluation), best / worst (an
 * evaluation whose iteration cost is the lowest / highest so far) are stored at `keyLevel`; everything else at
 * 'summary'. When several reasons apply the first of initial, final, best, worst wins.
 */
import type { SimulationOutput } from './output';
import type { PolicyJson } from './policy';
import { withPolicies } from './scenario';
import { simulate } from './simulator';
import type { ExperimentSimulation, ExperimentSink, ExperimentSpec, ExperimentSummary, IterationRecord, SampleDetail } from './experimentTypes';
import {
  agentCost, averageDelay, confidenceInterval95, costBreakdown, FRACTION_KEY, LLM_DEFAULTS, mean, OPTIMIZER_DEFAULTS, proposePolicy, round4, settlementRate, stdDev,
} from './experimentOptimizer';
import { simulateLlmExchange, type HistoryEntry } from './experimentLlm';
import { buildExperimentConfig } from './experimentConfig';
import type { PersistenceLevel } from './writer/unifiedWriter';
import { compactStamp, deriveSeed, SAMPLE_BASE_TIME_MS, SampleClock, SeededRandom, sha256Hex } from './writer/determinism';

const DEFAULT_LLM_MODEL = 'openai:gpt-5.2';

/** A SimCash-style run id `{name}-{YYYYMMDD-HHMMSS}-{6 hex}` and its start time, both derived from name and seed. */
export function experimentIdFor(name: string, seed: number, baseMs = SAMPLE_BASE_TIME_MS): { experimentId: string; createdAtMs: number } {
  const offsetSeconds = deriveSeed(`${seed}:${name}:created`) % (20 * 3600);
  const createdAtMs = baseMs + offsetSeconds * 1000;
  return { experimentId: `${name}-${compactStamp(createdAtMs)}-${sha256Hex(`${seed}:${name}`).slice(0, 6)}`, createdAtMs };
}

/** `exp2-20251214-011720-cd2e23` → `exp2-cd2e23`: the short form used inside simulation ids. */
export function shortExperimentId(experimentId: string): string {
  const parts = experimentId.split('-');
  return parts.length >= 4 ? `${parts.slice(0, parts.length - 3).join('-')}-${parts[parts.length - 1]}` : experimentId;
}

/** Simulated run time of one simulation: a function of its size only, so timestamps are reproducible. */
export function simulatedDurationSeconds(output: SimulationOutput): number {
  const ticks = output.ticksPerDay * output.numDays;
  return round4(0.012 + output.totals.transactions * 4e-5 + ticks * output.agentIds.length * 1.5e-5);
}

/** Relative change of the iteration total that counts as stable (SimCash's stability_threshold default). */
export const STABILITY_THRESHOLD = 0.05;

/** True when each of the last `window` changes of the iteration total is within `threshold` (relative). */
export function costStable(totals: readonly number[], window: number, threshold: number): boolean {
  if (totals.length < window + 1) return false;
  for (let j = totals.length - window; j < totals.length; j++) {
    const previous = totals[j - 1];
    const change = previous === 0 ? Math.abs(totals[j]) : Math.abs(totals[j] - previous) / Math.abs(previous);
    if (change > threshold) return false;
  }
  return true;
}

interface TimedRun {
  output: SimulationOutput;
  seed: number;
  start: string;
  end: string;
  duration: number;
}

export function runExperiment(spec: ExperimentSpec, sink: ExperimentSink): ExperimentSummary {
  const agents = spec.scenario.agents.map((a) => a.id);
  const optimized = spec.optimizedAgents ?? agents;
  const window = spec.stabilityWindow ?? 3;
  const model = spec.llmModel ?? DEFAULT_LLM_MODEL;
  const createdAtMs = spec.createdAtMs ?? experimentIdFor(spec.name, spec.seed).createdAtMs;
  const clock = new SampleClock(createdAtMs);
  const createdAt = clock.now();
  const shortId = shortExperimentId(spec.experiment_id);
  const scenarioPath = spec.scenarioPath ?? `scenarios/${spec.scenario.name}.yaml`;
  const config = buildExperimentConfig(spec, scenarioPath, optimized, model, window);

  let policies: Record<string, PolicyJson> = {};
  for (const a of spec.scenario.agents) {
    policies[a.id] = structuredClone(spec.initialPolicies?.[a.id] ?? a.policy);
  }
  const origin: Record<string, 'init' | 'manual' | 'llm'> = Object.fromEntries(agents.map((a) => [a, 'init' as const]));
  const history: Record<string, HistoryEntry[]> = Object.fromEntries(agents.map((a) => [a, [] as HistoryEntry[]]));
  const simulationIds: string[] = [];
  const totals: number[] = [];
  let best = Infinity;
  let worst = -Infinity;
  let quietIterations = 0;
  let converged = false;

  const run = (ps: Record<string, PolicyJson>, seed: number, recordTickStates: boolean): TimedRun => {
    const start = clock.now();
    const output = simulate(withPolicies(spec.scenario, ps, seed), { recordTickStates });
    const duration = simulatedDurationSeconds(output);
    return { output, seed, start, end: clock.advance(duration), duration };
  };
  const emitSimulation = (r: TimedRun, iteration: number, sampleIndex: number | null, id: string, level: PersistenceLevel, reason: string | null): void => {
    if (level === 'none') return;
    const sim: ExperimentSimulation = {
      simulation_id: id,
      iteration,
      sample_index: sampleIndex,
      run_purpose: sampleIndex === null ? 'evaluation' : 'bootstrap',
      persistence_level: level,
      persistence_reason: reason,
      seed: r.seed,
      output: r.output,
      start_time: r.start,
      end_time: r.end,
      duration_seconds: r.duration,
      policy_created_by: { ...origin },
    };
    simulationIds.push(id);
    sink.simulation(sim);
  };

  sink.event({ iteration: null, event_type: 'experiment_start', event_data: { experiment_name: spec.name, master_seed: spec.seed, optimized_agents: optimized }, timestamp: createdAt });

  for (let i = 0; i < spec.iterations; i++) {
    sink.event({
      iteration: i,
      event_type: 'iteration_start',
      event_data: { fractions: Object.fromEntries(agents.map((a) => [a, policies[a].parameters[FRACTION_KEY] ?? null])) },
      timestamp: clock.now(),
    });
    const full = spec.keyLevel === 'full';
    const everyRunKey = spec.persistence === 'all';
    const evalRun = run(policies, deriveSeed(`${spec.seed}:iter:${i}:eval`), full);
    const sampleRuns: TimedRun[] = [];
    for (let k = 0; k < spec.samples; k++) {
      sampleRuns.push(run(policies, deriveSeed(`${spec.seed}:iter:${i}:sample:${k}`), full && (everyRunKey || (i === 0 && k === 0))));
    }
    const costs: Record<string, number> = {};
    for (const a of agents) costs[a] = Math.round(mean(sampleRuns.map((r) => agentCost(r.output, a))));
    const total = agents.reduce((s, a) => s + costs[a], 0);
    totals.push(total);

    converged = i > 0 && (quietIterations >= window || costStable(totals, window, STABILITY_THRESHOLD));
    const isFinal = converged || i === spec.iterations - 1;
    const isBest = i > 0 && total < best;
    const isWorst = i > 0 && total > worst;
    best = Math.min(best, total);
    worst = Math.max(worst, total);

    const evalId = `sim-${shortId}-iter${i}-eval`;
    const bootstrapIds = sampleRuns.map((_, k) => `sim-${shortId}-iter${i}-bs${k}`);
    const evalReason = i === 0 ? 'initial' : isFinal ? 'final' : isBest ? 'best' : isWorst ? 'worst' : null;
    const pick = (reason: string | null): [PersistenceLevel, string | null] => {
      if (spec.persistence === 'all') return [spec.keyLevel, 'all'];
      if (spec.persistence === 'summary' || reason === null) return ['summary', null];
      return [spec.keyLevel, reason];
    };
    emitSimulation(evalRun, i, null, evalId, ...pick(evalReason));
    sampleRuns.forEach((r, k) => emitSimulation(r, i, k, bootstrapIds[k], ...pick(i === 0 && k === 0 ? 'initial' : null)));
    sink.event({
      iteration: i,
      event_type: 'evaluation',
      event_data: {
        evaluation_mode: 'bootstrap',
        total_cost: total,
        costs_per_agent: costs,
        evaluation_simulation_id: evalId,
        evaluation_total_cost: evalRun.output.totals.totalCost,
        bootstrap_simulation_ids: bootstrapIds,
        sample_seeds: sampleRuns.map((r) => r.seed),
        is_best: i === 0 || isBest,
      },
      timestamp: clock.now(),
    });

    const accepted: Record<string, boolean> = Object.fromEntries(agents.map((a) => [a, false]));
    const adopted: Record<string, PolicyJson> = {};
    if (!isFinal) {
      for (const agent of optimized) {
        const outputs = sampleRuns.map((r) => r.output);
        const oldCosts = outputs.map((o) => agentCost(o, agent));
        const breakdown = costBreakdown(outputs, agent);
        const rng = SeededRandom.from(`${spec.seed}:iter:${i}:agent:${agent}:optimizer`);
        const proposal = proposePolicy(policies[agent], breakdown, i, rng, spec.llm ? LLM_DEFAULTS : OPTIMIZER_DEFAULTS);
        history[agent].push({ iteration: i, cost: costs[agent], fraction: policies[agent].parameters[FRACTION_KEY] ?? null, accepted: null });
        if (proposal === null) {
          sink.event({ iteration: i, event_type: 'no_proposal', event_data: { agent_id: agent, reason: 'optimiser step below its minimum: policy considered stable' }, timestamp: clock.now() });
          continue;
        }
        if (spec.llm) {
          const parseFails = i > 0 && rng.chance(0.12);
          const exchange = simulateLlmExchange(
            {
              experimentId: spec.experiment_id, agent, iteration: i, model, scenarioName: spec.scenario.name, current: policies[agent], proposal, breakdown,
              meanCost: mean(oldCosts), costStd: stdDev(oldCosts), settlementRate: settlementRate(outputs, agent), history: history[agent],
              sampleSeeds: sampleRuns.map((r) => r.seed), sampleCosts: oldCosts, sampleOutputs: outputs, rng, clock,
            },
            parseFails,
          );
          sink.llmExchange(exchange);
          sink.event({
            iteration: i,
            event_type: 'llm_interaction',
            event_data: {
              interaction_id: exchange.interaction_id, agent_id: agent, model, tokens_used: exchange.tokens_used,
              latency_seconds: exchange.latency_seconds, parsed: !parseFails,
            },
            timestamp: exchange.response_timestamp,
          });
          if (parseFails) {
            sink.event({ iteration: i, event_type: 'llm_error', event_data: { agent_id: agent, error: exchange.parsing_error }, timestamp: clock.now() });
            continue;
          }
        }
        const newRuns = sampleRuns.map((r) => run({ ...policies, [agent]: proposal.policy }, r.seed, false));
        const newCosts = newRuns.map((r) => agentCost(r.output, agent));
        const details: SampleDetail[] = sampleRuns.map((r, k) => ({ index: k, seed: r.seed, old_cost: oldCosts[k], new_cost: newCosts[k], delta: oldCosts[k] - newCosts[k] }));
        const deltaSum = details.reduce((s, d) => s + d.delta, 0);
        const ok = deltaSum > 0;
        const oldMean = Math.round(mean(oldCosts));
        const newMean = Math.round(mean(newCosts));
        accepted[agent] = ok;
        if (ok) adopted[agent] = proposal.policy;
        const newOutputs = newRuns.map((r) => r.output);
        sink.policyEvaluation({
          iteration: i,
          agent_id: agent,
          evaluation_mode: 'bootstrap',
          proposed_policy: proposal.policy,
          old_cost: oldMean,
          new_cost: newMean,
          context_simulation_cost: agentCost(evalRun.output, agent),
          accepted: ok,
          acceptance_reason: ok
            ? `mean paired improvement ${Math.round(deltaSum / details.length)} cents over ${details.length} samples`
            : `no improvement: delta_sum ${deltaSum} <= 0`,
          delta_sum: deltaSum,
          num_samples: details.length,
          sample_details: details,
          scenario_seed: null,
          timestamp: clock.now(),
          settlement_rate: settlementRate(newOutputs, agent),
          avg_delay: averageDelay(newOutputs, agent),
          cost_breakdown: { ...costBreakdown(newOutputs, agent) },
          cost_std_dev: Math.round(stdDev(newCosts)),
          confidence_interval_95: confidenceInterval95(newCosts),
          agent_stats: { old_cost_std_dev: Math.round(stdDev(oldCosts)), mean_delta: Math.round(deltaSum / details.length), settlement_rate_old: settlementRate(outputs, agent) },
        });
        sink.event({
          iteration: i,
          event_type: ok ? 'policy_accepted' : 'policy_rejected',
          event_data: { agent_id: agent, old_cost: oldMean, new_cost: newMean, delta_sum: deltaSum, changes: proposal.changes },
          timestamp: clock.now(),
        });
      }
    }

    const record: IterationRecord = {
      iteration: i,
      costs_per_agent: costs,
      accepted_changes: accepted,
      policies: { ...policies },
      timestamp: clock.now(),
      evaluation_simulation_id: evalId,
      bootstrap_simulation_ids: bootstrapIds,
      total_cost: total,
    };
    sink.iteration(record);
    for (const a of optimized) {
      const last = history[a][history[a].length - 1];
      if (last && last.iteration === i) last.accepted = accepted[a];
    }
    if (Object.keys(adopted).length > 0) {
      policies = { ...policies, ...adopted };
      for (const a of Object.keys(adopted)) origin[a] = spec.llm ? 'llm' : 'manual';
      quietIterations = 0;
    } else {
      quietIterations++;
    }
    if (isFinal) break;
  }

  const completedAt = clock.advance(0.5);
  const bestCost = Math.min(...totals);
  const finalCost = totals[totals.length - 1];
  sink.event({
    iteration: totals.length - 1,
    event_type: 'experiment_end',
    event_data: { converged, convergence_reason: converged ? 'stability_reached' : 'max_iterations', final_cost: finalCost, best_cost: bestCost },
    timestamp: completedAt,
  });
  return {
    experiment_id: spec.experiment_id,
    experiment_name: spec.name,
    experiment_type: spec.type,
    config,
    scenario_path: scenarioPath,
    master_seed: spec.seed,
    created_at: createdAt,
    completed_at: completedAt,
    num_iterations: totals.length,
    converged,
    convergence_reason: converged ? 'stability_reached' : 'max_iterations',
    final_cost: finalCost,
    best_cost: bestCost,
    optimized_agents: optimized,
    simulation_ids: simulationIds,
  };
}
