"""Compares the four verdicts of every case and prints the disagreements grouped by class.

A class is the mutation and who accepts it: `spelling `no` for a string: dstack accepts; rust
rejects; schema accepts; pydantic accepts`. The classes README.md lists as deliberate are marked
so; any other class is a defect."""
import collections
import json
import os
import sys

work = sys.argv[1]
cases = json.load(open(f"{work}/cases.json"))
# Without dstack (it could not be installed), our three judges are still compared.
have_dstack = os.path.exists(f"{work}/dstack.json")
dstack = json.load(open(f"{work}/dstack.json")) if have_dstack else {str(c["id"]): (None, "not run") for c in cases}
if not have_dstack:
    print("dstack is not installed: comparing the Rust loader, the JSON Schema and pydantic only\n")
schema = json.load(open(f"{work}/schema.json"))
pydantic = json.load(open(f"{work}/pydantic.json"))
rust = json.load(open(f"{work}/rust.json"))

# The examples of the page, in order: one per case.
examples = rust["examples"]
assert len(examples) == len(cases), (len(examples), len(cases))

# Mutations whose problem is in the YAML text itself, which only the loader reads: the JSON
# Schema and pydantic judges see the YAML 1.2 reading as JSON (no tags, string keys).
TEXT_ONLY = {
    "spelling `no` for a string", "spelling `yes` for a string", "spelling `On` for a string",
    "spelling `off` for a string", "spelling `1:30` for a string",
    "spelling `2024-01-01` for a string", "spelling `=` for a string",
    "spelling `026` for a integer", "spelling `0o26` for a integer",
    "tag `!custom x` for a string", "tag `!!binary aGVsbG8=` for a string",
    "tag !project on a mapping", "key spelled 1", "key spelled ~", "key spelled no",
}
COERCED = {"retype a str", "retype a int", "retype a bool", "retype a float", "spelling `026` for a string"}


def deliberate(cls, dstack, rust, schema, pydantic):
    """The documented class of a disagreement (README.md, "Differential run"), or None."""
    if cls in TEXT_ONLY and not rust and schema and pydantic:
        return "YAML text only the loader reads (a YAML 1.1 reading, a tag, a key that is not a string)"
    if cls in COERCED and dstack and not (rust or schema or pydantic):
        return "no coercion (numbers and strings, booleans spelled true/false)"
    if cls == "spelling `1:30` for a integer" and dstack and not (rust or schema or pydantic):
        return "base-60 numbers are strings in YAML 1.2 (and refused as YAML 1.1 readings)"
    if cls == "spelling `22.0` for a integer" and dstack is not False and (rust, schema, pydantic) == (False, True, False):
        return "a whole float is not an integer (draft-07 JSON Schema counts it as one)"
    if cls == "empty filename" and dstack and not (rust or schema or pydantic):
        return "an empty filename is refused even beside data (issue 20, case 5)"
    if cls in ("unchanged good/dstack.yml", "unchanged good/every-backend.yml") and not dstack and rust and schema and pydantic:
        return "the `dstack` backend: dstack's ServerConfig takes it, its start-up conversion needs base_backends"
    return None


def rust_accepts(example):
    """The loader's verdict: the docs check's round-trip and schema comparison are not loading."""
    return all(f.get("kind") in ("round-trip", "internal") for f in example.get("failures") or [])


verdicts = {}
for case, example in zip(cases, examples):
    i = str(case["id"])
    verdicts[case["id"]] = (dstack[i][0], rust_accepts(example), schema[i][0], pydantic[i][0])
# Mutations are judged only where all four accept the fixture they start from.
baseline = {
    c["base"]: all(x is not False for x in verdicts[c["id"]]) for c in cases if c["class"] == "unchanged"
}

groups = collections.defaultdict(list)
for case, example in zip(cases, examples):
    v = verdicts[case["id"]]
    if case["class"] != "unchanged" and not baseline[case["base"]]:
        continue
    if len({x for x in v if x is not None}) == 1:
        continue
    cls = case["class"] if case["class"] != "unchanged" else f"unchanged {case['base']}"
    groups[(cls,) + v].append((case, dstack[str(case["id"])][1], example))

def word(ok):
    return "not run" if ok is None else "accepts" if ok else "rejects"

judged = sum(1 for c in cases if c["class"] == "unchanged" or baseline[c["base"]])
print(f"{len(cases)} configs, {judged} judged ({sum(not b for b in baseline.values())} fixtures dstack or a judge rejects left unmutated); {sum(len(v) for v in groups.values())} disagree, in {len(groups)} classes\n")
unexpected = 0
for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
    cls, *verdicts = key
    reason = deliberate(cls, *verdicts)
    mark = f"deliberate: {reason}" if reason else "DEFECT (not documented)"
    if not reason:
        unexpected += len(groups[key])
    who = "; ".join(f"{n} {word(v)}" for n, v in zip(["dstack", "rust", "schema", "pydantic"], verdicts))
    print(f"{len(groups[key]):6}  {cls}: {who}  [{mark}]")
    case, why, example = groups[key][0]
    failures = [f for f in example.get("failures") or [] if f.get("kind") != "round-trip"] or [{}]
    print(f"        e.g. {case['text'][:110]}")
    print(f"        dstack: {why}; rust: {failures[0].get('message')}")
by_reason = collections.Counter()
for key, members in groups.items():
    by_reason[deliberate(*key) or "DEFECT (not documented)"] += len(members)
print("\nBy reason:")
for reason, count in by_reason.most_common():
    print(f"{count:6}  {reason}")
print(f"\n{unexpected} configs in undocumented classes")
sys.exit(1 if unexpected else 0)
