/**
 * Migration figures (issue 8's acceptance: a 1,000,000-event legacy simulation database migrates in ≤ 10 s).
 *
 * As a child process: `node out/benchmarks/suites/migration.js FILE [--plan]` migrates FILE in place with a backup,
 * exactly as `simcash-db migrate FILE` does (or, with --plan, only plans it), and prints one JSON object: the time,
 * the CPU time, the time of each phase, and the process's peak resident memory as the operating system counted it.
 *
 * From run.ts (`npm run bench -- --migration`): migrationBenchmark() generates, once into bench-output/, a legacy
 * simulation file and a unified v1 file of about a million events each, then migrates a fresh copy of each in a new
 * process three times and reports the median time and the largest peak memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { generateSampleDatabase } from '../../src/sample/generate';
import { applyMigration, planMigrationForFile } from '../../src/schema/migrate';
import { recordVersionSql, schemaVersion } from '../../src/schema/versions';
import { round, runChild, timeMs, type Figures } from '../harness';

const RUNS = 3;

function peakRssMiB(): number {
  return round(process.resourceUsage().maxRSS / 1024);
}

async function measure(file: string): Promise<Figures> {
  const sourceMiB = round(fs.statSync(file).size / 2 ** 20);
  const cpu = process.cpuUsage();
  const { ms, result } = await timeMs(() => applyMigration(file));
  const used = process.cpuUsage(cpu);
  const figures: Figures = {
    migration_s: round(ms / 1000),
    // CPU time of all the process's threads: what the migration costs on a machine with a core to spare for the
    // backup worker, whatever else the machine is doing.
    cpu_s: round((used.user + used.system) / 1e6),
    peak_rss_mib: peakRssMiB(),
    source_mib: sourceMiB,
    migrated_mib: round(fs.statSync(file).size / 2 ** 20),
    events: result.verified?.tables.simulation_events ?? 0,
  };
  for (const [phase, phaseMs] of Object.entries(result.phases)) {
    figures[`phase_${phase}_ms`] = phaseMs;
  }
  return figures;
}

async function measurePlan(file: string): Promise<Figures> {
  const { ms } = await timeMs(() => planMigrationForFile(file));
  return { plan_ms: round(ms), plan_peak_rss_mib: peakRssMiB() };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Migrates fresh copies of `source` in new processes, RUNS times: the median time and the largest peak memory. */
function migrateCopies(source: string, work: string): Figures {
  const script = path.join(__dirname, 'migration.js');
  const file = path.join(work, 'migrating.db');
  const figures: Figures = {};
  const fresh = (): void => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work);
    fs.copyFileSync(source, file);
  };
  try {
    fresh();
    Object.assign(figures, runChild(script, [file, '--plan']));
    const runs: Figures[] = [];
    for (let i = 0; i < RUNS; i++) {
      fresh();
      runs.push(runChild(script, [file]));
      console.error(`migrated ${path.basename(source)} (run ${i + 1}): ${runs[i].migration_s} s, peak ${runs[i].peak_rss_mib} MiB`);
    }
    for (const key of Object.keys(runs[0])) {
      figures[key] = key.includes('peak') ? Math.max(...runs.map((r) => r[key])) : median(runs.map((r) => r[key]));
    }
    figures.migration_s_min = Math.min(...runs.map((r) => r.migration_s));
    figures.migration_s_max = Math.max(...runs.map((r) => r.migration_s));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return figures;
}

/**
 * A unified v1 file of `events` events, as writers before schema v2 produced it: the current sample generator's
 * file (run.ts's bench-<events>.db when present) with the v2 additions taken back out.
 */
async function unifiedV1File(outDir: string, events: number, fresh: boolean): Promise<string> {
  const v1 = path.join(outDir, `unified-v1-${events}.db`);
  if (!fresh && fs.existsSync(v1)) {
    return v1;
  }
  const unified = path.join(outDir, `bench-${events}.db`);
  if (fresh || !fs.existsSync(unified)) {
    await generateSampleDatabase(unified, { kind: 'unified', seed: 7, events, force: true });
  }
  fs.copyFileSync(unified, v1);
  const db = new BetterSqlite3(v1);
  try {
    const columns = (db.prepare("SELECT name FROM pragma_table_info('simulation_runs')").all() as Array<{ name: string }>).map((c) => c.name);
    if (columns.includes('event_count')) {
      db.exec(`
        ALTER TABLE simulation_runs DROP COLUMN config_path;
        ALTER TABLE simulation_runs DROP COLUMN event_count;
        DROP INDEX idx_events_sim_tx;
        CREATE INDEX idx_events_sim_tx ON simulation_events(simulation_id, tx_id);
        DELETE FROM schema_version WHERE version > 1;
        ${recordVersionSql(schemaVersion(1), '2025-12-14T00:00:00.000Z')}
        VACUUM;`);
    }
  } finally {
    db.close();
  }
  return v1;
}

/** Generates (once) and migrates the legacy and unified v1 benchmark files; one row of figures each. */
export async function migrationBenchmark(outDir: string, fresh: boolean, events = 1_000_000): Promise<Array<{ label: string; figures: Figures }>> {
  const legacy = path.join(outDir, `legacy-simulation-${events}.db`);
  const legacyFigures: Figures = {};
  if (fresh || !fs.existsSync(legacy)) {
    const started = performance.now();
    await generateSampleDatabase(legacy, { kind: 'legacy-simulation', seed: 7, events, force: true });
    legacyFigures.generate_legacy_s = round((performance.now() - started) / 1000);
  }
  const work = path.join(outDir, 'migration-work');
  Object.assign(legacyFigures, migrateCopies(legacy, work));
  const v1 = migrateCopies(await unifiedV1File(outDir, events, fresh), work);
  const count = events.toLocaleString('en-US');
  return [
    { label: `migrate ${count}-event legacy simulation file`, figures: legacyFigures },
    { label: `migrate ${count}-event unified v1 file`, figures: v1 },
  ];
}

if (require.main === module) {
  const file = process.argv[2];
  (process.argv.includes('--plan') ? measurePlan(file) : measure(file)).then(
    (figures) => console.log(JSON.stringify(figures)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
