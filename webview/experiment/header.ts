import type { ExperimentHeader } from '../../src/protocol/experiment';
import type { PanelContext } from './context';
import { button, el, facts, fold, formatCents, formatCount, linkButton, when } from './ui';

/** The experiment's facts: what it is, how it ran, how it ended, and what the file keeps of it. */
export function renderHeader(ctx: PanelContext): HTMLElement {
  const h = ctx.data.header;
  const status = h.converged
    ? el('span', { className: 'badge ok', text: 'converged' })
    : el('span', { className: 'badge', text: h.completedAt === null ? 'running or cut short' : 'not converged' });
  const copy = linkButton('Copy ID', 'Copy the experiment id', () => ctx.post({ type: 'copy', text: h.experimentId }));
  const reload = button('Reload', 'Read the database again from disk', () => ctx.post({ type: 'refresh' }));
  const parts: Node[] = [
    el('h1', {}, h.name, el('span', { className: 'badge', text: h.type }), status),
    el('div', { className: 'exp-id' }, el('span', { className: 'mono', text: h.experimentId }), copy, reload),
    h.description ? el('p', { className: 'muted', text: h.description }) : el('span'),
    facts([
      ['Created', when(h.createdAt)],
      ['Completed', when(h.completedAt)],
      ['Master seed', h.masterSeed === null ? '–' : String(h.masterSeed)],
      ['Scenario', el('span', { className: 'mono', text: h.scenarioPath ?? '–' })],
      ['Optimiser', h.optimizer.label],
      ['Converged', h.converged ? `yes${h.convergenceReason ? ` (${h.convergenceReason})` : ''}` : `no${h.convergenceReason ? ` (${h.convergenceReason})` : ''}`],
      ['Final cost', formatCents(h.finalCost)],
      ['Best cost', `${formatCents(h.bestCost)}${h.bestIteration === null ? '' : ` (iteration ${h.bestIteration})`}`],
      ['Iterations', iterationsText(h)],
      ['Evaluation', [h.evaluationMode ?? 'mode not recorded', h.numSamples === null ? null : `${h.numSamples} samples`].filter(Boolean).join(', ')],
      ['Persistence', persistenceText(h)],
      ['Simulations', simulationsText(h)],
      ['Agents optimised', h.optimizedAgents.length > 0 ? h.optimizedAgents.join(', ') : '–'],
      ['File', `${h.fileName} (${h.fileLabel})`],
    ]),
  ];
  h.notes.forEach((note, i) => {
    const box = el('div', { className: 'warning', attrs: { role: 'note' } }, note);
    if (i === 0 && ctx.data.actions.migrate && h.fileKind !== 'unified') {
      box.append(' ', button('Migrate Database…', 'Convert this file to the unified schema (a backup is made first)', () => ctx.post({ type: 'migrate' })));
    }
    parts.push(box);
  });
  parts.push(fold('Stored configuration', h.configJson));
  return el('header', { className: 'exp-header' }, ...parts);
}

function iterationsText(h: ExperimentHeader): string {
  const stored = formatCount(h.iterationCount);
  const recorded = h.numIterations !== null && h.numIterations !== h.iterationCount ? ` (the experiment records ${formatCount(h.numIterations)})` : '';
  const budget = h.maxIterations !== null ? ` of at most ${formatCount(h.maxIterations)}` : '';
  return `${stored}${budget}${recorded}`;
}

function persistenceText(h: ExperimentHeader): string {
  const p = h.persistence;
  if (p.level === null && p.policy === null) return 'not recorded in this file';
  const kept = p.persistSimulations.length > 0 ? `, keeping ${p.persistSimulations.join(', ')}` : '';
  return `${p.level ?? 'level not recorded'}${p.policy ? ` · policy ${p.policy}` : ''}${kept}`;
}

function simulationsText(h: ExperimentHeader): string {
  if (h.linkage === 'none') return 'none linked';
  if (h.linkedSimulations === 0) return 'none stored';
  const levels = Object.entries(h.levelsStored)
    .sort()
    .map(([level, n]) => `${formatCount(n)} ${level}`)
    .join(', ');
  return `${formatCount(h.linkedSimulations)} stored (${levels}), ${formatCount(h.replayableSimulations)} replayable${h.linkage === 'inferred' ? ' · links inferred' : ''}`;
}
