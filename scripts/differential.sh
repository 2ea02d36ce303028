#!/usr/bin/env bash
# The differential run against dstack's own loaders (outside CI): see the site's guide page
# "Agreement with dstack" (site/pages/guide/dstack-agreement.md).
#
#   bash scripts/differential.sh            # every root
#   bash scripts/differential.sh server     # the server configuration only
#   bash scripts/differential.sh dstack     # .dstack.yml and profiles.yml only
#
# Installs dstack 0.18.7, jsonschema and ruamel.yaml into target/differential/venv, builds
# codegen, generates the cases, runs the four judges (dstack, the Rust loader, the JSON Schema,
# the pydantic bindings) and prints the disagreements by class, one minimal config each. Exits 1
# when a disagreement is in no documented class.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/target/differential
here=$root/scripts/differential
which=${1:-all}
mkdir -p "$work"
have_dstack=1
if [ ! -x "$work/venv/bin/python" ] || ! "$work/venv/bin/python" -c 'import dstack, jsonschema, ruamel.yaml' 2>/dev/null; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q jsonschema==4.23.0 ruamel.yaml==0.18.10
  if ! "$work/venv/bin/pip" install -q dstack==0.18.7; then
    echo "differential: dstack 0.18.7 could not be installed from PyPI; our three judges are compared without it" >&2
    have_dstack=0
  fi
fi
python=${CODEGEN_PYTHON:-$root/.venv/bin/python}
cargo build -q -p codegen --manifest-path "$root/Cargo.toml"
codegen=$root/target/debug/codegen
status=0

# One page holding every case as a block marked with its root: the Rust loader judges them all
# in one process (`codegen check --format json`).
page() {
  python3 - "$1" "$2" <<'PY'
import json, sys
cases, out = sys.argv[1], sys.argv[2]
with open(out, "w") as page:
    for case in json.load(open(cases)):
        root = case.get("root", "ServerConfig")
        page.write(f"<!-- codegen: check {root} -->\n```yaml\n" + case["text"].rstrip("\n") + "\n```\n\n")
PY
}

# Judges every case of `$1` (a directory holding cases.json) with the four judges.
judge() {
  page "$1/cases.json" "$1/cases.md"
  "$codegen" --root "$root" check --format json "$1/cases.md" > "$1/rust.json" || true
  rm -f "$1/dstack.json"
  if [ "$have_dstack" = 1 ]; then
    "$work/venv/bin/python" "$here/dstack_judge.py" "$1/cases.json" > "$1/dstack.json"
  fi
  "$work/venv/bin/python" "$here/ours_judge.py" schema "$1/cases.json" "$root" > "$1/schema.json"
  "$python" "$here/ours_judge.py" pydantic "$1/cases.json" "$root" > "$1/pydantic.json"
}

if [ "$which" = all ] || [ "$which" = server ]; then
  mkdir -p "$work/server"
  python3 "$here/generate.py" "$root/schema/tests/fixtures/corpus.json" > "$work/server/cases.json"
  judge "$work/server"
  python3 "$here/compare.py" "$work/server" || status=1
fi

if [ "$which" = all ] || [ "$which" = dstack ]; then
  mkdir -p "$work/dstack"
  # The docs examples: every YAML block of dstack's docs and of this site, with the model the
  # examples check finds for it.
  (cd "$root" && find ../shared/reference/dstack-docs ../shared/reference/dstack-pages site/pages \
      -name '*.md' 2>/dev/null | sort | xargs "$codegen" --root "$root" check --format json) \
    > "$work/dstack/examples.json" || true
  (cd "$root" && "$work/venv/bin/python" "$here/dstack_cases.py" "$work/dstack/examples.json") \
    > "$work/dstack/cases.json"
  judge "$work/dstack"
  python3 "$here/compare_dstack.py" "$work/dstack" || status=1
fi
exit $status
