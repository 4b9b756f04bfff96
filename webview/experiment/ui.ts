/**
 * The experiment panel's small building blocks: native HTML controls (buttons, selects, details folds, an ARIA
 * tablist) styled with the theme. Native elements are keyboard-accessible and need no extra styles under the
 * strict CSP; the panel uses nothing richer.
 */
import { el } from '../shared/dom';
import { formatCents } from '../../src/format';

export { el, table } from '../shared/dom';
export { formatCents, formatCount } from '../../src/format';

export function button(text: string, title: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', { text, title, className, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}

export function linkButton(text: string, title: string, onClick: () => void, className = ''): HTMLButtonElement {
  return button(text, title, onClick, `link ${className}`.trim());
}

export interface Option {
  value: string;
  label: string;
}

/** A labelled <select>; `onChange` gets the chosen value. */
export function select(label: string, options: readonly Option[], value: string, onChange: (value: string) => void): HTMLLabelElement {
  const s = el('select');
  for (const o of options) s.append(el('option', { text: o.label, attrs: { value: o.value } }));
  s.value = options.some((o) => o.value === value) ? value : (options[0]?.value ?? '');
  s.addEventListener('change', () => onChange(s.value));
  return el('label', {}, label, s);
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): HTMLLabelElement {
  const c = el('input', { attrs: { type: 'checkbox' } });
  c.checked = checked;
  c.addEventListener('change', () => onChange(c.checked));
  return el('label', {}, c, label);
}

/** A fold: long content stays one line until opened. */
export function fold(summary: string, content: Node | string, open = false): HTMLDetailsElement {
  const d = el('details', { className: 'fold' }, el('summary', { text: summary }), typeof content === 'string' ? textBlock(content) : content);
  d.open = open;
  return d;
}

/** Preformatted text (prompts, responses, JSON) that wraps and scrolls within a bounded height. */
export function textBlock(text: string, className = 'text'): HTMLPreElement {
  return el('pre', { className, text });
}

/** A fold of a long text whose summary says how long it is. */
export function textFold(title: string, text: string | null, open = false): HTMLElement {
  if (text === null || text === '') return el('p', { className: 'muted', text: `${title}: not recorded.` });
  return fold(`${title} (${text.length.toLocaleString('en-US')} characters)`, text, open);
}

export function facts(rows: ReadonlyArray<readonly [string, Node | string]>): HTMLDListElement {
  return el('dl', { className: 'exp-facts' }, ...rows.map(([term, value]) => el('div', {}, el('dt', { text: term }), el('dd', {}, value))));
}

export interface TabDef {
  id: string;
  label: string;
}

/**
 * An ARIA tablist: Left/Right (and Home/End) move between tabs and select, a click selects; only the selected tab
 * is in the Tab order, as the WAI-ARIA tabs pattern asks. `setActive` changes the selection without moving focus.
 */
export function tabList(defs: readonly TabDef[], active: string, onSelect: (id: string) => void): { element: HTMLElement; setActive(id: string): void } {
  const bar = el('div', { attrs: { role: 'tablist', 'aria-label': 'Experiment sections' } });
  const tabs = defs.map((d) => {
    const t = button(d.label, d.label, () => onSelect(d.id));
    t.setAttribute('role', 'tab');
    t.id = `tab-${d.id}`;
    t.setAttribute('aria-controls', `panel-${d.id}`);
    return t;
  });
  const setActive = (id: string) => {
    tabs.forEach((t, i) => {
      t.setAttribute('aria-selected', String(defs[i].id === id));
      t.tabIndex = defs[i].id === id ? 0 : -1;
    });
  };
  setActive(active);
  bar.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length];
    target.focus();
    onSelect(defs[tabs.indexOf(target)].id);
  });
  bar.append(...tabs);
  return { element: bar, setActive };
}

/** The region a tab controls. */
export function tabPanel(id: string, ...children: Array<Node | string | null>): HTMLElement {
  return el('section', { attrs: { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, tabindex: '0' } }, ...children);
}

export function rate(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;
}

export function seconds(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${value.toFixed(value < 10 ? 2 : 1)} s`;
}

/** A signed difference in cents: +$1.20 / −$3.00. */
export function centsDelta(value: number | null): string {
  if (value === null) return '–';
  if (value === 0) return '±$0.00';
  return `${value > 0 ? '+' : '−'}${formatCents(Math.abs(value))}`;
}

/** A plain number: integers with separators, fractions with up to 4 decimals. */
export function num(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(Math.round(value * 1e4) / 1e4);
}

/** An ISO timestamp as "2025-12-14 13:27:43" (UTC as stored; no time-zone conversion). */
export function when(iso: string | null): string {
  if (!iso) return '–';
  return iso.replace('T', ' ').replace(/(\.\d+)?Z?$/, '');
}
