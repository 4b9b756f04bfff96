import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSimCashFile, type SimCashFile } from '../../src/model';
import { buildOverview } from '../../src/views/overviewData';
import { generatedSample, type GeneratedKind } from '../helpers/sampleFiles';

async function overviewOf(file: string) {
  const simcash: SimCashFile = await openSimCashFile(file);
  try {
    return { overview: await buildOverview(simcash, 50), simcash };
  } finally {
    await simcash.close();
  }
}

/** What the overview must say about each generated kind (seed 42). */
const EXPECTED: Record<GeneratedKind, { kind: string; label: RegExp; experiments: 'some' | 'none'; standalone: 'some' | 'none'; migratable: boolean }> = {
  unified: { kind: 'unified', label: /^SimCash unified database, schema v\d+$/, experiments: 'some', standalone: 'some', migratable: false },
  'legacy-simulation': { kind: 'legacy-simulation', label: /Legacy SimCash simulation database/, experiments: 'none', standalone: 'some', migratable: true },
  'legacy-experiment': { kind: 'legacy-experiment', label: /Legacy SimCash experiment database/, experiments: 'some', standalone: 'none', migratable: true },
  castro: { kind: 'castro', label: /castro/, experiments: 'some', standalone: 'none', migratable: true },
};

describe('overview page data', function () {
  this.timeout(60_000);

  for (const [kind, expected] of Object.entries(EXPECTED) as Array<[GeneratedKind, (typeof EXPECTED)[GeneratedKind]]>) {
    it(`describes a generated ${kind} file`, async () => {
      const file = await generatedSample(kind);
      const { overview } = await overviewOf(file);
      assert.equal(overview.kind, expected.kind);
      assert.match(overview.kindLabel, expected.label);
      assert.equal(overview.migratable, expected.migratable);
      assert.equal(overview.sizeBytes, fs.statSync(file).size);
      assert.equal(overview.fileName, path.basename(file));
      assert.equal(overview.experiments.length > 0, expected.experiments === 'some', 'experiments');
      assert.equal(overview.standaloneSimulations.length > 0, expected.standalone === 'some', 'standalone simulations');
      // The storage table lists every table with its true row count.
      const check = new BetterSqlite3(file, { readonly: true });
      try {
        for (const t of overview.tables) {
          const { n } = check.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number };
          assert.equal(t.rows, n, t.name);
        }
        const levels = Object.values(overview.simulationsPerLevel).reduce((a, b) => a + b, 0);
        assert.ok(levels >= overview.standaloneSimulations.length);
      } finally {
        check.close();
      }
      assert.equal(overview.warnings.length, 0, overview.warnings.join('\n'));
    });
  }

  it('gives the unified demo its experiment and simulation facts', async () => {
    const { overview } = await overviewOf(await generatedSample('unified'));
    const castro = overview.experiments.find((e) => e.type === 'castro');
    assert.ok(castro && castro.iterations > 0 && castro.linkedSimulations >= castro.replayableSimulations && castro.replayableSimulations > 0);
    assert.ok(castro.bestCost !== null && castro.finalCost !== null && castro.bestCost <= castro.finalCost);
    const levels = new Set(overview.standaloneSimulations.map((s) => s.persistenceLevel));
    assert.deepEqual([...levels].sort(), ['events', 'full', 'summary']);
    const summaryRun = overview.standaloneSimulations.find((s) => s.persistenceLevel === 'summary');
    assert.equal(summaryRun?.events, 0);
    assert.ok(overview.totalEvents > 0);
  });

  describe('other and damaged files', () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-overview-'))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('shows a plain SQLite file as such, with its tables', async () => {
      const file = path.join(dir, 'plain.db');
      const writer = new BetterSqlite3(file);
      writer.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('a'), ('b');");
      writer.close();
      const { overview } = await overviewOf(file);
      assert.equal(overview.kind, 'sqlite');
      assert.deepEqual(overview.tables, [{ name: 'notes', rows: 2 }]);
      assert.deepEqual([overview.experiments.length, overview.standaloneSimulations.length], [0, 0]);
    });

    it('explains a partly written unified file instead of failing', async () => {
      const file = path.join(dir, 'partial.db');
      fs.copyFileSync(await generatedSample('unified'), file);
      const writer = new BetterSqlite3(file);
      writer.exec('DROP TABLE simulation_events; DROP TABLE experiment_iterations;');
      writer.close();
      const { overview } = await overviewOf(file);
      assert.equal(overview.kind, 'unified');
      assert.ok(overview.experiments.length > 0);
      assert.ok(overview.standaloneSimulations.every((s) => s.events === 0));
      assert.ok(
        overview.warnings.some((w) => /partly written/.test(w) && w.includes('simulation_events') && w.includes('experiment_iterations')),
        overview.warnings.join('\n'),
      );
    });
  });
});
