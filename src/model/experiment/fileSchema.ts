import type { SimCashFile } from '../file';
import { SchemaInfo } from '../schemaInfo';

const schemas = new WeakMap<SimCashFile, Promise<SchemaInfo>>();

/**
 * The tables and columns of a file, read once per opened file. The experiment view reads tables the shared
 * backends do not (policy_evaluations, the LLM audit tables, experiment_events, daily_agent_metrics), and every
 * query it builds checks this first, so a file lacking one of them yields an empty answer instead of an SQL error.
 */
export function fileSchema(file: SimCashFile): Promise<SchemaInfo> {
  let schema = schemas.get(file);
  if (!schema) {
    schema = SchemaInfo.load(file.db, file.detection.tables);
    schemas.set(file, schema);
    // A failed read (the file was closed meanwhile) must not stay cached.
    schema.catch(() => schemas.delete(file));
  }
  return schema;
}

/** How each kind of file names the experiment key in its experiment tables. */
export interface ExperimentKeys {
  /** Column holding the experiment id in experiment_iterations, experiment_events and policy_evaluations. */
  experiment: 'experiment_id' | 'run_id' | 'game_id';
  /** Column holding the iteration number in the LLM audit tables. */
  iteration: 'iteration' | 'iteration_number';
}

export function experimentKeys(file: SimCashFile): ExperimentKeys {
  switch (file.detection.kind) {
    case 'legacy-experiment':
      return { experiment: 'run_id', iteration: 'iteration' };
    case 'castro':
      return { experiment: 'game_id', iteration: 'iteration_number' };
    default:
      return { experiment: 'experiment_id', iteration: 'iteration' };
  }
}
