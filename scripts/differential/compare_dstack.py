"""Compares our three judges with dstack on the `.dstack.yml` and `profiles.yml` cases and prints
the disagreements by class (one minimal config each), then the counts by documented reason.

    python compare_dstack.py WORK_DIR [--json FIGURES.json]

`sample.py` reads the same run (`Run`, `classify`) to record the fixed sample CI checks.

A disagreement is one judge of ours (the Rust loader, the JSON Schema, the pydantic bindings)
reaching another verdict than dstack on one case. Each falls in the first class of `CLASSES`
whose test holds: a class with a reason is a deliberate difference (listed, with its reason and
a case, in site/pages/guide/dstack-agreement.md); a disagreement in no class is a defect, and
the script exits 1. Mutations count only where every judge accepts the config they start from
(a config a judge refuses shows as its own `unchanged` disagreement).
"""
import collections
import json
import os
import re
import sys

JUDGES = ("rust", "schema", "pydantic")


def rust_verdict(example):
    """The loader's verdict and its first failure: the docs check's round-trip is not loading,
    and its `internal` comparison stands for a serde verdict it names."""
    failures = [f for f in example.get("failures") or [] if f.get("kind") != "round-trip"]
    for failure in failures:
        if failure.get("kind") == "internal" and "serde accepts" in failure["message"]:
            continue
        return False, failure
    return True, None


class Disagreement:
    """One judge of ours against dstack on one case."""

    def __init__(self, case, dstack, judge, ours, ours_why, rust_failure):
        self.case = case
        self.root = case["root"]
        self.judge = judge
        self.dstack = dstack[0]
        self.dstack_why = dstack[1] or ""
        self.ours = ours
        failure = ours_why if isinstance(ours_why, dict) else {}
        self.why = failure.get("message", "") if failure else (ours_why or "")
        # The Rust loader's failure on the same case: what the value is to the model (`found
        # integer` where a string is meant), whichever judge disagrees.
        self.rust_why = (rust_failure or {}).get("message", "")
        self.rust_kind = (rust_failure or {}).get("kind", "")
        self.cls = case["class"]
        self.key = case["key"].split(".")[-1] if case["key"] else ""
        self.text = case["text"]
        self.value = case.get("value")
        self.yaml11 = case.get("yaml11", False)

    def cls_has(self, *words):
        return any(w in self.cls for w in words)

    def dstack_has(self, *words):
        return any(w in self.dstack_why for w in words)

    def values(self):
        """Every scalar of the value put in."""
        stack = [self.value]
        while stack:
            v = stack.pop()
            if isinstance(v, dict):
                stack.extend(v.values())
            elif isinstance(v, list):
                stack.extend(v)
            else:
                yield v

    def negative(self):
        return any(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0
            or isinstance(v, str) and v.startswith("-")
            for v in self.values()
        )


def env_integers(d):
    """Whole numbers as env values: accepted on purpose (`PORT: 8080`), never a coercion."""
    return (
        d.key == "env"
        and isinstance(d.value, dict)
        and all(isinstance(v, int) and not isinstance(v, bool) or isinstance(v, str) for v in d.value.values())
    )


def dstack_only(d):
    """dstack accepts, the judge refuses."""
    return d.dstack and not d.ours


def rust_only_rule(d, *dstack_words):
    """dstack and the loader refuse, the JSON Schema (or pydantic, which follows it) accepts:
    a rule the schema cannot state."""
    return not d.dstack and d.judge != "rust" and d.dstack_has(*dstack_words)


# A value of another JSON kind than the key takes, as the loader says it: a number or a
# boolean where text is meant, a boolean or a decimal where a whole number is meant, digits as
# text where a number is meant.
KIND_MISMATCH = re.compile(
    r"expected (a string|`NAME=value` or `NAME`|a GPU name|a hostname)[^;]*found (integer|number|boolean)"
    r"|found boolean"
    r"|expected (an integer|a number or range|a number of replicas|a port|a GPU count|a duration|`off` or a duration)[^;]*found number"
    r"|expected (an integer|a number|a port|a number or range|a number of replicas)[^;]*found string \"[0-9.]+\""
)
PORT_KEYS = re.compile(r"(^|\.)(port|ports|container_port|local_port)(\.|$)")

# The classes, in order: (name, reason or None for a defect, test). A reason is the deliberate
# difference as the guide page states it.
CLASSES = [
    (
        "a plain scalar YAML 1.1 reads otherwise",
        "`no`, `on`, `1:30`, `2024-01-01`... are a boolean, a number or a date to dstack's YAML 1.1 "
        "reader and text to YAML 1.2: the loader refuses them where it would take them as text "
        "(quote it) or where their text is not a value of the key (`cpu: on`, `retry: yes`); the "
        "JSON Schema and pydantic see the YAML 1.2 reading only",
        lambda d: d.yaml11 and (d.judge != "rust" or not d.ours),
    ),
    (
        "a boolean for a duration",
        "`max_duration: false` and `termination_idle_time: off` are 0 seconds to dstack (a "
        "boolean taken as an integer): for `termination_idle_time` the opposite of what `off` "
        "says; the loader refuses a boolean there (`max_duration: off` loads as `off`)",
        lambda d: dstack_only(d) and d.key in ("max_duration", "termination_idle_time", "duration",
                                                 "scale_up_delay", "scale_down_delay")
        and any(isinstance(v, bool) for v in d.values()),
    ),
    (
        "pydantic's coercions",
        "dstack's pydantic 1 turns `7` into \"7\", \"80\" into 80, `1.5` into 1, `true` into 1, "
        "and a list of two-letter strings into a mapping: every judge of ours refuses a value of "
        "another type than the key's",
        lambda d: dstack_only(d) and not env_integers(d) and (
            bool(KIND_MISMATCH.search(d.rust_why))
            or d.key == "env" and isinstance(d.value, list) and any(isinstance(v, str) and len(v) == 2 for v in d.value)
        ),
    ),
    (
        "no negative numbers",
        "dstack takes negative counts, sizes, ports, durations and compute capabilities (`cpu: "
        "-1`, `memory: -8GB`, `termination_idle_time: -1`): they mean nothing, the loader refuses them",
        lambda d: dstack_only(d) and d.negative(),
    ),
    (
        "ports from 1 to 65535",
        "dstack takes port 65536 (`le=65536`) and any integer as an SSH port: ports are 16-bit",
        lambda d: dstack_only(d) and bool(PORT_KEYS.search(d.case["key"]))
        and any(v in (0, 65536) for v in d.values() if not isinstance(v, bool)),
    ),
    (
        "port strings without leading zeros",
        "`08080:80` is 8080 to dstack; the loader's port pattern takes no leading zero",
        lambda d: dstack_only(d) and any(isinstance(v, str) and re.search(r"(^|:)0\d", v) for v in d.values()),
    ),
    (
        "no spaces in shorthand strings",
        "dstack deletes the spaces of ranges, memory sizes and GPU strings (`2 .. 8`, `8 GB`, "
        "`A100 : 2`); the shorthands take none, as their patterns say",
        lambda d: dstack_only(d) and any(isinstance(v, str) and " " in v.strip() for v in d.values()),
    ),
    (
        "the internal EnvSentinel",
        "dstack's mapping form of `env` takes its internal `EnvSentinel` (`{key: NAME}`) as a "
        "value; it is not part of the file format (the list form's bare `NAME` says the same)",
        lambda d: dstack_only(d) and d.key == "env" and isinstance(d.value, dict)
        and any(isinstance(v, dict) for v in d.value.values()),
    ),
    (
        "env values: decimals and booleans quoted",
        "dstack turns any scalar into text (`1.10` becomes \"1.1\", `true` \"True\"): whole "
        "numbers load (`PORT: 8080`); decimals and booleans are to be quoted",
        lambda d: dstack_only(d) and d.key == "env" and isinstance(d.value, dict)
        and any(isinstance(v, (bool, float)) for v in d.value.values()),
    ),
    (
        "a certificate names its type",
        "dstack picks the first certificate class that fits (`{}` is Let's Encrypt, `{arn: ...}` "
        "ACM); the certificate is a union selected by `type`, as every union of the model",
        lambda d: dstack_only(d) and "certificate" in d.case["key"] + d.rust_why + d.text
        and "missing required key `type`" in d.rust_why or dstack_only(d) and d.judge != "rust" and d.key == "certificate",
    ),
    (
        "replicas: 0",
        "`replicas: 0` reaches dstack's range form as 0..0 past its own `ge=1`: a service that "
        "never runs; the count is at least 1, a range may start at 0",
        lambda d: dstack_only(d) and (d.key == "replicas" and d.value == 0
                                      or bool(re.search(r"(^|\n)replicas: 0\s*(\n|$)", d.text))),
    ),
    (
        "an empty image",
        "`image: \"\"` names no image: dstack accepts it beside `commands` (and beside `python`, "
        "where it counts as not set) and fails when it pulls it",
        lambda d: dstack_only(d) and (d.key == "image" and d.value == ""
                                      or bool(re.search(r"(^|\n|\")image\"?: \"\"", d.text))),
    ),
    (
        "a whole number is not a compute capability (schema)",
        "dstack refuses `compute_capability: 7` (a float, a string or a pair only) and so does the "
        "loader; JSON cannot tell 7 from 7.0, so the JSON Schema and pydantic accept it",
        lambda d: not d.dstack and d.ours and d.judge != "rust" and d.key == "compute_capability"
        and isinstance(d.value, int),
    ),
    (
        "a duration past 64 bits",
        "`99999999999999999999d` is a Python integer to dstack; the loader refuses a duration of "
        "more than 2^64-1 seconds, which the schema's pattern cannot count",
        lambda d: "99999999999999999999" in d.text and (not d.ours if d.judge == "rust" else d.ours),
    ),
    (
        "scaling.target above zero",
        "dstack accepts `target: 0` and below, then its autoscaler divides by it: the target is "
        "above zero, as the schema says (`exclusiveMinimum`)",
        lambda d: dstack_only(d) and d.key == "target",
    ),
    (
        "a replicas range with equal ends (schema)",
        "`replicas: 2..2` is one number to dstack and the loader; a JSON Schema cannot compare the "
        "ends, so its `scaling` rule counts it as a range",
        lambda d: d.judge != "rust" and bool(re.search(r"\"replicas\": (\"(\d+)\.\.\2\"|\{\"min\": (\d+), \"max\": \3\})", d.text)),
    ),
    (
        "reversed ranges (Rust only)",
        "a range whose lower end exceeds its upper one (`8..2`, `{min: 8, max: 2}`): the loader "
        "refuses it like dstack; a JSON Schema cannot compare two numbers",
        lambda d: rust_only_rule(d, "Invalid range order", "minium number of replicas")
        or not d.dstack and d.judge != "rust" and "greater than the upper bound" in d.rust_why,
    ),
    (
        "duplicate env names (Rust only)",
        "the list form of `env` names a variable twice: the loader refuses it like dstack; a JSON "
        "Schema cannot compare the names inside strings",
        lambda d: rust_only_rule(d, "Duplicate environment variable"),
    ),
    (
        "the SSH network (Rust only)",
        "`network` must be a private IP network as Python's `ipaddress` reads it: the loader "
        "checks it like dstack; a pattern cannot",
        lambda d: rust_only_rule(d, "network"),
    ),
    (
        "disk sizes below 50GB with a unit (Rust only)",
        "a disk of less than 50GB written as a string or a `{min, max}` mapping (`disk: 8GB`): the "
        "loader refuses it like dstack; the schema bounds only the numbers",
        lambda d: rust_only_rule(d, "disk size should be"),
    ),
]


# Names for disagreements in no documented class, by what dstack says or what was put in: the
# defects a run can show (those this suite found, fixed since), so that a report of an older build
# or of a regression says what it is. A name here never makes a disagreement deliberate.
DEFECTS = [
    ("disk below 50GB", lambda d: d.dstack_has("disk size should be")),
    ("max_price not above zero", lambda d: d.dstack_has("greater than 0.0")),
    ("an empty range", lambda d: d.dstack_has("Invalid empty range")),
    ("null where dstack has no null", lambda d: d.dstack_has("none is not an allowed value", "KeyError: 'retry'")
     or d.cls.startswith("null at") or d.value is None and "~" in d.cls),
    ("replicas without both ends", lambda d: d.dstack_has("has no attribute 'min'")),
    ("neither commands nor image", lambda d: d.dstack_has("Either `commands` or `image`")),
    ("image and python together", lambda d: d.dstack_has("mutually exclusive")),
    ("a replicas range without scaling", lambda d: d.dstack_has("ensure to specify `scaling`")),
    ("scaling without a replicas range", lambda d: d.dstack_has("`replicas` must be set to a range")),
    ("retry.on_events empty", lambda d: d.dstack_has("could not be parsed to a boolean")),
    ("a compute capability dstack refuses", lambda d: d.dstack_has("Invalid compute capability")),
    ("a GPU string giving a part twice", lambda d: d.dstack_has("GPU spec")),
    ("reversed ranges", lambda d: d.dstack_has("Invalid range order")),
    ("duplicate env names", lambda d: d.dstack_has("Duplicate environment variable")),
    ("the SSH network", lambda d: d.dstack_has("network") or "private network" in d.rust_why),
    ("python as a number", lambda d: d.key == "python" or "one of `3.8`" in d.rust_why),
    ("whole numbers as env values", lambda d: d.key == "env" or d.case["key"].startswith("env.")),
    ("a duration in seconds as text", lambda d: bool(re.search(r"duration: .*found string \"\d+\"", d.rust_why))),
    ("a shorthand taking a YAML 1.1 word as text", lambda d: d.yaml11),
    ("a duration past 64 bits", lambda d: "99999999999999999999" in d.text),
    ("scaling.target not above zero", lambda d: d.key == "target"),
    ("an empty image", lambda d: d.key == "image" and d.value == ""),
]


def defect(d):
    """The name of an undocumented disagreement, when it is a known kind."""
    for name, test in DEFECTS:
        try:
            if test(d):
                return name
        except (KeyError, TypeError, AttributeError):
            continue
    return "unnamed"


def classify(d):
    for name, reason, test in CLASSES:
        try:
            if test(d):
                return name, reason
        except (KeyError, TypeError):
            continue
    return None, None


class Run:
    """A differential run read back: every case with the four verdicts, the disagreements with
    their classes."""

    def __init__(self, work):
        self.cases = json.load(open(f"{work}/cases.json"))
        dstack = json.load(open(f"{work}/dstack.json"))
        schema = json.load(open(f"{work}/schema.json"))
        pydantic = json.load(open(f"{work}/pydantic.json"))
        rust = json.load(open(f"{work}/rust.json"))["examples"]
        assert len(rust) == len(self.cases), (len(rust), len(self.cases))
        self.verdicts = {}
        for case, example in zip(self.cases, rust):
            i = str(case["id"])
            self.verdicts[case["id"]] = {
                "dstack": tuple(dstack[i]),
                "rust": rust_verdict(example),
                "schema": tuple(schema[i]),
                "pydantic": tuple(pydantic[i]),
            }
        base_ok = {}
        for case in self.cases:
            if case["class"] == "unchanged":
                v = self.verdicts[case["id"]]
                base_ok[(case["root"], case["base"])] = v["dstack"][0] is not False and all(
                    v[j][0] is not False for j in JUDGES
                )
        self.judged = collections.Counter()
        self.judged_cases = []
        self.disagreements = []
        for case in self.cases:
            if case["class"] != "unchanged" and not base_ok[(case["root"], case["base"])]:
                continue
            self.judged[case["root"]] += 1
            self.judged_cases.append(case)
            v = self.verdicts[case["id"]]
            if v["dstack"][0] is None:
                continue
            for judge in JUDGES:
                ours, why = v[judge]
                if ours is not None and ours != v["dstack"][0]:
                    self.disagreements.append(
                        Disagreement(case, v["dstack"], judge, ours, why, v["rust"][1])
                    )


def word(ok):
    return "accepts" if ok else "rejects"


ROOTS = ("DstackConfiguration", "ProfilesConfig")


def main():
    work = sys.argv[1]
    figures_out = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
    if not os.path.exists(f"{work}/dstack.json"):
        print("dstack is not installed: nothing to compare with")
        return 0
    run = Run(work)
    groups = collections.defaultdict(list)
    for d in run.disagreements:
        name, reason = classify(d)
        groups[(d.root, name, reason, d.judge, d.dstack, d.ours)].append(d)
    total = collections.Counter(c["root"] for c in run.cases)
    print(
        "cases: "
        + ", ".join(f"{r} {total[r]} ({run.judged[r]} judged)" for r in ROOTS)
        + f"; {len(run.disagreements)} disagreements of a judge with dstack\n"
    )
    undocumented = 0
    by_class = collections.Counter()
    for key in sorted(groups, key=lambda k: (k[1] is not None, k[0], -len(groups[k]))):
        root, name, reason, judge, d_ok, ours = key
        members = groups[key]
        if name is not None:
            by_class[(name, root, judge)] += len(members)
            continue
        for d in members:
            by_class[(f"UNDOCUMENTED: {defect(d)}", root, judge)] += 1
        undocumented += len(members)
        # The undocumented: by mutation, one minimal config each.
        by_mutation = collections.defaultdict(list)
        for d in members:
            by_mutation[d.cls].append(d)
        for cls, ds in sorted(by_mutation.items(), key=lambda kv: -len(kv[1])):
            d = min(ds, key=lambda d: len(d.text))
            print(f"{len(ds):6}  UNDOCUMENTED {root} {cls}: dstack {word(d_ok)}, {judge} {word(ours)}")
            print(f"        e.g. {d.text[:160]}")
            print(f"        dstack: {d.dstack_why[:120]}; {judge}: {d.why[:120]}")
    print("\nDisagreements by class (root/judge), one minimal config each:")
    examples = {}
    for key, members in groups.items():
        for d in members:
            name = key[1] or f"UNDOCUMENTED: {defect(d)}"
            if name not in examples or len(d.text) < len(examples[name].text):
                examples[name] = d
    for name in sorted({k[0] for k in by_class}, key=lambda n: (n.startswith("UNDOCUMENTED"), n)):
        counts = {(r, j): c for (n, r, j), c in by_class.items() if n == name}
        split = ", ".join(
            f"{r.replace('Configuration', '').replace('Config', '')}/{j} {c}"
            for (r, j), c in sorted(counts.items())
        )
        d = examples[name]
        print(f"{sum(counts.values()):6}  {name} ({split})")
        print(f"        e.g. {d.text[:140]}")
        print(
            f"        dstack {word(d.dstack)} ({d.dstack_why[:80] or 'loads'}); "
            f"{d.judge} {word(d.ours)} ({d.why[:80] or 'loads'})"
        )
    if figures_out:
        json.dump(
            {
                "cases": dict(total),
                "judged": dict(run.judged),
                "classes": [
                    {"class": n, "root": r, "judge": j, "count": c}
                    for (n, r, j), c in sorted(by_class.items())
                ],
            },
            open(figures_out, "w"),
            indent=1,
        )
    print(f"\n{undocumented} disagreements in no documented class")
    return 1 if undocumented else 0


if __name__ == "__main__":
    sys.exit(main())
