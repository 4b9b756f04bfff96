import type { EventExportFormat, EventTableFilter, EventsFacets } from '../../src/protocol/events';
import { formatCount } from '../../src/format';
import { el } from '../shared/dom';
import { multiSelect, setMultiSelectOptions, type VscodeMultiSelect } from '../shared/components';

export interface FilterBarCallbacks {
  /** The filters changed (already debounced for typed text). */
  changed(filter: EventTableFilter): void;
  goToTick(tick: number): void;
  export(format: EventExportFormat): void;
  /** Count the event types within this filter's agent, ticks, day and transaction (the type choices are opened). */
  countTypes(filter: EventTableFilter): void;
}

/** The filters a type count depends on: agent, ticks, day, transaction (not the types, not the text). */
function scopeOf(filter: EventTableFilter): string | null {
  const scope = [filter.agentId, filter.fromTick, filter.toTick, filter.day, filter.txId];
  return scope.every((v) => v === undefined) ? null : JSON.stringify(scope.map((v) => v ?? null));
}

/** How long typing pauses before a text filter applies (Enter applies at once). */
const TYPING_DELAY_MS = 450;

function labelled(text: string, control: HTMLElement, id: string): HTMLElement {
  control.id = id;
  return el('div', { className: 'field' }, el('label', { text, attrs: { for: id } }), control);
}

function numberInput(placeholder: string, title: string): HTMLInputElement {
  return el('input', { title, attrs: { type: 'number', min: '0', step: '1', placeholder, inputmode: 'numeric' } });
}

function parseIntOrUndefined(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? Math.floor(n) : undefined;
}

/**
 * The filters above the table: event types (multi-select with counts), agent, tick range, day, transaction and a
 * text search in the details; they combine. Plus "go to tick" and the export buttons. Every control is a labelled
 * native or VS Code element, reachable with Tab.
 */
export class FilterBar {
  readonly element: HTMLElement;
  private readonly types: VscodeMultiSelect;
  /** Says what the multi-select's "N Selected" face leaves unsaid: no type selected means every type. */
  private readonly typesLabel = el('label', { text: 'Types: all', attrs: { id: 'f-types-label' } });
  private readonly agent: HTMLSelectElement;
  private readonly fromTick: HTMLInputElement;
  private readonly toTick: HTMLInputElement;
  private readonly day: HTMLSelectElement;
  private readonly tx: HTMLInputElement;
  private readonly text: HTMLInputElement;
  private readonly goTo: HTMLInputElement;
  private current: EventTableFilter = {};
  /**
   * The chosen types, kept here rather than read back from the multi-select: the component applies new options
   * asynchronously, so right after the controls are filled (Clear, a restored state) its value is still the old one.
   */
  private selectedTypes: string[] = [];
  private facets: EventsFacets = { eventTypes: [], agents: [] };
  /** The types' counts within other filters (agent, ticks, day, transaction), by those filters (the last few). */
  private readonly countsByScope = new Map<string, Map<string, number>>();
  /** Scopes asked about and not yet answered (one request each). */
  private readonly asked = new Set<string>();
  private days: number | null = null;
  private timer = 0;
  /** Set while the controls are filled from a state, so that their change events do not apply it again. */
  private filling = false;

  constructor(private readonly callbacks: FilterBarCallbacks) {
    this.types = multiSelect({ label: 'Event types', values: [] });
    this.types.classList.add('types');
    this.agent = el('select', { title: 'Only events of this agent' });
    this.fromTick = numberInput('from', 'First tick (inclusive)');
    this.toTick = numberInput('to', 'Last tick (inclusive)');
    this.day = el('select', { title: 'Only events of this simulated day' });
    this.tx = el('input', { className: 'mono', title: 'Only events of this transaction (exact id)', attrs: { type: 'text', placeholder: 'tx id', spellcheck: 'false' } });
    this.text = el('input', { title: 'Text in the event details (case-insensitive). Not index-served: searched chunk by chunk.', attrs: { type: 'search', placeholder: 'Search details…', spellcheck: 'false' } });
    this.goTo = numberInput('tick', 'Scroll to the first event at or after this tick');
    const clear = el('button', { text: 'Clear', title: 'Remove every filter', attrs: { type: 'button' } });
    const go = el('button', { text: 'Go', title: 'Go to tick', attrs: { type: 'button' } });
    const csv = el('button', { text: 'CSV', title: 'Export the filtered events to a CSV file', attrs: { type: 'button' } });
    const jsonl = el('button', { text: 'JSON lines', title: 'Export the filtered events to a JSON-lines file', attrs: { type: 'button' } });

    // Counting the types within an agent's events reads all of them: only when the choices are about to be seen.
    for (const opening of ['click', 'keydown', 'focusin']) this.types.addEventListener(opening, () => this.countTypesIfStale());
    this.types.addEventListener('change', () => {
      this.selectedTypes = this.types.value.filter((t) => t !== '');
      this.apply();
    });
    this.agent.addEventListener('change', () => this.apply());
    this.day.addEventListener('change', () => this.apply());
    for (const input of [this.fromTick, this.toTick, this.tx, this.text]) {
      input.addEventListener('input', () => this.applySoon());
      input.addEventListener('change', () => this.apply());
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') this.apply();
      });
    }
    clear.addEventListener('click', () => {
      const wasEmpty = Object.keys(this.current).length === 0;
      this.set({});
      if (!wasEmpty) callbacks.changed({});
    });
    const goToTick = () => {
      const tick = parseIntOrUndefined(this.goTo.value);
      if (tick !== undefined) callbacks.goToTick(tick);
    };
    go.addEventListener('click', goToTick);
    this.goTo.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') goToTick();
    });
    csv.addEventListener('click', () => callbacks.export('csv'));
    jsonl.addEventListener('click', () => callbacks.export('jsonl'));

    const tickRange = el('div', { className: 'field' }, el('label', { text: 'Ticks', attrs: { for: 'f-from' } }), el('div', { className: 'range' }, this.fromTick, el('span', { text: '–', attrs: { 'aria-hidden': 'true' } }), this.toTick));
    this.fromTick.id = 'f-from';
    this.toTick.setAttribute('aria-label', 'Last tick');
    this.element = el(
      'form',
      { className: 'filters', attrs: { role: 'search', 'aria-label': 'Event filters' } },
      el('div', { className: 'field' }, this.typesLabel, this.types),
      labelled('Agent', this.agent, 'f-agent'),
      tickRange,
      labelled('Day', this.day, 'f-day'),
      labelled('Transaction', this.tx, 'f-tx'),
      labelled('Search', this.text, 'f-text'),
      el('div', { className: 'field actions' }, clear),
      el('div', { className: 'spacer' }),
      el('div', { className: 'field' }, el('label', { text: 'Go to tick', attrs: { for: 'f-goto' } }), el('div', { className: 'range' }, this.goTo, go)),
      el('div', { className: 'field' }, el('span', { className: 'label', text: 'Export' }), el('div', { className: 'range' }, csv, jsonl)),
    );
    this.goTo.id = 'f-goto';
    this.types.setAttribute('aria-labelledby', 'f-types-label');
    this.element.addEventListener('submit', (event) => event.preventDefault());
    this.fillAgents();
    this.fillDays();
  }

  get filter(): EventTableFilter {
    return this.current;
  }

  /** Shows a filter in the controls (without applying it). */
  set(filter: EventTableFilter): void {
    this.current = { ...filter };
    this.selectedTypes = [...(filter.eventTypes ?? [])];
    this.filling = true;
    try {
      this.fromTick.value = filter.fromTick === undefined ? '' : String(filter.fromTick);
      this.toTick.value = filter.toTick === undefined ? '' : String(filter.toTick);
      this.tx.value = filter.txId ?? '';
      this.text.value = filter.text ?? '';
      this.fillTypes();
      this.fillAgents();
      this.fillDays();
    } finally {
      this.filling = false;
    }
  }

  /** The filters' choices arrived (types with counts, agents). */
  setFacets(facets: EventsFacets): void {
    this.facets = facets;
    // Sent again after the file was read anew: counts within filters may have changed too.
    this.countsByScope.clear();
    this.asked.clear();
    this.filling = true;
    try {
      this.fillTypes();
      this.fillAgents();
    } finally {
      this.filling = false;
    }
  }

  /** The types' counts within `filter`'s agent, ticks, day and transaction (dropped if those changed since). */
  setTypeCounts(filter: EventTableFilter, counts: ReadonlyArray<{ type: string; count: number }>, scoped: boolean): void {
    const scope = scopeOf(filter);
    if (!scoped || scope === null) return;
    this.asked.delete(scope);
    this.countsByScope.delete(scope);
    this.countsByScope.set(scope, new Map(counts.map((c) => [c.type, c.count])));
    while (this.countsByScope.size > 8) this.countsByScope.delete(this.countsByScope.keys().next().value as string);
    if (scope !== scopeOf(this.current)) return;
    this.filling = true;
    try {
      this.fillTypes();
    } finally {
      this.filling = false;
    }
  }

  /** The simulation's number of days (for the day choice). */
  setDays(days: number | null): void {
    this.days = days;
    this.filling = true;
    try {
      this.fillDays();
    } finally {
      this.filling = false;
    }
  }

  focusSearch(): void {
    this.text.focus();
    this.text.select();
  }

  focusGoTo(): void {
    this.goTo.focus();
    this.goTo.select();
  }

  private fillTypes(): void {
    const selected = new Set(this.selectedTypes);
    const scope = scopeOf(this.current);
    const scoped = scope === null ? null : (this.countsByScope.get(scope) ?? 'counting');
    const label = (type: string, total: number) =>
      scoped === null ? `${type} (${formatCount(total)})` : `${type} (${scoped === 'counting' ? '…' : formatCount(scoped.get(type) ?? 0)} of ${formatCount(total)})`;
    const known = this.facets.eventTypes.map((t) => ({ value: t.type, label: label(t.type, t.count), selected: selected.has(t.type) }));
    this.types.title = scoped ? 'Counts: events of each type within the agent, tick, day and transaction filters, of all its events' : 'Counts: events of each type in the simulation';
    const extra = [...selected].filter((t) => !this.facets.eventTypes.some((f) => f.type === t)).map((t) => ({ value: t, label: t, selected: true }));
    setMultiSelectOptions(this.types, [...known, ...extra]);
    this.typesLabel.textContent = selected.size === 0 ? 'Types: all' : `Types: ${selected.size} of ${Math.max(selected.size, this.facets.eventTypes.length)}`;
  }

  /** The choices are about to be seen under a scope they have no counts for: show "…" and ask for them. */
  private countTypesIfStale(): void {
    const scope = scopeOf(this.current);
    if (scope === null || this.countsByScope.has(scope) || this.asked.has(scope)) return;
    this.asked.add(scope);
    this.filling = true;
    try {
      this.fillTypes();
    } finally {
      this.filling = false;
    }
    this.callbacks.countTypes(this.current);
  }

  private fillAgents(): void {
    const agents = [...this.facets.agents];
    if (this.current.agentId && !agents.includes(this.current.agentId)) agents.push(this.current.agentId);
    this.agent.replaceChildren(el('option', { text: 'All agents', attrs: { value: '' } }), ...agents.map((a) => el('option', { text: a, attrs: { value: a } })));
    this.agent.value = this.current.agentId ?? '';
  }

  private fillDays(): void {
    const days = this.days !== null && this.days <= 2000 ? Array.from({ length: this.days }, (_, i) => i) : [];
    if (this.current.day !== undefined && !days.includes(this.current.day)) days.push(this.current.day);
    this.day.replaceChildren(el('option', { text: 'All days', attrs: { value: '' } }), ...days.map((d) => el('option', { text: `Day ${d}`, attrs: { value: String(d) } })));
    this.day.value = this.current.day === undefined ? '' : String(this.current.day);
  }

  private read(): EventTableFilter {
    const filter: EventTableFilter = {};
    const from = parseIntOrUndefined(this.fromTick.value);
    const to = parseIntOrUndefined(this.toTick.value);
    const day = parseIntOrUndefined(this.day.value);
    if (from !== undefined) filter.fromTick = from;
    if (to !== undefined) filter.toTick = to;
    if (day !== undefined) filter.day = day;
    const types = this.selectedTypes;
    if (types.length > 0) filter.eventTypes = [...types];
    this.typesLabel.textContent = types.length === 0 ? 'Types: all' : `Types: ${types.length} of ${Math.max(types.length, this.facets.eventTypes.length)}`;
    if (this.agent.value) filter.agentId = this.agent.value;
    if (this.tx.value.trim()) filter.txId = this.tx.value.trim();
    if (this.text.value.trim()) filter.text = this.text.value.trim();
    return filter;
  }

  private applySoon(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.apply(), TYPING_DELAY_MS);
  }

  private apply(): void {
    if (this.filling) return;
    window.clearTimeout(this.timer);
    const next = this.read();
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.callbacks.changed(next);
  }
}
