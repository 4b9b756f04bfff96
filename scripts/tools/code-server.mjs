#!/usr/bin/env node
// Start a real VS Code (code-server, served to a browser) with this extension
// loaded from its unpacked folder. Used by `npm run open` (scripts/open-sample.sh)
// and meant as the base of integration / end-to-end test harnesses.
//
// As a module:
//   import { startCodeServer } from './scripts/tools/code-server.mjs';
//   const cs = await startCodeServer({ workspace: 'samples' });
//   console.log(cs.url);          // http://127.0.0.1:PORT/?folder=/abs/samples
//   ...                           // drive it with a browser (the extension host
//                                 // starts only once a browser opens the workbench)
//   await cs.stop();              // kills the whole process tree, removes temp dirs
//
// As a CLI (runs until Ctrl-C / SIGTERM):
//   node scripts/tools/code-server.mjs [options] [WORKSPACE]
//   node scripts/tools/code-server.mjs --help
//
// Why not --extensionDevelopmentPath: code-server rejects it. Instead the
// extension folder is symlinked into a private --extensions-dir as
// <publisher>.<name>-<version>, which code-server scans, loads and activates.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Repository root (scripts/tools/../..). */
export const repoRoot = path.resolve(here, '..', '..');
/** Default location of the code-server install made by install-code-server.sh. */
export const defaultCodeServerBin = path.join(repoRoot, '.tools', 'code-server', 'node_modules', '.bin', 'code-server');
const installScript = path.join(here, 'install-code-server.sh');

/**
 * User settings written to <user-data-dir>/User/settings.json unless
 * `defaultSettings: false` is passed. `settings` given by the caller are merged
 * over these. They keep the workbench quiet and deterministic: no welcome page,
 * walkthroughs, tips, update or gallery checks, telemetry, or trust prompts.
 */
export const DEFAULT_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
});

// Environment variables that would make code-server (or the VS Code it runs)
// behave differently from a fresh, standalone instance: forwarding to the VS
// Code that spawned us, a different port or password, another config file.
const SCRUBBED_ENV = [
  'PORT',
  'PASSWORD',
  'HASHED_PASSWORD',
  'GITHUB_TOKEN',
  'CODE_SERVER_CONFIG',
  'CODE_SERVER_HOST',
  'CODE_SERVER_SESSION_SOCKET',
  'CODE_SERVER_PARENT_PID',
  'ELECTRON_RUN_AS_NODE',
];

/**
 * Read `<publisher>.<name>-<version>` (the folder name VS Code uses for an
 * installed extension) from an unpacked extension folder.
 * @param {string} extensionPath
 */
export function extensionFolderName(extensionPath) {
  const pj = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  for (const key of ['publisher', 'name', 'version']) {
    if (typeof pj[key] !== 'string' || pj[key] === '') {
      throw new Error(`${extensionPath}/package.json has no "${key}"`);
    }
  }
  return { id: `${pj.publisher}.${pj.name}`.toLowerCase(), folder: `${pj.publisher}.${pj.name}-${pj.version}`.toLowerCase() };
}

/**
 * Path of the code-server executable; installs it (install-code-server.sh)
 * when missing and `install` is true.
 * @param {{ codeServerBin?: string, install?: boolean, log?: (s: string) => void }} [opts]
 */
export function ensureCodeServer({ codeServerBin, install = true, log = () => {} } = {}) {
  const explicit = codeServerBin || process.env.CODE_SERVER_BIN;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`code-server not found at ${explicit}`);
    return explicit;
  }
  if (!install && fs.existsSync(defaultCodeServerBin)) return defaultCodeServerBin;
  if (!install) {
    throw new Error(`code-server is not installed at ${defaultCodeServerBin}; run scripts/tools/install-code-server.sh`);
  }
  log('checking code-server install (scripts/tools/install-code-server.sh)');
  const r = spawnSync('bash', [installScript], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`install-code-server.sh failed (exit ${r.status ?? r.signal})`);
  const bin = r.stdout.trim().split('\n').pop();
  if (!bin || !fs.existsSync(bin)) throw new Error(`install-code-server.sh printed no usable path: ${JSON.stringify(r.stdout)}`);
  return bin;
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** Whether `port` can be bound on `host` right now. */
export function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

// Runs as `node -e WATCHDOG_SOURCE <callerPid> <codeServerPid> <tempDir>`,
// detached: if the caller disappears while code-server still runs, kill
// code-server's process tree and remove the temp dir. Exits once code-server
// is gone (stop() also kills it directly).
const WATCHDOG_SOURCE = `
const fs = require('fs');
const [caller, cs] = process.argv.slice(1, 3).map(Number);
const dir = process.argv[3];
const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const tree = (root) => {
  const kids = new Map();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(e)) continue;
    try {
      const st = fs.readFileSync('/proc/' + e + '/stat', 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(e));
    } catch {}
  }
  const out = [], stack = [root];
  while (stack.length) for (const c of kids.get(stack.pop()) || []) { out.push(c); stack.push(c); }
  return out;
};
const kill = (p, sig) => { try { process.kill(p, sig); } catch {} };
const timer = setInterval(() => {
  if (alive(caller)) { if (!alive(cs)) process.exit(0); return; }
  clearInterval(timer);
  let procs = [];
  try { procs = tree(cs); } catch {}
  kill(-cs, 'SIGTERM'); kill(cs, 'SIGTERM'); for (const p of procs) kill(p, 'SIGTERM');
  setTimeout(() => {
    kill(-cs, 'SIGKILL'); kill(cs, 'SIGKILL'); for (const p of procs) kill(p, 'SIGKILL');
    if (dir) { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} }
    process.exit(0);
  }, 3000);
}, 500);
`;

/** GET a URL; resolves { status, body } or rejects on connection errors. */
function httpGet(url, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { if (body.length < 65536) body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs}ms`)));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Percent-encode a POSIX path for a URL, keeping its slashes readable. */
const encodePath = (p) => encodeURIComponent(p).replace(/%2F/g, '/');

/** pid -> ppid for every process (Linux /proc; elsewhere `ps`). */
function processTable() {
  /** @type {Map<number, number>} */
  const table = new Map();
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        // pid (comm) state ppid ... ; comm may contain spaces/parens.
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        table.set(Number(entry), Number(rest[1]));
      } catch { /* process vanished */ }
    }
    if (table.size > 0) return table;
  } catch { /* no /proc */ }
  const r = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  for (const line of (r.stdout || '').split('\n')) {
    const m = line.trim().match(/^(\d+)\s+(\d+)$/);
    if (m) table.set(Number(m[1]), Number(m[2]));
  }
  return table;
}

/** All descendants of `rootPid` (not including it). */
export function descendants(rootPid) {
  const table = processTable();
  const children = new Map();
  for (const [pid, ppid] of table) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const out = [];
  const stack = [rootPid];
  while (stack.length) {
    for (const c of children.get(stack.pop()) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function signal(pid, sig, group = false) {
  try {
    process.kill(group ? -pid : pid, sig);
  } catch { /* already gone */ }
}

/**
 * Start code-server with one or more unpacked extensions linked in.
 *
 * @param {object} [options]
 * @param {string} [options.workspace] Folder (or .code-workspace file) to open; the returned `url` opens it.
 * @param {string} [options.openFile] A file the returned `url` also opens in an editor once the workbench loads
 *   (VS Code web's `payload=[["openFile", uri]]`). Caveat: with a fresh profile the workbench picks the editor
 *   for it before extensions' contributions are registered, so a custom-editor file (*.db) opens in the text
 *   editor ("binary file" warning). To get the custom editor, open the file after the extension host is up
 *   (e.g. click it in the Explorer, or run "vscode.openWith").
 * @param {string | string[]} [options.extensionPath] Unpacked extension folder(s) to link (default: this repo;
 *   `[]` links none, e.g. with `vsix`). Each needs a package.json (and its built `main`, e.g. dist/ after
 *   `npm run build`, to activate).
 * @param {string | string[]} [options.vsix] Packaged extension(s) to install into the fresh extensions dir first
 *   (`code-server --install-extension`), as a user would install the released .vsix.
 * @param {Record<string, string | undefined>} [options.env] Extra environment for code-server and so for the
 *   extension host, which inherits it (undefined values delete a variable).
 * @param {number} [options.port] Port on 127.0.0.1 (default: a free one).
 * @param {Record<string, unknown>} [options.settings] User settings, merged over DEFAULT_SETTINGS.
 * @param {boolean} [options.defaultSettings] Write DEFAULT_SETTINGS (default true).
 * @param {string[]} [options.args] Extra code-server command-line arguments.
 * @param {string} [options.codeServerBin] code-server executable (default: .tools install, or $CODE_SERVER_BIN).
 * @param {boolean} [options.install] Install code-server if missing (default true).
 * @param {boolean} [options.isolateXdg] Point XDG_DATA_HOME/XDG_CONFIG_HOME/XDG_CACHE_HOME of code-server into
 *   the temp dir so it writes nothing under $HOME (its logs, heartbeat). Default true.
 * @param {boolean} [options.verbose] Pass --verbose to code-server.
 * @param {'pipe' | 'inherit'} [options.output] 'pipe' (default): keep output (readable via logs());
 *   'inherit': also copy it to this process's stdout/stderr.
 * @param {(chunk: string) => void} [options.onOutput] Called with each chunk of code-server output.
 * @param {number} [options.timeoutMs] How long to wait for the server to answer (default 120000).
 * @param {boolean} [options.keepTemp] Keep the temp dirs after stop() (for debugging).
 * @param {boolean} [options.warmup] Request the workbench page once before resolving, so VS Code's server side
 *   is loaded (default true).
 */
export async function startCodeServer(options = {}) {
  const t0 = Date.now();
  const {
    workspace,
    env = {},
    settings = {},
    defaultSettings = true,
    args = [],
    install = true,
    isolateXdg = true,
    verbose = false,
    output = 'pipe',
    onOutput,
    timeoutMs = 120_000,
    keepTemp = false,
    warmup = true,
  } = options;
  const extensionPaths = [options.extensionPath ?? repoRoot].flat().map((p) => path.resolve(p));
  const vsixPaths = [options.vsix ?? []].flat().map((p) => path.resolve(p));
  for (const v of vsixPaths) if (!fs.existsSync(v)) throw new Error(`.vsix not found: ${v}`);
  const workspacePath = workspace ? path.resolve(workspace) : undefined;
  if (workspacePath && !fs.existsSync(workspacePath)) throw new Error(`workspace not found: ${workspacePath}`);
  const openFilePath = options.openFile ? path.resolve(options.openFile) : undefined;
  if (openFilePath && !fs.existsSync(openFilePath)) throw new Error(`file to open not found: ${openFilePath}`);

  const bin = ensureCodeServer({ codeServerBin: options.codeServerBin, install });
  // Run code-server's entry script with this Node (it needs Node 20), not via
  // `#!/usr/bin/env node`, which may resolve to something else.
  const entry = fs.realpathSync(bin);

  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'simcash-cs-'));
  const userDataDir = path.join(tempRoot, 'user-data');
  const extensionsDir = path.join(tempRoot, 'extensions');
  const configFile = path.join(tempRoot, 'config.yaml');
  let cleanedUp = false;
  const removeTemp = () => {
    if (cleanedUp || keepTemp) return;
    cleanedUp = true;
    try {
      fs.rmSync(tempRoot, { recursive: true, force: true, maxRetries: 3 });
    } catch { /* best effort */ }
  };

  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  try {
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(extensionsDir, { recursive: true });
    const merged = { ...(defaultSettings ? DEFAULT_SETTINGS : {}), ...settings };
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(merged, null, 2) + '\n');

    const extensions = [];
    for (const ext of extensionPaths) {
      const { id, folder } = extensionFolderName(ext);
      fs.symlinkSync(ext, path.join(extensionsDir, folder), 'dir');
      extensions.push({ id, folder, path: ext });
    }

    if (options.port !== undefined && !(await portIsFree(options.port))) {
      throw new Error(`port ${options.port} on 127.0.0.1 is already in use`);
    }
    const port = options.port ?? (await freePort());
    // Our own config file, so ~/.config/code-server/config.yaml (password auth,
    // another bind address…) never applies and nothing is written there.
    fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

    const childEnv = { ...process.env };
    for (const k of Object.keys(childEnv)) {
      if (k.startsWith('VSCODE_') || SCRUBBED_ENV.includes(k)) delete childEnv[k];
    }
    if (isolateXdg) {
      for (const [k, sub] of [['XDG_DATA_HOME', 'xdg-data'], ['XDG_CONFIG_HOME', 'xdg-config'], ['XDG_CACHE_HOME', 'xdg-cache']]) {
        childEnv[k] = path.join(tempRoot, sub);
        fs.mkdirSync(childEnv[k], { recursive: true });
      }
    }
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete childEnv[k];
      else childEnv[k] = String(v);
    }

    // Install packaged extensions with code-server's own CLI, into the same private dirs the server then uses.
    for (const v of vsixPaths) {
      const before = new Set(fs.readdirSync(extensionsDir));
      const r = spawnSync(process.execPath, [entry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', v], {
        env: childEnv,
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (r.status !== 0) {
        throw new Error(`code-server --install-extension ${v} failed (exit ${r.status ?? r.signal})\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trim());
      }
      // It names the new folder <publisher>.<name>-<version>; its message only names the file.
      const folder = fs.readdirSync(extensionsDir).find((f) => !before.has(f) && f !== 'extensions.json' && f !== '.obsolete');
      if (!folder) throw new Error(`code-server --install-extension ${v} reported success but added no extension folder`);
      extensions.push({ id: folder.replace(/-\d+\.\d+\.\d+.*$/, ''), folder, path: v });
    }

    const csArgs = [
      entry,
      '--config', configFile,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      ...(verbose ? ['--verbose'] : []),
      ...args,
      ...(workspacePath ? [workspacePath] : []),
    ];

    let logText = '';
    let listening = false;
    const listenLine = `HTTP server listening on http://127.0.0.1:${port}/`;
    const onData = (stream) => (d) => {
      const s = d.toString();
      logText += s;
      if (!listening && logText.includes(listenLine)) listening = true;
      if (logText.length > 1_000_000) logText = logText.slice(-500_000);
      if (output === 'inherit') stream.write(s);
      onOutput?.(s);
    };

    // detached: code-server leads its own process group, so stop() can signal
    // the whole tree, and a Ctrl-C in the terminal reaches only us (we then
    // stop it in order). Output is always piped: readiness is read from it.
    child = spawn(process.execPath, csArgs, {
      cwd: workspacePath && fs.statSync(workspacePath).isDirectory() ? workspacePath : repoRoot,
      env: childEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', onData(process.stdout));
    child.stderr?.on('data', onData(process.stderr));
    const pid = /** @type {number} */ (child.pid);
    // Don't let a forgotten server keep the caller alive: when its event loop
    // empties, the 'exit' hook below stops code-server.
    child.unref();
    /** @type {any} */ (child.stdout)?.unref?.();
    /** @type {any} */ (child.stderr)?.unref?.();
    // And if the caller dies without running its 'exit' hooks (a signal,
    // SIGKILL, a crash), a tiny watchdog takes code-server down with it.
    const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, String(process.pid), String(pid), keepTemp ? '' : tempRoot], {
      detached: true,
      stdio: 'ignore',
    });
    watchdog.unref();
    let exitInfo = /** @type {{code: number|null, signal: string|null} | null} */ (null);
    const exited = new Promise((resolve) => {
      child.on('exit', (code, sig) => {
        exitInfo = { code, signal: sig };
        resolve(exitInfo);
      });
    });

    // Last-resort cleanup if the caller's process exits without stop().
    let tracked = new Set();
    const killSync = () => {
      if (watchdog.pid) signal(watchdog.pid, 'SIGKILL');
      for (const p of [...descendants(pid), ...tracked]) signal(p, 'SIGKILL');
      signal(pid, 'SIGKILL', true);
      signal(pid, 'SIGKILL');
      removeTemp();
    };
    process.once('exit', killSync);

    const baseUrl = `http://127.0.0.1:${port}`;
    const query = [];
    if (workspacePath) {
      query.push(`${workspacePath.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodePath(workspacePath)}`);
    }
    if (openFilePath) {
      // The browser workbench's remote authority is the host:port it was loaded from.
      const fileUri = `vscode-remote://127.0.0.1:${port}${encodePath(openFilePath)}`;
      query.push(`payload=${encodeURIComponent(JSON.stringify([['openFile', fileUri]]))}`);
    }
    const url = `${baseUrl}/${query.length ? `?${query.join('&')}` : ''}`;

    let stopping;
    const stop = (graceMs = 5000) => {
      stopping ??= (async () => {
        process.removeListener('exit', killSync);
        tracked = new Set(descendants(pid));
        if (exitInfo === null) {
          signal(pid, 'SIGTERM', true);
          for (const p of tracked) signal(p, 'SIGTERM');
        }
        const deadline = Date.now() + graceMs;
        const remaining = () => [pid, ...tracked].filter(alive);
        while (remaining().length && Date.now() < deadline) await sleep(100);
        // Anything left (or spawned meanwhile into the group): kill hard.
        for (const p of [...remaining(), ...descendants(pid)]) signal(p, 'SIGKILL');
        signal(pid, 'SIGKILL', true);
        const hardDeadline = Date.now() + 3000;
        while (remaining().length && Date.now() < hardDeadline) await sleep(50);
        if (exitInfo === null) await Promise.race([exited, sleep(1000)]);
        child.stdout?.destroy();
        child.stderr?.destroy();
        if (watchdog.pid) signal(watchdog.pid, 'SIGKILL');
        removeTemp();
        return { leftover: remaining() };
      })();
      return stopping;
    };

    // Wait until code-server answers (and optionally until the workbench page,
    // which lazily loads VS Code's server, answers too).
    const deadline = Date.now() + timeoutMs;
    let healthy = false;
    let lastErr = '';
    while (Date.now() < deadline) {
      if (exitInfo) break;
      try {
        // Our own process must say it listens on this port: otherwise another
        // server that grabbed the port could answer for it.
        const r = listening ? await httpGet(`${baseUrl}/healthz`, 5000) : { status: 0 };
        if (r.status === 200) {
          healthy = true;
          break;
        }
        lastErr = `HTTP ${r.status}`;
      } catch (e) {
        lastErr = e.message;
      }
      await sleep(150);
    }
    const tHealthy = Date.now();
    if (healthy && warmup) {
      healthy = false;
      while (Date.now() < deadline && !exitInfo) {
        try {
          const r = await httpGet(url, 30_000);
          if (r.status === 200 && /<html/i.test(r.body)) {
            healthy = true;
            break;
          }
          lastErr = `workbench HTTP ${r.status}`;
        } catch (e) {
          lastErr = e.message;
        }
        await sleep(250);
      }
    }
    if (!healthy) {
      const why = exitInfo ? `exited (code ${exitInfo.code}, signal ${exitInfo.signal})` : `did not answer within ${timeoutMs}ms (${lastErr})`;
      await stop(1000);
      const err = new Error(`code-server ${why}\n--- code-server output ---\n${logText.slice(-8000)}`);
      throw err;
    }

    /**
     * Resolves once a browser has opened the workbench and the (remote) extension
     * host has started and activated its startup extensions — from then on the
     * extensions' contributions (custom editors, views, commands) are registered.
     * It reads `Eager extensions activated` from the extension host's log in the
     * user-data-dir; `count` waits for that many extension hosts (one per window
     * load; a reload starts another).
     */
    const waitForExtensionHost = async ({ timeoutMs: waitMs = 60_000, count = 1 } = {}) => {
      const logsDir = path.join(userDataDir, 'logs');
      const until = Date.now() + waitMs;
      for (;;) {
        let ready = 0;
        try {
          for (const session of fs.readdirSync(logsDir)) {
            for (const sub of fs.readdirSync(path.join(logsDir, session))) {
              if (!sub.startsWith('exthost')) continue;
              const f = path.join(logsDir, session, sub, 'remoteexthost.log');
              if (fs.existsSync(f) && fs.readFileSync(f, 'utf8').includes('Eager extensions activated')) ready++;
            }
          }
        } catch { /* logs not there yet */ }
        if (ready >= count) return;
        if (exitInfo) throw new Error('code-server exited while waiting for the extension host');
        if (Date.now() > until) throw new Error(`extension host not ready after ${waitMs}ms (has a browser opened ${url}?)`);
        await sleep(200);
      }
    };

    return {
      /** Address that opens the workspace (or an empty window). */
      url,
      baseUrl,
      port,
      pid,
      process: child,
      workspace: workspacePath,
      extensions,
      userDataDir,
      extensionsDir,
      tempRoot,
      /** ms from call to HTTP answering, and to the workbench page answering. */
      timings: { healthyMs: tHealthy - t0, readyMs: Date.now() - t0 },
      /** Everything code-server printed so far ('pipe' mode). */
      logs: () => logText,
      waitForExtensionHost,
      /** Resolves when code-server exits on its own or after stop(). */
      exited,
      stop,
    };
  } catch (e) {
    if (child?.pid && child.exitCode === null) {
      for (const p of descendants(child.pid)) signal(p, 'SIGKILL');
      signal(child.pid, 'SIGKILL', true);
    }
    removeTemp();
    throw e;
  }
}

// ------------------------------------------------------------------ CLI ----

const HELP = `Usage: node scripts/tools/code-server.mjs [options] [WORKSPACE]

Start code-server (VS Code in the browser) on 127.0.0.1 with this repository's
extension linked in, print its address, and run until Ctrl-C / SIGTERM.

Options:
  -w, --workspace DIR      folder (or .code-workspace) to open (or give it as the last argument)
  -o, --open-file FILE     also open this file in an editor (e.g. samples/demo.db)
  -x, --extension DIR      unpacked extension to link (repeatable; default: the repo root)
      --vsix FILE          install this packaged extension instead (repeatable; links no unpacked one
                           unless -x is given too)
  -p, --port N             port (default: a free one)
  -s, --settings FILE      JSON user settings merged over the defaults
  -e, --env KEY=VALUE      extra environment for code-server / the extension host (repeatable)
      --label TEXT         text printed before the address (default "code-server ready")
      --no-install         fail instead of installing code-server when missing
      --show-output        print code-server's own output
      --verbose            code-server --verbose (implies --show-output)
      --keep-temp          keep the temp user-data/extensions dirs
  -h, --help               this text
`;

async function main(argv) {
  const opts = { extensionPath: [], vsix: [], env: {}, settings: {} };
  let label = 'code-server ready';
  let showOutput = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '-h': case '--help': process.stdout.write(HELP); return 0;
      case '-w': case '--workspace': opts.workspace = val(); break;
      case '-o': case '--open-file': opts.openFile = val(); break;
      case '-x': case '--extension': opts.extensionPath.push(val()); break;
      case '--vsix': opts.vsix.push(val()); break;
      case '-p': case '--port': opts.port = Number(val()); break;
      case '-s': case '--settings': Object.assign(opts.settings, JSON.parse(fs.readFileSync(val(), 'utf8'))); break;
      case '-e': case '--env': {
        const kv = val();
        const eq = kv.indexOf('=');
        if (eq < 1) throw new Error(`--env expects KEY=VALUE, got ${kv}`);
        opts.env[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      case '--label': label = val(); break;
      case '--no-install': opts.install = false; break;
      case '--show-output': showOutput = true; break;
      case '--verbose': opts.verbose = true; showOutput = true; break;
      case '--keep-temp': opts.keepTemp = true; break;
      default:
        if (a.startsWith('-')) throw new Error(`unknown option ${a} (see --help)`);
        opts.workspace = a;
    }
  }
  // Packaged extensions replace the default (this checkout, unpacked) unless -x asks for it as well.
  if (opts.extensionPath.length === 0 && opts.vsix.length === 0) delete opts.extensionPath;
  if (showOutput) opts.onOutput = (s) => process.stderr.write(s);

  const cs = await startCodeServer(opts);
  let stopping = false;
  const shutdown = async (sig) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${sig}: stopping code-server…\n`);
    const { leftover } = await cs.stop();
    if (leftover.length) process.stderr.write(`warning: processes still alive: ${leftover.join(' ')}\n`);
    process.exit(sig === 'SIGINT' ? 130 : 0);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void shutdown(sig));

  process.stdout.write(
    `${label} at ${cs.url}\n` +
      `  (code-server ${cs.baseUrl}, pid ${cs.pid}, ready in ${(cs.timings.readyMs / 1000).toFixed(1)}s; ` +
      `extensions: ${cs.extensions.map((e) => e.folder).join(', ')})\n` +
      `Press Ctrl-C to stop.\n`,
  );
  const keepAlive = setInterval(() => {}, 1 << 30); // the server is unref'd
  const info = await cs.exited;
  clearInterval(keepAlive);
  if (!stopping) {
    process.stderr.write(`code-server exited on its own (code ${info.code}, signal ${info.signal})\n`);
    if (!showOutput) process.stderr.write(cs.logs().slice(-4000));
    await cs.stop();
    return 1;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => { if (code !== undefined) process.exitCode = code; },
    (err) => {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(1);
    },
  );
}
