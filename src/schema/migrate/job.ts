/**
 * A unit of migration work and the driver that runs a list of them. Jobs are synchronous sql.js work split into
 * chunks; the driver returns to the event loop between chunks, which is what makes progress reports and
 * cancellation possible while a long migration runs on the calling thread.
 */
import type { MemoryDatabase } from './memoryDatabase';

export interface Job {
  /** What the job does, for progress messages (e.g. "Copying simulation_events"). */
  label: string;
  /** Relative cost, in row-sized units, used to weigh progress. */
  cost: number;
  /**
   * Does the work on `db` (the database being written). Yields after each chunk the cost units completed since the
   * previous yield; units not yielded by the end are counted when it returns.
   */
  run(db: MemoryDatabase): Generator<number, void, void>;
}

/** A job that is one batch of statements. */
export function statementJob(label: string, cost: number, sql: () => string): Job {
  return {
    label,
    cost,
    *run(db) {
      db.run(sql());
    },
  };
}

export interface DriveOptions {
  /** Reports the fraction (0..1) of the jobs' total cost done and the current job's label. */
  onProgress?: (fraction: number, label: string) => void;
  /** Throws when the migration has been cancelled; called before each job and after each chunk. */
  checkpoint?: () => void;
}

/** Runs the jobs in order, yielding to the event loop between chunks. Errors name the job that failed. */
export async function driveJobs(db: MemoryDatabase, jobs: readonly Job[], options: DriveOptions = {}): Promise<void> {
  const total = jobs.reduce((sum, job) => sum + Math.max(job.cost, 1), 0);
  let done = 0;
  for (const job of jobs) {
    options.checkpoint?.();
    options.onProgress?.(done / total, job.label);
    const weight = Math.max(job.cost, 1);
    let jobDone = 0;
    const steps = job.run(db);
    for (;;) {
      let next: IteratorResult<number, void>;
      try {
        next = steps.next();
      } catch (error) {
        throw new JobError(job.label, error);
      }
      if (next.done) {
        break;
      }
      jobDone = Math.min(weight, jobDone + next.value);
      options.onProgress?.((done + jobDone) / total, job.label);
      await yieldToEventLoop();
      options.checkpoint?.();
    }
    done += weight;
    await yieldToEventLoop();
  }
  options.onProgress?.(1, 'Finishing');
}

/** A failed job: the message says which step of the migration failed and why. */
export class JobError extends Error {
  constructor(
    readonly job: string,
    readonly reason: unknown,
  ) {
    super(`${job} failed: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'JobError';
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
