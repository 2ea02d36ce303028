#!/usr/bin/env bash
# The second project: confspec used as a library by a crate of its own (README "Use it with your
# own types"). Builds it, runs its job and checks what the job wrote with the real tools:
# ajv (its schema on its examples), tsc (its TypeScript, the examples typed), pydantic (its
# package on its examples, agreeing with Rust), and the examples check's defaults rule.
#
# Run by scripts/test.sh after the workspace is built: the build shares the workspace's target
# directory (CARGO_TARGET_DIR) and works offline from this project's Cargo.lock.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export CODEGEN_NODE_MODULES=${CODEGEN_NODE_MODULES:-$root/tests/js/node_modules}
python=${CODEGEN_PYTHON:-$root/.venv/bin/python}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
cd "$here"

fail() { echo "second project: $*" >&2; exit 1; }

# --offline, not --locked: a dependency confspec gained since the lockfile was written is taken
# from the local crate cache (the workspace's build fetched it) instead of failing the build.
cargo build --offline -q
bin=$CARGO_TARGET_DIR/debug/app-codegen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The job from nothing, then byte-stable.
rm -rf schemas docs bindings typed
"$bin" -q || fail "the job fails"
"$bin" -q --check || fail "--check fails right after the job"
for file in schemas/app-config.json docs/app.yml.md bindings/typescript/index.d.ts \
  bindings/python/app_config/models.py; do
  [ -s "$file" ] || fail "the job did not write $file"
done

# The reference page expands with no errors, and no directive is left unexpanded.
"$bin" expand pages/app.yml.md > "$tmp/expanded.md" || fail "expand fails"
! grep -q '#SCHEMA#' "$tmp/expanded.md" || fail "a directive is left in the expanded page"
cmp -s "$tmp/expanded.md" docs/app.yml.md || fail "expand and the job disagree on the page"
"$bin" schema AppConfig | cmp -s - schemas/app-config.json || fail "codegen schema differs"

# Generated headers name this project's refresh command ([project] refresh).
grep -q 'cargo run --bin app-codegen' bindings/typescript/index.d.ts \
  || fail "the TypeScript header does not name the project's refresh command"
grep -q 'cargo run --bin app-codegen' bindings/python/app_config/models.py \
  || fail "the Python header does not name the project's refresh command"

# A type that is not registered: exit 2, saying how types get registered.
set +e
"$bin" schema NotAType > /dev/null 2> "$tmp/unknown.txt"
code=$?
set -e
[ "$code" = 2 ] || fail "an unknown type exits $code, not 2"
grep -q 'confspec_build::scan' "$tmp/unknown.txt" || fail "no registration hint: $(cat "$tmp/unknown.txt")"
printf '# Page\n\n#SCHEMA# NotAType\n' > "$tmp/unknown.md"
set +e
"$bin" expand "$tmp/unknown.md" > /dev/null 2> "$tmp/unknown.txt"
code=$?
set -e
[ "$code" = 1 ] || fail "a directive naming an unknown type exits $code, not 1"
grep -q "unknown.md:3:10: error: unknown type \`NotAType\`" "$tmp/unknown.txt" \
  && grep -q 'confspec_build::scan' "$tmp/unknown.txt" \
  || fail "the unknown directive's error: $(cat "$tmp/unknown.txt")"

# The defaults rule: the page's examples, which omit defaulted fields (and one writes a default
# out), pass (the job above checked them); values that do not load back fail at their line.
"$bin" check --format json > "$tmp/report.json" || fail "the page's examples fail"
set +e
"$bin" check bad/wrong-value.md > "$tmp/bad.txt"
code=$?
set -e
[ "$code" = 1 ] || fail "bad/wrong-value.md: exit $code, not 1"
cat > "$tmp/bad-expected.txt" <<'TXT'
bad/wrong-value.md:9:1: error: timeout: the model changes the value: the example has `30` (integer), the model writes back `30.0` (float)
bad/wrong-value.md:23:12: error: log_level: unknown value `loud`, expected one of `error`, `info`, `debug`

file                blocks  passed  failed  not checked
bad/wrong-value.md       2       0       2            0
total                    2       0       2            0
2 YAML examples: 2 checked, 0 passed, 2 failed, 0 not checked
TXT
diff -u "$tmp/bad-expected.txt" "$tmp/bad.txt" || fail "bad/wrong-value.md: not the expected report"

# ajv and tsc on the schema and the TypeScript, pydantic on the Python package.
node agree.mjs "$tmp/report.json" || fail "ajv disagrees"
"$CODEGEN_NODE_MODULES/.bin/tsc" -p typed || fail "tsc refuses the typed examples"
"$CODEGEN_NODE_MODULES/.bin/tsc" -p bindings/typescript || fail "tsc refuses the package"
"$python" agree.py "$tmp/report.json" || fail "pydantic disagrees with Rust"
echo "second project: all checks passed"
