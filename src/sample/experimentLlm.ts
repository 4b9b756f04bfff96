/**
 * Sample LLM audit text for castro-type experiments. Nothing here calls a model: the proposal comes from the
 * deterministic optimiser, and this module dresses it up as the prompt/response pair a real run would log, so the
 * audit views have realistic content. Every text starts with SAMPLE_TEXT_LABEL so it can never pass for a real
 * exchange.
 */
import type { SimulationOutput } from './output';
import type { PolicyJson } from './policy';
import type { LlmExchangeRecord } from './experimentTypes';
import { FRACTION_KEY, type CostBreakdown, type Proposal } from './experimentOptimizer';
import { SAMPLE_TEXT_LABEL, type SampleClock, type SeededRandom } from './writer/determinism';

export interface HistoryEntry {
  iteration: number;
  cost: number;
  fraction: number | null;
  accepted: boolean | null;
}

export interface LlmExchangeInput {
  experimentId: string;
  agent: string;
  iteration: number;
  model: string;
  scenarioName: string;
  current: PolicyJson;
  proposal: Proposal;
  breakdown: CostBreakdown;
  meanCost: number;
  costStd: number;
  settlementRate: number;
  history: readonly HistoryEntry[];
  sampleSeeds: readonly number[];
  /** The agent's cost in each sample under the current policy, in sample order. */
  sampleCosts: readonly number[];
  /** Sample outputs in the same order (for the best/worst traces). */
  sampleOutputs: readonly SimulationOutput[];
  rng: SeededRandom;
  clock: SampleClock;
}

const dollars = (cents: number): string => `$${(cents / 100).toFixed(2)}`;

export function systemPrompt(agent: string, scenarioName: string): string {
  return [
    SAMPLE_TEXT_LABEL,
    '',
    'You are an expert in RTGS payment-system liquidity management. You optimise the payment policy of ONE bank',
    `(${agent}) in the scenario "${scenarioName}".`,
    '',
    '## Domain',
    'Payments arrive during the day and settle gross in real time when the sender has enough balance. Payments that',
    'cannot settle wait in the bank queue (Queue 1) or the central RTGS queue (Queue 2). Incoming payments recycle',
    'liquidity. Liquidity allocated at the start of the day carries an opportunity cost.',
    '',
    '## Cost objectives (all in integer cents)',
    '- liquidity cost: allocated liquidity × rate × ticks',
    '- delay cost: per tick and cent a payment waits',
    '- deadline and end-of-day penalties for payments that miss their deadline or the day',
    '',
    '## Constraints',
    `- ${FRACTION_KEY} must lie in [0.0, 1.0]`,
    '- keep payment_tree a simple Release unless the evidence strongly suggests otherwise',
    '- settlement rate must stay above 95%',
    '',
    '## Output',
    'Answer with a short analysis followed by the complete policy as one JSON object in a ```json block.',
  ].join('\n');
}

export function userPrompt(input: LlmExchangeInput): string {
  const b = input.breakdown;
  const history = input.history.map(
    (h) =>
      `| ${h.iteration} | ${dollars(h.cost)} | ${h.fraction === null ? '-' : h.fraction.toFixed(3)} | ${h.accepted === null ? 'CURRENT' : h.accepted ? 'ACCEPTED' : 'REJECTED'} |`,
  );
  return [
    SAMPLE_TEXT_LABEL,
    '',
    `# Policy optimisation for ${input.agent}, iteration ${input.iteration}`,
    'Optimise YOUR policy only; other banks are part of the environment.',
    '',
    '## 1. Current state',
    `- mean cost over ${input.sampleSeeds.length} bootstrap samples: ${dollars(input.meanCost)} (sd ${dollars(input.costStd)})`,
    `- settlement rate: ${(input.settlementRate * 100).toFixed(1)}%`,
    `- current parameters: ${JSON.stringify(input.current.parameters)}`,
    '',
    '## 2. Cost analysis',
    '| component | mean cost |',
    '|---|---|',
    `| liquidity | ${dollars(b.liquidity)} |`,
    `| liquidity opportunity | ${dollars(b.liquidity_opportunity)} |`,
    `| delay | ${dollars(b.delay)} |`,
    `| deadline / EOD penalty | ${dollars(b.penalty)} |`,
    `| collateral | ${dollars(b.collateral)} |`,
    '',
    '## 3. Iteration history',
    '| iteration | mean cost | fraction | status |',
    '|---|---|---|---|',
    ...history,
    '',
    '## 4. Current policy',
    '```json',
    JSON.stringify(input.current, null, 2),
    '```',
    '',
    'Propose an improved policy. Output the full JSON policy.',
  ].join('\n');
}

/** A few lines describing one sample run from the agent's point of view (the "verbose output" of a seed). */
export function agentTrace(output: SimulationOutput, agent: string, seed: number, maxLines = 12): string {
  const lines = [`${SAMPLE_TEXT_LABEL}`, `Sample seed ${seed}: ${output.configName}, cost ${dollars(output.totals.costsPerAgent[agent] ?? 0)}`];
  let shown = 0;
  for (const e of output.events) {
    if (shown >= maxLines) break;
    const involved = e.agent_id === agent || e.details.receiver_id === agent || e.details.receiver === agent;
    if (!involved) continue;
    const amount = typeof e.details.amount === 'number' ? ` ${dollars(e.details.amount)}` : '';
    lines.push(`[Tick ${e.tick}] ${e.event_type}${e.tx_id ? ` ${e.tx_id}` : ''}${amount}`);
    shown++;
  }
  return lines.join('\n');
}

/** Builds the whole audit record; `parseFails` makes the answer unparseable (no proposal this iteration). */
export function simulateLlmExchange(input: LlmExchangeInput, parseFails: boolean): LlmExchangeRecord {
  const { rng, clock, proposal } = input;
  const system = systemPrompt(input.agent, input.scenarioName);
  const user = userPrompt(input);
  const reasoning = `${SAMPLE_TEXT_LABEL} Analysis: ${proposal.rationale}.`;
  const policyText = JSON.stringify(proposal.policy, null, 2);
  const raw = parseFails
    ? `${SAMPLE_TEXT_LABEL}\n${reasoning}\n\n\`\`\`json\n${policyText.slice(0, Math.floor(policyText.length * 0.6))}\n\`\`\``
    : `${SAMPLE_TEXT_LABEL}\n${reasoning}\n\n\`\`\`json\n${policyText}\n\`\`\``;
  const latency = Math.round(rng.between(6, 45) * 100) / 100;
  const requestTimestamp = clock.now();
  const responseTimestamp = clock.advance(latency);

  const ranked = input.sampleCosts.map((cost, index) => ({ cost, index })).sort((a, b) => a.cost - b.cost || a.index - b.index);
  const best = ranked[0];
  const worst = ranked[ranked.length - 1];
  return {
    interaction_id: `${input.experimentId}-iter${input.iteration}-${input.agent}`,
    agent_id: input.agent,
    iteration: input.iteration,
    system_prompt: system,
    user_prompt: user,
    raw_response: raw,
    parsed_policy: parseFails ? null : proposal.policy,
    parsing_error: parseFails ? `${SAMPLE_TEXT_LABEL} Could not parse policy JSON: unexpected end of input inside the json block` : null,
    llm_reasoning: reasoning,
    llm_model: input.model,
    tokens_used: Math.round((system.length + user.length + raw.length) / 4),
    latency_seconds: latency,
    request_timestamp: requestTimestamp,
    response_timestamp: responseTimestamp,
    diff: parseFails
      ? null
      : {
          diff_summary: `${SAMPLE_TEXT_LABEL} ${proposal.changes.map((c) => `${c.path}: ${c.old} → ${c.new}`).join('; ')}`,
          parameter_changes: proposal.changes,
          payment_tree_changed: JSON.stringify(proposal.policy.payment_tree) !== JSON.stringify(input.current.payment_tree),
          collateral_tree_changed: false,
          parameters_snapshot: { ...proposal.policy.parameters },
        },
    context: {
      monte_carlo_seeds: [...input.sampleSeeds],
      num_samples: input.sampleSeeds.length,
      best_seed: input.sampleSeeds[best.index],
      worst_seed: input.sampleSeeds[worst.index],
      best_seed_cost: best.cost,
      worst_seed_cost: worst.cost,
      best_seed_verbose_output: agentTrace(input.sampleOutputs[best.index], input.agent, input.sampleSeeds[best.index]),
      worst_seed_verbose_output: agentTrace(input.sampleOutputs[worst.index], input.agent, input.sampleSeeds[worst.index]),
      cost_mean: Math.round(input.meanCost),
      cost_std: Math.round(input.costStd),
      settlement_rate_mean: input.settlementRate,
    },
  };
}
