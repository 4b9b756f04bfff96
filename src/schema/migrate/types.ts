/**
 * The public shapes of schema migration: a plan (data that can be shown before anything is written), the options
 * of applying it, its result, and the one error type every failure is reported with.
 */
import type { SchemaKind } from '../detect';

/** Where one target table's rows come from. */
export interface PlanTable {
  /** Source tables read (empty for rows the migration derives without a source table). */
  from: string[];
  /** Unified table written. */
  to: string;
  /** Rows the unified table receives from this mapping. */
  rows: number;
  /** Rows of the source table(s); equal to `rows` for one-to-one copies. */
  sourceRows: number;
  /** How columns map, what is derived and how, what is not carried and why. */
  notes: string[];
}

export interface PlanStep {
  title: string;
  description: string;
  tables: PlanTable[];
}

/**
 * 'ready': there is something to migrate; 'up-to-date': the file already has the current unified schema;
 * 'unsupported': not a SimCash file, or a unified file newer than this version of the extension knows.
 */
export type PlanStatus = 'ready' | 'up-to-date' | 'unsupported';

export interface MigrationPlan {
  status: PlanStatus;
  /** True unless status is 'ready': applying the plan writes nothing. */
  noop: boolean;
  /** One line for people, e.g. "Legacy SimCash simulation database → unified schema v2". */
  summary: string;
  from: { kind: SchemaKind; version: number | null; label: string };
  to: { version: number };
  steps: PlanStep[];
  /** Things the user should know before confirming (e.g. columns of unknown meaning that will not be carried). */
  warnings: string[];
  /** Rows every table of the migrated file must have; verification checks these after writing. */
  expectedRows: Record<string, number>;
}

/** Test and integration seams. Throwing from any of them abandons the migration before the swap. */
export interface MigrationHooks {
  /** After the migrated copy was written to its temporary file and verified. */
  afterVerify?: (info: { tempPath: string; tables: Record<string, number> }) => void | Promise<void>;
  /** Right before the final checks and the swap (the backup, if any, exists by now). */
  beforeSwap?: (info: { tempPath: string; backupPath: string | null }) => void | Promise<void>;
}

export interface MigrationOptions {
  /** Write the migrated database here instead of replacing the original (which is then left untouched). */
  out?: string;
  /** Keep a byte copy of the original next to it before replacing it (default true; ignored with `out`). */
  backup?: boolean;
  /** Called as work progresses; fraction is 0..1. */
  onProgress?: (fraction: number, message: string) => void;
  /** Aborting cancels the migration at any point before the swap; the original is left as it was. */
  signal?: AbortSignal;
  /**
   * The size and modification time of the file when its plan was shown: the migration refuses to start if the
   * file differs, so that what is applied is what was confirmed.
   */
  expect?: { sizeBytes: number; mtimeMs: number };
  hooks?: MigrationHooks;
}

export interface MigrationResult {
  /** True when the file already had the current schema and nothing was written. */
  noop: boolean;
  /** What happened, in one or two sentences. */
  message: string;
  inputPath: string;
  /** The migrated file (the input path itself when migrating in place). */
  outPath: string;
  /** The byte copy of the original, when one was written. */
  backupPath: string | null;
  plan: MigrationPlan;
  /** What verification found in the migrated file after it was written and reopened. */
  verified: { kind: SchemaKind; schemaVersion: number | null; tables: Record<string, number> } | null;
  elapsedMs: number;
  /** Milliseconds per phase (read, plan, build, write, verify, backup, swap). */
  phases: Record<string, number>;
}

export type MigrationErrorCode =
  | 'unsupported'
  | 'unreadable'
  | 'busy'
  | 'changed'
  | 'out-exists'
  | 'cancelled'
  | 'build-failed'
  | 'write-failed'
  | 'verify-failed'
  | 'swap-failed';

/**
 * Every failure of a migration. Unless stated otherwise in the message, the original file is exactly as it was;
 * the message says what happened and, when a backup was written, where it is.
 */
export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    readonly inputPath: string,
    readonly backupPath: string | null = null,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}
