import type { ExperimentIterationRow, LinkedSimulationRef } from '../../src/protocol/experiment';
import type { PanelContext } from './context';
import { el, formatCents, formatCount, linkButton } from './ui';

/**
 * The iterations table: cost per agent (✓ where the agent's proposal was accepted, ✗ where it was rejected), the
 * evaluation simulation and the bootstrap samples with their links. Replayable runs get ▶ (replay) and ≡ (events)
 * when those views exist in this window; a linked id opens in the SimCash tree.
 */
export function iterationsTable(ctx: PanelContext): HTMLElement {
  const { data } = ctx;
  if (data.iterations.length === 0) return el('p', { className: 'muted', text: 'No iterations.' });
  const agents = data.agents;
  const headers = ['Iteration', 'Total', ...agents, 'Accepted', 'Evaluation simulation', 'Bootstrap samples'];
  const numeric = new Set([1, ...agents.map((_, i) => i + 2)]);
  const head = el('tr', {}, ...headers.map((h, i) => el('th', { text: h, className: numeric.has(i) ? 'num' : '', attrs: { scope: 'col' } })));
  const body = el('tbody');
  const expanded = new Set(ctx.state().expanded ?? []);
  for (const row of data.iterations) {
    const tr = el('tr', { attrs: { id: `iteration-${row.iteration}` } });
    if (row.iteration === data.header.bestIteration) tr.classList.add('best');
    const isBest = row.iteration === data.header.bestIteration;
    tr.append(
      el('th', { attrs: { scope: 'row' }, text: isBest ? `★ ${row.iteration}` : String(row.iteration), title: isBest ? 'Best iteration (lowest total cost)' : '' }),
      el('td', { className: 'num', text: formatCents(row.totalCost) }),
      ...agents.map((agent) => costCell(row, agent)),
      el('td', { text: acceptedText(row) }),
      el('td', {}, evaluationCell(ctx, row.evaluation)),
      el('td', {}, bootstrapCell(ctx, row, expanded, tr)),
    );
    body.append(tr);
    if (expanded.has(row.iteration)) body.append(bootstrapRow(ctx, row, headers.length));
  }
  return el('div', { className: 'scroll' }, el('table', { attrs: { 'aria-label': 'Iterations' } }, el('thead', {}, head), body));
}

function costCell(row: ExperimentIterationRow, agent: string): HTMLElement {
  const cell = el('td', { className: 'num', text: agent in row.costs ? formatCents(row.costs[agent]) : '–' });
  const proposal = row.proposals.find((p) => p.agentId === agent);
  const accepted = row.accepted[agent] === true;
  if (accepted || proposal) {
    const mark = el('span', { className: accepted ? 'accepted' : 'rejected', text: accepted ? ' ✓' : ' ✗' });
    mark.title = proposal
      ? `${agent}'s proposal ${proposal.accepted ? 'accepted' : 'rejected'}: ${formatCents(proposal.oldCost)} → ${formatCents(proposal.newCost)}${proposal.reason ? ` (${proposal.reason})` : ''}`
      : `${agent}'s proposal was accepted`;
    mark.setAttribute('aria-label', accepted ? 'accepted' : 'rejected');
    cell.append(mark);
  }
  return cell;
}

function acceptedText(row: ExperimentIterationRow): string {
  const agents = Object.entries(row.accepted)
    .filter(([, yes]) => yes)
    .map(([agent]) => agent);
  return agents.length > 0 ? agents.join(', ') : '–';
}

/** A linked simulation: its id (reveals it in the tree), what is stored, and the actions it allows. */
export function simulationRef(ctx: PanelContext, ref: LinkedSimulationRef, label = ref.simulationId): HTMLElement {
  const parts: Node[] = [];
  if (ref.stored && ctx.data.actions.revealInTree) {
    parts.push(linkButton(label, `Show ${ref.simulationId} in the SimCash tree`, () => ctx.post({ type: 'openSimulation', simulationId: ref.simulationId, action: 'reveal' }), 'mono'));
  } else {
    parts.push(el('span', { className: 'mono', text: label }));
  }
  const level = ref.stored ? `${ref.level ?? 'level unknown'}${ref.reason ? ` · ${ref.reason}` : ''}` : 'not stored';
  parts.push(el('span', { className: 'muted', text: ` ${level}` }));
  if (ref.replayable) {
    const actions = el('span', { className: 'sim-actions' });
    actions.append(el('span', { text: '▶', title: 'Replayable: events are stored', attrs: { 'aria-label': 'replayable' } }));
    if (ctx.data.actions.openReplay) {
      actions.append(linkButton('Replay', `Replay ${ref.simulationId} tick by tick`, () => ctx.post({ type: 'openSimulation', simulationId: ref.simulationId, action: 'replay' })));
    }
    if (ctx.data.actions.showEvents) {
      actions.append(linkButton('Events', `Open the events of ${ref.simulationId}`, () => ctx.post({ type: 'openSimulation', simulationId: ref.simulationId, action: 'events' })));
    }
    parts.push(actions);
  }
  return el('span', {}, ...parts);
}

function evaluationCell(ctx: PanelContext, ref: LinkedSimulationRef | null): Node {
  return ref === null ? el('span', { className: 'muted', text: 'not linked' }) : simulationRef(ctx, ref);
}

function bootstrapCell(ctx: PanelContext, row: ExperimentIterationRow, expanded: Set<number>, tr: HTMLTableRowElement): Node {
  const n = row.bootstrapIds.length;
  if (n === 0) return el('span', { className: 'muted', text: 'none linked' });
  const stored = row.bootstrapStored === n ? '' : `, ${formatCount(row.bootstrapStored)} stored`;
  const summary = `${formatCount(n)} linked${stored}${row.bootstrapReplayable.length > 0 ? ` · ${row.bootstrapReplayable.length} ▶` : ''}`;
  const toggle = linkButton(expanded.has(row.iteration) ? 'Hide' : 'Show', `List the bootstrap samples of iteration ${row.iteration}`, () => {
    const open = !expanded.has(row.iteration);
    if (open) {
      expanded.add(row.iteration);
      tr.after(bootstrapRow(ctx, row, tr.children.length));
    } else {
      expanded.delete(row.iteration);
      tr.nextElementSibling?.remove();
    }
    toggle.textContent = open ? 'Hide' : 'Show';
    toggle.setAttribute('aria-expanded', String(open));
    ctx.save({ expanded: [...expanded] });
  });
  toggle.setAttribute('aria-expanded', String(expanded.has(row.iteration)));
  return el('span', {}, `${summary} `, toggle);
}

/** The row under an iteration listing each bootstrap sample. */
function bootstrapRow(ctx: PanelContext, row: ExperimentIterationRow, span: number): HTMLTableRowElement {
  const replayable = new Map(row.bootstrapReplayable.map((r) => [r.simulationId, r]));
  const missing = new Set(row.bootstrapMissing);
  const list = el('ol', { className: 'sim-list', attrs: { start: '0', 'aria-label': `Bootstrap samples of iteration ${row.iteration}` } });
  row.bootstrapIds.forEach((id, k) => {
    const ref: LinkedSimulationRef = replayable.get(id) ?? { simulationId: id, stored: !missing.has(id), replayable: false, level: missing.has(id) ? null : 'no events stored', reason: null, sampleIndex: k };
    list.append(el('li', {}, el('span', { className: 'muted', text: `sample ${k}` }), simulationRef(ctx, ref)));
  });
  return el('tr', { className: 'bootstrap' }, el('td', { attrs: { colspan: String(span) } }, list));
}
