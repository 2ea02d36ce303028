"""The second project's pydantic package against Rust, on its examples.

Usage: python agree.py REPORT [REFUSED] (``app-codegen check --format json``; run in the
project).

Every passed example is read back from its page as written (PyYAML), validated by the
generated package (``bindings/python``), and must dump back to
- the example as written (``exclude_unset=True``: what the example set), and
- what Rust gives back for it (the report's ``value``, with every default filled in).
Every example of the REFUSED report that Rust refuses for what it holds (a key, a value) must
be refused by the package too.
Exits 1 naming each disagreement.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path("bindings/python").resolve()))
import app_config  # noqa: E402  (the generated package)


def block_text(example: dict) -> str:
    lines = Path(example["file"]).read_text(encoding="utf-8").split("\n")
    block = lines[example["content_line"] - 1 : example["end_line"] - 1]
    return "\n".join(line[example["indent"] :] for line in block)


def main() -> int:
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    passed = [e for e in report["examples"] if e["status"] == "passed"]
    if not passed:
        print("no passed example in the report", file=sys.stderr)
        return 1
    problems = []
    for example in passed:
        where = f"{example['file']}:{example['line']}"
        written = yaml.safe_load(block_text(example))
        model = getattr(app_config, example["root"])
        try:
            loaded = model.model_validate(written)
        except Exception as err:  # pydantic's ValidationError, reported as is
            problems.append(f"{where}: pydantic rejects it: {err}")
            continue
        as_set = loaded.model_dump(mode="json", by_alias=True, exclude_unset=True)
        if as_set != written:
            problems.append(f"{where}: dumps back as {as_set}, the example is {written}")
        full = loaded.model_dump(mode="json", by_alias=True)
        if full != example["value"]:
            problems.append(f"{where}: pydantic fills in {full}, Rust gives back {example['value']}")
    refused = []
    if len(sys.argv) > 2:
        refused_report = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
        refused = [
            e
            for e in refused_report["examples"]
            if e["status"] == "failed" and any(f["kind"] != "round-trip" for f in e["failures"])
        ]
        if not refused:
            problems.append("no refused example in the second report")
    for example in refused:
        where = f"{example['file']}:{example['line']}"
        model = getattr(app_config, example["root"])
        try:
            model.model_validate(yaml.safe_load(block_text(example)))
        except Exception as err:  # pydantic's ValidationError: refused, as by Rust
            print(f"{where}: pydantic refuses it: {' '.join(str(err).split())}")
        else:
            problems.append(f"{where}: pydantic accepts what Rust refuses")
    for problem in problems:
        print(problem, file=sys.stderr)
    total = len(passed) + len(refused)
    print(f"pydantic: {total - len(problems)} of {total} examples agree with Rust ({len(refused)} refused)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
