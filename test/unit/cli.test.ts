import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countSimulations, listSimulations, openSimCashFile, replayableSimulations } from '../../src/model';
import { CURRENT_SCHEMA_VERSION } from '../../src/schema/versions';
import { writePlainSqliteFixture } from '../helpers/modelFixtures';
import { generatedSample } from '../helpers/sampleFiles';
import { cli, type CliResult as Result } from '../helpers/cli';


/** Runs the CLI in-process with captured output. */

function parseJson<T>(result: Result): T {
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout) as T;
}

const REQUIRED_SIMULATION_FIELDS = ['simulation_id', 'experiment_id', 'iteration', 'sample_index', 'run_purpose', 'persistence_level', 'event_count'];

describe('cli: simcash-db', function () {
  this.timeout(60_000);
  let dir: string;
  let demo: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-cli-'));
    demo = path.join(dir, 'demo.db');
    const result = await cli('sample', demo);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Wrote .*demo\.db/);
    assert.match(result.stdout, /simulation_events/);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('list shows the three sections of the design note', async () => {
    const { code, stdout, stderr } = await cli('list', demo);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    assert.match(stdout, /^Experiments: 2\n {2}\S+ +\| {2}(castro|generic) +\| {2}\d+ iterations +\| {2}\S+/m);
    assert.match(stdout, /^Standalone Simulations: 3\n {2}sim-\S+ +\| {2}\S+\.yaml +\| {2}completed/m);
    const file = await openSimCashFile(demo);
    try {
      const replayable = await countSimulations(file, { scope: 'experiment', replayableOnly: true });
      assert.match(stdout, new RegExp(`^Experiment Simulations: ${replayable} \\(replayable\\)$`, 'm'));
    } finally {
      await file.close();
    }
    assert.match(stdout, /^ {2}Use: simcash-db simulations \S+demo\.db --experiment \S+$/m);
  });

  it('simulations --json is an array of every run with the required fields, standalone and linked', async () => {
    const rows = parseJson<Record<string, unknown>[]>(await cli('simulations', demo, '--json'));
    assert.ok(Array.isArray(rows));
    for (const row of rows) for (const field of REQUIRED_SIMULATION_FIELDS) assert.ok(field in row, field);
    assert.ok(rows.some((r) => r.experiment_id === null && r.run_purpose === 'standalone'));
    assert.ok(rows.some((r) => r.experiment_id !== null && r.run_purpose === 'bootstrap' && r.sample_index === 0));
    assert.ok(rows.some((r) => r.experiment_id !== null && r.run_purpose === 'evaluation' && r.sample_index === null && (r.event_count as number) > 0));
    const file = await openSimCashFile(demo);
    try {
      assert.deepEqual(rows, JSON.parse(JSON.stringify(await listSimulations(file))));
      const experimentId = rows.find((r) => r.experiment_id !== null)?.experiment_id as string;
      const replayable = parseJson<{ simulation_id: string }[]>(await cli('simulations', demo, '--experiment', experimentId, '--replayable', '--json'));
      assert.deepEqual(replayable.map((r) => r.simulation_id), (await replayableSimulations(file, experimentId)).map((s) => s.simulation_id));
      assert.equal(parseJson<unknown[]>(await cli('simulations', demo, '--limit', '4', '--json')).length, 4);
    } finally {
      await file.close();
    }
  });

  it('simulations prints an aligned table with thousands separators and dashes', async () => {
    const { code, stdout } = await cli('simulations', demo);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ID +\| Experiment +\| Iter \| Purpose +\| Level +\| Events$/);
    assert.match(lines[1], /^-+(-\|-+)+$/);
    assert.ok(lines.slice(2).every((l) => l.split(' | ').length === 6), 'every row has six cells');
    assert.ok(lines.some((l) => /\| standalone +\| \w+ +\| +\d{1,3}(,\d{3})+$/.test(l)), 'a standalone run with 1,000+ events');
    assert.ok(lines.some((l) => / \| +-$/.test(l)), 'a run without events shows -');
    const widths = new Set(lines.filter((_, i) => i !== 1).map((l) => l.indexOf(' | ')));
    assert.equal(lines[1].indexOf('-|-'), [...widths][0]);
    assert.equal(widths.size, 1, 'the first column is aligned');
  });

  it('experiments: currency in the table, raw cents in JSON', async () => {
    const experiments = parseJson<{ experiment_id: string; best_cost: number; final_cost: number; linked_simulation_count: number }[]>(await cli('experiments', demo, '--json'));
    assert.equal(experiments.length, 2);
    assert.ok(experiments.every((e) => Number.isInteger(e.best_cost) && Number.isInteger(e.final_cost)));
    const { stdout } = await cli('experiments', demo);
    const e = experiments[0];
    const dollars = `$${Math.floor(e.best_cost / 100).toLocaleString('en-US')}.${String(e.best_cost % 100).padStart(2, '0')}`;
    assert.ok(stdout.includes(dollars), `${dollars} in\n${stdout}`);
    assert.match(stdout, /Best cost/);
  });

  it('events: filters, default page of 50, shorthand with --experiment, JSON array', async () => {
    const sims = parseJson<{ simulation_id: string; experiment_id: string | null; event_count: number; iteration: number | null; run_purpose: string }[]>(await cli('simulations', demo, '--json'));
    const big = sims.filter((s) => s.event_count > 50).sort((a, b) => b.event_count - a.event_count)[0];
    const page = parseJson<{ event_id: number; tick: number; event_type: string; agent_id: string | null; details: object }[]>(await cli('events', demo, big.simulation_id, '--json'));
    assert.equal(page.length, 50);
    assert.ok(page.every((e) => typeof e.details === 'object'));
    const arrivals = parseJson<{ event_type: string; tick: number; agent_id: string }[]>(
      await cli('events', demo, big.simulation_id, '--type', 'Arrival', '--type', 'RtgsImmediateSettlement,LsmBilateralOffset', '--from-tick', '2', '--to-tick', '6', '--agent', 'BANK_A', '--limit', '1000', '--json'),
    );
    assert.ok(arrivals.length > 0);
    assert.ok(arrivals.every((e) => ['Arrival', 'RtgsImmediateSettlement', 'LsmBilateralOffset'].includes(e.event_type) && e.tick >= 2 && e.tick <= 6 && e.agent_id === 'BANK_A'));
    const second = parseJson<{ event_id: number }[]>(await cli('events', demo, big.simulation_id, '--offset', '50', '--limit', '5', '--json'));
    const all = parseJson<{ event_id: number }[]>(await cli('events', demo, big.simulation_id, '--limit', '55', '--json'));
    assert.deepEqual(second.map((e) => e.event_id), all.slice(50).map((e) => e.event_id));

    const linked = sims.find((s) => s.experiment_id !== null && s.run_purpose === 'evaluation' && s.event_count > 0);
    assert.ok(linked && linked.experiment_id !== null);
    const viaShorthand = parseJson<{ simulation_id: string }[]>(await cli('events', demo, `iter${linked.iteration}:eval`, '--experiment', linked.experiment_id, '--limit', '3', '--json'));
    assert.deepEqual([...new Set(viaShorthand.map((e) => e.simulation_id))], [linked.simulation_id]);

    const human = await cli('events', demo, big.simulation_id, '--limit', '5');
    assert.equal(human.code, 0);
    assert.match(human.stdout, /^Simulation \S+: [\d,]+ events, showing 1–5$/m);
    assert.match(human.stdout, /^Event \| Tick \| Day \| Type/m);
    assert.match(human.stdout, /^More: --offset 5$/m);
  });

  it('info --json has the documented shape for every kind', async () => {
    const files: [string, string, number | null][] = [[demo, 'unified', CURRENT_SCHEMA_VERSION]];
    for (const kind of ['legacy-simulation', 'legacy-experiment', 'castro'] as const) {
      files.push([await generatedSample(kind), kind, null]);
    }
    const plain = path.join(dir, 'plain.db');
    writePlainSqliteFixture(plain);
    files.push([plain, 'sqlite', null]);
    for (const [file, kind, version] of files) {
      const info = parseJson<{ kind: string; schema_version: number | null; tables: Record<string, number>; size_bytes: number; warnings: string[]; label: string }>(await cli('info', file, '--json'));
      assert.equal(info.kind, kind);
      assert.equal(info.schema_version, version);
      assert.equal(info.size_bytes, fs.statSync(file).size);
      assert.ok(Array.isArray(info.warnings) && typeof info.label === 'string');
      assert.ok(Object.keys(info.tables).length > 0 && Object.values(info.tables).every((n) => Number.isInteger(n)));
      const list = await cli('list', file);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /^Experiments: \d+$/m);
    }
    const human = await cli('info', demo);
    assert.match(human.stdout, /^Kind: +unified/m);
    assert.match(human.stdout, /^ {2}simulation_events +\| +[\d,]+$/m);
  });

  it('errors go to stderr with a non-zero exit code and no stack trace', async () => {
    const notSqlite = path.join(dir, 'notes.txt');
    fs.writeFileSync(notSqlite, 'hello, this is not a database at all'.repeat(10));
    const cases: [string[], RegExp, number][] = [
      [['list', path.join(dir, 'missing.db')], /missing\.db does not exist/, 1],
      [['info', notSqlite, '--json'], /notes\.txt is not a SQLite database/, 1],
      [['events', demo, 'sim-does-not-exist'], /has no simulation "sim-does-not-exist"/, 1],
      [['events', demo, 'iter999:eval', '--experiment', 'nope'], /has no experiment "nope"/, 1],
      [['simulations', demo, '--experiment', 'nope'], /has no experiment "nope"/, 1],
      [['sample', demo], /already exists; add --force/, 1],
      [['events', demo, 'x', '--limit', 'zero'], /argument 'zero' is invalid/, 2],
      [['frobnicate'], /unknown command 'frobnicate'/, 2],
      [['sample', path.join(dir, 'x.db'), '--kind', 'duckdb'], /Allowed choices are unified, legacy-simulation/, 2],
    ];
    for (const [args, pattern, exitCode] of cases) {
      const result = await cli(...args);
      assert.equal(result.code, exitCode, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '', args.join(' '));
      assert.match(result.stderr, pattern);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('prints version and help with examples', async () => {
    const version = await cli('--version');
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const help = await cli('--help');
    assert.equal(help.code, 0);
    for (const command of ['list', 'info', 'simulations', 'experiments', 'events', 'sample']) assert.match(help.stdout, new RegExp(`^ {2}${command} `, 'm'));
    assert.match(help.stdout, /Examples:/);
    assert.match(help.stdout, /iter5:eval/);
    const sub = await cli('events', '--help');
    assert.equal(sub.code, 0);
    assert.match(sub.stdout, /--from-tick <n>/);
  });

  it('the compiled bin runs as a process', () => {
    const bin = path.resolve(__dirname, '..', '..', 'src', 'cli', 'bin.js');
    const ok = spawnSync(process.execPath, [bin, 'info', demo, '--json'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).kind, 'unified');
    const bad = spawnSync(process.execPath, [bin, 'list', path.join(dir, 'nope.db')], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /nope\.db does not exist/);
    assert.equal(bad.stdout, '');
  });
});
