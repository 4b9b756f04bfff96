/**
 * Typed access, from the compiled (CommonJS) test harnesses, to scripts/tools/code-server.mjs — the one place that
 * knows how to start code-server with extensions linked or installed, and to stop its whole process tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Repository root: this file compiles to out/test/integration/harness/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

export interface CodeServerOptions {
  workspace?: string;
  extensionPath?: string | string[];
  vsix?: string | string[];
  env?: Record<string, string | undefined>;
  settings?: Record<string, unknown>;
  port?: number;
  timeoutMs?: number;
  keepTemp?: boolean;
}

export interface CodeServer {
  url: string;
  baseUrl: string;
  port: number;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  extensions: { id: string; folder: string; path: string }[];
  timings: { healthyMs: number; readyMs: number };
  logs(): string;
  waitForExtensionHost(options?: { timeoutMs?: number; count?: number }): Promise<void>;
  /** Resolves when code-server exits (on its own, or after stop()). */
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(graceMs?: number): Promise<{ leftover: number[] }>;
}

interface CodeServerModule {
  startCodeServer(options: CodeServerOptions): Promise<CodeServer>;
  ensureCodeServer(options?: { install?: boolean; log?: (s: string) => void }): string;
}

// code-server.mjs is an ES module, and this project compiles to CommonJS, where TypeScript rewrites import() into
// require(), which cannot load ES modules on every Node 20. A function built at run time keeps a real import().
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

let loaded: Promise<CodeServerModule> | undefined;
function codeServerModule(): Promise<CodeServerModule> {
  loaded ??= importModule(pathToFileURL(path.join(repoRoot, 'scripts', 'tools', 'code-server.mjs')).href) as Promise<CodeServerModule>;
  return loaded;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  return (await codeServerModule()).startCodeServer(options);
}

/**
 * The end of code-server's own output and of the extension host's logs, for error messages: when the suite never
 * reports, the reason (an extension that failed to load, a crash) is in one of these.
 */
export function logTail(cs: CodeServer, chars = 6000): string {
  const parts = [`--- code-server output (last ${chars} chars) ---\n${cs.logs().slice(-chars)}`];
  const logsDir = path.join(cs.userDataDir, 'logs');
  try {
    for (const session of fs.readdirSync(logsDir)) {
      for (const sub of fs.readdirSync(path.join(logsDir, session))) {
        if (!sub.startsWith('exthost')) continue;
        const file = path.join(logsDir, session, sub, 'remoteexthost.log');
        if (fs.existsSync(file)) parts.push(`--- ${path.relative(cs.userDataDir, file)} ---\n${fs.readFileSync(file, 'utf8').slice(-chars)}`);
      }
    }
  } catch {
    parts.push('(no extension host log: has a browser opened the workbench?)');
  }
  return parts.join('\n');
}

/** PIDs of processes still running from a code-server install under this repository (for leak checks). */
export function strayCodeServerProcesses(): number[] {
  const marker = path.join(repoRoot, '.tools', 'code-server');
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}
