#!/usr/bin/env bash
# `npm run open`: build the extension, make the sample database, and open it in
# a real VS Code (code-server, in your browser) with the extension loaded.
# Prints the local address, then runs until Ctrl-C.
#
# Extra arguments go to scripts/tools/code-server.mjs, e.g.
#   npm run open -- --port 8080          # fixed port (e.g. to forward it over ssh)
#   npm run open -- --show-output        # show code-server's log
# Environment:
#   SIMCASH_SKIP_BUILD=1   don't run `npm run build` (use the dist/ already there)
#   SIMCASH_SKIP_DEPS=1    don't check/install the npm dependencies first
#   SIMCASH_USE_CODE_SERVER=1  use code-server even where desktop VS Code (`code`) exists
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

samples_dir="$repo_root/samples"
sample_db="$samples_dir/demo.db"

if [[ -t 2 ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '%s==>%s %s\n' "$bold" "$plain" "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }

has_npm_script() {
  node -e 'process.exit(require("./package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"
}

# 1. npm dependencies (fresh clone) and the extension build.
if [[ "${SIMCASH_SKIP_DEPS:-0}" != "1" && -f scripts/ensure-deps.sh ]]; then
  bash scripts/ensure-deps.sh
fi
if [[ "${SIMCASH_SKIP_BUILD:-0}" == "1" ]]; then
  say "skipping build (SIMCASH_SKIP_BUILD=1)"
elif has_npm_script build; then
  say "building the extension (npm run build)"
  npm run --silent build
else
  warn "package.json has no \"build\" script; using the dist/ that is there"
fi
main_js="$(node -p 'require("./package.json").main || ""')"
if [[ -n "$main_js" && ! -f "$main_js" ]]; then
  warn "$main_js does not exist: VS Code will list the extension but cannot activate it"
fi

# 2. The sample database, regenerated each time (under a second) so it always matches the current generator.
mkdir -p "$samples_dir"
cli=""
for candidate in dist/cli.js out/src/cli/bin.js; do
  if [[ -f "$candidate" ]]; then cli="$candidate"; break; fi
done
if [[ -n "$cli" ]]; then
  say "generating the sample database (node $cli sample samples/demo.db)"
  node "$cli" sample "$sample_db" --force >/dev/null
elif [[ ! -f "$sample_db" ]]; then
  warn "no SimCash CLI built (dist/cli.js or out/src/cli/bin.js); opening samples/ without demo.db"
fi

# 2b. Desktop VS Code, where there is one: open the sample with this checkout as the development extension.
if [[ "${SIMCASH_USE_CODE_SERVER:-0}" != "1" ]] && command -v code >/dev/null 2>&1 && [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" || "$(uname)" == "Darwin" ]]; then
  say "opening samples/demo.db in desktop VS Code"
  exec code --extensionDevelopmentPath="$repo_root" "$samples_dir" "$sample_db"
fi

# 3. code-server (cached in .tools/code-server after the first run).
say "checking code-server (first run installs it into .tools/code-server, ~1 min)"
bash scripts/tools/install-code-server.sh >/dev/null

# 4. Start it on samples/ and wait for Ctrl-C. exec: Ctrl-C goes straight to code-server.mjs, which stops
#    code-server and its whole process tree and removes its temporary profile. demo.db is not opened through the
#    URL (VS Code would pick its editor before the extension is registered); the extension opens it itself when
#    it activates, as SIMCASH_OPEN_ON_START asks.
say "starting VS Code (code-server); open the address below in your browser"
exec node scripts/tools/code-server.mjs --no-install -e "SIMCASH_OPEN_ON_START=$sample_db" \
  --label "SimCash sample open in VS Code" "$@" "$samples_dir"
