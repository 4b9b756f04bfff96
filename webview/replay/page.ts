/**
 * The replay page of one simulation: header, controls and timeline, the tick's summary line, the check against
 * stored snapshots, the charts, the agents table, the queues and the tick's events. Moving (steps, jumps, the
 * slider) asks the host for one tick; those requests are coalesced (one in flight, only the newest waits) and drawn on
 * the next animation frame, so scrubbing never piles up work. Playing asks for the coming ticks in batches ahead of
 * the clock (replayLookahead.ts) and draws each in the animation frame its time comes.
 */
import type { ReplayChartData, ReplayHostMessage, ReplayJumpKind, ReplayPanelInfo, ReplaySnapshotStatus, ReplayTickView, ReplayViewState } from '../../src/protocol/replay';
import { PlaybackLookahead } from '../../src/protocol/replayLookahead';
import { type ReplayMove, targetTick } from '../../src/protocol/replayNavigation';
import { formatCents, formatCount } from '../../src/format';
import { el } from '../shared/dom';
import { header, issueBanner, runSnapshotBanner, tickSnapshotBanner } from './banners';
import { post, saveState } from './channel';
import { agentStyles, ReplayCharts, type AgentStyle } from './charts';
import { Controls, SPEEDS } from './controls';
import { Playback } from './playback';
import { AgentsTable, eventsSection, queuesSection, type TableActions } from './tables';

type InitMessage = Extract<ReplayHostMessage, { type: 'init' }>;

/** How often the view state is saved (and the host told the tick) while playing; at once otherwise. */
const SAVE_INTERVAL_MS = 500;

function section(title: string | Node, id: string, ...content: Node[]): HTMLElement {
  return el('section', { className: `panel-section ${id}`, attrs: { 'aria-labelledby': `${id}-title` } }, el('h2', { attrs: { id: `${id}-title` } }, title), ...content);
}

export class ReplayPage {
  private readonly info: ReplayPanelInfo;
  private readonly kinds: ReplayJumpKind[];
  private readonly marks: Uint16Array;
  private readonly controls: Controls;
  private readonly chartData: ReplayChartData;
  private charts: ReplayCharts;
  private readonly playback: Playback;
  private styles: AgentStyle[];
  private view: ReplayTickView;
  private queueChoice: string;
  private jumpKind: string;
  // Single-tick requests: the seq of the one awaiting its answer (0: none), and the newest tick wanted.
  private seq = 0;
  private outstanding = 0;
  private wanted: number | null = null;
  /** Where the person is: the tick last asked for (ahead of the one drawn while an answer is on its way). */
  private position: number;
  /** The tick of the newest answer. */
  private received: number;
  private drawPending: ReplayTickView | null = null;
  private drawFrame = 0;
  private listsFrame = 0;
  private lastSave = 0;
  /** Playback's batches of coming ticks; `starting` while Play waits for the first batch, from `startTick`. */
  private readonly lookahead: PlaybackLookahead<ReplayTickView>;
  private starting = false;
  private startTick = 0;
  private agentsTable: AgentsTable;
  private readonly parts: {
    status: HTMLElement;
    tickSnapshot: HTMLElement;
    runSnapshot: HTMLElement;
    notice: HTMLElement;
    agents: HTMLElement;
    queues: HTMLElement;
    events: HTMLElement;
    eventsTitle: HTMLElement;
    queuesTitle: HTMLElement;
  };
  private readonly keyListener = (event: KeyboardEvent) => this.controls.handleKey(event, this.playback.speed);
  private readonly themeObserver: MutationObserver;

  constructor(
    app: HTMLElement,
    init: InitMessage,
    saved: ReplayViewState | null,
  ) {
    this.info = init.info;
    this.kinds = init.jumpKinds;
    this.marks = init.charts.marks;
    this.chartData = init.charts;
    this.view = init.view;
    this.position = init.view.tick;
    this.received = init.view.tick;
    const mine = saved && saved.simulationId === this.info.simulationId && saved.filePath === this.info.filePath ? saved : null;
    this.queueChoice = mine?.queueAgent ?? '';
    this.jumpKind = mine?.jumpKind ?? 'settlement';
    const speed = mine && SPEEDS.includes(mine.speed) ? mine.speed : 10;
    this.styles = agentStyles(this.info.agentIds.length);

    this.lookahead = new PlaybackLookahead(this.info.totalTicks - 1, speed);
    this.playback = new Playback(speed, this.info.totalTicks - 1, (tick) => this.clockAt(tick), () => this.stopped());
    this.controls = new Controls(
      this.info,
      this.kinds,
      this.marks,
      {
        move: (move) => this.move(move),
        seek: (tick) => {
          this.pause();
          this.request(tick);
        },
        playPause: () => this.playPause(),
        setSpeed: (s) => this.setSpeed(s),
        setJumpKind: (mark) => {
          this.jumpKind = mark;
          this.save(true);
        },
      },
      { speed, jumpKind: this.jumpKind },
    );

    this.parts = {
      status: el('div', { className: 'tick-status', attrs: { 'aria-live': 'off' } }),
      tickSnapshot: el('div', { className: 'banner-slot' }),
      runSnapshot: el('div', { className: 'banner-slot' }),
      notice: el('div', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } }),
      agents: el('div', { className: 'scroll' }),
      queues: el('div', { className: 'scroll queues' }),
      events: el('div', { className: 'events' }),
      eventsTitle: el('span', { text: 'Events of this tick' }),
      queuesTitle: el('span', { text: 'Queued payments' }),
    };
    this.agentsTable = new AgentsTable(this.info.agentIds, this.styles);
    this.parts.agents.append(this.agentsTable.element);
    const chartsElement = el('div', { className: 'charts' });
    const issues = issueBanner(this.info);
    app.replaceChildren(
      header(this.info),
      el('div', { className: 'sticky' }, this.controls.element, this.parts.status),
      this.parts.notice,
      ...(issues ? [issues] : []),
      this.parts.runSnapshot,
      this.parts.tickSnapshot,
      chartsElement,
      section('Agents', 'agents', this.parts.agents),
      el('div', { className: 'columns' }, section(this.parts.queuesTitle, 'queues', this.parts.queues), this.eventsSectionElement()),
    );
    this.charts = this.makeCharts(chartsElement);
    if (!this.info.hasSnapshots) this.parts.runSnapshot.replaceChildren();
    else this.snapshotStatus(null);
    document.addEventListener('keydown', this.keyListener);
    // Theme changes (VS Code sets the body's class): redraw the charts in the new colours.
    this.themeObserver = new MutationObserver(() => this.retheme());
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.draw(this.view);
    // The first view lists every queue briefly; a restored choice of one queue wants its rows.
    if (this.queueChoice !== '') this.refresh();
  }

  /** Messages for the page while it is shown. */
  receive(message: ReplayHostMessage): void {
    switch (message.type) {
      case 'tick':
        // Answers come in order, and the host drops requests a newer one replaced: the one awaited is settled (or
        // replaced by a newer request that will be answered). An answer the host sent on its own (seq 0: a palette
        // command moved) settles everything and is where the person is now.
        if (message.seq === 0 || message.seq >= this.outstanding) this.outstanding = 0;
        this.received = message.view.tick;
        if (message.seq === 0) {
          this.pause();
          this.position = message.view.tick;
          this.wanted = null;
        } else if (this.playing) {
          // Asked for before Play (or for another queue while playing): the clock has moved past it.
          break;
        }
        this.schedule(message.view);
        this.sendWanted();
        break;
      case 'ticks':
        if (!this.lookahead.receive(message.seq, message.views)) break;
        if (this.starting) {
          this.starting = false;
          this.playback.play(this.startTick);
          this.clockAt(this.startTick);
        }
        break;
      case 'notice':
        this.notice(message.text);
        break;
      case 'snapshotCheck':
        this.snapshotStatus(message.status);
        break;
      case 'command':
        if (message.command === 'playPause') this.playPause();
        else {
          const i = SPEEDS.indexOf(this.playback.speed);
          this.setSpeed(SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, i + (message.command === 'faster' ? 1 : -1)))]);
        }
        break;
      default:
        break;
    }
  }

  destroy(): void {
    this.pause();
    cancelAnimationFrame(this.drawFrame);
    cancelAnimationFrame(this.listsFrame);
    document.removeEventListener('keydown', this.keyListener);
    this.themeObserver.disconnect();
    this.controls.dispose();
    this.charts.destroy();
  }

  // ---------------------------------------------------------------------------------------------------------

  private eventsSectionElement(): HTMLElement {
    const tools: Node[] = [];
    if (this.info.canShowEvents) {
      const open = el('button', { className: 'link', text: 'Open in the events panel', attrs: { type: 'button' } });
      open.addEventListener('click', () => post({ type: 'openEvents', tick: this.view.tick }));
      tools.push(open);
    }
    return el(
      'section',
      { className: 'panel-section tick-events', attrs: { 'aria-labelledby': 'events-title' } },
      el('h2', { attrs: { id: 'events-title' } }, this.parts.eventsTitle),
      ...(tools.length ? [el('div', { className: 'section-tools' }, ...tools)] : []),
      this.parts.events,
    );
  }

  private tableActions(): TableActions {
    return {
      trace: (txId) => post({ type: 'openTrace', txId, tick: this.view.tick }),
      chooseQueue: (queue) => {
        this.queueChoice = queue;
        this.save(true);
        this.parts.queues.replaceChildren(queuesSection(this.view, this.queueChoice, this.tableActions()));
        // The chosen queue comes with more rows: ask for the tick again.
        this.refresh();
      },
      openEvents: this.info.canShowEvents ? () => post({ type: 'openEvents', tick: this.view.tick }) : undefined,
    };
  }

  private move(move: ReplayMove): void {
    this.pause();
    const endOfDayBit = this.kinds.find((k) => k.mark === 'end_of_day')?.bit ?? 0;
    const from = this.position;
    const target = targetTick({ tick: from, lastTick: this.info.totalTicks - 1, ticksPerDay: this.info.ticksPerDay, marks: this.marks, endOfDayBit }, move);
    if (target === null) {
      if (move.kind === 'mark') {
        const label = this.kinds.find((k) => k.bit === move.bit)?.label.toLowerCase() ?? 'event';
        this.notice(`No ${label} ${move.direction === 1 ? 'after' : 'before'} tick ${from}.`);
      }
      return;
    }
    this.request(target);
  }

  private get playing(): boolean {
    return this.playback.playing || this.starting;
  }

  private playPause(): void {
    if (this.playing) {
      this.pause();
      return;
    }
    // From the start again when at the end. The clock starts once the first batch of ticks is in.
    this.startTick = this.position >= this.info.totalTicks - 1 ? 0 : this.position;
    this.starting = true;
    this.controls.setPlaying(true);
    this.lookahead.reset(this.playback.speed);
    this.askAhead(this.startTick);
  }

  /** Stops playing (or waiting to), keeping the tick on screen. */
  private pause(): void {
    if (this.starting) {
      this.starting = false;
      this.stopped();
    }
    this.playback.pause();
  }

  /** Playback stopped (paused, or the clock reached the last tick): the page shows the tick on screen in full. */
  private stopped(): void {
    this.lookahead.reset();
    this.controls.setPlaying(false);
    this.position = this.view.tick;
    this.controls.setTick(this.position);
    post({ type: 'position', tick: this.position });
    // Playing drew the lists short, and only some ticks came with lists: draw this one's in full.
    cancelAnimationFrame(this.listsFrame);
    if (this.view.lists) this.drawLists(this.view);
    else this.refresh();
    this.save(true);
  }

  /** The playback clock reached `tick`: draw it (in this animation frame) if it is in, and ask for more ahead. */
  private clockAt(tick: number): void {
    const view = this.lookahead.take(tick);
    if (view) {
      this.position = view.tick;
      this.drawPending = null;
      this.draw(view);
    }
    this.askAhead(tick);
  }

  private askAhead(tick: number): void {
    const request = this.lookahead.next(tick);
    if (request) post({ type: 'prefetch', ...request, queue: this.queueChoice });
  }

  private setSpeed(speed: number): void {
    this.playback.setSpeed(speed);
    this.controls.setSpeed(speed);
    // Batches fetched for the old speed have the wrong stride and size: start over from the tick on screen.
    this.lookahead.reset(speed);
    if (this.playing) this.askAhead(this.position);
    this.save(true);
  }

  /** Asks the host for a tick; while a request awaits its answer only the newest tick wanted waits. */
  private request(tick: number): void {
    this.wanted = tick;
    this.position = tick;
    this.controls.setTick(tick);
    this.sendWanted();
  }

  /**
   * Asks again for the tick the person is at (after playing, or another queue chosen). Sent after the current task,
   * so that a move right after a pause (a step, a jump) asks for its own tick only.
   */
  private refresh(): void {
    this.wanted = this.position;
    this.received = -1;
    queueMicrotask(() => this.sendWanted());
  }

  private sendWanted(): void {
    if (this.wanted === null || this.outstanding !== 0) return;
    if (this.wanted === this.received) {
      this.wanted = null;
      return;
    }
    const seq = ++this.seq;
    this.outstanding = seq;
    post({ type: 'goto', tick: this.wanted, seq, lists: true, queue: this.queueChoice });
    this.wanted = null;
  }

  /** Draws on the next animation frame (several answers within one frame draw once, the newest). */
  private schedule(view: ReplayTickView): void {
    this.drawPending = view;
    if (this.drawFrame === 0) {
      this.drawFrame = requestAnimationFrame(() => {
        this.drawFrame = 0;
        const next = this.drawPending;
        this.drawPending = null;
        if (next) this.draw(next);
      });
    }
  }

  private draw(view: ReplayTickView): void {
    this.view = view;
    this.controls.setTick(this.position);
    this.charts.setTick(view.tick);
    const t = view.totals;
    const day = view.day === null ? '' : ` · day ${view.day}, tick ${view.tickInDay ?? '?'} of the day`;
    this.parts.status.replaceChildren(
      el('strong', { text: `After tick ${formatCount(view.tick)}` }),
      `${day} · ${formatCount(view.eventCount)} event${view.eventCount === 1 ? '' : 's'} · settled ${formatCount(t.settled)} · queued ${formatCount(t.unsettled)} (queue 1: ${formatCount(t.queue1Size)}, RTGS: ${formatCount(t.queue2Size)})`,
      t.overdue > 0 ? el('span', { className: 'negative', text: ` · overdue ${formatCount(t.overdue)}` }) : ' · overdue 0',
      ` · costs ${formatCents(t.costs)}`,
    );
    this.agentsTable.update(view);
    this.tickSnapshot(view);
    if (view.lists) {
      // While playing, the lists wait for the next animation frame: at up to 30 ticks a second every other frame
      // draws no tick, so the rows' layout gets a frame to itself instead of stretching the tick's past 16 ms.
      cancelAnimationFrame(this.listsFrame);
      if (this.playing) this.listsFrame = requestAnimationFrame(() => this.drawLists(view));
      else this.drawLists(view);
    }
    this.save(false);
  }

  /** The tick's queued payments and events (a few rows of each while playing: PLAYING_QUEUE_ROWS, PLAYING_PHASE_EVENTS). */
  private drawLists(view: ReplayTickView): void {
    const brief = this.playing;
    this.parts.queues.replaceChildren(queuesSection(view, this.queueChoice, this.tableActions(), brief));
    // While playing the lists follow a few ticks a second, so they name their tick (the status line has the newest).
    this.parts.queuesTitle.textContent = brief ? `Queued payments after tick ${formatCount(view.tick)}` : 'Queued payments';
    this.parts.eventsTitle.textContent = `${brief ? `Events of tick ${formatCount(view.tick)}` : 'Events of this tick'} (${formatCount(view.eventCount)})`;
    this.parts.events.replaceChildren(eventsSection(view, this.tableActions(), brief));
  }

  private tickSnapshot(view: ReplayTickView): void {
    const banner = tickSnapshotBanner(view);
    if (banner) this.parts.tickSnapshot.replaceChildren(banner);
    else if (this.parts.tickSnapshot.firstChild) this.parts.tickSnapshot.replaceChildren();
  }

  private snapshotStatus(status: ReplaySnapshotStatus | null): void {
    this.parts.runSnapshot.replaceChildren(
      runSnapshotBanner(status, (ticks) => {
        const target = ticks.find((t) => t > this.position) ?? ticks[0];
        if (target !== undefined) this.request(target);
      }),
    );
  }

  private notice(text: string): void {
    this.parts.notice.textContent = text;
    window.setTimeout(() => {
      if (this.parts.notice.textContent === text) this.parts.notice.textContent = '';
    }, 4000);
  }

  private makeCharts(element: HTMLElement): ReplayCharts {
    return new ReplayCharts(element, this.chartData, this.info.agentIds, this.info.ticksPerDay, this.info.totalTicks, (tick) => {
      this.pause();
      this.request(tick);
    });
  }

  /** The charts and swatches read their colours when built: rebuild them in the new theme's. */
  private retheme(): void {
    this.styles = agentStyles(this.info.agentIds.length);
    this.agentsTable = new AgentsTable(this.info.agentIds, this.styles);
    this.parts.agents.replaceChildren(this.agentsTable.element);
    const element = this.charts.element;
    this.charts.destroy();
    this.charts = this.makeCharts(element);
    this.draw(this.view);
  }

  /** Saves what the panel should come back to (at most twice a second while playing). */
  private save(now: boolean): void {
    const time = performance.now();
    if (!now && this.playing && time - this.lastSave < SAVE_INTERVAL_MS) return;
    this.lastSave = time;
    if (this.playing) post({ type: 'position', tick: this.view.tick });
    saveState({
      filePath: this.info.filePath,
      simulationId: this.info.simulationId,
      tick: this.view.tick,
      speed: this.playback.speed,
      jumpKind: this.jumpKind,
      queueAgent: this.queueChoice,
    });
  }
}
