"""Runs dstack's docs hook (`scripts/docs/gen_schema_reference.py` of dstack's docs) on one page,
without mkdocs: the hook's own functions and pattern, with `mkdocs_gen_files` and `mkdocs`
stubbed. Needs dstack (the differential venv has it). Produces the expected outputs of the compat
fixtures that CI checks without dstack:

    target/differential/venv/bin/python scripts/differential/run_hook.py \
        ../shared/reference/dstack-docs/scripts/docs/gen_schema_reference.py \
        < codegen/tests/fixtures/pages/blank-lines.md \
        > codegen/tests/fixtures/pages/hook/blank-lines.md
"""
import sys, types, re
for name in ["mkdocs_gen_files", "mkdocs", "mkdocs.structure", "mkdocs.structure.files"]:
    sys.modules[name] = types.ModuleType(name)
sys.modules["mkdocs_gen_files"].files = []
sys.modules["mkdocs.structure.files"].File = object
src = open(sys.argv[1]).read()
ns = {"__name__": "hook"}
exec(compile(src, sys.argv[1], "exec"), ns)
text = sys.stdin.read()
# The hook's own pattern, read from its source (its loop over mkdocs' files holds it).
pattern = re.search(r're\.sub\(\s*r"([^"]+)",\s*sub_schema_reference', src).group(1)
text = re.sub(pattern, ns["sub_schema_reference"], text)
sys.stdout.write(text)
