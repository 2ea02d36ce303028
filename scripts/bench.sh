#!/usr/bin/env bash
# Times the release binary's whole job (`codegen --check`) against a baseline in the same
# hyperfine run (`codegen --version`: process start-up and argument parsing only), so the
# report gives the job's own cost as a ratio. In-process timings: `cargo bench -p codegen`.
#
#   bash scripts/bench.sh            # hyperfine; tables in target/bench/hyperfine.{md,json}
#   bash scripts/bench.sh --all      # and the divan benchmarks (codegen/benches/job.rs)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "==> installing hyperfine (Debian package)"
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
  else
    sudo apt-get install -y -qq hyperfine >/dev/null || { sudo apt-get update -qq && sudo apt-get install -y -qq hyperfine >/dev/null; }
  fi
fi

echo "==> cargo build --release -p codegen"
cargo build --release -q -p codegen
bin="${CARGO_TARGET_DIR:-target}/release/codegen"
"$bin" -q --check  # a stale checkout would time the failure path

out="${CARGO_TARGET_DIR:-target}/bench"
mkdir -p "$out"
hyperfine --shell=none --warmup 5 --min-runs 30 \
  --export-markdown "$out/hyperfine.md" \
  --export-json "$out/hyperfine.json" \
  "$bin --version" \
  "$bin --check"

if [ "${1:-}" = "--all" ]; then
  echo "==> cargo bench -p codegen"
  cargo bench -q -p codegen --bench job
fi
