#!/usr/bin/env bash
# The mkdocs plugin's cost: one hyperfine run builds the same site (dstack's layout: the seed
# page and dstack's reference pages from ../shared, or the project's own page without it)
# with the codegen plugin and without it (the directives then stay as text).
#
#   bash scripts/bench-mkdocs.sh      # results: target/bench-mkdocs/hyperfine.{md,json}
#
# The plugin runs the debug binary (`cargo build -p codegen`, what it builds by default),
# given as `binary:` so that cargo's own up-to-date check is not timed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v hyperfine >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq hyperfine >/dev/null || { $sudo apt-get update -qq && $sudo apt-get install -y -qq hyperfine >/dev/null; }
fi
[ -x .venv/bin/python ] || { echo ".venv is missing: run scripts/test.sh once"; exit 2; }

cargo build -q -p codegen
out="${CARGO_TARGET_DIR:-target}/bench-mkdocs"
rm -rf "$out"
mkdir -p "$out"
.venv/bin/python - "$out" <<'PY'
import sys
from pathlib import Path

sys.path.insert(0, "tests/python")
from mkdocs_site import DSTACK_LAYOUT, REPO, SHARED, write_site

out = Path(sys.argv[1]).resolve()
reference = SHARED / "reference" / "dstack-pages"
if reference.is_dir():
    pages = {DSTACK_LAYOUT["server-config.yml.md"]: (SHARED / "seed" / "server-config.yml.md").read_text()}
    pages.update({rel: (reference / name).read_text() for name, rel in DSTACK_LAYOUT.items()
                  if name != "server-config.yml.md"})
    style = "compat"
else:
    rel = "reference/server/config.yml.md"
    pages = {rel: (REPO / "site" / "pages" / rel).read_text()}
    style = "default"
plugin = {"root": str(REPO), "binary": str(REPO / "target" / "debug" / "codegen"),
          "style": style, "strict": False}
write_site(out / "with", pages, plugin)
write_site(out / "without", pages, None)
print(f"{len(pages)} pages, style {style}")
PY
echo "==> load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
export NO_MKDOCS_2_WARNING=1
hyperfine --warmup 1 --runs 10 \
  --export-markdown "$out/hyperfine.md" --export-json "$out/hyperfine.json" \
  -n "mkdocs build, without the plugin" ".venv/bin/python -m mkdocs build -q -f $out/without/mkdocs.yml" \
  -n "mkdocs build, with the codegen plugin" ".venv/bin/python -m mkdocs build -q -f $out/with/mkdocs.yml"
