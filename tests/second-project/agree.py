"""The second project's pydantic package against Rust, on its examples.

Usage: python agree.py REPORT... (``app-codegen check --format json``; run in the project).

Every passed example is read back from its page as written (PyYAML), validated by the
generated package (``bindings/python``), and must dump back to
- the example as written (``exclude_unset=True``: what the example set), and
- what Rust gives back for it (the report's ``value``, with every default filled in).

Every example Rust refuses must be refused by pydantic too, with an error at each place Rust
reports one (the key or value; for a missing key, the mapping that lacks it).
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


# The failures of a refused example that are errors of the document (not of the docs or the tool).
LOAD_KINDS = {"unknown-key", "missing-key", "unknown-value", "wrong-type", "rule", "other"}


def yaml_path(data, loc: tuple) -> str:
    """A pydantic error location as the loader's YAML path: the segments that are keys or indexes
    of the data, in order. Others are skipped: a discriminated union's tag, and a missing key
    (which Rust reports at the mapping that lacks it)."""
    out = ""
    for segment in loc:
        if isinstance(segment, int) and isinstance(data, list) and segment < len(data):
            out += f"[{segment}]"
            data = data[segment]
        elif isinstance(segment, str) and isinstance(data, dict) and segment in data:
            out += ("." if out else "") + segment
            data = data[segment]
    return out


def error_path(data, error: dict) -> str:
    """The YAML path of a pydantic error: its location's, and for a tag naming no member of a
    discriminated union, the tag's key (where Rust reports the unknown value)."""
    path = yaml_path(data, tuple(error["loc"]))
    if error["type"] == "union_tag_invalid":
        key = str(error["ctx"]["discriminator"]).strip("'")
        path = f"{path}.{key}" if path else key
    return path


def refused(example: dict) -> list[str]:
    """The disagreements between pydantic and Rust on an example Rust refuses."""
    where = f"{example['file']}:{example['line']}"
    written = yaml.safe_load(block_text(example))
    model = getattr(app_config, example["root"])
    try:
        model.model_validate(written)
    except Exception as err:  # pydantic's ValidationError
        found = {error_path(written, e) for e in err.errors()}
    else:
        return [f"{where}: pydantic accepts it, Rust refuses it"]
    problems = []
    for failure in example["failures"]:
        if failure["kind"] in LOAD_KINDS and failure["path"] not in found:
            problems.append(
                f"{where}: Rust reports {failure['path']!r} ({failure['message']}), "
                f"pydantic reports {sorted(found)}"
            )
    return problems


def main() -> int:
    passed, failed, refused_on_purpose = [], [], []
    for name in sys.argv[1:]:
        report = json.loads(Path(name).read_text(encoding="utf-8"))
        checked = [e for e in report["examples"] if e["status"] in ("passed", "failed")]
        if not checked:
            print(f"{name}: no checked example in the report", file=sys.stderr)
            return 1
        passed += [e for e in checked if e["status"] == "passed"]
        refused_on_purpose += [e for e in report["examples"] if e["status"] == "refused"]
        failed += [e for e in checked if e["status"] == "failed"]
    problems = []
    disagreeing = 0
    for example in failed:
        found = refused(example)
        disagreeing += bool(found)
        problems.extend(found)
    for example in passed:
        where = f"{example['file']}:{example['line']}"
        written = yaml.safe_load(block_text(example))
        model = getattr(app_config, example["root"])
        before = len(problems)
        try:
            loaded = model.model_validate(written)
        except Exception as err:  # pydantic's ValidationError, reported as is
            problems.append(f"{where}: pydantic rejects it: {err}")
        else:
            as_set = loaded.model_dump(mode="json", by_alias=True, exclude_unset=True)
            if as_set != written:
                problems.append(f"{where}: dumps back as {as_set}, the example is {written}")
            full = loaded.model_dump(mode="json", by_alias=True)
            if full != example["value"]:
                problems.append(
                    f"{where}: pydantic fills in {full}, Rust gives back {example['value']}"
                )
        disagreeing += len(problems) > before
    # A mistake a page shows on purpose (`expect-error`), refused by Rust, is refused by pydantic.
    for example in refused_on_purpose:
        where = f"{example['file']}:{example['line']}"
        try:
            getattr(app_config, example["root"]).model_validate(yaml.safe_load(block_text(example)))
        except Exception:  # pydantic's ValidationError: refused, as by Rust
            continue
        problems.append(f"{where}: pydantic accepts the mistake the page shows on purpose")
        disagreeing += 1
    for problem in problems:
        print(problem, file=sys.stderr)
    total = len(passed) + len(failed) + len(refused_on_purpose)
    print(f"pydantic: {total - disagreeing} of {total} examples agree with Rust")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
