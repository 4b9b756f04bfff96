/**
 * A part of a migration: one plan step (what the user confirms) together with the jobs that carry it out. Each
 * legacy kind is assembled from parts (src/schema/migrate/program.ts).
 */
import type { Job } from './job';
import { compileMapping, type TableMapping } from './mapping';
import type { SourceInfo } from './source';
import { columnsOf, type TargetSchema } from './target';
import type { PlanStep, PlanTable } from './types';

export interface Part {
  step: PlanStep;
  jobs: Job[];
  /** Source tables this part carries (anything no part consumes is copied verbatim). */
  consumed: string[];
  warnings: string[];
}

/** A mapping whose expected row count is known only by counting (a filtered, derived mapping). */
export interface CountedMapping {
  mapping: TableMapping;
  rows: number;
}

/** Compiles the mappings whose source table exists into one part. */
export function mappingPart(
  title: string,
  description: string,
  mappings: ReadonlyArray<TableMapping | CountedMapping>,
  source: SourceInfo,
  target: TargetSchema,
): Part {
  const tables: PlanTable[] = [];
  const jobs: Job[] = [];
  const consumed: string[] = [];
  const warnings: string[] = [];
  for (const entry of mappings) {
    const { mapping, rows } = 'mapping' in entry ? entry : { mapping: entry, rows: undefined };
    if (!source.has(mapping.from)) {
      continue;
    }
    const compiled = compileMapping(mapping, source, columnsOf(target, mapping.to), rows);
    tables.push(compiled.plan);
    jobs.push(compiled.job);
    consumed.push(mapping.from);
    if (compiled.unknownColumns.length > 0) {
      warnings.push(`${mapping.from}: column(s) ${compiled.unknownColumns.join(', ')} have no unified home and will not be carried (the backup keeps them).`);
    }
  }
  return { step: { title, description, tables }, jobs, consumed, warnings };
}

/** Several parts as one (their steps are kept apart). */
export function concatParts(parts: readonly Part[]): { steps: PlanStep[]; jobs: Job[]; consumed: Set<string>; warnings: string[] } {
  return {
    steps: parts.filter((p) => p.step.tables.length > 0 || p.jobs.length > 0).map((p) => p.step),
    jobs: parts.flatMap((p) => p.jobs),
    consumed: new Set(parts.flatMap((p) => p.consumed)),
    warnings: parts.flatMap((p) => p.warnings),
  };
}
