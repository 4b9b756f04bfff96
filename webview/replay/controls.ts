/**
 * The replay panel's controls: the toolbar (first/last, ±1 day, ±1 tick, play/pause with speed, jump to the
 * next/previous tick of a chosen kind, a tick box), the timeline (a slider with day boundaries and a strip marking
 * the ticks of the chosen kind), and the keyboard shortcuts that do the same. They only say what was asked
 * (`ControlActions`); main.ts decides what happens.
 */
import type { ReplayJumpKind, ReplayPanelInfo } from '../../src/protocol/replay';
import type { ReplayMove } from '../../src/protocol/replayNavigation';
import { el } from '../shared/dom';

export const SPEEDS = [1, 2, 5, 10, 20, 30, 60, 120];

export interface ControlActions {
  move(move: ReplayMove): void;
  /** The slider or the tick box asked for a tick. */
  seek(tick: number): void;
  playPause(): void;
  setSpeed(speed: number): void;
  setJumpKind(mark: string): void;
}

/** Keys for the jump kinds with a letter of their own (Shift: previous). */
const JUMP_KEYS: Readonly<Record<string, string>> = { s: 'settlement', l: 'lsm', o: 'overdue', e: 'end_of_day' };

export const HELP_TEXT =
  'Keys: Space play/pause · ←/→ one tick · Shift+←/→ or PgUp/PgDn one day · Home/End first/last · S, L, O, E next settlement, LSM, overdue, end of day (Shift: previous) · ] / [ next/previous of the chosen kind · + / − speed · G go to tick';

const SVG = 'http://www.w3.org/2000/svg';
/** 16×16 icons as SVG paths (drawn in the button's text colour; no icon font is loaded). */
const ICONS: Readonly<Record<string, string>> = {
  first: 'M3 3h2v10H3zM13 3v10L6 8z',
  back: 'M11 3v10L4 8z',
  play: 'M5 3v10l8-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  forward: 'M5 3v10l7-5z',
  last: 'M11 3h2v10h-2zM3 3v10l7-5z',
  previousMark: 'M10 3v10L4 8zM12 4h1.5v8H12z',
  nextMark: 'M6 3v10l6-5zM2.5 4H4v8H2.5z',
};

function icon(name: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', ICONS[name]);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

function button(label: string, title: string, iconName: string | null, onClick: () => void, text?: string): HTMLButtonElement {
  const b = el('button', { title, attrs: { type: 'button', 'aria-label': label, class: 'control' } });
  if (iconName) b.append(icon(iconName));
  if (text) b.append(el('span', { text }));
  b.addEventListener('click', onClick);
  return b;
}

export class Controls {
  readonly element: HTMLElement;
  private readonly play: HTMLButtonElement;
  private readonly slider: HTMLInputElement;
  private readonly tickBox: HTMLInputElement;
  private readonly speed: HTMLSelectElement;
  private readonly jump: HTMLSelectElement;
  private readonly strip: HTMLCanvasElement;
  private readonly days: HTMLElement;
  private readonly resize: ResizeObserver;
  private scrubbing = false;

  constructor(
    private readonly info: ReplayPanelInfo,
    private readonly kinds: readonly ReplayJumpKind[],
    private readonly marks: Uint16Array,
    private readonly actions: ControlActions,
    initial: { speed: number; jumpKind: string },
  ) {
    const last = info.totalTicks - 1;
    this.play = button('Play', 'Play (Space)', 'play', () => actions.playPause(), 'Play');
    this.play.classList.add('primary', 'play-pause');
    this.speed = el('select', { title: 'Playback speed (+ / −)', attrs: { 'aria-label': 'Playback speed, ticks per second' } });
    for (const s of SPEEDS) this.speed.append(el('option', { text: `${s} ticks/s`, attrs: { value: String(s) } }));
    this.speed.value = String(SPEEDS.includes(initial.speed) ? initial.speed : 10);
    this.speed.addEventListener('change', () => actions.setSpeed(Number(this.speed.value)));

    this.jump = el('select', { title: 'Kind of tick the jump buttons go to', attrs: { 'aria-label': 'Jump to ticks with' } });
    const primary = kinds.filter((k) => k.primary);
    const others = kinds.filter((k) => !k.primary);
    const group = (label: string, list: readonly ReplayJumpKind[]) => {
      const g = el('optgroup', { attrs: { label } });
      for (const k of list) g.append(el('option', { text: k.label, attrs: { value: k.mark } }));
      return g;
    };
    this.jump.append(group('Main', primary), group('More', others));
    this.jump.value = kinds.some((k) => k.mark === initial.jumpKind) ? initial.jumpKind : 'settlement';
    this.jump.addEventListener('change', () => {
      actions.setJumpKind(this.jump.value);
      this.drawStrip();
    });

    this.tickBox = el('input', { attrs: { type: 'number', min: '0', max: String(last), step: '1', 'aria-label': 'Tick', title: 'Go to tick (G)', class: 'tick-box' } });
    this.tickBox.addEventListener('change', () => {
      const tick = Number(this.tickBox.value);
      if (Number.isInteger(tick) && tick >= 0 && tick <= last) actions.seek(tick);
    });
    this.tickBox.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' || event.key === 'Enter') this.tickBox.blur();
    });

    const jumpBit = () => this.kinds.find((k) => k.mark === this.jump.value)?.bit ?? 0;
    const toolbar = el(
      'div',
      { className: 'controls', attrs: { role: 'toolbar', 'aria-label': 'Replay controls' } },
      button('First tick', 'First tick (Home)', 'first', () => actions.move({ kind: 'first' })),
      button('Back one day', 'Back one day (Shift+← or PgUp)', null, () => actions.move({ kind: 'day', delta: -1 }), '−1 day'),
      button('Back one tick', 'Back one tick (←)', 'back', () => actions.move({ kind: 'step', delta: -1 })),
      this.play,
      button('Forward one tick', 'Forward one tick (→)', 'forward', () => actions.move({ kind: 'step', delta: 1 })),
      button('Forward one day', 'Forward one day (Shift+→ or PgDn)', null, () => actions.move({ kind: 'day', delta: 1 }), '+1 day'),
      button('Last tick', 'Last tick (End)', 'last', () => actions.move({ kind: 'last' })),
      this.speed,
      el('span', { className: 'separator', attrs: { 'aria-hidden': 'true' } }),
      button('Previous tick of the chosen kind', 'Previous tick of the chosen kind ([)', 'previousMark', () => actions.move({ kind: 'mark', bit: jumpBit(), direction: -1 })),
      this.jump,
      button('Next tick of the chosen kind', 'Next tick of the chosen kind (])', 'nextMark', () => actions.move({ kind: 'mark', bit: jumpBit(), direction: 1 })),
      el('span', { className: 'separator', attrs: { 'aria-hidden': 'true' } }),
      el('label', { className: 'tick-label' }, 'Tick ', this.tickBox, el('span', { className: 'muted', text: ` / ${last}` })),
    );

    this.slider = el('input', { attrs: { type: 'range', min: '0', max: String(last), step: '1', 'aria-label': 'Tick', class: 'slider' } });
    this.slider.addEventListener('input', () => {
      this.scrubbing = true;
      actions.seek(Number(this.slider.value));
    });
    this.slider.addEventListener('change', () => (this.scrubbing = false));
    // The panel's own keys move the replay; keep the slider's built-in arrow handling from doing it twice.
    this.slider.addEventListener('keydown', (event) => {
      if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'].includes(event.key)) event.preventDefault();
    });
    this.days = el('div', { className: 'days', attrs: { 'aria-hidden': 'true' } });
    this.strip = el('canvas', { className: 'strip', attrs: { 'aria-hidden': 'true', height: '6' } });
    const timeline = el('div', { className: 'timeline' }, this.slider, this.strip, this.days);
    this.drawDays();
    this.resize = new ResizeObserver(() => this.drawStrip());
    this.resize.observe(timeline);

    this.element = el('div', { className: 'control-bar' }, toolbar, timeline, el('div', { className: 'help muted', text: HELP_TEXT }));
  }

  get jumpKind(): string {
    return this.jump.value;
  }

  /** Shows `tick` as the position (the slider is left alone while it is being dragged, the box while typed in). */
  setTick(tick: number): void {
    if (!this.scrubbing) this.slider.value = String(tick);
    if (document.activeElement !== this.tickBox) this.tickBox.value = String(tick);
  }

  setPlaying(playing: boolean): void {
    this.play.replaceChildren(icon(playing ? 'pause' : 'play'), el('span', { text: playing ? 'Pause' : 'Play' }));
    this.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    this.play.title = `${playing ? 'Pause' : 'Play'} (Space)`;
    this.play.setAttribute('aria-pressed', String(playing));
  }

  setSpeed(speed: number): void {
    this.speed.value = String(speed);
  }

  focusTick(): void {
    this.tickBox.focus();
    this.tickBox.select();
  }

  dispose(): void {
    this.resize.disconnect();
  }

  /** The keyboard shortcuts (HELP_TEXT); returns true when the key was one of them. */
  handleKey(event: KeyboardEvent, speed: number): boolean {
    const target = event.target as HTMLElement | null;
    // Typing in the tick box or choosing in a menu keeps its keys.
    if (target && (target.tagName === 'SELECT' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'range'))) return false;
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    const a = this.actions;
    const key = event.key;
    const lower = key.toLowerCase();
    if (key === ' ' || key === 'k') a.playPause();
    else if (key === 'ArrowRight') a.move(event.shiftKey ? { kind: 'day', delta: 1 } : { kind: 'step', delta: 1 });
    else if (key === 'ArrowLeft') a.move(event.shiftKey ? { kind: 'day', delta: -1 } : { kind: 'step', delta: -1 });
    else if (key === 'PageDown') a.move({ kind: 'day', delta: 1 });
    else if (key === 'PageUp') a.move({ kind: 'day', delta: -1 });
    else if (key === 'Home') a.move({ kind: 'first' });
    else if (key === 'End') a.move({ kind: 'last' });
    else if (key === ']' || key === '[') {
      const bit = this.kinds.find((k) => k.mark === this.jump.value)?.bit;
      if (bit !== undefined) a.move({ kind: 'mark', bit, direction: key === ']' ? 1 : -1 });
    } else if (JUMP_KEYS[lower]) {
      const bit = this.kinds.find((k) => k.mark === JUMP_KEYS[lower])?.bit;
      if (bit !== undefined) a.move({ kind: 'mark', bit, direction: event.shiftKey ? -1 : 1 });
    } else if (key === '+' || key === '=') a.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, SPEEDS.indexOf(speed) + 1)] ?? speed);
    else if (key === '-' || key === '_') a.setSpeed(SPEEDS[Math.max(0, SPEEDS.indexOf(speed) - 1)] ?? speed);
    else if (lower === 'g') this.focusTick();
    else return false;
    event.preventDefault();
    return true;
  }

  /** Day boundaries under the slider: a line per day, labelled while they fit. */
  private drawDays(): void {
    const perDay = this.info.ticksPerDay;
    const ticks = this.info.totalTicks;
    if (!perDay || perDay <= 0 || ticks <= perDay) return;
    const days = Math.ceil(ticks / perDay);
    const labelled = days <= 40;
    const span = Math.max(1, ticks - 1);
    for (let d = labelled ? 0 : 1; d < days; d++) {
      const mark = el('span', { className: 'day', text: labelled ? `Day ${d}` : '' });
      mark.style.left = `${((d * perDay) / span) * 100}%`;
      this.days.append(mark);
    }
  }

  /** The strip above the day marks: one line per tick of the chosen kind. */
  private drawStrip(): void {
    const canvas = this.strip;
    const width = canvas.clientWidth;
    if (width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(6 * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const bit = this.kinds.find((k) => k.mark === this.jump.value)?.bit;
    if (bit === undefined) return;
    const mask = 1 << bit;
    ctx.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-charts-orange').trim() || '#d18616';
    const span = Math.max(1, this.marks.length - 1);
    let lastX = -1;
    for (let t = 0; t < this.marks.length; t++) {
      if ((this.marks[t] & mask) === 0) continue;
      const x = Math.round((t / span) * (canvas.width - ratio));
      if (x === lastX) continue;
      lastX = x;
      ctx.fillRect(x, 0, Math.max(1, ratio), canvas.height);
    }
  }
}
