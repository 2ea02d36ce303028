"""The pydantic package on the fixed sample of the differential run against dstack 0.18.7
(schema/tests/fixtures/dstack/differential.json, recorded by scripts/differential/sample.py):
every case gets the verdict recorded for the bindings, which is dstack's unless the case names
a documented deliberate difference. The Rust loader and the JSON Schema are held to the same
sample (schema/tests/differential_sample.rs, codegen/tests/schema_agreement.rs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

import dstack_server_config as d

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "schema" / "tests" / "fixtures" / "dstack" / "differential.json"
ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "DstackConfiguration": TypeAdapter(d.DstackConfiguration),
    "ProfilesConfig": TypeAdapter(d.ProfilesConfig),
}


def accepts(root: str, document: Any) -> bool:
    try:
        ADAPTERS[root].validate_python(document, by_name=False)
    except ValidationError:
        return False
    return True


def test_pydantic_reaches_the_recorded_verdict_on_every_case_of_the_sample() -> None:
    cases = json.loads(SAMPLE.read_text())["cases"]
    assert len(cases) >= 300, f"the sample shrank: {len(cases)} cases"
    problems = []
    for case in cases:
        expected = case["expect"]["pydantic"]
        if expected is None:
            continue  # not YAML: no document
        document = case["document"] if "document" in case else json.loads(case["text"])
        got = accepts(case["root"], document)
        if got != expected:
            problems.append(f"{case['mutation']} ({case['differs']}): recorded {expected}, pydantic {got}: {case['text']}")
    assert not problems, "\n".join(problems)
