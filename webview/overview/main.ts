import type { OverviewData } from '../../src/protocol';
import { formatBytes, formatCents, formatCount } from '../../src/format';
import { host, onHostMessage } from '../shared/host';
import { el, table } from '../shared/dom';

/** The overview page of the SimCash database editor: what the file is and what it holds. */
const app = document.getElementById('app') as HTMLElement;

onHostMessage((message) => {
  switch (message.type) {
    case 'loading':
      app.replaceChildren(el('p', { className: 'muted', text: `Loading ${message.fileName}…` }));
      break;
    case 'error':
      app.replaceChildren(
        el('h1', { text: message.fileName }),
        el('div', { className: 'error', attrs: { role: 'alert' }, text: message.message }),
        el('button', { className: 'link', text: 'Try again' }),
      );
      app.querySelector('button')?.addEventListener('click', () => host.postMessage({ type: 'refresh' }));
      break;
    case 'overview':
      render(message.data);
      break;
  }
});
host.postMessage({ type: 'ready' });

function render(data: OverviewData): void {
  const refresh = el('button', { className: 'link', text: 'Reload', title: 'Read the file again from disk' });
  refresh.addEventListener('click', () => host.postMessage({ type: 'refresh' }));
  const version = data.kind === 'unified' ? el('span', { className: 'badge', text: data.schemaVersion === null ? 'version unknown' : `v${data.schemaVersion}` }) : null;
  const parts: Node[] = [
    el('h1', { text: data.fileName }),
    el('div', { className: 'facts' }, fact('Kind', data.kindLabel, version), fact('Size', formatBytes(data.sizeBytes)), fact('Events', formatCount(data.totalEvents)), el('div', {}, refresh)),
    el('div', { className: 'muted mono', text: data.filePath }),
    ...data.warnings.map((w) => el('div', { className: 'warning', attrs: { role: 'status' }, text: w })),
  ];
  if (data.migratable) {
    parts.push(el('div', { className: 'warning', text: 'This file uses an older SimCash schema. It opens read-only; a migration to the unified schema will be offered by "SimCash: Migrate Database".' }));
  }

  parts.push(el('h2', { text: `Experiments (${data.experiments.length})` }));
  parts.push(
    data.experiments.length === 0
      ? el('p', { className: 'muted', text: 'No experiments in this file.' })
      : table(
          ['Experiment', 'Type', 'Iterations', 'Converged', 'Final cost', 'Best cost', 'Linked sims', 'Replayable'],
          data.experiments.map((e) => [
            el('span', { title: e.experimentId }, el('strong', { text: e.name }), el('div', { className: 'muted mono', text: e.experimentId })),
            e.type,
            formatCount(e.iterations),
            e.converged ? 'yes' : (e.convergenceReason ?? 'no'),
            formatCents(e.finalCost),
            formatCents(e.bestCost),
            formatCount(e.linkedSimulations),
            formatCount(e.replayableSimulations),
          ]),
          new Set([2, 4, 5, 6, 7]),
        ),
  );

  const standaloneTotal = data.standaloneSimulations.length + data.moreStandaloneSimulations;
  parts.push(el('h2', { text: `Standalone simulations (${standaloneTotal})` }));
  parts.push(
    standaloneTotal === 0
      ? el('p', { className: 'muted', text: 'No standalone simulations in this file.' })
      : table(
          ['Simulation', 'Scenario', 'Status', 'Ticks × days', 'Transactions', 'Events', 'Level'],
          data.standaloneSimulations.map((s) => [
            el('span', { className: 'mono', text: s.simulationId }),
            s.configName ?? '–',
            s.status ?? '–',
            s.ticksPerDay === null ? '–' : `${s.ticksPerDay} × ${s.numDays ?? '?'}`,
            formatCount(s.transactions),
            formatCount(s.events),
            s.persistenceLevel ?? '–',
          ]),
          new Set([4, 5]),
        ),
  );
  if (data.moreStandaloneSimulations > 0) {
    parts.push(el('p', { className: 'muted', text: `…and ${formatCount(data.moreStandaloneSimulations)} more (see the SimCash tree).` }));
  }

  parts.push(el('h2', { text: 'Storage' }));
  const levels = Object.entries(data.simulationsPerLevel);
  parts.push(
    el(
      'div',
      { className: 'facts' },
      ...(levels.length === 0 ? [el('span', { className: 'muted', text: 'No simulations.' })] : levels.map(([level, n]) => fact(`${level}`, `${formatCount(n)} simulations`))),
    ),
  );
  parts.push(table(['Table', 'Rows'], data.tables.map((t) => [el('span', { className: 'mono', text: t.name }), formatCount(t.rows)]), new Set([1])));
  app.replaceChildren(...parts);
}

function fact(label: string, value: string, extra: Node | null = null): HTMLElement {
  return el('div', {}, el('span', { text: label }), value, extra ? ' ' : '', extra);
}
