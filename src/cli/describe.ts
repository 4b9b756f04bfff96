import type { ExperimentSummary, SimulationSummary } from '../model';

/** "converged", the convergence reason, or where a run without one stands. */
export function experimentStatus(e: ExperimentSummary): string {
  if (e.converged) {
    return 'converged';
  }
  return e.convergence_reason ?? (e.completed_at === null ? 'running' : 'stopped');
}

/** The Iter column: `5` for an evaluation run, `5.3` (the shorthand form) for bootstrap sample 3. */
export function iterationLabel(s: SimulationSummary): string {
  if (s.iteration === null) {
    return '-';
  }
  return s.sample_index === null ? String(s.iteration) : `${s.iteration}.${s.sample_index}`;
}

/** The Purpose column: the run's purpose, with the reason it was kept when there is one. */
export function purposeLabel(s: SimulationSummary): string {
  const purpose = s.run_purpose ?? (s.experiment_id === null ? 'standalone' : '-');
  return s.persistence_reason ? `${purpose} (${s.persistence_reason})` : purpose;
}

/** Quotes a path or id for the hint lines only when the shell would need it. */
export function shellQuote(text: string): string {
  return /^[\w./:@%+,=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
