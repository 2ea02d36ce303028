#!/usr/bin/env bash
# codegen beside the Python route, on this machine, in one run: each pair of commands is timed
# in the same hyperfine invocation, and the ratios are printed.
#
# The Python route (what a team without codegen would run):
#   - the JSON Schema: pydantic v2's `model_json_schema()` on the models our Python emitter
#     generates (bindings/python), as a process (interpreter start and import included) and
#     in process (after the import);
#   - Python bindings: datamodel-code-generator on our JSON Schema;
#   - TypeScript bindings: json-schema-to-typescript (npm) on our JSON Schema.
# codegen's side: `codegen schema` (one schema), `codegen --check` (the whole job: schema,
# every page, every example, both bindings) and the in-process stage times of `codegen -v`.
#
#   bash scripts/bench-python.sh     # tables in target/bench-python/report.md
#
# Tools are installed from the registries into target/bench-python/ (a venv and a node
# directory of their own, versions pinned below); without python3 or npm that side is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

PYDANTIC=2.14.4
PYDANTIC_CORE=2.50.5
DATAMODEL_CODE_GENERATOR=0.89.0
JSON_SCHEMA_TO_TYPESCRIPT=16.0.0

out="${CARGO_TARGET_DIR:-target}/bench-python"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
schema="site/docs/schemas/server-config.json"

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "==> installing hyperfine (Debian package)"
  apt-get install -y -qq hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
fi

echo "==> cargo build --release -p codegen"
cargo build --release -q -p codegen
bin="$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)/codegen"
"$bin" -q --check

have_python=0
if command -v python3 >/dev/null 2>&1; then
  have_python=1
  if [ ! -x "$out/venv/bin/python" ]; then
    echo "==> python3 -m venv $out/venv"
    python3 -m venv "$out/venv"
  fi
  echo "==> pip install pydantic==$PYDANTIC datamodel-code-generator==$DATAMODEL_CODE_GENERATOR"
  "$out/venv/bin/pip" install -q --disable-pip-version-check \
    "pydantic==$PYDANTIC" "pydantic_core==$PYDANTIC_CORE" \
    "datamodel-code-generator==$DATAMODEL_CODE_GENERATOR"
  "$out/venv/bin/pip" freeze --disable-pip-version-check > "$out/pip-freeze.txt"
else
  echo "python3 not found: the Python side is skipped"
fi

have_node=0
if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
  have_node=1
  if [ ! -x "$out/node/node_modules/.bin/json2ts" ]; then
    echo "==> npm install json-schema-to-typescript@$JSON_SCHEMA_TO_TYPESCRIPT"
    mkdir -p "$out/node"
    (cd "$out/node" && [ -f package.json ] || echo '{"private": true}' > package.json)
    npm install --prefix "$out/node" --no-audit --no-fund --save-exact --silent \
      "json-schema-to-typescript@$JSON_SCHEMA_TO_TYPESCRIPT"
  fi
else
  echo "node/npm not found: json-schema-to-typescript is skipped"
fi

py="$out/venv/bin/python"
import_schema="import json, dstack_server_config as m; json.dumps(m.ServerConfig.model_json_schema())"

commands=("$bin --version" "$bin schema" "$bin --check")
names=("codegen --version" "codegen schema" "codegen --check")
if [ "$have_python" = 1 ]; then
  commands+=("$py -c pass"
    "env PYTHONPATH=bindings/python $py -c '$import_schema'"
    "$out/venv/bin/datamodel-codegen --input $schema --input-file-type jsonschema --output-model-type pydantic_v2.BaseModel --output $out/models.py")
  names+=("python -c pass" "pydantic model_json_schema()" "datamodel-codegen")
fi
if [ "$have_node" = 1 ]; then
  commands+=("$out/node/node_modules/.bin/json2ts -i $schema -o $out/index.d.ts")
  names+=("json2ts")
fi
# Each command must work before it is timed.
for c in "${commands[@]}"; do
  bash -c "$c" >/dev/null 2>>"$out/stderr.log" || { echo "failed: $c (see $out/stderr.log)"; exit 1; }
done

echo "==> load average: $(cut -d' ' -f1-3 /proc/loadavg)"
args=()
for i in "${!commands[@]}"; do
  args+=(--command-name "${names[$i]}" "${commands[$i]}")
done
hyperfine --shell=none --warmup 3 --min-runs 15 --export-json "$out/hyperfine.json" \
  --export-markdown "$out/hyperfine.md" "${args[@]}" 2>&1 | grep -E "^Benchmark|Time \(|Range" || true

# In process: pydantic's model_json_schema() after the import, and codegen's stage times.
inproc_py=""
if [ "$have_python" = 1 ]; then
  inproc_py=$(PYTHONPATH=bindings/python "$py" - <<'EOF'
import json, statistics, time
import dstack_server_config as m
times = []
for _ in range(200):
    start = time.perf_counter()
    json.dumps(m.ServerConfig.model_json_schema())
    times.append(time.perf_counter() - start)
print(f"{statistics.median(times) * 1e3:.3f}")
EOF
)
fi
# On one core (taskset), where codegen runs its stages in turn: on more, they run side by side
# and each stage's time includes waiting for the core another stage holds.
one_core=()
command -v taskset >/dev/null 2>&1 && one_core=(taskset -c 0)
for _ in $(seq 30); do "${one_core[@]}" "$bin" -v --check 2>&1; done > "$out/stages.txt"

python3 - "$out" "$inproc_py" <<'EOF'
import json, re, statistics, sys
out, inproc_py = sys.argv[1], sys.argv[2]
runs = {r["command"]: r for r in json.load(open(f"{out}/hyperfine.json"))["results"]}
stages = {}
for line in open(f"{out}/stages.txt"):
    m = re.match(r"\s+([a-z-]+)\s+([0-9.]+) ms$", line)
    if m:
        stages.setdefault(m.group(1), []).append(float(m.group(2)))
med = lambda name: runs[name]["median"] * 1e3
lines = ["| command | median (ms) | user + sys (ms) |", "|---|---:|---:|"]
for name, r in runs.items():
    lines.append(f"| `{name}` | {r['median'] * 1e3:.1f} | {(r['user'] + r['system']) * 1e3:.1f} |")
lines += ["", "| comparison | Python route | codegen | ratio |", "|---|---:|---:|---:|"]
def ratio(label, theirs, ours, a, b):
    if theirs in runs and ours in runs:
        lines.append(f"| {label} | {med(theirs):.1f} ms ({a}) | {med(ours):.1f} ms ({b}) | {med(theirs) / med(ours):.0f}x |")
ratio("JSON Schema, as a process", "pydantic model_json_schema()", "codegen schema", "`model_json_schema()`", "`codegen schema`")
ratio("Python bindings, as a process", "datamodel-codegen", "codegen --check", "datamodel-codegen", "the whole job")
ratio("TypeScript bindings, as a process", "json2ts", "codegen --check", "json2ts", "the whole job")
if "pydantic model_json_schema()" in runs and "json2ts" in runs and "datamodel-codegen" in runs:
    route = med("pydantic model_json_schema()") + med("datamodel-codegen") + med("json2ts")
    lines.append(f"| schema + both bindings (Python route, in turn) vs the whole job | {route:.1f} ms | {med('codegen --check'):.1f} ms | {route / med('codegen --check'):.0f}x |")
if inproc_py and "json-schema" in stages:
    ours = statistics.median(stages["json-schema"])
    lines.append(f"| JSON Schema, in process | {float(inproc_py):.2f} ms (`model_json_schema()` after import) | {ours:.2f} ms (stage `json-schema`) | {float(inproc_py) / ours:.1f}x |")
lines += ["", "codegen's stages in process (median of 30 `codegen -v --check` on one core, stages in turn): " + ", ".join(
    f"{k} {statistics.median(v):.2f} ms" for k, v in stages.items())]
text = "\n".join(lines)
open(f"{out}/report.md", "w").write(text + "\n")
print(text)
EOF
