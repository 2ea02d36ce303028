#!/usr/bin/env bash
# codegen's whole job beside the Python route on the same surface, in one hyperfine run.
#
# The Python route (scripts/bench-python/route.sh) is what a team on dstack's own tooling runs
# for what `codegen` does in one job, each tool run as its users run it:
#   - the JSON Schemas of the three roots (the server config, the `.dstack.yml` configuration
#     union, profiles.yml) from dstack 0.18.7's own pydantic models, as dstack's CI makes its
#     editor schemas (`schema_json()`);
#   - Python bindings: datamodel-code-generator on each of those schemas;
#   - TypeScript bindings: json-schema-to-typescript (npm) on each of those schemas;
#   - the reference pages: dstack's `#SCHEMA#` hook (../shared/reference/dstack-docs/scripts/docs/
#     gen_schema_reference.py, a mkdocs-gen-files script) over dstack's nine reference pages,
#     run as the gen-files plugin runs it; its output must equal the recorded
#     ../shared/reference/dstack-pages/*.expanded.md before anything is timed.
# codegen's side is the release binary: `codegen --check` (the whole job: three schemas, every
# page of the site, every YAML example checked, TypeScript and Python packages for the three
# roots), and `codegen expand --style compat` of the same nine pages, beside `codegen --version`.
#
#   bash scripts/bench-python.sh     # tables in target/bench-python/report.md
#
# Every tool is pinned (scripts/bench-python/requirements-*.txt, package-lock.json) and installed
# from the registries under target/bench-python/. Without python3 or npm, or without ../shared
# (dstack's pages and hook), the script stops and says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
here="$root/scripts/bench-python"
shared="$root/../shared"

target="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target/bench-python"
work="$(cd "$target/bench-python" && pwd)"

for tool in python3 npm node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-python: $tool is needed for the Python route" >&2; exit 2; }
done
[ -d "$shared/reference/dstack-pages" ] || {
  echo "bench-python: ../shared (dstack's pages and hook) is not beside the checkout" >&2; exit 2; }
if ! command -v hyperfine >/dev/null 2>&1; then
  echo "==> installing hyperfine (Debian package)"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -qq hyperfine >/dev/null || { $sudo apt-get update -qq && $sudo apt-get install -y -qq hyperfine >/dev/null; }
fi

echo "==> cargo build --release -p codegen"
cargo build --release -q -p codegen
bin="$(cd "$target/release" && pwd)/codegen"
"$bin" -q --check

# --- The Python route's tools, pinned --------------------------------------------------------
venv() {  # venv NAME REQUIREMENTS: a virtualenv holding exactly the pinned packages
  local dir="$work/$1" stamp="$work/$1/.requirements"
  if [ ! -x "$dir/bin/python" ] || ! cmp -s "$2" "$stamp"; then
    echo "==> $1: pip install -r ${2#"$root"/}"
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check -r "$2"
    cp "$2" "$stamp"
  fi
}
venv venv-dstack "$here/requirements-dstack.txt"
venv venv-datamodel "$here/requirements-datamodel.txt"
if [ ! -x "$work/node/node_modules/.bin/json2ts" ] || ! cmp -s "$here/package-lock.json" "$work/node/package-lock.json"; then
  echo "==> npm ci (json-schema-to-typescript, scripts/bench-python/package-lock.json)"
  rm -rf "$work/node"
  mkdir -p "$work/node"
  cp "$here/package.json" "$here/package-lock.json" "$work/node/"
  (cd "$work/node" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- dstack's nine reference pages, where dstack's docs tree keeps them ------------------------
# (the hook edits docs/reference/**.md of its docs_dir)
rm -rf "$work/site" "$work/out"
declare -A layout=(
  [server-config.yml.md]=reference/server/config.yml.md
  [dev-environment.md]=reference/dstack.yml/dev-environment.md
  [task.md]=reference/dstack.yml/task.md
  [service.md]=reference/dstack.yml/service.md
  [fleet.md]=reference/dstack.yml/fleet.md
  [gateway.md]=reference/dstack.yml/gateway.md
  [volume.md]=reference/dstack.yml/volume.md
  [profiles.yml.md]=reference/profiles.yml.md
  [api-python-index.md]=reference/api/python/index.md
)
pages=()
for name in "${!layout[@]}"; do
  source="$shared/reference/dstack-pages/$name"
  [ "$name" = server-config.yml.md ] && source="$shared/seed/server-config.yml.md"
  dest="$work/site/docs/docs/${layout[$name]}"
  mkdir -p "$(dirname "$dest")"
  cp "$source" "$dest"
  pages+=("$dest")
done

# --- Each command works before it is timed -----------------------------------------------------
echo "==> one run of the Python route (its output checked)"
: > "$work/stderr.log"
bash "$here/route.sh" "$work" all 2>>"$work/stderr.log" || {
  echo "the Python route failed (see $work/stderr.log)" >&2; exit 1; }
for name in "${!layout[@]}"; do
  cmp -s "$work/out/pages/docs/${layout[$name]}" "$shared/reference/dstack-pages/${name%.md}.expanded.md" || {
    echo "dstack's hook did not reproduce ${name%.md}.expanded.md" >&2; exit 1; }
done
for root_name in server-config configuration profiles; do
  [ -s "$work/out/python/${root_name//-/_}.py" ] && [ -s "$work/out/typescript/$root_name.d.ts" ] || {
    echo "no bindings for $root_name" >&2; exit 1; }
done
expand=("$bin" --root "$root" expand --format json --style compat -- "${pages[@]}")
"${expand[@]}" > "$work/codegen-expand.json" 2>>"$work/stderr.log" || {
  echo "codegen expand failed (see $work/stderr.log)" >&2; exit 1; }

# --- One hyperfine run ------------------------------------------------------------------------
names=("codegen --version" "codegen --check (the whole job)" "codegen expand --style compat (the nine pages)"
  "python -c pass" "Python route: schemas" "Python route: Python bindings" "Python route: TypeScript bindings"
  "Python route: the hook over the nine pages" "Python route, in turn (all four)")
commands=("$bin --version" "$bin --check" "${expand[*]}"
  "$work/venv-dstack/bin/python -c pass")
for step in schemas python typescript pages all; do
  commands+=("bash $here/route.sh $work $step")
done
args=()
for i in "${!commands[@]}"; do
  args+=(--command-name "${names[$i]}" "${commands[$i]}")
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "==> hyperfine (load average: $load_before, $(nproc) cores)"
hyperfine --shell=none --warmup 2 --min-runs 10 --export-json "$work/hyperfine.json" \
  --export-markdown "$work/hyperfine.md" "${args[@]}" 2>&1 | grep -E "^Benchmark|Time \(|Range" || true
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# codegen's stages in process, on one core (taskset), where the stages run in turn: on more,
# they run side by side and each stage's time includes waiting for the core another holds.
one_core=()
command -v taskset >/dev/null 2>&1 && one_core=(taskset -c 0)
for _ in $(seq 30); do "${one_core[@]}" "$bin" -v --check 2>&1; done > "$work/stages.txt"

python3 - "$work" "$load_before" "$load_after" <<'EOF'
import json, re, statistics, sys
work, load_before, load_after = sys.argv[1:4]
runs = {r["command"]: r for r in json.load(open(f"{work}/hyperfine.json"))["results"]}
med = lambda name: runs[name]["median"] * 1e3
lines = [f"One hyperfine run; load average {load_before} before, {load_after} after.", "",
         "| command | median (ms) | user + sys (ms) | runs |", "|---|---:|---:|---:|"]
for name, r in runs.items():
    lines.append(f"| {name} | {med(name):.1f} | {(r['user'] + r['system']) * 1e3:.1f} | {len(r['times'])} |")
job = "codegen --check (the whole job)"
lines += ["", "| comparison | Python route | codegen | ratio |", "|---|---:|---:|---:|"]
def ratio(label, theirs, ours):
    lines.append(f"| {label} | {med(theirs):,.0f} ms | {med(ours):.1f} ms | {med(theirs) / med(ours):,.0f}x |")
ratio("the whole surface, in turn, vs the whole job", "Python route, in turn (all four)", job)
ratio("dstack's hook vs `codegen expand`, the nine pages", "Python route: the hook over the nine pages",
      "codegen expand --style compat (the nine pages)")
lines.append(f"\n`codegen --check` is {med(job) / med('codegen --version'):.1f}x `codegen --version` in the same run.")
stages = {}
for line in open(f"{work}/stages.txt"):
    m = re.match(r"\s+([a-z-]+)\s+([0-9.]+) ms$", line)
    if m:
        stages.setdefault(m.group(1), []).append(float(m.group(2)))
lines += ["", "codegen's stages in process (median of 30 `codegen -v --check` on one core, stages in turn): " + ", ".join(
    f"{k} {statistics.median(v):.2f} ms" for k, v in stages.items())]
text = "\n".join(lines)
open(f"{work}/report.md", "w").write(text + "\n")
print(text)
EOF
