import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { browseTable, openSimCashFile, ModelError, type SimCashFile } from '../../src/model';

describe('table browser', () => {
  let dir: string;
  let file: SimCashFile;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-browse-'));
    const dbPath = path.join(dir, 'plain.db');
    const writer = new BetterSqlite3(dbPath);
    writer.exec(`
      CREATE TABLE readings (id INTEGER PRIMARY KEY, label TEXT, value REAL, raw BLOB);
      CREATE INDEX idx_label ON readings(label DESC);
      CREATE TABLE pairs (a TEXT, b INTEGER, note TEXT, PRIMARY KEY (b, a)) WITHOUT ROWID;
    `);
    const insert = writer.prepare('INSERT INTO readings (label, value, raw) VALUES (?, ?, ?)');
    for (let i = 0; i < 250; i++) insert.run(`r${String(i).padStart(3, '0')}`, i / 2, i === 3 ? Buffer.from([1, 2, 3]) : null);
    writer.prepare('INSERT INTO readings (label, value) VALUES (?, ?)').run('x'.repeat(1000), 1);
    const pair = writer.prepare('INSERT INTO pairs VALUES (?, ?, ?)');
    for (const [a, b] of [['z', 2], ['a', 2], ['m', 1]] as const) pair.run(a, b, `${a}${b}`);
    writer.close();
    file = await openSimCashFile(dbPath);
  });
  after(async () => {
    await file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pages a table in rowid order without gaps or repeats, with the total', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 251; offset += 100) {
      const page = await browseTable(file, 'readings', offset, 100);
      assert.equal(page.total, 251);
      assert.equal(page.offset, offset);
      assert.deepEqual(page.columns, ['id', 'label', 'value', 'raw']);
      seen.push(...page.rows.map((r) => r[0] as string));
    }
    assert.deepEqual(seen, Array.from({ length: 251 }, (_, i) => String(i + 1)));
  });

  it('shows NULL as null, blobs by size and cuts very long text', async () => {
    const page = await browseTable(file, 'readings', 0, 5);
    assert.equal(page.rows[0][3], null);
    assert.equal(page.rows[3][3], '<blob, 3 bytes>');
    const last = await browseTable(file, 'readings', 250, 5);
    assert.equal(last.rows.length, 1);
    assert.ok((last.rows[0][1] as string).length <= 401 && (last.rows[0][1] as string).endsWith('…'));
  });

  it('orders a WITHOUT ROWID table by its primary key', async () => {
    const page = await browseTable(file, 'pairs', 0, 10);
    assert.deepEqual(page.rows.map((r) => r[2]), ['m1', 'a2', 'z2']);
  });

  it('clamps an offset past the end to the last row and rejects unknown tables', async () => {
    const page = await browseTable(file, 'pairs', 99, 10);
    assert.equal(page.offset, 2);
    await assert.rejects(browseTable(file, 'nope"; DROP TABLE pairs; --', 0, 10), (e: unknown) => e instanceof ModelError && e.code === 'unknown-table');
  });
});
