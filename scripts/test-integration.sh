#!/usr/bin/env bash
# `npm run test:integration`: the integration suite (test/integration/suite) inside a real VS Code — code-server,
# driven by headless Chromium — with the unpacked extension. See docs/testing.md.
# Environment: SIMCASH_SKIP_BUILD=1 skips `npm run build` and `tsc` (npm test has just done them);
# SIMCASH_TEST_GREP=pattern runs only matching tests; SIMCASH_IT_KEEP=1 keeps the temp workspace and profile.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SIMCASH_SKIP_BUILD:-0}" != "1" ]]; then
  bash scripts/ensure-deps.sh
  npm run --silent build
  npx tsc -p .
fi
# Cached in .tools/code-server after the first run; prints its path on stdout.
bash scripts/tools/install-code-server.sh >/dev/null
node out/test/integration/runCodeServer.js
