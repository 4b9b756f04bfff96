#!/usr/bin/env bash
# The project's whole test run (the README's test command, and what CI runs): type checks, lint, unit tests, then the
# integration tests in a real VS Code (code-server + headless Chromium) and the end-to-end tests of the packaged
# .vsix. Prints each stage's duration and a summary. See docs/testing.md.
# Environment: SIMCASH_TEST_STAGES="unit integration e2e" (default: all three) runs only some of the test stages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh

stages="${SIMCASH_TEST_STAGES:-unit integration e2e}"
summary=()
current=''
stage() { current="$1"; printf '\n== %s ==\n' "$1"; SECONDS=0; }
done_stage() { printf '(%s: %s s)\n' "$current" "$SECONDS"; summary+=("$(printf '%-34s %4s s' "$current" "$SECONDS")"); }
wants() { [[ " $stages " == *" $1 "* ]]; }
print_summary() {
  local rc=$?
  if ((${#summary[@]})); then
    printf '\n== stage times ==\n'
    printf '%s\n' "${summary[@]}"
  fi
  if ((rc != 0)) && [[ -n "$current" ]]; then printf 'FAILED in stage: %s\n' "$current" >&2; fi
}
trap print_summary EXIT

stage "type check and compile"; npx tsc -p . && npx tsc -p webview --noEmit; done_stage
stage "lint"; npx eslint .; done_stage
if wants unit; then stage "unit tests"; npx mocha; done_stage; fi

if wants integration || wants e2e; then
  # First run: installs code-server into .tools/code-server (a few minutes); afterwards a cached no-op.
  stage "code-server (install or cached)"; bash scripts/tools/install-code-server.sh >/dev/null; done_stage
fi
if wants integration; then
  # The development build (with source maps, for readable stacks); out/ was compiled above.
  stage "integration tests (code-server)"; npm run --silent build && SIMCASH_SKIP_BUILD=1 bash scripts/test-integration.sh; done_stage
fi
if wants e2e; then
  # The production .vsix, installed into code-server as a user would.
  stage "e2e tests (packaged .vsix)"; npm run --silent package >/dev/null && SIMCASH_SKIP_BUILD=1 bash scripts/test-e2e.sh; done_stage
fi
current=''
