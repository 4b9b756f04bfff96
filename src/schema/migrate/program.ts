/**
 * Turns a detected file into a migration program: the plan the user sees and the jobs that carry it out.
 * - Legacy kinds are rebuilt: an empty database of the current unified schema receives the original's rows
 *   (attached as `src`), then its indexes and version row.
 * - Older unified files are changed in place, on the migration's working copy, by the version chain.
 * - Current unified files need nothing; other files cannot be migrated.
 */
import type { SimCashFile } from '../../model';
import { CURRENT_SCHEMA_VERSION } from '../versions';
import { castroPart } from './castroPart';
import { experimentPart } from './experimentPart';
import { statementJob, type Job } from './job';
import { concatParts, type Part } from './parts';
import { simulationPart } from './simulationPart';
import { SourceInfo } from './source';
import { targetSchema, type TargetSchema } from './target';
import type { MigrationPlan, PlanStep } from './types';
import { stepsBetween } from './unifiedSteps';
import { verbatimPart } from './verbatimPart';

export type ProgramMode = 'rebuild' | 'in-place' | 'none';

export interface MigrationProgram {
  plan: MigrationPlan;
  mode: ProgramMode;
  /** Jobs that read the original (attached as `src` when rebuilding). */
  jobs: Job[];
  /** Jobs that only touch the new database (indexes, version row): run after the original has been released. */
  finishJobs: Job[];
}

/** Index builds cost more per row than copies (each sorts the table's keys); used to weigh progress. */
const INDEX_COST_PER_ROW = 1.5;

export async function prepareMigration(file: SimCashFile): Promise<MigrationProgram> {
  const detection = file.detection;
  const from = { kind: detection.kind, version: detection.schemaVersion, label: detection.label };
  const to = { version: CURRENT_SCHEMA_VERSION };
  const base = { from, to, steps: [] as PlanStep[], warnings: [] as string[], expectedRows: {} };
  if (detection.kind === 'sqlite') {
    return none({ ...base, status: 'unsupported', summary: `${file.path} is not a SimCash database (${detection.label}); there is nothing to migrate.` });
  }
  if (detection.kind === 'unified') {
    const version = detection.schemaVersion ?? 1;
    if (version > CURRENT_SCHEMA_VERSION) {
      return none({
        ...base,
        status: 'unsupported',
        summary: `${file.path} has unified schema v${version}, newer than the v${CURRENT_SCHEMA_VERSION} this version of SimCash knows; update the extension to read it.`,
      });
    }
    if (version === CURRENT_SCHEMA_VERSION) {
      return none({ ...base, status: 'up-to-date', summary: `${file.path} already has the current unified schema (v${CURRENT_SCHEMA_VERSION}); there is nothing to migrate.` });
    }
    return unifiedProgram(file, version, base);
  }
  return legacyProgram(file, base);
}

function none(plan: Omit<MigrationPlan, 'noop'>): MigrationProgram {
  return { plan: { ...plan, noop: true }, mode: 'none', jobs: [], finishJobs: [] };
}

type PlanBase = Pick<MigrationPlan, 'from' | 'to' | 'steps' | 'warnings' | 'expectedRows'>;

async function legacyProgram(file: SimCashFile, base: PlanBase): Promise<MigrationProgram> {
  const source = await SourceInfo.read(file.db);
  const target = targetSchema();
  const parts: Part[] = [];
  if (file.detection.kind === 'legacy-experiment') {
    parts.push(await experimentPart(file, source, target));
  } else if (file.detection.kind === 'castro') {
    parts.push(await castroPart(file, source, target));
  }
  const simulations = await simulationPart(file, source, target);
  if (simulations) {
    parts.push(simulations);
  }
  const known = concatParts(parts);
  const verbatim = verbatimPart(source, known.consumed, target);
  const carried = concatParts([...parts, verbatim]);

  const expectedRows: Record<string, number> = Object.fromEntries([...target.columns.keys()].map((t) => [t, 0]));
  for (const table of carried.steps.flatMap((s) => s.tables)) {
    expectedRows[table.to] = (expectedRows[table.to] ?? 0) + table.rows;
  }
  expectedRows.schema_version = 1;

  const steps: PlanStep[] = [
    {
      title: `Create the unified schema v${target.version}`,
      description: `A new database with every table of the unified schema v${target.version} is built in memory; the original file is only read.`,
      tables: [],
    },
    ...carried.steps,
    indexStep(target),
    versionStep(target.version),
  ];
  const jobs: Job[] = [statementJob(`Creating the unified schema v${target.version}`, 1, () => target.tablesSql), ...carried.jobs];
  const finishJobs: Job[] = [
    ...indexJobs(target, expectedRows),
    statementJob(`Recording schema version ${target.version}`, 1, () => target.versionRowSql(new Date().toISOString())),
  ];
  return {
    plan: {
      ...base,
      status: 'ready',
      noop: false,
      summary: `${file.detection.label} → unified schema v${target.version}`,
      steps,
      warnings: carried.warnings,
      expectedRows,
    },
    mode: 'rebuild',
    jobs,
    finishJobs,
  };
}

async function unifiedProgram(file: SimCashFile, version: number, base: PlanBase): Promise<MigrationProgram> {
  const source = await SourceInfo.read(file.db);
  const target = targetSchema();
  const chain = stepsBetween(version, target.version);
  const expectedRows: Record<string, number> = Object.fromEntries([...target.columns.keys()].map((t) => [t, source.rows(t)]));
  for (const table of source.tables.values()) {
    expectedRows[table.name] = table.rows;
  }
  expectedRows.schema_version = source.rows('schema_version') + chain.length;
  const missing = [...targetSchema(version).columns.keys()].filter((t) => !source.has(t));
  const warnings = [
    ...(file.detection.schemaVersion === null ? [`${file.path} records no schema version; it is taken to be unified v${version}.`] : []),
    ...(missing.length > 0 ? [`Tables of unified v${version} missing from the file are created empty: ${missing.join(', ')}.`] : []),
  ];
  const steps: PlanStep[] = [
    ...chain.map((step) => ({ title: step.title, description: step.description, tables: step.tables(source) })),
    versionStep(target.version, chain.map((s) => s.to)),
  ];
  const jobs: Job[] = [
    // A no-op on a complete file (every statement is CREATE TABLE IF NOT EXISTS); completes a partly written one.
    statementJob(`Checking the tables of unified v${version}`, 1, () => targetSchema(version).tablesSql),
    ...chain.flatMap((step) => step.jobs(source)),
    // Indexes of the current version the file lacks (none for a complete file: each statement is IF NOT EXISTS).
    statementJob('Checking indexes', 1, () => target.indexes.map((i) => i.sql).join('\n')),
    statementJob(`Recording schema version ${target.version}`, 1, () => {
      const appliedAt = new Date().toISOString();
      return chain.map((step) => targetSchema(step.to).versionRowSql(appliedAt)).join('\n');
    }),
  ];
  return {
    plan: {
      ...base,
      status: 'ready',
      noop: false,
      summary: `${file.detection.label} → unified schema v${target.version}`,
      steps,
      warnings,
      expectedRows,
    },
    mode: 'in-place',
    jobs,
    finishJobs: [],
  };
}

function indexStep(target: TargetSchema): PlanStep {
  return {
    title: 'Build the indexes',
    description: `The ${target.indexes.length} indexes of the unified schema v${target.version}, built once all rows are in.`,
    tables: [],
  };
}

function versionStep(version: number, versions: readonly number[] = [version]): PlanStep {
  return {
    title: `Record schema version ${version}`,
    description: `schema_version gets a row for version ${versions.join(', ')} with the time of the migration; detection then reports the file as unified v${version}.`,
    tables: [],
  };
}

function indexJobs(target: TargetSchema, expectedRows: Readonly<Record<string, number>>): Job[] {
  return target.indexes.map((index) => {
    const name = /INDEX IF NOT EXISTS (\w+)/.exec(index.sql)?.[1] ?? index.table;
    return statementJob(`Building index ${name}`, Math.ceil((expectedRows[index.table] ?? 0) * INDEX_COST_PER_ROW), () => index.sql);
  });
}
