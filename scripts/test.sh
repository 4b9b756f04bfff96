#!/usr/bin/env bash
# The project's whole test run (the README's test command, and what CI runs): type checks, lint, unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
stage() { printf '\n== %s ==\n' "$1"; SECONDS=0; }
done_stage() { printf '(%s s)\n' "$SECONDS"; }

stage "type check and compile"; npx tsc -p . && npx tsc -p webview --noEmit; done_stage
stage "lint"; npx eslint .; done_stage
stage "unit tests"; npx mocha; done_stage
