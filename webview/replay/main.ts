/**
 * The replay panel's webview: a loading page with progress, the replay page (page.ts), the explanation for a
 * simulation that cannot be replayed (what is stored instead, and the nearest replayable simulation), or an error.
 * The host sends what to show after the page says "ready"; the tick, speed and choices survive hiding the panel
 * and reloading the window (setState).
 */
import type { ReplayHostMessage, ReplayNotReplayableView } from '../../src/protocol/replay';
import { formatCount } from '../../src/format';
import { el } from '../shared/dom';
import styles from './replay.css';
import { installStyles, onMessage, post, saveState, savedState } from './channel';
import { ReplayPage } from './page';

installStyles(styles);
const app = document.getElementById('app') as HTMLElement;
const saved = savedState();
let page: ReplayPage | null = null;

function leavePage(): void {
  page?.destroy();
  page = null;
}

function button(text: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', { text, className, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}

/** The loading page; later progress messages update it in place (so Cancel keeps focus). */
let progress: { bar: HTMLProgressElement; detail: HTMLElement } | null = null;

function loading(message: Extract<ReplayHostMessage, { type: 'loading' }>): void {
  if (!progress || !progress.bar.isConnected) {
    leavePage();
    const bar = el('progress', { attrs: { 'aria-label': 'Opening progress' } });
    const detail = el('p', { className: 'muted' });
    progress = { bar, detail };
    app.replaceChildren(el('h1', { text: message.title }), detail, el('div', { className: 'loading' }, bar, button('Cancel', () => post({ type: 'cancel' }))));
  }
  progress.detail.textContent = message.detail;
  if (message.total > 0) {
    progress.bar.max = message.total;
    progress.bar.value = message.done;
  }
}

function failure(title: string, message: string): void {
  leavePage();
  app.replaceChildren(el('h1', { text: title }), el('div', { className: 'error', attrs: { role: 'alert' }, text: message }), button('Try again', () => post({ type: 'retry' })));
}

function notReplayable(view: ReplayNotReplayableView): void {
  leavePage();
  // Keep the target in the saved state, so a restored panel explains again.
  saveState({ filePath: view.filePath, simulationId: view.simulationId, tick: 0, speed: saved?.speed ?? 10, jumpKind: saved?.jumpKind ?? 'settlement', queueAgent: '' });
  const parts: Node[] = [
    el('h1', {}, el('span', { className: 'mono', text: view.simulationId }), ' cannot be replayed'),
    el(
      'div',
      { className: 'facts' },
      el('div', {}, el('span', { text: 'File' }), view.fileName),
      el('div', {}, el('span', { text: 'Persistence level' }), view.persistenceLevel ?? 'unknown'),
      ...(view.experimentId ? [el('div', {}, el('span', { text: 'Experiment' }), `${view.experimentId} · iteration ${view.iteration ?? '?'}`)] : []),
    ),
    el('p', { className: 'warning', text: `A replay folds a simulation's events, and ${view.reason}.` }),
  ];
  if (view.nearest) {
    const target = view.nearest;
    const where = target.relation === 'same-iteration' ? 'of the same iteration' : 'of the same experiment';
    parts.push(
      el(
        'div',
        { className: 'nearest' },
        el('span', { text: `The nearest replayable simulation ${where}: ` }),
        button(`Replay ${target.label}`, () => post({ type: 'openSimulation', simulationId: target.simulationId }), 'primary'),
      ),
    );
  } else {
    parts.push(el('p', { className: 'muted', text: view.experimentId ? 'No other simulation of this experiment can be replayed.' : 'This is a standalone simulation: there is no related run to replay instead.' }));
  }
  parts.push(el('h2', { text: 'What the file keeps instead' }));
  if (view.metricRows.length === 0) {
    parts.push(el('p', { className: 'muted', text: 'Nothing: no daily metrics are stored for this simulation.' }));
  } else {
    parts.push(
      el('p', { className: 'muted', text: `Its daily metrics: ${formatCount(view.metricRows.length)} rows (${formatCount(view.days)} day${view.days === 1 ? '' : 's'} × ${formatCount(view.agents.length)} agent${view.agents.length === 1 ? '' : 's'}).` }),
      el(
        'div',
        { className: 'scroll' },
        el(
          'table',
          {},
          el('thead', {}, el('tr', {}, ...view.metricColumns.map((c) => el('th', { text: c, attrs: { scope: 'col' } })))),
          el('tbody', {}, ...view.metricRows.map((row) => el('tr', {}, ...row.map((cell, i) => el('td', { className: i > 1 ? 'num' : '', text: cell ?? '–' }))))),
        ),
      ),
    );
  }
  app.replaceChildren(...parts);
}

onMessage((message) => {
  switch (message.type) {
    case 'loading':
      loading(message);
      break;
    case 'init':
      leavePage();
      page = new ReplayPage(app, message, saved);
      break;
    case 'notReplayable':
      notReplayable(message.view);
      break;
    case 'error':
      failure(message.title, message.message);
      break;
    default:
      page?.receive(message);
  }
});
post({ type: 'ready', state: saved });
