#!/usr/bin/env bash
# The second project: confspec used as a library by a crate of its own (README "Use it with your
# own types"). Builds it, runs its job and checks what the job wrote with the real tools:
# ajv (its schema on its examples), tsc (its TypeScript, the examples typed), pydantic (its
# package on its examples, agreeing with Rust), the examples check's defaults rule, every error
# of an example at its own position, and the YAML 1.1 guard as a setting of the project.
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

# Every error of an example, each at its own line and column: three here, two of them inside
# the storage its `type` chooses (a serde-tagged union). pydantic reports each of them too.
set +e
"$bin" check bad/three-errors.md > "$tmp/three.txt"
code=$?
set -e
[ "$code" = 1 ] || fail "bad/three-errors.md: exit $code, not 1"
cat > "$tmp/three-expected.txt" <<'TXT'
bad/three-errors.md:10:7: error: port: expected an integer (u16), found string "http"
bad/three-errors.md:13:11: error: storage.bucket: expected a string, found integer `5`
bad/three-errors.md:14:3: error: storage.regoin: unknown key `regoin`, expected one of `bucket`, `region` (did you mean `region`?)

file                 blocks  passed  failed  not checked
bad/three-errors.md       1       0       1            0
total                     1       0       1            0
1 YAML example: 1 checked, 0 passed, 1 failed, 0 not checked
TXT
diff -u "$tmp/three-expected.txt" "$tmp/three.txt" || fail "bad/three-errors.md: not the expected report"
"$bin" check --format json bad/three-errors.md > "$tmp/three.json" || true
"$python" agree.py "$tmp/three.json" || fail "pydantic does not report Rust's errors"

# Markers a user can get wrong: one with a paragraph between it and its block applies to nothing
# (a warning at its line: the block is then checked, and fails); an `expect-error` whose text
# is not the error the block has fails at the marker, naming the error it has. The page's own
# `expect-error` example (pages/app.yml.md) is refused as expected: the job passes with it.
set +e
"$bin" check bad/markers.md > "$tmp/markers.txt"
code=$?
set -e
[ "$code" = 1 ] || fail "bad/markers.md: exit $code, not 1"
cat > "$tmp/markers-expected.txt" <<'TXT'
bad/markers.md:12:1: error: storage: missing required key `path`
bad/markers.md:20:1: error: the block must be refused with an error containing "unknown value", but it is refused with: storage.bucket: unknown key `bucket`, expected one of `path` (fix the example, or the expected text in the marker)
bad/markers.md:5:1: warning: `<!-- codegen: skip -->` applies to no code block, so it is ignored (put it right before the block's fence (blank lines, other comments and the opening `<div ...>` that wraps the block may stand between), or remove it)

file            blocks  passed  failed  not checked
bad/markers.md       2       0       2            0
total                2       0       2            0
2 YAML examples: 2 checked, 0 passed, 2 failed, 0 not checked; 1 warning
TXT
diff -u "$tmp/markers-expected.txt" "$tmp/markers.txt" || fail "bad/markers.md: not the expected report"
grep -q '"status": "refused"' "$tmp/report.json" \
  && grep -q '"expected_error": "unknown key `bucket`"' "$tmp/report.json" \
  || fail "the page's expect-error example is not reported as refused"
"$bin" check pages/app.yml.md > "$tmp/app.txt" || fail "pages/app.yml.md fails: $(cat "$tmp/app.txt")"
grep -qx 'pages/app.yml.md:65:1: note: refused as expected: storage.bucket: unknown key `bucket`, expected one of `path`' "$tmp/app.txt" \
  || fail "the text report does not say the mistake is refused as expected: $(cat "$tmp/app.txt")"

# YAML 1.1: this project's files are YAML 1.2, where `on` is a string; with the guard on
# ([load.yaml11] of codegen.toml), `on` is refused, the message naming the reader the project
# names, never another project's.
mkdir -p "$tmp/yaml11/pages"
cp codegen.toml "$tmp/yaml11/"
printf '```yaml\nname: shop\nstorage:\n  type: local\n  path: /srv\nlabels:\n  debug: on\n```\n' \
  > "$tmp/yaml11/pages/on.md"
"$bin" --root "$tmp/yaml11" check "$tmp/yaml11/pages/on.md" > "$tmp/on.txt" \
  || fail "YAML 1.2 \`on\` is refused without the guard: $(cat "$tmp/on.txt")"
printf '\n[load.yaml11]\nreader = "the ops team'"'"'s PyYAML scripts"\n' >> "$tmp/yaml11/codegen.toml"
set +e
"$bin" --root "$tmp/yaml11" check "$tmp/yaml11/pages/on.md" > "$tmp/on.txt"
code=$?
set -e
[ "$code" = 1 ] || fail "the YAML 1.1 guard: exit $code, not 1"
grep -q "labels.debug: \`on\` is the boolean \`true\` in YAML 1.1 (the ops team's PyYAML scripts) and a string in YAML 1.2" "$tmp/on.txt" \
  || fail "the YAML 1.1 guard's message: $(cat "$tmp/on.txt")"
! grep -qi dstack "$tmp/on.txt" "$tmp/three.txt" || fail "dstack named in another project's errors"

# Mistakes inside a union's variant (a key of another kind of storage, a missing key, an
# unknown kind): Rust refuses each, and so must ajv, tsc and pydantic.
set +e
"$bin" check --format json bad/wrong-storage.md > "$tmp/refused.json"
code=$?
set -e
[ "$code" = 1 ] || fail "bad/wrong-storage.md: exit $code, not 1"

# ajv and tsc on the schema and the TypeScript, pydantic on the Python package.
node agree.mjs "$tmp/report.json" "$tmp/refused.json" || fail "ajv disagrees"
"$CODEGEN_NODE_MODULES/.bin/tsc" -p typed || fail "tsc disagrees on the typed examples"
"$CODEGEN_NODE_MODULES/.bin/tsc" -p bindings/typescript || fail "tsc refuses the package"
"$python" agree.py "$tmp/report.json" "$tmp/refused.json" || fail "pydantic disagrees with Rust"

# One class per union member: the union's variants are the structs' own classes.
grep -q '^class StorageLocal\|^class StorageS3' bindings/python/app_config/models.py \
  && fail "the Python package has a class per variant besides the structs' classes"
grep -qF '| (LocalStorage & { type: "local" })' bindings/typescript/index.d.ts \
  || fail "the TypeScript union does not use the LocalStorage interface"

# An editor on the schema (yaml-language-server): a mistake inside a variant is named there.
node editor.mjs || fail "yaml-language-server disagrees"
# A user's mistakes, each in a copy of the project: renamed (package and binary), so that its
# build shares the target directory without replacing this project's binary.
copy=$tmp/copy
mkdir -p "$copy"
cp -r Cargo.toml Cargo.lock build.rs codegen.toml src pages "$copy"/
sed -i -e 's/^name = "app-config"$/name = "app-config-copy"/' \
  -e "s|path = \"\\.\\./\\.\\./|path = \"$root/|" "$copy/Cargo.toml"
mv "$copy/src/bin/app-codegen.rs" "$copy/src/bin/app-copy-codegen.rs"
cp "$copy/src/lib.rs" "$tmp/lib.rs"

# A model type in a private module that no `pub use` re-exports: the build fails at the type,
# naming the module and both ways out (not with rustc's E0603 inside OUT_DIR).
printf '\nmod hidden;\n' >> "$copy/src/lib.rs"
declared=$(wc -l < "$copy/src/lib.rs")
cat > "$copy/src/hidden.rs" <<'RS'
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A setting the crate keeps to itself.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Hidden {
    /// Its value.
    pub value: u8,
}
RS
if (cd "$copy" && cargo build --offline -q 2> "$tmp/private.txt"); then
  fail "a model type in a private module builds"
fi
grep -qF "error: src/hidden.rs:6: model type \`Hidden\` is in the private module \`hidden\` (declared at src/lib.rs:$declared), so the codegen binary, another crate, cannot name it: make the module public (\`pub mod hidden\`) or re-export the type from a public module (\`pub use hidden::Hidden;\` in src/lib.rs)" "$tmp/private.txt" \
  || fail "the private module's error: $(cat "$tmp/private.txt")"
! grep -q E0603 "$tmp/private.txt" || fail "rustc's E0603 reaches the user: $(cat "$tmp/private.txt")"
rm "$copy/src/hidden.rs"
cp "$tmp/lib.rs" "$copy/src/lib.rs"

# A field without a doc comment: an error at the field (exit 1), a warning with the setting.
field_line=$(grep -n '    /// The directory.' "$copy/src/lib.rs" | cut -d: -f1)
sed -i "${field_line}d" "$copy/src/lib.rs"
(cd "$copy" && cargo build --offline -q) || fail "the copy does not build"
copy_bin=$CARGO_TARGET_DIR/debug/app-copy-codegen
set +e
(cd "$copy" && "$copy_bin" -q 2> "$tmp/undocumented.txt")
code=$?
set -e
[ "$code" = 1 ] || fail "an undocumented field exits $code, not 1"
cat > "$tmp/undocumented-expected.txt" <<TXT
src/lib.rs:$field_line: error: field \`path\` of \`LocalStorage\` has no doc comment: the schemas, the reference and the packages would show it without a description
  hint: write a \`///\` comment above the field; or, in codegen.toml, list it in [model] allow-undocumented ("LocalStorage.path") or set [model] undocumented-fields = "warning"
TXT
diff -u "$tmp/undocumented-expected.txt" "$tmp/undocumented.txt" \
  || fail "an undocumented field: not the expected report"
printf '\n[model]\nundocumented-fields = "warning"\n' >> "$copy/codegen.toml"
(cd "$copy" && "$copy_bin" 2> "$tmp/warned.txt") || fail "an undocumented field at the level warning fails: $(cat "$tmp/warned.txt")"
grep -qF "src/lib.rs:$field_line: warning: field \`path\` of \`LocalStorage\` has no doc comment" "$tmp/warned.txt" \
  || fail "no warning for the undocumented field: $(cat "$tmp/warned.txt")"

echo "second project: all checks passed"
