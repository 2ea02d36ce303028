#!/usr/bin/env bash
# The differential run against dstack's own loader (outside CI): see README.md, "Differential run".
# Installs dstack 0.18.7 and jsonschema into target/differential/venv, builds codegen, generates
# configs from the shared corpus, runs the four judges and prints the disagreements by class.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/target/differential
here=$root/scripts/differential
mkdir -p "$work"
have_dstack=1
if [ ! -x "$work/venv/bin/python" ] || ! "$work/venv/bin/python" -c 'import dstack, jsonschema' 2>/dev/null; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q jsonschema==4.23.0
  if ! "$work/venv/bin/pip" install -q dstack==0.18.7; then
    echo "differential: dstack 0.18.7 could not be installed from PyPI; our three judges are compared without it" >&2
    have_dstack=0
  fi
fi
python=${CODEGEN_PYTHON:-$root/.venv/bin/python}
cargo build -q -p codegen --manifest-path "$root/Cargo.toml"
python3 "$here/generate.py" "$root/schema/tests/fixtures/corpus.json" > "$work/cases.json"
# The Rust loader, in one batch: every case a block of one page, checked as a ServerConfig.
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
with open(f"{work}/cases.md", "w") as page:
    for case in json.load(open(f"{work}/cases.json")):
        page.write("<!-- codegen: check ServerConfig -->\n```yaml\n" + case["text"] + "\n```\n\n")
PY
"$root/target/debug/codegen" --root "$root" check --format json "$work/cases.md" > "$work/rust.json" || true
rm -f "$work/dstack.json"
if [ "$have_dstack" = 1 ]; then
  "$work/venv/bin/python" "$here/dstack_judge.py" "$work/cases.json" > "$work/dstack.json"
fi
"$work/venv/bin/python" "$here/ours_judge.py" schema "$work/cases.json" "$root" > "$work/schema.json"
"$python" "$here/ours_judge.py" pydantic "$work/cases.json" "$root" > "$work/pydantic.json"
python3 "$here/compare.py" "$work"
