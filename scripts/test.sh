#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs the pinned npm and pip packages and the
# Debian packages it needs, then runs the Rust, Node and Python tests. Used by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

say() { printf '\n==> %s\n' "$*"; }

# --- Tools -------------------------------------------------------------------------------
say "Debian packages (chromium for the browser test, mold for linking: .cargo/config.toml)"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v mold >/dev/null 2>&1 || missing+=(mold)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
chromium --version
mold --version

say "npm packages (tests/js, pinned by package-lock.json)"
(cd tests/js && npm ci --no-audit --no-fund --loglevel=error)

say "Python packages (.venv, pinned by tests/python/requirements.txt)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r tests/python/requirements.txt
# The mkdocs plugin (integrations/mkdocs, mkdocs-confspec); its build backend, flit_core, is
# pinned above. A venv made before the rename still holds mkdocs-codegen, whose `codegen` entry
# point would compete with the alias of the same name: it goes.
uninstall_old_plugin() {
  if "$1/bin/pip" show -q mkdocs-codegen >/dev/null 2>&1; then
    "$1/bin/pip" uninstall -q -y --disable-pip-version-check mkdocs-codegen
  fi
}
uninstall_old_plugin .venv
.venv/bin/pip install -q --disable-pip-version-check --no-build-isolation --no-deps ./integrations/mkdocs

say "dstack's docs build (.venv-dstack, pinned by tests/python/dstack-site-requirements.txt)"
# dstack 0.18.7 and the mkdocs plugins of its mkdocs.yml, for test_dstack_site.py, which builds
# dstack's docs tree (../shared) with its hook and with the plugin. Apart from .venv: dstack
# needs pydantic 1.
if [ -d ../shared/reference/dstack-docs ]; then
  if [ ! -x .venv-dstack/bin/python ]; then
    python3 -m venv .venv-dstack
  fi
  .venv-dstack/bin/pip install -q --disable-pip-version-check -r tests/python/dstack-site-requirements.txt
  uninstall_old_plugin .venv-dstack
  .venv-dstack/bin/pip install -q --disable-pip-version-check --no-build-isolation --no-deps ./integrations/mkdocs
  export CODEGEN_DSTACK_PYTHON="$root/.venv-dstack/bin/python"
else
  echo "skipped: ../shared/reference/dstack-docs (dstack's docs tree) is not here, so its site is not built"
fi

# The Rust tests find the tools here; with CI=true a test that cannot find its tool fails
# instead of saying it was skipped.
export CODEGEN_NODE_MODULES="$root/tests/js/node_modules"
export CODEGEN_PYTHON="$root/.venv/bin/python"
export CODEGEN_CHROMIUM="$(command -v chromium)"

# --- Tests -------------------------------------------------------------------------------
say "Generated files are up to date"
cargo run -q -p codegen -- --check

say "Breaking changes against ${CODEGEN_DIFF_BASE:-HEAD~1} (codegen diff; acknowledge in codegen-breaking.toml)"
# A pull request's CI sets CODEGEN_DIFF_BASE to its base (e.g. origin/main, fetched); otherwise
# the previous commit. A clone without that history cannot be compared: fetch it (the base
# must be a commit this checkout has).
base="${CODEGEN_DIFF_BASE:-HEAD~1}"
if git rev-parse -q --verify "$base^{commit}" >/dev/null; then
  cargo run -q -p codegen -- diff --against "$base"
elif [ -n "${CODEGEN_DIFF_BASE:-}" ]; then
  echo "CODEGEN_DIFF_BASE=$base is not a commit of this checkout (fetch it)" >&2
  exit 1
else
  echo "no previous commit in this checkout (a shallow clone): nothing to compare with"
fi

say "Rust tests"
# --no-fail-fast: every test binary runs even when one fails, so one run shows every failure.
cargo test --workspace --all-targets -q --no-fail-fast
# `--all-targets` leaves doctests out: the crates' docs and the guide pages whose Rust examples
# run as doctests (site/pages/guide/loading.md) are checked here.
cargo test --workspace --doc -q --no-fail-fast

say "Second project (codegen as a library; ajv, tsc, pydantic on its outputs)"
bash tests/second-project/test.sh

say "Node tests (tsc, ajv, yaml-language-server, chromium)"
(cd tests/js && node --test)

say "Python tests (pydantic, mypy, mkdocs)"
# -rs: a skipped test prints its reason.
.venv/bin/python -m pytest -q -rs tests/python

say "All tests passed"
