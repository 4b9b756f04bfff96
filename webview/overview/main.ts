import type { OverviewData, TablePageData } from '../../src/protocol';
import { formatBytes, formatCents, formatCount } from '../../src/format';
import type { HostMessage, WebviewMessage } from '../../src/protocol';
import { channel } from '../shared/host';
import { el, table } from '../shared/dom';

/** The overview page of the SimCash database editor: what the file is and what it holds. */
const app = document.getElementById('app') as HTMLElement;
const host = channel<HostMessage, WebviewMessage>();

/** What survives hiding the editor or reloading the file: the table being browsed and where. */
interface ViewState {
  table?: string;
  offset?: number;
}
let state: ViewState = (host.getState() as ViewState | undefined) ?? {};
let pageSize = 100;

function saveState(next: ViewState): void {
  state = next;
  host.setState(state);
}

host.onMessage((message) => {
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
      app.querySelector('button')?.addEventListener('click', () => host.post({ type: 'refresh' }));
      break;
    case 'overview':
      render(message.data);
      if (state.table && message.data.tables.some((t) => t.name === state.table)) {
        host.post({ type: 'browseTable', table: state.table, offset: state.offset ?? 0 });
      }
      break;
    case 'tablePage':
      renderTablePage(message.page);
      break;
    case 'tableError':
      browser().replaceChildren(el('div', { className: 'error', attrs: { role: 'alert' }, text: message.message }));
      break;
  }
});
host.post({ type: 'ready' });

function render(data: OverviewData): void {
  pageSize = data.tablePageSize;
  const refresh = el('button', { className: 'link', text: 'Reload', title: 'Read the file again from disk' });
  refresh.addEventListener('click', () => host.post({ type: 'refresh' }));
  const version = data.kind === 'unified' ? el('span', { className: 'badge', text: data.schemaVersion === null ? 'version unknown' : `v${data.schemaVersion}` }) : null;
  const parts: Node[] = [
    el('h1', { text: data.fileName }),
    el('div', { className: 'facts' }, fact('Kind', data.kindLabel, version), fact('Size', formatBytes(data.sizeBytes)), fact('Events', formatCount(data.totalEvents)), el('div', {}, refresh)),
    el('div', { className: 'muted mono', text: data.filePath }),
    ...data.warnings.map((w) => el('div', { className: 'warning', attrs: { role: 'status' }, text: w })),
  ];
  if (data.migratable) {
    const migrate = el('button', { text: 'Migrate…', title: 'Migrate this file to the unified schema (shows the plan and asks first)', attrs: { type: 'button' } });
    migrate.addEventListener('click', () => host.post({ type: 'migrate' }));
    parts.push(
      el(
        'div',
        { className: 'warning' },
        'This file uses an older SimCash schema. It opens read-only; "SimCash: Migrate Database" converts it to the unified schema (a backup is kept next to it). ',
        migrate,
      ),
    );
  }

  parts.push(el('h2', { text: `Experiments (${data.experiments.length})` }));
  parts.push(
    data.experiments.length === 0
      ? el('p', { className: 'muted', text: 'No experiments in this file.' })
      : table(
          ['Experiment', 'Type', 'Iterations', 'Converged', 'Final cost', 'Best cost', 'Linked sims', 'Replayable'],
          data.experiments.map((e) => [
            el(
              'span',
              {},
              action(e.name, `Reveal ${e.experimentId} in the SimCash tree`, () => host.post({ type: 'revealExperiment', experimentId: e.experimentId })),
              ' ',
              action('Open', `Open the experiment view of ${e.experimentId}: convergence, iterations, policies`, () => host.post({ type: 'openExperiment', experimentId: e.experimentId })),
              el('div', { className: 'muted mono', text: e.experimentId }),
            ),
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
            el(
              'span',
              {},
              action(s.simulationId, 'Reveal in the SimCash tree', () => host.post({ type: 'revealSimulation', simulationId: s.simulationId }), 'mono'),
              ' ',
              action('Events', s.events > 0 ? `Show the ${formatCount(s.events)} events of ${s.simulationId}` : `${s.simulationId} has no events stored: see what is stored instead`, () => host.post({ type: 'showEvents', simulationId: s.simulationId })),
              ' ',
              action('Replay', s.events > 0 ? `Replay ${s.simulationId} tick by tick` : `${s.simulationId} has no events stored: see why it cannot be replayed`, () => host.post({ type: 'openReplay', simulationId: s.simulationId })),
            ),
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
  parts.push(el('p', { className: 'muted', text: 'Select a table to browse its rows.' }));
  parts.push(table(['Table', 'Rows'], data.tables.map((t) => [action(t.name, `Browse ${t.name}`, () => browse(t.name, 0), 'mono'), formatCount(t.rows)]), new Set([1])));
  parts.push(el('section', { attrs: { id: 'browser', 'aria-label': 'Table browser' } }));
  app.replaceChildren(...parts);
}

function browser(): HTMLElement {
  return document.getElementById('browser') as HTMLElement;
}

function browse(tableName: string, offset: number): void {
  saveState({ table: tableName, offset });
  browser().replaceChildren(el('p', { className: 'muted', text: `Loading ${tableName}…` }));
  host.post({ type: 'browseTable', table: tableName, offset });
}

/** A page of the plain table browser, with first/previous/next/last buttons (all reachable by keyboard). */
function renderTablePage(page: TablePageData): void {
  saveState({ table: page.table, offset: page.offset });
  const last = Math.max(0, Math.floor((page.total - 1) / pageSize) * pageSize);
  const nav = (label: string, offset: number, disabled: boolean) => {
    const button = el('button', { text: label, attrs: { type: 'button' } });
    button.disabled = disabled;
    button.addEventListener('click', () => browse(page.table, offset));
    return button;
  };
  const range = page.total === 0 ? 'no rows' : `rows ${formatCount(page.offset + 1)}–${formatCount(page.offset + page.rows.length)} of ${formatCount(page.total)}`;
  const rows = page.rows.map((row) => row.map((cell) => (cell === null ? el('span', { className: 'muted', text: 'NULL' }) : cell)));
  const close = el('button', { className: 'link', text: 'Close' });
  close.addEventListener('click', () => {
    saveState({});
    browser().replaceChildren();
  });
  browser().replaceChildren(
    el('h2', { text: page.table }),
    el(
      'div',
      { className: 'toolbar' },
      nav('⏮ First', 0, page.offset === 0),
      nav('◀ Previous', Math.max(0, page.offset - pageSize), page.offset === 0),
      el('span', { text: range }),
      nav('Next ▶', page.offset + pageSize, page.offset + page.rows.length >= page.total),
      nav('Last ⏭', last, page.offset >= last),
      close,
    ),
    el('div', { className: 'scroll' }, table(page.columns, rows)),
  );
  browser().scrollIntoView({ block: 'start' });
}

function action(text: string, title: string, onClick: () => void, className = ''): HTMLButtonElement {
  const button = el('button', { className: `link ${className}`.trim(), text, title, attrs: { type: 'button' } });
  button.addEventListener('click', onClick);
  return button;
}

function fact(label: string, value: string, extra: Node | null = null): HTMLElement {
  return el('div', {}, el('span', { text: label }), value, extra ? ' ' : '', extra);
}
