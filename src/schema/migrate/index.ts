/**
 * Schema migration: plans (data, shown before anything is written) from every legacy kind and older unified
 * version to the current unified schema, and a safe engine that applies them (backup, temporary file,
 * verification, atomic replace; progress and cancellation). The CLI's `migrate` command and the extension use
 * this module only.
 */
export { planMigration, planMigrationForFile, renderPlan } from './plan';
export type { FilePlan } from './plan';
export { applyMigration } from './apply';
export { MigrationError } from './types';
export type {
  MigrationErrorCode, MigrationHooks, MigrationOptions, MigrationPlan, MigrationResult, PlanStatus, PlanStep, PlanTable,
} from './types';
export { UNIFIED_STEPS } from './unifiedSteps';
