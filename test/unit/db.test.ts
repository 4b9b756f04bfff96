import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, DatabaseError } from '../../src/db';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-db-test-'));
}

function makeDb(file: string, rows: number): void {
  const db = new BetterSqlite3(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER)');
  const insert = db.prepare('INSERT INTO t (name, amount) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`row${i}`, i * 100);
  })();
  db.close();
}

for (const worker of [false, true]) {
  describe(`Database (${worker ? 'worker thread' : 'in process'})`, () => {
    let dir: string;
    beforeEach(() => {
      dir = tempDir();
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('queries with positional and named parameters', async () => {
      const file = path.join(dir, 'a.db');
      makeDb(file, 10);
      const db = await openDatabase(file, { worker });
      try {
        assert.deepEqual(await db.query('SELECT name, amount FROM t WHERE id = ?', [3]), [{ name: 'row2', amount: 200 }]);
        assert.deepEqual(await db.query('SELECT count(*) AS n FROM t WHERE amount >= :min', { min: 500 }), [{ n: 5 }]);
        assert.equal(db.info.path, path.resolve(file));
        assert.equal(db.info.sizeBytes, fs.statSync(file).size);
      } finally {
        await db.close();
      }
    });

    it('iterates pages without losing or repeating rows', async () => {
      const file = path.join(dir, 'b.db');
      makeDb(file, 2500);
      const db = await openDatabase(file, { worker });
      try {
        const sizes: number[] = [];
        const ids: number[] = [];
        for await (const page of db.iterate<{ id: number }>('SELECT id FROM t ORDER BY id', [], 1000)) {
          sizes.push(page.length);
          ids.push(...page.map((r) => r.id));
        }
        assert.deepEqual(sizes, [1000, 1000, 500]);
        assert.deepEqual(ids, Array.from({ length: 2500 }, (_, i) => i + 1));
        // Stopping early closes the cursor and leaves the database usable.
        for await (const page of db.iterate('SELECT id FROM t', [], 10)) {
          assert.equal(page.length, 10);
          break;
        }
        assert.deepEqual(await db.query('SELECT count(*) AS n FROM t'), [{ n: 2500 }]);
      } finally {
        await db.close();
      }
    });

    it('builds indexes in memory only, never in the file', async () => {
      const file = path.join(dir, 'c.db');
      makeDb(file, 5);
      const before = fs.readFileSync(file);
      const db = await openDatabase(file, { worker });
      await db.exec('CREATE INDEX idx_name ON t(name)');
      assert.equal((await db.query("SELECT name FROM sqlite_master WHERE name = 'idx_name'")).length, 1);
      await db.close();
      assert.ok(fs.readFileSync(file).equals(before), 'the file changed');
    });

    it('rejects calls after close', async () => {
      const file = path.join(dir, 'd.db');
      makeDb(file, 1);
      const db = await openDatabase(file, { worker });
      await db.close();
      await assert.rejects(db.query('SELECT 1'), (e: unknown) => e instanceof DatabaseError && e.code === 'closed');
    });

    const badFiles: Array<[string, (file: string) => void, string]> = [
      ['a missing file', () => undefined, 'not-found'],
      ['an empty file', (f) => fs.writeFileSync(f, ''), 'empty'],
      ['a text file', (f) => fs.writeFileSync(f, 'name,amount\nA,1\n'.repeat(20)), 'not-sqlite'],
      ['a truncated database', (f) => {
        makeDb(f, 3000);
        const bytes = fs.readFileSync(f);
        fs.writeFileSync(f, bytes.subarray(0, bytes.length - 4096));
      }, 'truncated'],
      ['a database cut mid-page', (f) => {
        makeDb(f, 3000);
        const bytes = fs.readFileSync(f);
        fs.writeFileSync(f, bytes.subarray(0, bytes.length - 100));
      }, 'truncated'],
      ['a database whose schema page is garbage', (f) => {
        makeDb(f, 3000);
        const bytes = fs.readFileSync(f);
        bytes.fill(0xab, 100, bytes.length); // keep the 100-byte header, destroy everything after it
        fs.writeFileSync(f, bytes);
      }, 'corrupt'],
    ];
    for (const [what, make, code] of badFiles) {
      it(`gives a clear error naming the file for ${what}`, async () => {
        const file = path.join(dir, 'bad.db');
        make(file);
        await assert.rejects(openDatabase(file, { worker }), (e: unknown) => {
          assert.ok(e instanceof DatabaseError, `not a DatabaseError: ${String(e)}`);
          assert.equal(e.code, code, e.message);
          assert.ok(e.message.includes(path.resolve(file)), `message does not name the file: ${e.message}`);
          return true;
        });
      });
    }

    it('reports damaged data pages as a corrupt file, naming it, and stays usable', async () => {
      const file = path.join(dir, 'pages.db');
      makeDb(file, 3000);
      const bytes = fs.readFileSync(file);
      bytes.fill(0xab, 4096, bytes.length); // page 1 (the schema) survives, the table's pages do not
      fs.writeFileSync(file, bytes);
      const db = await openDatabase(file, { worker });
      try {
        await assert.rejects(db.query('SELECT sum(amount) FROM t'), (e: unknown) => {
          assert.ok(e instanceof DatabaseError && e.code === 'corrupt', String(e));
          assert.ok(e.message.includes(path.resolve(file)));
          return true;
        });
        assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
      } finally {
        await db.close();
      }
    });

    it('reads a database in write-ahead-log mode and warns about its log', async () => {
      const file = path.join(dir, 'wal.db');
      const writer = new BetterSqlite3(file);
      writer.pragma('journal_mode = WAL');
      writer.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);');
      writer.pragma('wal_checkpoint(TRUNCATE)');
      writer.exec('INSERT INTO t VALUES (2);'); // stays in the -wal file while the writer is open
      const db = await openDatabase(file, { worker });
      try {
        assert.deepEqual(await db.query('SELECT x FROM t'), [{ x: 1 }]);
        assert.ok(db.info.warnings.some((w) => w.includes('write-ahead log')), db.info.warnings.join('\n'));
      } finally {
        await db.close();
        writer.close();
      }
    });
  });
}
