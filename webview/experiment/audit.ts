import type { ExperimentHostMessage, LlmInteractionDetail, LlmInteractionRow } from '../../src/protocol/experiment';
import type { PanelContext, Section } from './context';
import { checkbox, el, facts, fold, formatCents, formatCount, linkButton, num, rate, seconds, select, table, textFold, when } from './ui';

/**
 * The LLM audit: every exchange by iteration and agent (model, tokens, latency, parse/validation failures), and
 * the one selected in full: prompts, response, parsed policy, errors, the writer's diff summary and the context the
 * prompt was built from. Long texts are folded; the texts of an exchange are fetched when it is opened.
 */
export function auditSection(ctx: PanelContext): Section {
  const { data } = ctx;
  const element = el('div');
  const detail = el('div', { attrs: { 'aria-live': 'polite' } });
  let agentFilter = 'all';
  let failedOnly = false;
  const listArea = el('div');

  /** Set when a person opened an exchange (not when the panel restores one): its answer is scrolled into view. */
  let reveal = false;
  const open = (row: LlmInteractionRow, byPerson = true) => {
    reveal = byPerson;
    ctx.save({ llmKey: row.key });
    detail.replaceChildren(el('p', { className: 'muted', text: `Loading iteration ${row.iteration}, ${row.agentId}…` }));
    ctx.post({ type: 'llmInteraction', key: row.key });
  };

  const renderList = () => {
    const rows = data.llm.filter((r) => (agentFilter === 'all' || r.agentId === agentFilter) && (!failedOnly || r.failed));
    listArea.replaceChildren(
      rows.length === 0
        ? el('p', { className: 'muted', text: 'No exchange matches.' })
        : el(
            'div',
            { className: 'scroll' },
            table(
              ['Iteration', 'Agent', 'Model', 'Tokens', 'Latency', 'Prompt', 'Response', 'Outcome', ''],
              rows.map((r) => [
                String(r.iteration),
                r.agentId,
                r.model ?? '–',
                formatCount(r.tokens),
                seconds(r.latencySeconds),
                `${formatCount(r.promptChars)} chars`,
                `${formatCount(r.responseChars)} chars`,
                outcome(ctx, r),
                linkButton('Open', `Show the prompts and the response of iteration ${r.iteration}, ${r.agentId}`, () => open(r)),
              ]),
              new Set([0, 3, 4, 5, 6]),
            ),
          ),
    );
  };

  if (data.llm.length === 0) {
    element.append(el('p', { className: 'muted', text: 'This experiment has no LLM audit in this file.' }));
    return { id: 'audit', label: 'LLM audit', element };
  }
  const agents = [...new Set(data.llm.map((r) => r.agentId))].sort();
  const tokens = data.llm.reduce((s, r) => s + (r.tokens ?? 0), 0);
  const failures = data.llm.filter((r) => r.failed).length;
  element.append(
    el('p', { text: `${formatCount(data.llm.length)} exchanges, ${formatCount(tokens)} tokens, ${failures} failed to parse or validate.` }),
    el(
      'div',
      { className: 'controls' },
      select('Agent', [{ value: 'all', label: 'all agents' }, ...agents.map((a) => ({ value: a, label: a }))], agentFilter, (v) => {
        agentFilter = v;
        renderList();
      }),
      checkbox('failed only', failedOnly, (v) => {
        failedOnly = v;
        renderList();
      }),
    ),
    listArea,
    el('h2', { text: 'Exchange' }),
    detail,
  );
  renderList();
  detail.append(el('p', { className: 'muted', text: 'Open an exchange above to read it.' }));

  let requested = false;
  return {
    id: 'audit',
    label: `LLM audit (${data.llm.length})`,
    element,
    activate() {
      const key = ctx.state().llmKey;
      const row = data.llm.find((r) => r.key === key);
      if (!requested && row) open(row, false);
      requested = true;
    },
    receive(message: ExperimentHostMessage) {
      if (message.type === 'llmInteraction') {
        detail.replaceChildren(message.interaction ? renderInteraction(message.interaction) : el('p', { className: 'muted', text: 'This exchange is no longer in the file.' }));
        if (reveal) detail.scrollIntoView({ block: 'start' });
        reveal = false;
      }
      if (message.type === 'requestFailed' && message.request === 'llmInteraction') detail.replaceChildren(el('div', { className: 'error', attrs: { role: 'alert' }, text: message.message }));
    },
  };
}

function outcome(ctx: PanelContext, r: LlmInteractionRow): HTMLElement {
  if (r.failed) return el('span', { className: 'failed', text: 'failed', title: r.errorSummary ?? '' });
  const decision = ctx.data.iterations.find((i) => i.iteration === r.iteration)?.proposals.find((p) => p.agentId === r.agentId);
  if (!decision) return el('span', { className: 'muted', text: 'parsed' });
  return el('span', { className: decision.accepted ? 'accepted' : 'rejected', text: decision.accepted ? 'accepted' : 'rejected', title: decision.reason ?? '' });
}

function renderInteraction(x: LlmInteractionDetail): HTMLElement {
  const parts: Node[] = [
    el('h3', { text: `Iteration ${x.iteration}, ${x.agentId}` }),
    facts([
      ['Model', x.model ?? '–'],
      ['Tokens', x.promptTokens !== null || x.completionTokens !== null ? `${formatCount(x.tokens)} (${formatCount(x.promptTokens)} prompt, ${formatCount(x.completionTokens)} completion)` : formatCount(x.tokens)],
      ['Latency', seconds(x.latencySeconds)],
      ['Requested', when(x.requestTimestamp)],
      ['Answered', when(x.responseTimestamp)],
      ['Decision', x.failed ? 'no proposal (the answer failed)' : x.accepted === null ? 'not recorded' : x.accepted ? 'accepted' : 'rejected'],
    ]),
  ];
  const errors = [...(x.parsingError ? [x.parsingError] : []), ...x.validationErrors];
  if (errors.length > 0) {
    parts.push(el('div', { className: 'error', attrs: { role: 'note' } }, el('strong', { text: x.parsingError ? 'Parsing error' : 'Validation errors' }), el('br'), errors.join('\n')));
  }
  if (x.diffSummary || x.parameterChanges.length > 0) {
    parts.push(el('h4', { text: 'What the proposal changed' }));
    if (x.diffSummary) parts.push(el('p', { text: x.diffSummary }));
    if (x.parameterChanges.length > 0) parts.push(table(['Path', 'Before', 'After'], x.parameterChanges.map((c) => [el('span', { className: 'mono', text: c.path }), c.old, c.new])));
  }
  parts.push(textFold('Response', x.rawResponse, true));
  if (x.reasoning) parts.push(textFold('Reasoning', x.reasoning));
  parts.push(textFold('System prompt', x.systemPrompt), textFold('User prompt', x.userPrompt));
  if (x.parsedPolicyText) {
    parts.push(fold('Parsed policy', el('div', {}, el('pre', { className: 'text', text: x.parsedPolicyText.join('\n') }), fold('as JSON', x.parsedPolicyJson ?? ''))));
  } else {
    parts.push(el('p', { className: 'muted', text: 'No policy could be parsed from the response.' }));
  }
  const c = x.context;
  if (c) {
    parts.push(
      fold(
        'Evaluation context shown to the model',
        el(
          'div',
          {},
          facts([
            ['Samples', num(c.numSamples)],
            ['Mean cost', formatCents(c.costMean)],
            ['Std. deviation', formatCents(c.costStd)],
            ['Best sample', `${formatCents(c.bestSeedCost)} (seed ${num(c.bestSeed)})`],
            ['Worst sample', `${formatCents(c.worstSeedCost)} (seed ${num(c.worstSeed)})`],
            ['Settlement rate', rate(c.settlementRateMean)],
          ]),
          textFold('Best sample output', c.bestSeedOutput),
          textFold('Worst sample output', c.worstSeedOutput),
        ),
      ),
    );
  }
  return el('article', {}, ...parts);
}
