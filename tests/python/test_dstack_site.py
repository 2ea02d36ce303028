"""dstack's real site on codegen, as site/pages/guide/switching-dstack.md says (helpers and the
guide's blocks: dstack_site.py).

dstack's docs tree (`../shared/reference/dstack-docs`, its real mkdocs.yml) is built by the real
mkdocs twice: with dstack's own `#SCHEMA#` hook (dstack 0.18.7's models), and switched to the
confspec plugin (`style: compat`) by the guide's steps. Every heading of every page with
directives is compared between the two built sites (id, text, link targets); the only
difference allowed is one reference item per field dstack's models leave without a
description, which the hook skipped. The same build with the plugin's `examples: true` reports
exactly the failing blocks of `codegen check`, as mkdocs warnings; then the guide's fixes, its
`codegen` step and its CI commands are run and pass.

Skipped, with the reason, only where `../shared` is absent; under CI a missing `.venv-dstack`
fails.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

import dstack_site as ds
from mkdocs_site import built_binary, missing


@dataclass
class Switched:
    python: Path
    binary: Path
    sites: ds.Sites
    hook: ds.Build
    ours: ds.Build
    examples: ds.Build
    check_json: dict  # type: ignore[type-arg]
    check_text: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def switched(tmp_path_factory: pytest.TempPathFactory) -> Switched:
    if not (ds.TREE / "mkdocs.yml").is_file():
        pytest.skip(f"{ds.TREE} (dstack's docs tree) is not available")
    python = ds.dstack_python()
    if python is None:
        missing(f"{ds.DSTACK_VENV} with dstack 0.18.7 and mkdocs is not installed")
    assert python is not None
    binary = built_binary()
    base = tmp_path_factory.mktemp("dstack")
    sites = ds.prepare(base, binary)
    hook = ds.build(sites.hook, base / "out-hook", python, binary)
    assert hook.done.returncode == 0, hook.done.stderr
    ours = ds.build(sites.codegen, base / "out-codegen", python, binary)
    assert ours.done.returncode == 0, ours.done.stderr
    examples = ds.build(sites.examples, base / "out-examples", python, binary)
    assert examples.done.returncode == 0, examples.done.stderr
    blocks = ds.guide_blocks()
    check_text = ds.shell(sites.codegen, blocks["check"], binary, check=False)
    check_json = json.loads(ds.shell(
        sites.codegen, "codegen check --format json", binary, check=False).stdout)
    print(
        f"\ndstack's site: hook build {hook.seconds:.1f} s, confspec plugin {ours.seconds:.1f} s, "
        f"with examples {examples.seconds:.1f} s"
    )
    return Switched(python, binary, sites, hook, ours, examples, check_json, check_text)


def test_the_switch_changes_mkdocs_yml_only_as_the_guide_says(switched: Switched) -> None:
    original = (ds.TREE / "mkdocs.yml").read_text(encoding="utf-8")
    hook = (switched.sites.hook / "mkdocs.yml").read_text(encoding="utf-8")
    assert hook == ds.for_this_machine(original)
    ours = (switched.sites.codegen / "mkdocs.yml").read_text(encoding="utf-8")
    assert "gen_schema_reference.py" not in ours
    assert not (switched.sites.codegen / "scripts/docs/gen_schema_reference.py").exists()
    # The hook is what the other build ran: its log names every directive it expanded.
    assert "Generating schema reference for `dstack." in switched.hook.done.stderr
    assert "Generating schema reference" not in switched.ours.done.stderr
    assert re.search(r"codegen: expanded 9 pages in \d+ ms", switched.ours.done.stderr), (
        switched.ours.done.stderr
    )


def test_every_reference_item_is_the_hooks_apart_from_the_fields_it_skipped(
    switched: Switched,
) -> None:
    pages = ds.pages_with_directives(switched.sites.codegen)
    assert len(pages) == 9, pages
    skipped = ds.skipped_by_the_hook(switched.python, switched.sites.hook, pages)
    compared = 0
    inserted = 0
    for rel in pages:
        hook = ds.headings(ds.html_path(switched.hook.out, rel))
        ours = ds.headings(ds.html_path(switched.ours.out, rel))
        items = [h for h in hook if h.css == "reference-item"]
        assert items, f"{rel}: the hook's build has no reference item"
        typos = (switched.sites.hook / "docs" / rel).read_text().count("##SCHEMA#")
        assert ds.compare_items(hook, ours, skipped[rel], typos) == [], rel
        compared += len(items)
        inserted += len(ours) - len(hook)
    # Every item of the nine pages was compared; the inserted ones are the fields without a
    # description (8 of them on the server config page alone).
    assert compared > 300, compared
    assert len(skipped["docs/reference/server/config.yml.md"]) == 8
    assert inserted == sum(len(v) for v in skipped.values())


def failures_of_codegen_check(report: dict) -> list[str]:  # type: ignore[type-arg]
    return sorted(
        f"{e['file']}:{f['line']}:{f['column']}: {f['path'] + ': ' if f['path'] else ''}{f['message']}"
        for e in report["examples"]
        for f in e.get("failures", [])
    )


def test_codegen_check_fails_on_dstacks_four_mistakes_with_the_table(switched: Switched) -> None:
    failures = failures_of_codegen_check(switched.check_json)
    assert [f.split(": ")[0] for f in failures] == [
        "docs/blog/archive/say-goodbye-to-managed-notebooks.md:70:1",
        "docs/docs/reference/dstack.yml/task.md:67:1",
        "docs/docs/reference/dstack.yml/task.md:71:1",
        "docs/docs/reference/dstack.yml/task.md:82:5",
        "docs/docs/reference/dstack.yml/task.md:89:5",
        "docs/docs/reference/server/config.yml.md:435:13",
    ]
    # The guide's command, as the guide shows it: exit 1, the errors, the table of every page.
    text = switched.check_text
    assert text.returncode == 1, text.stderr
    # Four blocks fail; the two task blocks report two errors each.
    assert text.stdout.count(": error: ") == 6
    assert len(switched.check_json["files"]) == 32
    assert re.search(r"^total +83 +78 +4 +1$", text.stdout, re.M), text.stdout


def test_the_examples_option_reports_the_same_failures_as_mkdocs_warnings(
    switched: Switched,
) -> None:
    warned = sorted(
        f"{m.group(1)}: {m.group(2)}"
        for m in re.finditer(
            r"^WARNING +- +codegen: (\S+:\d+:\d+): error: \w+ example: (.*)$",
            switched.examples.done.stderr,
            re.M,
        )
    )
    assert warned == failures_of_codegen_check(switched.check_json)
    assert len(warned) == 6
    # Without the option, the plugin reports no example.
    assert " example: " not in switched.ours.done.stderr


def test_after_the_fixes_the_ci_commands_pass(switched: Switched) -> None:
    blocks = ds.guide_blocks()
    site = switched.sites.codegen
    ds.apply(site, blocks["fixes"])
    ds.shell(site, blocks["schemas"], switched.binary)
    for schema in ("server-config", "configuration", "profiles"):
        written = json.loads((site / "docs" / "schemas" / f"{schema}.json").read_text())
        assert written["$id"] == f"https://dstack.ai/schemas/{schema}.json"
    ds.run(["git", "add", "-A"], site)
    ds.run(["git", "commit", "-q", "-m", "Switch the docs to codegen"], site, ds.GIT_ENV)
    done = ds.shell(site, blocks["ci"], switched.binary)
    assert "83 YAML examples: 82 checked, 82 passed, 0 failed, 1 not checked" in done.stdout
    assert "0 breaking" in done.stdout, done.stdout
    # ... and `codegen --check` is a real check: a stale schema fails it.
    schema = site / "docs" / "schemas" / "profiles.json"
    schema.write_text(schema.read_text() + " ")
    stale = ds.shell(site, "codegen --check", switched.binary, check=False)
    assert stale.returncode == 1 and "docs/schemas/profiles.json" in stale.stderr, stale.stderr
