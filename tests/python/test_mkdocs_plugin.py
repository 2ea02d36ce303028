"""The mkdocs plugin (integrations/mkdocs) on sites shaped like dstack's docs, built by the real
mkdocs: the pages are expanded as `codegen expand` expands them, byte for byte; diagnostics are
errors or warnings at the page's path and line; a missing binary or cargo is a clear error; the
plugin's name (`confspec`) and its older one (`codegen`) are one plugin.

`mkdocs serve` (live reload after a model edit) is tested in test_mkdocs_serve.py.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

from mkdocs_site import (
    DSTACK_LAYOUT,
    FIXTURES,
    REPO,
    SHARED,
    built_binary,
    codegen_expand,
    diagnostic_lines,
    generated_ids,
    html_of,
    missing,
    mkdocs,
    write_site,
)

OWN_PAGE = "reference/server/config.yml.md"
# A type no project maps: it stays unknown whatever the model gains.
UNKNOWN = "example.nowhere.NoSuchConfiguration"


@pytest.fixture(scope="module")
def binary() -> Path:
    return built_binary()


def own_pages() -> dict[str, str]:
    """The project's own reference page (site/pages, `default` style) and an index."""
    return {
        "index.md": (FIXTURES / "docs" / "index.md").read_text(encoding="utf-8"),
        OWN_PAGE: (REPO / "site" / "pages" / OWN_PAGE).read_text(encoding="utf-8"),
    }


def assert_expanded_like_codegen(
    site: Path, binary: Path, rel: str, source: str, style: str
) -> dict[str, Any]:
    """The Markdown mkdocs rendered for `rel` is codegen's expansion byte for byte, and every id
    the expansion added is in the built HTML."""
    expected = codegen_expand(binary, site, rel, style)
    captured = (site / "captured" / rel).read_bytes()
    assert captured == expected["text"].encode("utf-8"), f"{rel}: not codegen's expansion"
    # ... which is what the single-page command prints.
    single = subprocess.run(
        [str(binary), "--root", str(REPO), "expand", "--style", style, f"docs/{rel}"],
        cwd=site, capture_output=True, check=True,
    )
    assert captured == single.stdout
    ids = generated_ids(source, expected["text"])
    html = html_of(site, rel)
    assert [i for i in sorted(ids) if f'id="{i}"' not in html] == [], rel
    return expected


def test_own_site_is_expanded_like_codegen_expand(tmp_path: Path, binary: Path) -> None:
    pages = own_pages()
    site = tmp_path / "site"
    write_site(site, pages, {"root": str(REPO), "binary": str(binary), "style": "default"})
    done = mkdocs(site)
    assert done.returncode == 0, done.stderr
    expected = assert_expanded_like_codegen(site, binary, OWN_PAGE, pages[OWN_PAGE], "default")
    assert expected["diagnostics"] == []
    assert generated_ids(pages[OWN_PAGE], expected["text"]), "the page's directives add items"
    # One codegen process for both pages: the index names `#SCHEMA#` in a code span only, so
    # it is sent and comes back unchanged.
    assert "codegen: expanded 2 pages" in done.stderr
    assert (site / "captured" / "index.md").read_text(encoding="utf-8") == pages["index.md"]


def test_both_plugin_names_load_the_same_class() -> None:
    # What mkdocs reads to find `plugins: [NAME]`: the installed distributions' entry points.
    installed = entry_points(group="mkdocs.plugins")
    found = {name: [ep for ep in installed if ep.name == name] for name in ("confspec", "codegen")}
    for name, eps in found.items():
        if not eps:
            missing(f"no `{name}` mkdocs plugin in this venv: run scripts/test.sh to install it")
        # One distribution each: a leftover one (mkdocs-codegen, the plugin's former
        # distribution) would make mkdocs pick either.
        assert [ep.dist.name for ep in eps if ep.dist] == ["mkdocs-confspec"], eps
    confspec = found["confspec"][0].load()
    assert found["codegen"][0].load() is confspec
    assert (confspec.__module__, confspec.__name__) == ("mkdocs_confspec.plugin", "ConfspecPlugin")


def test_the_older_name_builds_the_same_site(tmp_path: Path, binary: Path) -> None:
    pages = own_pages()
    options = {"root": str(REPO), "binary": str(binary), "style": "default"}
    captured = {}
    for name in ("confspec", "codegen"):
        site = tmp_path / name
        write_site(site, pages, options, name=name)
        done = mkdocs(site)
        assert done.returncode == 0, done.stderr
        assert "codegen: expanded 2 pages" in done.stderr, done.stderr
        captured[name] = (site / "captured" / OWN_PAGE).read_bytes()
    assert captured["codegen"] == captured["confspec"]
    assert b"#SCHEMA#" not in captured["confspec"]


def test_dstack_site_expands_the_seed_and_reports_each_page_at_its_lines(
    tmp_path: Path, binary: Path
) -> None:
    reference = SHARED / "reference" / "dstack-pages"
    seed = SHARED / "seed" / "server-config.yml.md"
    if not reference.is_dir() or not seed.is_file():
        missing(f"{SHARED} (dstack's pages) is not available")
    pages = {DSTACK_LAYOUT["server-config.yml.md"]: seed.read_text(encoding="utf-8")}
    for name, rel in DSTACK_LAYOUT.items():
        if name != "server-config.yml.md":
            pages[rel] = (reference / name).read_text(encoding="utf-8")
    site = tmp_path / "dstack-docs"
    # Types the model does not have (yet) are errors of codegen: reported as warnings here.
    write_site(
        site, pages, {"root": str(REPO), "binary": str(binary), "style": "compat", "strict": False}
    )
    done = mkdocs(site)
    assert done.returncode == 0, done.stderr
    seed_rel = DSTACK_LAYOUT["server-config.yml.md"]
    expected = assert_expanded_like_codegen(site, binary, seed_rel, pages[seed_rel], "compat")
    assert not any(d["severity"] == "error" for d in expected["diagnostics"])
    for rel, source in pages.items():
        if rel == seed_rel:
            continue
        page = codegen_expand(binary, site, rel, "compat")
        assert (site / "captured" / rel).read_bytes() == page["text"].encode("utf-8"), rel
        # Every diagnostic codegen gives the page is in mkdocs' log, at `docs/<page>:line:col`,
        # as a warning (strict: false); whether a type is known is the model's business.
        for line in diagnostic_lines(page):
            assert line.startswith(f"docs/{rel}:")
            assert f"WARNING -  codegen: {line}" in done.stderr
        unresolved = [d for d in page["diagnostics"] if d["message"].startswith("unknown type")]
        for d in unresolved:
            # The directive is left as written, on the line the diagnostic names.
            assert "#SCHEMA#" in source.splitlines()[d["line"] - 1]


def bad_page(directive_line: int) -> str:
    filler = "".join(f"Line {n}.\n\n" for n in range(1, directive_line // 2))
    text = "# Bad\n\n" + filler
    text += "\n" * (directive_line - 1 - text.count("\n"))
    return text + f"#SCHEMA# {UNKNOWN}\n\nAfter.\n"


def test_unknown_type_fails_the_build_naming_page_and_line(tmp_path: Path, binary: Path) -> None:
    pages = {"index.md": "# Home\n", "reference/bad.md": bad_page(9)}
    assert pages["reference/bad.md"].splitlines()[8].startswith("#SCHEMA#")
    site = tmp_path / "strict"
    write_site(site, pages, {"root": str(REPO), "binary": str(binary)})
    done = mkdocs(site)
    assert done.returncode == 1
    assert f"docs/reference/bad.md:9:10: error: unknown type `{UNKNOWN}`" in done.stderr
    assert "ERROR" in done.stderr and "Traceback" not in done.stderr

    # strict: false: a warning, the build goes on (and `mkdocs build --strict` fails on it).
    site = tmp_path / "lenient"
    write_site(site, pages, {"root": str(REPO), "binary": str(binary), "strict": False})
    done = mkdocs(site)
    assert done.returncode == 0, done.stderr
    assert f"WARNING -  codegen: docs/reference/bad.md:9:10: error: unknown type" in done.stderr
    assert (site / "captured" / "reference" / "bad.md").read_text() == pages["reference/bad.md"]
    assert mkdocs(site, "--strict").returncode == 1


def test_examples_option_checks_each_pages_yaml(tmp_path: Path, binary: Path) -> None:
    page = "# Config\n\n```yaml\nprojects:\n- name: main\n  backends:\n  - type: aws\n    creds:\n      type: default\n    regoins: [us-east-1]\n```\n"
    site = tmp_path / "examples"
    write_site(site, {"index.md": page}, {"root": str(REPO), "binary": str(binary), "examples": True})
    done = mkdocs(site)
    assert done.returncode == 1
    # The unknown key, on page line 10 (content line 7 of the block), with the closest key.
    assert "docs/index.md:10:5: error: ServerConfig example: projects[0].backends[0]" in done.stderr
    assert "regions" in done.stderr
    # Without the option the page is not checked (it has no directive: not even sent).
    write_site(site, {"index.md": page}, {"root": str(REPO), "binary": str(binary)})
    assert mkdocs(site).returncode == 0

    # A page the option only checks stays its source file for mkdocs (plugins such as the blog
    # read it from there); a page whose directives were expanded is the plugin's text.
    good = page.replace("regoins", "regions")
    pages = {"index.md": good, OWN_PAGE: own_pages()[OWN_PAGE]}
    site = tmp_path / "checked-only"
    write_site(site, pages, {"root": str(REPO), "binary": str(binary), "examples": True})
    done = mkdocs(site)
    assert done.returncode == 0, done.stderr
    assert "codegen: expanded 2 pages" in done.stderr
    assert (site / "captured" / "index.md.source").read_text() == str(site / "docs" / "index.md")
    assert not (site / "captured" / f"{OWN_PAGE}.source").exists()


def test_missing_binary_or_cargo_is_a_clear_error(tmp_path: Path) -> None:
    pages = {"index.md": f"# Home\n\n#SCHEMA# {UNKNOWN}\n"}
    for options, message in [
        ({"binary": "no/such/codegen"}, "option `binary`: "),
        ({"cargo": "no-such-cargo-command"}, "cannot run `no-such-cargo-command`"),
    ]:
        site = tmp_path / next(iter(options))
        write_site(site, pages, {"root": str(REPO), **options})
        done = mkdocs(site)
        assert done.returncode == 1
        assert message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    site = tmp_path / "no-root"
    write_site(site, pages, {})
    done = mkdocs(site)
    assert done.returncode == 1 and "set the plugin's `root` option" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_by_default_cargo_builds_the_binary(tmp_path: Path) -> None:
    cargo_home = built_binary()  # the build the plugin asks for is then a no-op
    assert cargo_home.is_file()
    site = tmp_path / "cargo"
    pages = own_pages()
    write_site(site, pages, {"root": str(REPO)})
    done = mkdocs(site)
    assert done.returncode == 0, done.stderr
    assert "building the binary: cargo build -p codegen --profile dev" in done.stderr
    assert (site / "captured" / OWN_PAGE).read_text() != pages[OWN_PAGE]


# A stand-in for cargo (the plugin's `cargo` option: `python fake_cargo.py BINARIES CODEGEN`):
# `build` answers with cargo's JSON messages for a package whose binaries are BINARIES
# (comma-separated; only the one `--bin` names), each the real CODEGEN, besides a build script
# and a library.
FAKE_CARGO = """\
import json, sys

binaries, codegen, args = sys.argv[1].split(","), sys.argv[2], sys.argv[3:]
if args[0] == "metadata":
    print(json.dumps({"packages": []}))
    sys.exit(0)
if "--bin" in args:
    binaries = [args[args.index("--bin") + 1]]
def artifact(name, kind, executable):
    return {"reason": "compiler-artifact", "target": {"name": name, "kind": [kind]},
            "executable": executable, "fresh": True}
messages = [artifact("build-script-build", "custom-build", None),
            artifact("app_config", "lib", None),
            *(artifact(name, "bin", codegen) for name in binaries),
            {"reason": "build-finished", "success": True}]
for message in messages:
    print(json.dumps(message))
"""


def test_a_packages_binary_of_another_name(tmp_path: Path, binary: Path) -> None:
    # A project's binary is rarely named like its package: `app-config` builds `app-codegen`.
    fake = tmp_path / "fake_cargo.py"
    fake.write_text(FAKE_CARGO, encoding="utf-8")
    pages = own_pages()

    def build(name: str, binaries: str, **options: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
        site = tmp_path / name
        cargo = shlex.join([sys.executable, str(fake), binaries, str(binary)])
        write_site(site, pages, {"root": str(REPO), "cargo": cargo, "package": "app-config",
                                 "style": "default", **options})
        return site, mkdocs(site)

    # The package's only binary, whatever its name.
    site, done = build("one", "app-codegen")
    assert done.returncode == 0, done.stderr
    assert "build -p app-config --profile dev (in " in done.stderr, done.stderr
    expected = codegen_expand(binary, site, OWN_PAGE, "default")["text"]
    assert (site / "captured" / OWN_PAGE).read_text(encoding="utf-8") == expected
    # Two: the plugin does not guess ...
    site, done = build("two", "app-codegen,app-migrate")
    assert done.returncode == 1
    assert (
        "built no `app-config` binary (its binaries: `app-codegen`, `app-migrate`): "
        "set the plugin's `bin` option" in done.stderr
    ), done.stderr
    assert "Traceback" not in done.stderr
    # ... `bin` names it, and only that one is built.
    site, done = build("named", "app-codegen,app-migrate", bin="app-codegen")
    assert done.returncode == 0, done.stderr
    assert "build -p app-config --profile dev --bin app-codegen (in " in done.stderr, done.stderr
    assert (site / "captured" / OWN_PAGE).read_text(encoding="utf-8") == expected
