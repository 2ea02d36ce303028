#!/usr/bin/env bash
# Builds the docs site from a fresh clone into site/build/:
#   1. `cargo run -p codegen` expands site/pages/ into site/docs/ (mkdocs' docs_dir) and writes the
#      JSON Schema there;
#   2. the pinned mkdocs (tests/python/requirements.txt) is installed into .venv if needed;
#   3. `mkdocs build --strict` builds the site: any warning (broken link or anchor, missing page)
#      fails the build.
# Preview it with `python3 -m http.server -d site/build` (or `.venv/bin/mkdocs serve -f site/mkdocs.yml`
# after step 1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# mkdocs-material prints a banner about its successor on every build.
export NO_MKDOCS_2_WARNING=1

cargo run -q -p codegen

# The pinned mkdocs, mkdocs-material and pymdown-extensions (a no-op when already installed).
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r tests/python/requirements.txt

if [ ! -f site/docs/index.md ]; then
  echo "site.sh: site/docs/index.md is missing: the pages stage of codegen did not expand site/pages/ into site/docs/" >&2
  exit 1
fi

.venv/bin/mkdocs build --strict -f site/mkdocs.yml -d "$root/site/build"
echo "site.sh: built $root/site/build (open site/build/index.html, or serve it: python3 -m http.server -d site/build)"
