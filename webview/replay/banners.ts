/**
 * The replay page's header and its notes about the data: the run's facts, the event stream's inconsistencies, and
 * the fold against the stored snapshots (at the tick on screen, and for the whole run).
 */
import type { ReplayPanelInfo, ReplaySnapshotStatus, ReplayTickView } from '../../src/protocol/replay';
import { formatCount } from '../../src/format';
import { el } from '../shared/dom';
import { post } from './channel';

export function header(i: ReplayPanelInfo): HTMLElement {
  const run = i.runPurpose === 'bootstrap' && i.sampleIndex !== null ? `bootstrap sample ${i.sampleIndex}` : (i.runPurpose ?? 'simulation');
  const dayCount = i.ticksPerDay ? Math.ceil(i.totalTicks / i.ticksPerDay) : 0;
  const days = i.ticksPerDay ? ` (${formatCount(dayCount)} day${dayCount === 1 ? '' : 's'} × ${formatCount(i.ticksPerDay)} ticks)` : '';
  const facts: Array<[string, string]> = [
    ['File', i.fileName],
    ...(i.experimentId ? ([['Experiment', `${i.experimentName || i.experimentId} · iteration ${i.iteration ?? '?'}`]] as Array<[string, string]>) : []),
    ['Run', `${run} · ${i.persistenceLevel ?? 'unknown'} level`],
    ['Agents', formatCount(i.agentIds.length)],
    ['Ticks', `${formatCount(i.totalTicks)}${days}`],
    ['Events', formatCount(i.eventCount)],
  ];
  const title = el(
    'h1',
    {},
    'Replay ',
    el('span', { className: 'mono', text: i.shortName }),
    i.shortName === i.simulationId ? null : el('span', { className: 'muted mono simulation-id', text: i.simulationId }),
  );
  const opened = el('div', { className: 'muted', text: `opened in ${formatCount(i.openMs)} ms`, title: `Checkpoint every ${i.checkpointInterval} ticks` });
  return el('header', { className: 'replay-header' }, title, el('div', { className: 'facts' }, ...facts.map(([k, v]) => el('div', {}, el('span', { text: k }), v)), opened));
}

/** What the opening pass found inconsistent in the event stream, folded; null when nothing. */
export function issueBanner(i: ReplayPanelInfo): HTMLElement | null {
  if (i.issueCount === 0) return null;
  const list = el('ul', {}, ...i.issues.map((issue) => el('li', {}, el('span', { className: 'mono', text: `tick ${issue.tick}` }), ` ${issue.message}`)));
  return el(
    'details',
    { className: 'warning' },
    el('summary', { text: `The event stream has ${formatCount(i.issueCount)} inconsistenc${i.issueCount === 1 ? 'y' : 'ies'} the replay could not take at face value.` }),
    list,
  );
}

/** The tick's disagreements with its stored snapshot; null when they agree (or the run has no snapshots). */
export function tickSnapshotBanner(view: ReplayTickView): HTMLElement | null {
  if (!view.snapshot || view.snapshot.length === 0) return null;
  const shown = view.snapshot.slice(0, 6);
  return el(
    'div',
    { className: 'warning', attrs: { role: 'alert' } },
    el('strong', { text: `At tick ${view.tick} the stored snapshot disagrees with the fold of the events ` }),
    `(${formatCount(view.snapshot.length)} difference${view.snapshot.length === 1 ? '' : 's'}): the tables show the fold.`,
    el(
      'ul',
      {},
      ...shown.map((d) => el('li', {}, el('span', { className: 'mono', text: `${d.agentId ?? 'RTGS queue'} ${d.field}` }), `: snapshot ${d.snapshot}, events ${d.fold}`)),
      ...(view.snapshot.length > shown.length ? [el('li', { className: 'muted', text: `${view.snapshot.length - shown.length} more` })] : []),
    ),
  );
}

/**
 * The whole-run check: an offer to run it (null status), running, its result. `goToNext` moves to the next tick
 * that disagrees.
 */
export function runSnapshotBanner(status: ReplaySnapshotStatus | null, goToNext: (ticks: readonly number[]) => void): HTMLElement {
  if (status === null) {
    const run = el('button', { className: 'link', text: 'Check every tick', attrs: { type: 'button' } });
    run.addEventListener('click', () => post({ type: 'checkSnapshots' }));
    return el('div', { className: 'muted note' }, 'This run stores a snapshot of every tick; the tick on screen is checked against it. ', run);
  }
  if (status.state === 'running') return el('div', { className: 'muted note', text: 'Checking every tick against the stored snapshots…' });
  if (status.state === 'failed') return el('div', { className: 'warning', text: `The check against the stored snapshots failed: ${status.message}` });
  if (status.disagreementCount === 0) {
    return el('div', { className: 'muted note', text: `✓ The fold of the events agrees with the stored snapshots at all ${formatCount(status.ticksChecked)} ticks.` });
  }
  const next = el('button', { className: 'link', text: 'Go to the next tick that disagrees', attrs: { type: 'button' } });
  next.addEventListener('click', () => goToNext(status.disagreeingTicks));
  return el(
    'div',
    { className: 'warning', attrs: { role: 'alert' } },
    el('strong', { text: 'The stored snapshots disagree with the events. ' }),
    `${formatCount(status.disagreementCount)} difference${status.disagreementCount === 1 ? '' : 's'} (first at tick ${status.firstTick ?? '?'}): the events and the per-tick snapshots of this file tell different stories (an event missing or altered, another writer's conventions, or a damaged file). The panel shows the fold of the events. `,
    next,
  );
}
