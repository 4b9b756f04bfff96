/**
 * The experiment panel: header facts, then sections as tabs — overview (convergence chart and iterations table),
 * policies (evolution and diff), LLM audit, comparison and experiment events. The host sends the data after the page
 * says "ready"; what the person was looking at survives hiding the panel and reloading the window (setState).
 */
import type { ExperimentHostMessage, ExperimentPanelData } from '../../src/protocol/experiment';
import styles from './styles.css';
import { onMessage, post, saveState, state } from './host';
import type { PanelContext, Section } from './context';
import { renderHeader } from './header';
import { convergenceChart } from './convergence';
import { iterationsTable } from './iterations';
import { policiesSection } from './policies';
import { auditSection } from './audit';
import { compareSection } from './compare';
import { eventsSection } from './events';
import { button, el, tabList, tabPanel } from './ui';

installStyles();
const app = document.getElementById('app') as HTMLElement;
let sections: Section[] = [];

onMessage((message: ExperimentHostMessage) => {
  switch (message.type) {
    case 'loading':
      // Remember which panel this is before the data comes: a window reload while loading restores it too.
      saveState({ filePath: message.filePath, experimentId: message.experimentId });
      if (sections.length === 0) app.replaceChildren(el('p', { className: 'muted', text: `Loading experiment ${message.title}…` }));
      break;
    case 'error':
      sections = [];
      app.replaceChildren(
        el('h1', { text: message.title }),
        el('div', { className: 'error', attrs: { role: 'alert' }, text: message.message }),
        button('Reload', 'Read the database again', () => post({ type: 'refresh' })),
      );
      break;
    case 'data':
      // Marks for measuring how long opening takes (the end-to-end test reads them; see docs/extension.md).
      performance.mark('simcash:data-received');
      render(message.data);
      requestAnimationFrame(() => performance.mark('simcash:rendered'));
      break;
    default:
      for (const section of sections) section.receive?.(message);
  }
});
post({ type: 'ready' });
performance.mark('simcash:ready-sent');

function render(data: ExperimentPanelData): void {
  // Remember which panel this is: a panel restored after a window reload finds its file and experiment here.
  saveState({ filePath: data.header.filePath, experimentId: data.header.experimentId });
  const scrollY = state().scrollY ?? 0;
  const ctx: PanelContext = {
    data,
    state,
    save: saveState,
    post,
    showTab: (id) => select(id),
    showIteration: (iteration) => {
      select('overview');
      const row = document.getElementById(`iteration-${iteration}`);
      document.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
      row?.classList.add('selected');
      row?.scrollIntoView({ block: 'center' });
    },
  };
  // Sections are built when first shown: the first paint only pays for the one on screen.
  const defs: Array<{ id: string; label: string; create: () => Section }> = [
    {
      id: 'overview',
      label: 'Convergence and iterations',
      create: () => ({
        id: 'overview',
        label: 'Convergence and iterations',
        element: el('div', {}, el('h2', { text: 'Convergence' }), convergenceChart(data, ctx.showIteration), el('h2', { text: `Iterations (${data.iterations.length})` }), iterationsTable(ctx)),
      }),
    },
    { id: 'policies', label: 'Policies', create: () => policiesSection(ctx) },
    ...(data.llm.length > 0 ? [{ id: 'audit', label: `LLM audit (${data.llm.length})`, create: () => auditSection(ctx) }] : []),
    { id: 'compare', label: 'Compare', create: () => compareSection(ctx) },
    { id: 'events', label: 'Events', create: () => eventsSection(ctx) },
  ];
  sections = [];
  const active = defs.some((d) => d.id === state().tab) ? (state().tab as string) : 'overview';
  const panels = defs.map((d) => {
    const panel = tabPanel(d.id);
    panel.hidden = d.id !== active;
    return panel;
  });
  const show = (id: string) => {
    const index = defs.findIndex((d) => d.id === id);
    let section = sections.find((s) => s.id === id);
    if (!section && index >= 0) {
      section = defs[index].create();
      sections.push(section);
      panels[index].append(section.element);
    }
    panels.forEach((p, i) => (p.hidden = defs[i].id !== id));
    section?.activate?.();
  };
  const select = (id: string) => {
    saveState({ tab: id });
    bar.setActive(id);
    show(id);
  };
  const bar = tabList(defs, active, select);
  app.replaceChildren(renderHeader(ctx), bar.element, ...panels);
  show(active);
  requestAnimationFrame(() => window.scrollTo(0, scrollY));
}

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => saveState({ scrollY: Math.round(window.scrollY) }), 200);
});

/**
 * The panel's stylesheet, added with this page's nonce: the Content-Security-Policy admits styles from the extension
 * or with the nonce, and the bundle carries its CSS as text.
 */
function installStyles(): void {
  const script = document.currentScript as HTMLScriptElement | null;
  const nonce = script?.nonce || document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || '';
  const style = document.createElement('style');
  style.nonce = nonce;
  style.textContent = styles;
  document.head.append(style);
}
