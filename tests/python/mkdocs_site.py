"""Test sites for the mkdocs plugin (integrations/mkdocs), shaped like dstack's docs: mkdocs.yml
beside `docs/`, the pages with their `#SCHEMA#` directives kept in docs_dir.

The real mkdocs builds them (`python -m mkdocs`), with the plugin installed in this venv by
scripts/test.sh. A hook of the test site (`capture.py`) writes the Markdown each page hands to
Python-Markdown to `captured/`, so the tests can compare it byte for byte with `codegen expand`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mkdocs"

# Where dstack keeps each reference page under docs_dir (../shared/reference/dstack-pages names).
DSTACK_LAYOUT = {
    "server-config.yml.md": "reference/server/config.yml.md",
    "dev-environment.md": "reference/dstack.yml/dev-environment.md",
    "task.md": "reference/dstack.yml/task.md",
    "service.md": "reference/dstack.yml/service.md",
    "fleet.md": "reference/dstack.yml/fleet.md",
    "gateway.md": "reference/dstack.yml/gateway.md",
    "volume.md": "reference/dstack.yml/volume.md",
    "profiles.yml.md": "reference/profiles.yml.md",
    "api-python-index.md": "reference/api/python/index.md",
}

CAPTURE_HOOK = '''
from pathlib import Path

def on_page_markdown(markdown, page, config, files, **kwargs):
    out = Path(config.config_file_path).parent / "captured" / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(markdown.encode("utf-8"))
    # Whether mkdocs still takes the page for its source file (not one a plugin generated).
    if page.file.abs_src_path is not None:
        out.with_name(out.name + ".source").write_text(page.file.abs_src_path)
'''


def missing(what: str) -> None:
    """A tool or file the test needs is missing: a failure under CI, otherwise a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set, so this is a failure: run scripts/test.sh)")
    pytest.skip(what)


def cargo() -> str:
    found = shutil.which("cargo") or str(Path.home() / ".cargo" / "bin" / "cargo")
    if not Path(found).exists():
        missing("cargo is not installed")
    return found


def target_dir() -> Path:
    """Cargo's target directory for the checkout (`CARGO_TARGET_DIR`, or `target/`)."""
    return Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target").resolve()


def built_binary() -> Path:
    """The debug codegen, brought up to date (a no-op when `cargo test` just built it)."""
    subprocess.run([cargo(), "build", "-q", "-p", "codegen"], cwd=REPO, check=True)
    return target_dir() / "debug" / "codegen"


def write_site(
    site: Path, pages: dict[str, str], plugin: dict[str, Any] | None, name: str = "confspec"
) -> Path:
    """mkdocs.yml (material, the extensions dstack's pages use) and `docs/` holding `pages`
    (path under docs_dir -> text); `plugin` are the plugin's options (None: no plugin), under
    `name` in `plugins:` (`codegen` is its older name)."""
    docs = site / "docs"
    for rel, text in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    plugins = [] if plugin is None else [{name: plugin}]
    config = {
        "site_name": "test site",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": plugins,
        "hooks": ["capture.py"],
        "markdown_extensions": [
            "admonition",
            "attr_list",
            "md_in_html",
            {"toc": {"permalink": True}},
            "pymdownx.details",
            "pymdownx.superfences",
            {"pymdownx.tabbed": {"alternate_style": True}},
        ],
    }
    # JSON is YAML: no YAML writer needed.
    (site / "mkdocs.yml").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return site / "mkdocs.yml"


def mkdocs(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml"), *args],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def codegen_expand(binary: Path, site: Path, rel: str, style: str) -> dict[str, Any]:
    """`codegen expand --format json` of one page of the site, as named from the site."""
    done = subprocess.run(
        [str(binary), "--root", str(REPO), "expand", "--style", style, "--format", "json",
         f"docs/{rel}"],
        cwd=site, capture_output=True, text=True, check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    page: dict[str, Any] = json.loads(done.stdout)["pages"][0]
    return page


def diagnostic_lines(page: dict[str, Any]) -> list[str]:
    """Each diagnostic's first line as codegen prints it (`file:line:column: severity: msg`)."""
    return [
        f"{d['file']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}"
        for d in page["diagnostics"]
    ]


def generated_ids(source: str, expanded: str) -> set[str]:
    """The explicit ids (`{ #id ... }`) the expansion added to a page."""
    pattern = re.compile(r"\{ *#([A-Za-z0-9_.-]+)")
    return set(pattern.findall(expanded)) - set(pattern.findall(source))


def html_of(site: Path, rel: str) -> str:
    """The built HTML of the page `rel` (use_directory_urls: `a/b.md` -> `site/a/b/index.html`)."""
    stem = rel[: -len(".md")]
    path = site / "site" / (stem[: -len("index")] if stem.endswith("index") else stem + "/")
    return (path / "index.html").read_text(encoding="utf-8")
