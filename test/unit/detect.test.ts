import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DatabaseError, openDatabase } from '../../src/db';
import { detectSchema } from '../../src/schema/detect';
import { CURRENT_SCHEMA_VERSION } from '../../src/schema/versions';
import { SAMPLE_KINDS } from '../../src/sample/generate';
import { generatedSample } from '../helpers/sampleFiles';

describe('schema detection of sample files', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-detect-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const kind of SAMPLE_KINDS) {
    it(`classifies a generated ${kind} file as ${kind}`, async () => {
      const db = await openDatabase(await generatedSample(kind));
      try {
        const detection = await detectSchema(db);
        assert.equal(detection.kind, kind);
        assert.equal(detection.schemaVersion, kind === 'unified' ? CURRENT_SCHEMA_VERSION : null);
        assert.equal(detection.migratable, kind !== 'unified');
        const tables = await db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        assert.deepEqual(detection.tables, tables.map((t) => t.name));
      } finally {
        await db.close();
      }
    });
  }

  it("classifies a SQLite file with unrelated tables as 'sqlite'", async () => {
    const file = path.join(dir, 'other.db');
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER)');
    raw.close();
    const db = await openDatabase(file);
    try {
      const detection = await detectSchema(db);
      assert.equal(detection.kind, 'sqlite');
      assert.equal(detection.migratable, false);
      assert.deepEqual(detection.tables, ['customers', 'orders']);
    } finally {
      await db.close();
    }
  });

  it('rejects a file that is not SQLite with a clear error', async () => {
    const file = path.join(dir, 'notes.db');
    fs.writeFileSync(file, 'this is a text file, not a database\n'.repeat(10));
    await assert.rejects(openDatabase(file), (error: unknown) => {
      assert.ok(error instanceof DatabaseError);
      assert.equal(error.code, 'not-sqlite');
      assert.match(error.message, /not a SQLite database/);
      return true;
    });
  });
});
