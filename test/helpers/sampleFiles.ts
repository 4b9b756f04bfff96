/**
 * Generated sample databases shared by the test suites: each (kind, seed) is generated once per test process
 * (generation takes about a second), into a temporary folder removed when the process exits. Tests only read
 * these files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type GeneratedKind = 'unified' | 'legacy-simulation' | 'legacy-experiment' | 'castro';

let folder: string | undefined;
const files = new Map<string, Promise<string>>();

export function generatedSample(kind: GeneratedKind, seed = 42): Promise<string> {
  const key = `${kind}-${seed}`;
  let file = files.get(key);
  if (!file) {
    file = (async () => {
      if (!folder) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-samples-'));
        folder = dir;
        process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
      }
      const out = path.join(folder, `${key}.db`);
      const { generateSampleDatabase } = await import('../../src/sample/generate');
      await generateSampleDatabase(out, { kind, seed });
      return out;
    })();
    files.set(key, file);
  }
  return file;
}
