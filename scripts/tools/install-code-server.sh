#!/usr/bin/env bash
# Install code-server (a browser-served VS Code) into <repo>/.tools/code-server/,
# outside the extension's own dependencies, so it never ends up in the .vsix.
#
# Works offline apart from the npm registry and Debian's package mirrors:
#   * installs the Debian prerequisites if they are missing (libkrb5-dev for
#     code-server's kerberos module, ripgrep, and a C/C++ toolchain + python3
#     for native modules that have to be built from source);
#   * pre-seeds @vscode/ripgrep's download cache with a tarball made from
#     Debian's /usr/bin/rg, because its postinstall would otherwise fetch a
#     binary from GitHub;
#   * runs `npm install --prefix .tools/code-server code-server@VERSION`.
#
# Idempotent: when the requested version is already installed (a stamp file is
# written only after a complete, successful install) it does nothing.
# Prints the absolute path of the code-server executable on stdout (last line);
# all progress messages go to stderr.
#
# Environment:
#   CODE_SERVER_VERSION   version to install (default 4.100.3)
#   CODE_SERVER_FORCE=1   reinstall even if the stamp says it is installed
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
# @vscode/ripgrep version that code-server's bundled VS Code depends on, and the
# ripgrep-prebuilt release tag its postinstall asks for (lib/postinstall.js).
VSCODE_RIPGREP_VERSION="${VSCODE_RIPGREP_VERSION:-1.15.11}"
RIPGREP_PREBUILT_TAG="${RIPGREP_PREBUILT_TAG:-v13.0.0-10}"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
prefix="$repo_root/.tools/code-server"
stamp="$prefix/.installed-code-server-$CODE_SERVER_VERSION"
bin="$prefix/node_modules/.bin/code-server"

log() { printf '[install-code-server] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

installed_version() {
  local pj="$prefix/node_modules/code-server/package.json"
  [[ -f "$pj" ]] || return 1
  node -p "require(process.argv[1]).version" "$pj" 2>/dev/null
}

# ---------------------------------------------------------------- fast path --
already_installed() {
  [[ "${CODE_SERVER_FORCE:-0}" != "1" && -f "$stamp" && -x "$bin" ]] \
    && [[ "$(installed_version || true)" == "$CODE_SERVER_VERSION" ]]
}
if already_installed; then
  log "code-server $CODE_SERVER_VERSION already installed in $prefix"
  echo "$bin"
  exit 0
fi

# One installer at a time (parallel test jobs may all call this script).
mkdir -p "$repo_root/.tools"
if command -v flock >/dev/null; then
  exec 9>"$repo_root/.tools/code-server.lock"
  flock 9
  if already_installed; then
    log "code-server $CODE_SERVER_VERSION was installed by a concurrent run"
    echo "$bin"
    exit 0
  fi
fi

command -v node >/dev/null || die "node is not on PATH (need Node 20)"
command -v npm >/dev/null || die "npm is not on PATH"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$node_major" != "20" ]]; then
  # code-server 4.100.x declares engines.node = 20 and its postinstall checks it.
  log "warning: code-server $CODE_SERVER_VERSION expects Node 20, found $(node -v)"
fi

# ------------------------------------------------------- apt prerequisites --
missing=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
have_pkg libkrb5-dev || missing+=(libkrb5-dev)
command -v rg >/dev/null || missing+=(ripgrep)
{ command -v make >/dev/null && command -v g++ >/dev/null; } || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
command -v tar >/dev/null || missing+=(tar)
command -v gzip >/dev/null || missing+=(gzip)

if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and apt-get is not available; install them manually"
  sudo_cmd=()
  if [[ "$(id -u)" != "0" ]]; then
    command -v sudo >/dev/null || die "missing ${missing[*]}; run as root or install them manually"
    sudo_cmd=(sudo)
  fi
  log "installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

rg_path="$(command -v rg)" || die "ripgrep (rg) not found after installing prerequisites"

# ------------------------------------------------ seed @vscode/ripgrep cache --
# @vscode/ripgrep's postinstall looks for
#   <os.tmpdir()>/vscode-ripgrep-cache-<pkgVersion>/ripgrep-<tag>-<target>.tar.gz
# and, if present, skips the GitHub download and runs `tar xvf <it> -C bin/`,
# then expects bin/rg. So the tarball must hold `rg` at its top level.
rg_target="$(node -e '
  const a = process.env.npm_config_arch || require("os").arch();
  const t = { x64: "x86_64-unknown-linux-musl", arm64: "aarch64-unknown-linux-musl",
              arm: "arm-unknown-linux-gnueabihf", armv7l: "arm-unknown-linux-gnueabihf",
              ppc64: "powerpc64le-unknown-linux-gnu", s390x: "s390x-unknown-linux-gnu" }[a]
            || "i686-unknown-linux-musl";
  process.stdout.write(t);')"
rg_tag="$RIPGREP_PREBUILT_TAG"
case "$rg_target" in
  arm-unknown-linux-gnueabihf|powerpc64le-unknown-linux-gnu|s390x-unknown-linux-gnu) rg_tag="v13.0.0-4" ;;
esac
tmp_root="$(node -p 'require("os").tmpdir()')"
rg_cache_dir="$tmp_root/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
rg_tarball="$rg_cache_dir/ripgrep-$rg_tag-$rg_target.tar.gz"
if [[ ! -s "$rg_tarball" ]] || ! tar tzf "$rg_tarball" 2>/dev/null | grep -qx 'rg'; then
  log "seeding ripgrep cache $rg_tarball from $rg_path"
  mkdir -p "$rg_cache_dir"
  stage="$(mktemp -d)"
  cp "$rg_path" "$stage/rg"
  chmod 755 "$stage/rg"
  tar czf "$rg_tarball.partial" -C "$stage" rg
  mv "$rg_tarball.partial" "$rg_tarball"
  rm -rf "$stage"
fi

# ------------------------------------------------------- npm install itself --
mkdir -p "$prefix"
if [[ ! -f "$prefix/package.json" ]]; then
  # A private manifest keeps npm from walking up to the repo's package.json.
  cat >"$prefix/package.json" <<'JSON'
{
  "name": "simcash-vscode-tools-code-server",
  "private": true,
  "description": "Tooling only: code-server for running the extension in a real VS Code. Not part of the extension."
}
JSON
fi
rm -f "$prefix"/.installed-code-server-*
# No stamp means no complete install: start clean, because npm would consider
# a half-installed code-server (postinstall failed or interrupted) up to date
# and not run its postinstall again.
rm -rf "$prefix/node_modules" "$prefix/package-lock.json"

log "npm install code-server@$CODE_SERVER_VERSION into $prefix (this takes a few minutes)"
start=$(date +%s)
(
  cd "$prefix"
  # npm_config_yes: never stop at an interactive npx/npm prompt.
  # npm_config_unsafe_perm=true: code-server's postinstall.sh refuses to run as
  # root under npm unless it sees this variable (it is what `--unsafe-perm`
  # sets; npm >= 7 no longer knows the flag and warns about it, but the
  # variable in the environment reaches the script all the same).
  npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --prefix "$prefix" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >&2
)
log "npm install finished in $(( $(date +%s) - start ))s"

[[ "$(installed_version || true)" == "$CODE_SERVER_VERSION" ]] \
  || die "code-server $CODE_SERVER_VERSION is not in $prefix/node_modules after npm install"
[[ -x "$bin" ]] || die "$bin missing after npm install"
# The VS Code server side lives in lib/vscode and gets its dependencies from
# code-server's postinstall; make sure it really ran.
[[ -d "$prefix/node_modules/code-server/lib/vscode/node_modules" ]] \
  || die "code-server postinstall did not install lib/vscode/node_modules"
rg_bundled="$(find "$prefix/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin" -maxdepth 1 -name rg 2>/dev/null | head -n1)"
[[ -n "$rg_bundled" ]] || die "bundled @vscode/ripgrep has no bin/rg (ripgrep cache not used?)"
# Any code-server invocation writes a default config.yaml (with a generated
# password) and a logs folder under XDG dirs; keep this check out of $HOME.
probe_home="$(mktemp -d)"
version_line="$(XDG_CONFIG_HOME="$probe_home" XDG_DATA_HOME="$probe_home" "$bin" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n1)" \
  || { rm -rf "$probe_home"; die "$bin --version failed"; }
rm -rf "$probe_home"

touch "$stamp"
log "installed code-server $version_line"
echo "$bin"
