"""Records a fixed sample of a differential run's `.dstack.yml` and `profiles.yml` cases with
their verdicts, for CI to check without dstack:

    python3 scripts/differential/sample.py target/differential/dstack \
        > schema/tests/fixtures/dstack/differential.json

Each case keeps dstack's verdict (and its message) and the verdict every judge of ours must
reach: dstack's, or, in a documented deliberate difference, the class's (its name is recorded).
The sample: every class of disagreement (a few of its shortest cases for each root and judge),
then, for each root and kind of mutation (`drop`, `null at`, a key's neighbour values...), the
two shortest cases dstack accepts and the two shortest it refuses. Deterministic for one run.
"""
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
import compare_dstack  # noqa: E402

PER_CLASS = 3
PER_FAMILY = 2


def family(cls):
    """The kind of a mutation without its value: `gpu: "A100:2:2"` -> `gpu`."""
    cls = re.sub(r"`([\w\[\].]+): .*`", r"`\1: ...`", cls)
    return re.sub(r"`[^`]*`", lambda m: m.group(0) if ": ..." in m.group(0) else "`...`", cls)


def main():
    run = compare_dstack.Run(sys.argv[1])
    chosen = {}
    # Every class of disagreement: its shortest cases, by root and judge.
    by_class = collections.defaultdict(list)
    classes = {}
    for d in run.disagreements:
        name, _ = compare_dstack.classify(d)
        assert name, f"an undocumented disagreement: run compare_dstack.py first ({d.text[:80]})"
        classes.setdefault(d.case["id"], {})[d.judge] = name
        by_class[(name, d.root, d.judge)].append(d.case)
    for key in sorted(by_class):
        for case in sorted(by_class[key], key=lambda c: (len(c["text"]), c["id"]))[:PER_CLASS]:
            chosen[case["id"]] = case
    # Agreement: for each kind of mutation, the shortest case dstack accepts and refuses.
    by_family = collections.defaultdict(list)
    for case in run.judged_cases:
        verdict = run.verdicts[case["id"]]["dstack"][0]
        if verdict is None:
            continue
        by_family[(case["root"], family(case["class"]), verdict)].append(case)
    for key in sorted(by_family):
        for case in sorted(by_family[key], key=lambda c: (len(c["text"]), c["id"]))[:PER_FAMILY]:
            chosen[case["id"]] = case
    out = []
    for case in sorted(chosen.values(), key=lambda c: (c["root"], c["class"], c["id"])):
        v = run.verdicts[case["id"]]
        names = classes.get(case["id"], {})
        entry = {
            "root": case["root"],
            "mutation": case["class"],
            "dstack": v["dstack"][0],
            "dstack_says": v["dstack"][1],
            "differs": sorted(set(names.values())) or None,
            "expect": {j: v[j][0] for j in compare_dstack.JUDGES},
            "text": case["text"],
        }
        # The YAML 1.2 reading, when the text is not that JSON already.
        try:
            same = json.loads(case["text"]) == case["document"]
        except ValueError:
            same = False
        if not same:
            entry["document"] = case["document"]
        out.append(entry)
    about = (
        "A fixed sample of the differential run against dstack 0.18.7 (scripts/differential.sh): "
        "each case with dstack's verdict and the verdict each judge of ours reaches, which is "
        "dstack's unless `differs` names the documented deliberate difference "
        "(site/pages/guide/dstack-agreement.md). `document` is the YAML 1.2 reading of `text` "
        "where `text` is not that JSON. Refresh after a differential run: "
        "python3 scripts/differential/sample.py target/differential/dstack > "
        "schema/tests/fixtures/dstack/differential.json"
    )
    # One case a line, so that a refresh shows as a diff of cases.
    lines = ",\n".join("  " + json.dumps(case, ensure_ascii=False) for case in out)
    sys.stdout.write(f'{{"about": {json.dumps(about)},\n "cases": [\n{lines}\n]}}\n')


if __name__ == "__main__":
    main()
