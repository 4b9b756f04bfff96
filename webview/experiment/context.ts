import type { ExperimentHostMessage, ExperimentPanelData, ExperimentViewState, ExperimentWebviewMessage } from '../../src/protocol/experiment';

/** What every section of the panel gets: the data of the current load, the saved view state and the channel. */
export interface PanelContext {
  readonly data: ExperimentPanelData;
  state(): Partial<ExperimentViewState>;
  save(patch: Partial<ExperimentViewState>): void;
  post(message: ExperimentWebviewMessage): void;
  /** Shows another section (tab). */
  showTab(id: string): void;
  /** Highlights an iteration in the iterations table and scrolls to it. */
  showIteration(iteration: number): void;
}

/** A section of the panel (one tab). */
export interface Section {
  id: string;
  label: string;
  element: HTMLElement;
  /** Called each time the tab is shown (sections load what they need on first show). */
  activate?(): void;
  /** Answers from the host addressed to this section. */
  receive?(message: ExperimentHostMessage): void;
}

/** The agent's colour index: its position in the panel's agent list (the chart series order). */
export function agentIndex(data: ExperimentPanelData, agent: string): number {
  return Math.max(0, data.agents.indexOf(agent));
}
