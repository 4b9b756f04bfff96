import type uPlot from 'uplot';
import type { DiffRequest, ExperimentHostMessage, PolicyDiffData } from '../../src/protocol/experiment';
import { agentIndex, type PanelContext, type Section } from './context';
import { axes, chart, drawTriangle, pointAt, seriesColour } from './chart';
import { button, el, fold, linkButton, num, select, table } from './ui';

/**
 * Policy evolution: one parameter across iterations for every agent (chart), all of one agent's parameters per
 * iteration (table, changed values marked), and the diff of any two iterations' policies, decision trees included.
 */
export function policiesSection(ctx: PanelContext): Section {
  const { data } = ctx;
  const element = el('div');
  const diffArea = el('div', { attrs: { 'aria-live': 'polite' } });
  const parameters = [...new Set(data.policies.flatMap((p) => Object.keys(p.parameters)))].sort();
  const firstIteration = data.iterations[0]?.iteration ?? 0;
  const lastIteration = data.iterations[data.iterations.length - 1]?.iteration ?? 0;
  let diff: DiffRequest = ctx.state().diff ?? { agentId: data.agents[0] ?? '', a: firstIteration, b: data.header.bestIteration ?? lastIteration };

  const diffForm = el('div', { className: 'controls' });
  const renderDiffForm = () => {
    const iterationOptions = data.iterations.map((r) => ({ value: String(r.iteration), label: `iteration ${r.iteration}` }));
    diffForm.replaceChildren(
      select('Agent', data.policies.map((p) => ({ value: p.agentId, label: p.agentId })), diff.agentId, (v) => (diff = { ...diff, agentId: v })),
      select('From', iterationOptions, String(diff.a), (v) => (diff = { ...diff, a: Number(v) })),
      select('to', iterationOptions, String(diff.b), (v) => (diff = { ...diff, b: Number(v) })),
      button('Show changes', 'Compare the two policies', () => requestDiff(diff)),
    );
  };
  const requestDiff = (next: DiffRequest) => {
    diff = next;
    ctx.save({ diff });
    renderDiffForm();
    diffArea.replaceChildren(el('p', { className: 'muted', text: `Comparing ${next.agentId}'s policy at iterations ${next.a} and ${next.b}…` }));
    ctx.post({ type: 'diff', ...next });
  };

  if (data.policies.length === 0) {
    element.append(el('p', { className: 'muted', text: 'No policies are recorded for the iterations of this experiment.' }));
    return { id: 'policies', label: 'Policies', element };
  }

  const agentOptions = data.policies.map((p) => ({ value: p.agentId, label: p.agentId }));
  renderDiffForm();

  const parameterView = el('div');
  const renderParameters = () => {
    const parameter = parameters.includes(ctx.state().parameter ?? '') ? (ctx.state().parameter as string) : parameters.includes('initial_liquidity_fraction') ? 'initial_liquidity_fraction' : (parameters[0] ?? '');
    const agent = data.policies.some((p) => p.agentId === ctx.state().policyAgent) ? (ctx.state().policyAgent as string) : data.policies[0].agentId;
    parameterView.replaceChildren(
      el('div', { className: 'controls' }, select('Parameter', parameters.map((p) => ({ value: p, label: p })), parameter, (v) => {
        ctx.save({ parameter: v });
        renderParameters();
      })),
      parameter === '' ? el('p', { className: 'muted', text: 'The policies have no numeric parameters.' }) : parameterChart(ctx, parameter),
      el('h3', { text: 'Parameters per iteration' }),
      el('div', { className: 'controls' }, select('Agent', agentOptions, agent, (v) => {
        ctx.save({ policyAgent: v });
        renderParameters();
      })),
      parameterTable(ctx, agent, (a, b) => {
        requestDiff({ agentId: agent, a, b });
        diffArea.scrollIntoView({ block: 'start' });
      }),
    );
  };
  renderParameters();
  element.append(el('h2', { text: 'Policy evolution' }), parameterView, el('h2', { text: 'Policy diff' }), diffForm, diffArea);

  let requested = false;
  return {
    id: 'policies',
    label: 'Policies',
    element,
    activate() {
      if (!requested) {
        requested = true;
        requestDiff(diff);
      }
    },
    receive(message: ExperimentHostMessage) {
      if (message.type === 'diff') diffArea.replaceChildren(renderDiff(message.diff));
      if (message.type === 'requestFailed' && message.request === 'diff') diffArea.replaceChildren(el('div', { className: 'error', attrs: { role: 'alert' }, text: message.message }));
    },
  };
}

/** One parameter over the iterations, one line per agent; triangles where the agent's policy changed otherwise. */
function parameterChart(ctx: PanelContext, parameter: string): HTMLElement {
  const { data } = ctx;
  const xs = data.iterations.map((r) => r.iteration);
  const withParameter = data.policies.filter((p) => parameter in p.parameters);
  return chart({
    description: `${parameter} per iteration for ${withParameter.map((p) => p.agentId).join(', ')}: ${withParameter
      .map((p) => `${p.agentId} from ${num(p.parameters[parameter][0])} to ${num(p.parameters[parameter][xs.length - 1])}`)
      .join('; ')}.`,
    height: 220,
    data: [xs, ...withParameter.map((p) => p.parameters[parameter])] as uPlot.AlignedData,
    onPick: (index) => ctx.showIteration(xs[index]),
    options: (width, height, colours) => ({
      width,
      height,
      scales: { x: { time: false } },
      axes: axes(colours, (v) => v.map((x) => num(x)), parameter),
      series: [
        { label: 'Iteration', value: (_u, v) => (v === null ? '–' : String(v)) },
        ...withParameter.map((p) => ({ label: p.agentId, stroke: seriesColour(agentIndex(data, p.agentId)), width: 2, value: (_u: uPlot, v: number | null) => num(v) })),
      ],
      hooks: {
        draw: [
          (u: uPlot) => {
            withParameter.forEach((p, i) => {
              p.structureChanged.forEach((changed, index) => {
                const at = changed ? pointAt(u, i + 1, index) : null;
                if (at) drawTriangle(u.ctx, at.x, at.y, 5 * devicePixelRatio, seriesColour(agentIndex(data, p.agentId)), colours.foreground);
              });
            });
          },
        ],
      },
    }),
  });
}

/** An agent's parameters per iteration; a value that differs from the previous iteration's is marked. */
function parameterTable(ctx: PanelContext, agent: string, onDiff: (a: number, b: number) => void): HTMLElement {
  const series = ctx.data.policies.find((p) => p.agentId === agent);
  if (!series) return el('p', { className: 'muted', text: `No policy recorded for ${agent}.` });
  const names = Object.keys(series.parameters).sort();
  const rows = ctx.data.iterations.map((r, i) => {
    const cells: Array<Node | string> = [String(r.iteration)];
    for (const name of names) {
      const value = series.parameters[name][i];
      const previous = i > 0 ? series.parameters[name][i - 1] : value;
      cells.push(value !== previous ? el('span', { className: 'changed', text: num(value), title: `changed from ${num(previous)}` }) : num(value));
    }
    cells.push(series.structureChanged[i] ? el('span', { className: 'changed', text: 'changed' }) : '');
    cells.push(i > 0 ? linkButton('Diff with previous', `What changed in ${agent}'s policy from iteration ${ctx.data.iterations[i - 1].iteration} to ${r.iteration}`, () => onDiff(ctx.data.iterations[i - 1].iteration, r.iteration)) : '');
    return cells;
  });
  return el('div', { className: 'scroll' }, table(['Iteration', ...names, 'Tree or id', ''], rows, new Set(names.map((_, i) => i + 1))));
}

/** The diff result: parameters side by side, readable tree changes, and both policies as text and JSON. */
export function renderDiff(d: PolicyDiffData): HTMLElement {
  const parts: Node[] = [el('p', {}, el('strong', { text: `${d.agentId}, iteration ${d.a} → ${d.b}: ` }), d.summary)];
  if (d.parameters.length > 0) {
    parts.push(
      table(
        ['Parameter', `Iteration ${d.a}`, `Iteration ${d.b}`, 'Change'],
        d.parameters.map((p) => [el('span', { className: 'mono', text: p.name }), p.before, p.after, p.delta === null ? p.kind : `${p.delta > 0 ? '+' : ''}${num(p.delta)}`]),
        new Set([1, 2, 3]),
      ),
    );
  }
  const treeChanges = d.changes;
  if (treeChanges.length > 0) {
    parts.push(el('h3', { text: 'Other changes' }));
    parts.push(
      table(
        ['Where', 'Change', `Iteration ${d.a}`, `Iteration ${d.b}`],
        treeChanges.map((c) => [el('span', { className: 'mono', text: c.where, title: c.path }), c.kind, el('span', { className: 'mono', text: c.before ?? '–' }), el('span', { className: 'mono', text: c.after ?? '–' })]),
      ),
    );
  }
  for (const tree of d.trees) {
    const lines = el('pre', { className: 'diff', attrs: { 'aria-label': `${tree.tree}: lines removed and added` } });
    for (const line of tree.lines) {
      const prefix = line.op === 'added' ? '+ ' : line.op === 'removed' ? '− ' : '  ';
      lines.append(el('span', { className: line.op === 'same' ? '' : line.op, text: `${prefix}${line.text}` }));
    }
    parts.push(fold(`${tree.tree}${tree.changed ? ' (changed)' : ' (unchanged)'}`, lines, tree.changed));
  }
  parts.push(
    fold(
      'Both policies as text',
      el('div', { className: 'side-by-side' }, el('div', {}, el('h4', { text: `Iteration ${d.a}` }), el('pre', { className: 'text', text: d.beforeText.join('\n') })), el('div', {}, el('h4', { text: `Iteration ${d.b}` }), el('pre', { className: 'text', text: d.afterText.join('\n') }))),
    ),
    fold(
      'Both policies as JSON',
      el('div', { className: 'side-by-side' }, el('div', {}, el('pre', { className: 'text', text: d.beforeJson })), el('div', {}, el('pre', { className: 'text', text: d.afterJson }))),
    ),
  );
  return el('div', {}, ...parts);
}
