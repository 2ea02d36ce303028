#!/usr/bin/env bash
# Benchmarks. Times are only comparable within one run on one machine: each table has its
# baseline (a command timed beside it) and the load average is printed with it.
#
#   bash scripts/bench.sh            # hyperfine: `codegen --check` (the whole job) and
#                                    # `codegen expand` of the seed page (both styles) vs
#                                    # `codegen --version`
#   bash scripts/bench.sh --all      # and, in the same run: every stage in process and the
#                                    # scaling to 10,000 types (divan, benches/stages.rs), the
#                                    # whole job in process (benches/job.rs), peak memory at
#                                    # 10,000 types (examples/scale.rs under /usr/bin/time -v),
#                                    # the Python route (scripts/bench-python.sh) and a cold
#                                    # debug build of codegen (an empty target directory)
#
# Results: target/bench/ (hyperfine.{md,json}, cold-build.txt, stages.txt, job.txt, scale.txt) and
# target/bench-python/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

install() {
  echo "==> installing $1 (Debian package $2)"
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq "$2" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
  else
    sudo apt-get install -y -qq "$2" >/dev/null || { sudo apt-get update -qq && sudo apt-get install -y -qq "$2" >/dev/null; }
  fi
}
command -v hyperfine >/dev/null 2>&1 || install hyperfine hyperfine
load() { echo "==> load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"; }

echo "==> cargo build --release -p codegen"
cargo build --release -q -p codegen
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release/codegen"
"$bin" -q --check  # a stale checkout would time the failure path

seed=../shared/seed/server-config.yml.md
[ -f "$seed" ] || seed=site/pages/reference/server/config.yml.md

out="$target/bench"
mkdir -p "$out"
load
hyperfine --shell=none --warmup 5 --min-runs 30 \
  --export-markdown "$out/hyperfine.md" \
  --export-json "$out/hyperfine.json" \
  "$bin --version" \
  "$bin --check" \
  "$bin expand --style compat $seed" \
  "$bin expand --style default $seed"

if [ "${1:-}" = "--all" ]; then
  command -v /usr/bin/time >/dev/null 2>&1 || install /usr/bin/time time
  echo "==> cold debug build: cargo build -p codegen into an empty target directory"
  load
  cold="$out/cold-target"
  rm -rf "$cold"
  /usr/bin/time -f "cold debug build: %e s wall, %U s user, %S s sys" \
    env CARGO_TARGET_DIR="$cold" cargo build -q -p codegen 2>&1 | tee "$out/cold-build.txt"
  rm -rf "$cold"
  echo "==> cargo bench -p codegen --bench stages"
  load
  cargo bench -q -p codegen --bench stages | tee "$out/stages.txt"
  echo "==> cargo bench -p codegen --bench job"
  load
  cargo bench -q -p codegen --bench job | tee "$out/job.txt"
  echo "==> peak memory: examples/scale.rs at 1,000 and 10,000 types"
  cargo build --release -q -p codegen --example scale
  load
  for types in 1000 10000; do
    /usr/bin/time -v "$target/release/examples/scale" "$types" --stage job 2>&1 |
      grep -E "types|job|outputs|Maximum resident|Elapsed|User time|System time"
  done | tee "$out/scale.txt"
  echo "==> the Python route"
  bash scripts/bench-python.sh
fi
