/**
 * Prepares the workspace both integration runners open: a temporary folder with the generated databases listed in
 * fixtures.ts. Generation uses better-sqlite3 (native), so it happens here in the runner's Node, never in the
 * extension host (whose Node ABI differs under Electron).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSampleDatabase } from '../../src/sample/generate';
import BetterSqlite3 from 'better-sqlite3';
import { FIXTURES, FIXTURE_SOURCES } from './fixtures';

/** A small SQLite file of another program: the extension must show it as plain SQLite, not fail. */
function writePlainSqlite(target: string): void {
  const db = new BetterSqlite3(target);
  db.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Ada'), ('Grace');");
  db.close();
}

export async function prepareIntegrationWorkspace(): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-it-'));
  // A fixed, plain folder name below the temp dir: it is what the Explorer and the window title show.
  const workspace = path.join(root, 'workspace');
  const generated = new Map<string, string>();
  for (const [name, rel] of Object.entries(FIXTURES) as [keyof typeof FIXTURES, string][]) {
    const target = path.join(workspace, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const { kind, seed } = FIXTURE_SOURCES[name];
    const key = `${kind}-${seed}`;
    const existing = generated.get(key);
    if (existing) {
      // Same content as a file made already: copy instead of simulating again.
      fs.copyFileSync(existing, target);
    } else {
      if (kind === 'plain-sqlite') {
        writePlainSqlite(target);
      } else {
        await generateSampleDatabase(target, { kind, seed });
      }
      generated.set(key, target);
    }
  }
  return workspace;
}

/** Removes the temporary folder made by prepareIntegrationWorkspace (the workspace's parent). */
export function removeIntegrationWorkspace(workspace: string): void {
  fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
}
