"""Validates many JSON documents against the types of a generated pydantic package, in one process.

Usage: python shapes_check.py INPUT OUTPUT

INPUT holds::

    {"package_dir": "DIR", "module": "NAME",
     "cases": [{"id": "Tree#valid3", "type": "Tree", "json": "<the document, as JSON text>"}]}

``type`` is the name of a class or alias of ``NAME.models``. Each document is validated as data
read from a file (``TypeAdapter(type).validate_json(text, by_name=False)``: keys must be the
data's, never the Python attribute names), and an accepted one is dumped back with
``dump_python(mode="json", by_alias=True, exclude_unset=True)``.

OUTPUT receives ``{"results": {id: {"valid": true, "dump": <JSON>} | {"valid": false,
"error": "first error"}}}``. The caller (codegen/tests/shapes.rs) compares the verdicts and the
dumps with serde's; this script judges nothing itself. It exits non-zero only when it cannot
run (no such module or type).
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from pydantic import TypeAdapter, ValidationError


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    sys.path.insert(0, spec["package_dir"])
    models = importlib.import_module(spec["module"] + ".models")
    adapters: dict[str, TypeAdapter[Any]] = {}
    results: dict[str, Any] = {}
    for case in spec["cases"]:
        name = case["type"]
        if name not in adapters:
            if not hasattr(models, name):
                print(f"the package has no type {name!r}", file=sys.stderr)
                return 2
            adapters[name] = TypeAdapter(getattr(models, name))
        adapter = adapters[name]
        try:
            value = adapter.validate_json(case["json"], by_name=False)
        except ValidationError as error:
            first = error.errors()[0]
            location = ".".join(str(part) for part in first["loc"])
            results[case["id"]] = {"valid": False, "error": f"{location}: {first['msg']}"}
            continue
        dump = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
        results[case["id"]] = {"valid": True, "dump": dump}
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump({"results": results}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
