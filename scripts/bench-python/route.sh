#!/usr/bin/env bash
# The Python route, as scripts/bench-python.sh times it: what a team on dstack's own tooling runs
# for the surface `codegen` covers in one job. The tools are installed in WORK by bench-python.sh.
#
#   route.sh WORK all         # the four steps below in turn
#   route.sh WORK schemas     # the JSON Schemas of the three roots (dstack's pydantic models)
#   route.sh WORK python      # Python bindings: datamodel-code-generator on each schema
#   route.sh WORK typescript  # TypeScript bindings: json-schema-to-typescript on each schema
#   route.sh WORK pages       # dstack's #SCHEMA# hook over the nine reference pages
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$1
step=$2
hook="$here/../../../shared/reference/dstack-docs/scripts/docs/gen_schema_reference.py"
out="$work/out"
roots=(server-config configuration profiles)

schemas() { "$work/venv-dstack/bin/python" "$here/dstack_schemas.py" "$out/schemas"; }
python() {
  mkdir -p "$out/python"
  for root in "${roots[@]}"; do
    "$work/venv-datamodel/bin/datamodel-codegen" --input "$out/schemas/$root.json" \
      --input-file-type jsonschema --output-model-type pydantic_v2.BaseModel \
      --output "$out/python/${root//-/_}.py"
  done
}
typescript() {
  mkdir -p "$out/typescript"
  for root in "${roots[@]}"; do
    "$work/node/node_modules/.bin/json2ts" -i "$out/schemas/$root.json" -o "$out/typescript/$root.d.ts"
  done
}
pages() { "$work/venv-dstack/bin/python" "$here/dstack_hook.py" "$hook" "$work/site/docs" "$out/pages"; }

case "$step" in
  all) schemas; python; typescript; pages ;;
  schemas | python | typescript | pages) "$step" ;;
  *) echo "route.sh: unknown step '$step' (all, schemas, python, typescript, pages)" >&2; exit 2 ;;
esac
