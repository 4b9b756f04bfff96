#!/usr/bin/env bash
# `npm run test:e2e`: end-to-end tests (test/e2e) — the packaged .vsix installed into code-server, driven in headless
# Chromium as a person would use it. Screenshots of every step: test-output/e2e/. See docs/testing.md.
# Environment: SIMCASH_SKIP_BUILD=1 uses the dist/simcash-vscode.vsix and out/ already there (no package, no tsc);
# SIMCASH_E2E_VSIX=path tests another .vsix; CHROMIUM_PATH=path picks the browser.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SIMCASH_SKIP_BUILD:-0}" != "1" ]]; then
  bash scripts/ensure-deps.sh
  npm run --silent package >/dev/null
  npx tsc -p .
fi
bash scripts/tools/install-code-server.sh >/dev/null
npx mocha --config test/e2e/.mocharc.json
