#!/usr/bin/env bash
# Runs one fuzz target for a while (libFuzzer through cargo-fuzz):
#
#   scripts/fuzz.sh TARGET [SECONDS]      # default 120 s; TARGET: markdown_scan, pages_expand,
#                                         # examples_check, yaml_load (see fuzz/harness.rs)
#   MERGE=1 scripts/fuzz.sh TARGET        # fold inputs that add coverage into fuzz/corpus/TARGET
#
# Needs `cargo install cargo-fuzz` (0.13). The committed seed corpus (fuzz/corpus/TARGET) is read,
# new inputs go to fuzz/work/TARGET (not committed), crashes to fuzz/artifacts/TARGET. CI does
# not fuzz: `cargo test -p codegen --test fuzz_corpus` replays the committed corpus.
# RUSTC_BOOTSTRAP=1 lets the stable toolchain build with the sanitizer flags cargo-fuzz needs.
set -euo pipefail
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-120}
cd "$(dirname "$0")/../fuzz"
export RUSTC_BOOTSTRAP=1
mkdir -p "work/$target" "corpus/$target"
if [[ "${MERGE:-0}" == 1 ]]; then
  exec cargo fuzz run -O "$target" "corpus/$target" "work/$target" -- -merge=1
fi
# -timeout: an input taking over 10 s is a hang; -rss_limit_mb: over 2 GB is a blow-up.
exec cargo fuzz run -O "$target" "work/$target" "corpus/$target" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
