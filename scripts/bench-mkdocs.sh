#!/usr/bin/env bash
# The mkdocs plugin's cost, in two parts (both by default; name one to run only it):
#
#   bash scripts/bench-mkdocs.sh [build|serve]    # results: target/bench-mkdocs/
#
# build: one hyperfine run builds the same site (dstack's layout: the seed page and dstack's
# reference pages from ../shared, or the project's own page without it) with the mkdocs plugin
# and without it (the directives then stay as text). The plugin runs the debug binary (`cargo
# build -p codegen`, what it builds by default) and the release one (`profile: release`), each
# given as `binary:` so that cargo's own up-to-date check is not timed. A fourth site holds the
# pages already expanded, built without the plugin. Results: hyperfine.{md,json}.
#
# serve: edit -> served page under `mkdocs serve` (scripts/bench-mkdocs/serve.py): a doc comment
# of the model edited, and a field added, ROUNDS times each (5 by default), the page polled until
# it shows the change, for this checkout and for BASELINE (a git revision, HEAD~1 by default) side
# by side in the same run, each with its own target directory (kept in target/bench-mkdocs/serve/,
# so only the first run builds the dependencies). Results: serve/serve.json and a table.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v hyperfine >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq hyperfine >/dev/null || { $sudo apt-get update -qq && $sudo apt-get install -y -qq hyperfine >/dev/null; }
fi
[ -x .venv/bin/python ] || { echo ".venv is missing: run scripts/test.sh once"; exit 2; }
part="${1:-all}"
target="${CARGO_TARGET_DIR:-target}"
out="$target/bench-mkdocs"
mkdir -p "$out"

if [ "$part" = all ] || [ "$part" = serve ]; then
  echo "==> edit -> served page (baseline ${BASELINE:-HEAD~1}, ${ROUNDS:-5} rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
  .venv/bin/python scripts/bench-mkdocs/serve.py "$out/serve" "${BASELINE:-HEAD~1}" "${ROUNDS:-5}" | tee "$out/serve.txt"
fi
[ "$part" = all ] || [ "$part" = build ] || exit 0

cargo build -q -p codegen
cargo build -q --release -p codegen
rm -rf "$out/with-debug" "$out/with-release" "$out/without" "$out/pre-expanded"
.venv/bin/python - "$out" "$target" <<'PY'
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, "tests/python")
from mkdocs_site import DSTACK_LAYOUT, REPO, SHARED, write_site

out = Path(sys.argv[1]).resolve()
target = Path(sys.argv[2]).resolve()
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
for profile in ("debug", "release"):
    plugin = {"root": str(REPO), "binary": str(target / profile / "codegen"),
              "style": style, "strict": False}
    write_site(out / f"with-{profile}", pages, plugin)
write_site(out / "without", pages, None)
# The same pages already expanded (what the plugin hands to mkdocs), built without the plugin:
# the cost of rendering the longer pages, apart from the plugin's.
names = [f"docs/{rel}" for rel in pages]
batch = json.loads(subprocess.run(
    [str(target / "release" / "codegen"), "--root", str(REPO), "expand", "--format", "json",
     "--style", style, "--", *names],
    cwd=out / "with-release", capture_output=True, text=True).stdout)
write_site(out / "pre-expanded", {rel: p["text"] for rel, p in zip(pages, batch["pages"])}, None)
print(f"{len(pages)} pages, style {style}")
PY
echo "==> load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
export NO_MKDOCS_2_WARNING=1
hyperfine --warmup 2 --runs 20 \
  --export-markdown "$out/hyperfine.md" --export-json "$out/hyperfine.json" \
  -n "mkdocs build, without the plugin" ".venv/bin/python -m mkdocs build -q -f $out/without/mkdocs.yml" \
  -n "mkdocs build, without the plugin, pages pre-expanded" ".venv/bin/python -m mkdocs build -q -f $out/pre-expanded/mkdocs.yml" \
  -n "mkdocs build, with the plugin (debug codegen)" ".venv/bin/python -m mkdocs build -q -f $out/with-debug/mkdocs.yml" \
  -n "mkdocs build, with the plugin (release codegen)" ".venv/bin/python -m mkdocs build -q -f $out/with-release/mkdocs.yml"
