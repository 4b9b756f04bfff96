// Bundles the extension host code, the database worker, the CLI and each webview with esbuild, and copies the
// sql.js WebAssembly next to the bundles. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = join(root, 'dist');

/** Prints errors in the problem-matcher format VS Code understands, once per rebuild. */
const reportProblems = {
  name: 'report-problems',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [reportProblems],
};

const nodeBundles = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // better-sqlite3 is native and only the CLI's `sample` command loads it, lazily; vscode is the host's.
  external: ['vscode', 'better-sqlite3'],
  entryPoints: {
    extension: join(root, 'src/extension.ts'),
    dbWorker: join(root, 'src/db/dbWorker.ts'),
    // Applying a migration runs on its own worker thread (sql.js index builds block for seconds).
    migrationWorker: join(root, 'src/schema/migrate/migrationWorker.ts'),
  },
  outdir: dist,
};

// The CLI bundle needs a shebang to run as `simcash-db` once installed.
const cliBundle = {
  ...nodeBundles,
  entryPoints: { cli: join(root, 'src/cli/bin.ts') },
  banner: { js: '#!/usr/bin/env node' },
};

const webviewDir = join(root, 'webview');
const webviewEntries = Object.fromEntries(
  readdirSync(webviewDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
    .map((entry) => [entry.name, join(webviewDir, entry.name, 'main.ts')]),
);

const webviewBundles = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  entryPoints: webviewEntries,
  outdir: join(dist, 'webview'),
  loader: { '.css': 'text' },
};

function copyAssets() {
  mkdirSync(dist, { recursive: true });
  const require = createRequire(import.meta.url);
  copyFileSync(join(dirname(require.resolve('sql.js')), 'sql-wasm.wasm'), join(dist, 'sql-wasm.wasm'));
  // uPlot's stylesheet is loaded as a file (the webviews' CSP allows styles from the extension, not inline ones).
  mkdirSync(join(dist, 'webview'), { recursive: true });
  copyFileSync(join(dirname(require.resolve('uplot')), 'uPlot.min.css'), join(dist, 'webview', 'uplot.min.css'));
}

async function main() {
  copyAssets();
  if (watch) {
    const contexts = await Promise.all([nodeBundles, cliBundle, webviewBundles].map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    console.log('watching for changes…');
    return;
  }
  await Promise.all([nodeBundles, cliBundle, webviewBundles].map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
