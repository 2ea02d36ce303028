"""dstack's own site (`../shared/reference/dstack-docs`: its docs tree at 0.18.7 and its real
mkdocs.yml), built by the real mkdocs in `.venv-dstack` (dstack 0.18.7 and the plugins its
mkdocs.yml names, pinned by dstack-site-requirements.txt; scripts/test.sh installs it): once
with dstack's `#SCHEMA#` hook, once switched to codegen's plugin as
site/pages/guide/switching-dstack.md says. The guide's blocks (settings file, patches,
commands) are read from the page and performed as written.

Used by test_dstack_site.py, and as a script for the guide's build-time table:

    .venv/bin/python tests/python/dstack_site.py [RUNS]

builds both sites RUNS times (5 by default), alternating, and prints the table.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TREE = REPO.parent / "shared" / "reference" / "dstack-docs"
GUIDE = REPO / "site" / "pages" / "guide" / "switching-dstack.md"
DSTACK_VENV = REPO / ".venv-dstack"

# What this machine requires of dstack's mkdocs.yml, in both builds (the guide's last section):
# each text is removed, and must be there exactly once.
FOR_THIS_MACHINE = [
    # Material for MkDocs Insiders: not on PyPI.
    "  - typeset\n",
    # Downloads its fonts from the internet.
    '  - social:\n'
    '      cards_layout_options:\n'
    '        background_color: "black"\n'
    '        color: "#FFFFFF"\n'
    '        font_family: "Roboto"\n'
    '#      debug: true\n'
    '      cards_layout_dir: docs/layouts\n'
    '      cards_layout: custom\n',
    # An image, which the copy of the tree (text files only) does not have.
    "    repo: custom/github\n",
]

# The environment of every build: dstack's own switch for its command-line page (25 `dstack
# --help` processes, the same in both builds, no directive on it).
BUILD_ENV = {"DSTACK_DOCS_DISABLE_CLI_REFERENCE": "1", "NO_MKDOCS_2_WARNING": "1"}

# The hook's own pattern of a directive (scripts/docs/gen_schema_reference.py).
HOOK_DIRECTIVE = re.compile(r"( *)#SCHEMA#\s+(dstack\.[.a-z_0-9A-Z]+)\s*((?:\n {4}[^\n]+)*)\n")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def dstack_python() -> Path | None:
    """The venv's Python (`CODEGEN_DSTACK_PYTHON`, or `.venv-dstack`), when it is installed."""
    given = os.environ.get("CODEGEN_DSTACK_PYTHON")
    python = Path(given) if given else DSTACK_VENV / "bin" / "python"
    if not python.is_file():
        return None
    done = subprocess.run(
        [str(python), "-c", "import dstack, mkdocs, mkdocs_confspec, mkdocs_gen_files"],
        capture_output=True,
        check=False,
    )
    return python if done.returncode == 0 else None


# --- The guide's blocks ------------------------------------------------------------------------

FENCE = re.compile(r"^(`{3,})(\w+) title=\"([^\"]+)\"\n(.*?)^\1\n", re.M | re.S)


def guide_blocks() -> dict[str, str]:
    """The guide's titled blocks (```` ```LANG title="NAME" ````), by title."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = {m.group(3): m.group(4) for m in FENCE.finditer(text)}
    return blocks


# --- Preparing and building the sites ----------------------------------------------------------


def for_this_machine(mkdocs_yml: str) -> str:
    for text in FOR_THIS_MACHINE:
        assert mkdocs_yml.count(text) == 1, f"dstack's mkdocs.yml no longer has {text!r}"
        mkdocs_yml = mkdocs_yml.replace(text, "")
    return mkdocs_yml


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False,
        env={**os.environ, **(env or {})},
    )
    if check and done.returncode != 0:
        raise AssertionError(
            f"{command} failed in {cwd} (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done


def copy_tree(dest: Path) -> Path:
    """dstack's tree, its mkdocs.yml changed where this machine requires it, in a git repository
    (commit "dstack 0.18.7"), as a maintainer's checkout would be."""
    shutil.copytree(TREE, dest)
    mkdocs_yml = dest / "mkdocs.yml"
    mkdocs_yml.write_text(for_this_machine(mkdocs_yml.read_text(encoding="utf-8")), encoding="utf-8")
    run(["git", "init", "-q"], dest)
    run(["git", "add", "-A"], dest)
    run(["git", "commit", "-q", "-m", "dstack 0.18.7"], dest, GIT_ENV)
    return dest


def apply(site: Path, patch: str, *args: str) -> None:
    """`git apply` of one of the guide's patches (the guide says `--ignore-whitespace`)."""
    done = subprocess.run(
        ["git", "apply", "--ignore-whitespace", *args, "-"],
        cwd=site, input=patch, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, f"git apply {' '.join(args)}: {done.stderr}"


def switch(site: Path, blocks: dict[str, str], binary: Path) -> None:
    """Steps 2 to 4 of the guide: codegen.toml, the mkdocs.yml patch, the hook deleted."""
    (site / "codegen.toml").write_text(blocks["codegen.toml"], encoding="utf-8")
    apply(site, blocks["mkdocs.yml"])
    shell(site, blocks["delete"], binary)


def shell(site: Path, block: str, binary: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """One of the guide's shell blocks, run by bash in the site with `codegen` on the PATH (and
    no diff base from the environment of the suite)."""
    env = {**GIT_ENV, "PATH": f"{binary.parent}{os.pathsep}{os.environ['PATH']}"}
    env_without = {k: v for k, v in os.environ.items() if k != "CODEGEN_DIFF_BASE"}
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block], cwd=site, capture_output=True, text=True,
        check=False, env={**env_without, **env},
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{block} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@dataclass
class Build:
    """One `mkdocs build` of a site."""

    done: subprocess.CompletedProcess[str]
    seconds: float
    # CPU time (user and system) of mkdocs and every process it waited for.
    cpu_seconds: float
    out: Path


def build(site: Path, out: Path, python: Path, binary: Path) -> Build:
    env = {
        **os.environ,
        **BUILD_ENV,
        "CODEGEN_BINARY": str(binary),
        # gen-files' scripts run `dstack`: the venv's.
        "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
    }
    if out.exists():
        shutil.rmtree(out)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(
        [str(python), "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml"), "-d", str(out)],
        cwd=site, capture_output=True, text=True, check=False, env=env,
    )
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Build(done, seconds, cpu, out)


# --- Reading the built pages -------------------------------------------------------------------


def pages_with_directives(site: Path) -> list[str]:
    """The pages the hook expands (`docs/reference/**.md` under docs_dir) that hold one of its
    directives, relative to docs_dir."""
    docs = site / "docs"
    found = []
    for path in sorted((docs / "docs" / "reference").rglob("*.md")):
        if HOOK_DIRECTIVE.search(path.read_text(encoding="utf-8")):
            found.append(path.relative_to(docs).as_posix())
    return found


def html_path(out: Path, rel: str) -> Path:
    """The built page of `rel` (use_directory_urls: `a/b.md` -> `a/b/index.html`)."""
    stem = rel[: -len(".md")]
    if stem.endswith("index"):
        return out / stem[: -len("index")] / "index.html"
    return out / stem / "index.html"


@dataclass(frozen=True)
class Heading:
    """A heading of a page's article: what the reader sees and where it links."""

    tag: str
    id: str
    css: str
    text: str
    links: tuple[str, ...]


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.current: dict[str, object] | None = None
        self.in_permalink = False
        self.found: list[Heading] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        if re.fullmatch(r"h[1-6]", tag) and self.current is None:
            self.current = {"tag": tag, "id": a.get("id", ""), "css": a.get("class", ""),
                            "text": [], "links": []}
        elif self.current is not None and tag == "a":
            if "headerlink" in a.get("class", "").split():
                self.in_permalink = True
            else:
                self.current["links"].append(a.get("href", ""))  # type: ignore[union-attr]

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        if tag == "a":
            self.in_permalink = False
        if self.current is not None and tag == self.current["tag"]:
            c = self.current
            self.found.append(Heading(
                str(c["tag"]), str(c["id"]), str(c["css"]),
                " ".join("".join(c["text"]).split()),  # type: ignore[arg-type]
                tuple(c["links"]),  # type: ignore[arg-type]
            ))
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None and not self.in_permalink:
            self.current["text"].append(data)  # type: ignore[union-attr]


def headings(page: Path) -> list[Heading]:
    parser = _Headings()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


SKIPPED_BY_THE_HOOK = r"""
import importlib, json, re, sys
from pathlib import Path
pattern = re.compile(sys.argv[1])
docs = Path(sys.argv[2])
out = {}
for rel in sys.argv[3:]:
    names = []
    for m in pattern.finditer((docs / rel).read_text(encoding="utf-8")):
        module, name = m.group(2).rsplit(".", 1)
        cls = getattr(importlib.import_module(module), name)
        names += [n for n, f in cls.__fields__.items() if not f.field_info.description]
    out[rel] = names
print(json.dumps(out))
"""


def skipped_by_the_hook(python: Path, site: Path, pages: list[str]) -> dict[str, list[str]]:
    """For each page, the fields of its directives' types that have no description in dstack's
    own models (which the hook skips), once per directive."""
    done = run([str(python), "-c", SKIPPED_BY_THE_HOOK, HOOK_DIRECTIVE.pattern,
                str(site / "docs"), *pages], site)
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def compare_items(
    hook: list[Heading], ours: list[Heading], skipped: list[str], typos: int
) -> list[str]:
    """What differs between the hook's headings and ours, beyond one inserted reference item
    per field the hook skipped and, per `##SCHEMA#` typo of the page, the first item's level
    (the hook left the stray `#` on it, an `h5`; codegen reads the typo as `#SCHEMA#`): an
    empty list when they agree."""
    problems = []
    inserted: list[Heading] = []
    relevelled = 0
    matcher = difflib.SequenceMatcher(a=hook, b=ours, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "insert":
            inserted.extend(ours[b0:b1])
            continue
        pairs = list(zip(hook[a0:a1], ours[b0:b1]))
        if op == "replace" and a1 - a0 == b1 - b0 and all(
            (h.tag, o.tag) == ("h5", "h4") and h == Heading("h5", o.id, o.css, o.text, o.links)
            for h, o in pairs
        ):
            relevelled += len(pairs)
            continue
        problems.append(f"{op}: hook {hook[a0:a1]} / codegen {ours[b0:b1]}")
    if relevelled != typos:
        problems.append(f"{relevelled} items of the hook are h5 instead of h4, {typos} typos")
    names = sorted(h.id.lstrip("_") for h in inserted)
    if names != sorted(skipped):
        problems.append(f"inserted items {names}, fields the hook skipped {sorted(skipped)}")
    problems += [f"inserted {h} is not a reference item" for h in inserted
                 if h.css != "reference-item"]
    return problems


# --- The build-time table ----------------------------------------------------------------------


@dataclass
class Sites:
    """Both sites, prepared once: dstack's hook and the plugin (and the plugin with the
    examples check, a copy of the switched site with the guide's `examples` patch)."""

    hook: Path
    codegen: Path
    examples: Path
    outs: dict[str, Path] = field(default_factory=dict)


def prepare(base: Path, binary: Path) -> Sites:
    blocks = guide_blocks()
    hook = copy_tree(base / "hook")
    ours = copy_tree(base / "codegen")
    switch(ours, blocks, binary)
    examples = base / "codegen-examples"
    shutil.copytree(ours, examples)
    apply(examples, blocks["mkdocs.yml: examples"])
    return Sites(hook, ours, examples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    python = dstack_python()
    if python is None:
        sys.exit("dstack_site.py: .venv-dstack is not installed (bash scripts/test.sh installs it)")
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "codegen"], cwd=REPO, check=True)
    binary = REPO / "target" / "release" / "codegen"
    with tempfile.TemporaryDirectory() as tmp:
        sites = prepare(Path(tmp), binary)
        names = ("hook", "codegen", "examples")
        wall: dict[str, list[float]] = {name: [] for name in names}
        cpu: dict[str, list[float]] = {name: [] for name in names}
        expansion: list[float] = []
        for _ in range(runs):
            for name in names:
                site = getattr(sites, name)
                result = build(site, Path(tmp) / f"out-{name}", python, binary)
                assert result.done.returncode == 0, result.done.stderr
                wall[name].append(result.seconds)
                cpu[name].append(result.cpu_seconds)
                if name == "codegen":
                    m = re.search(r"codegen: expanded \d+ pages in (\d+) ms", result.done.stderr)
                    assert m, result.done.stderr
                    expansion.append(float(m.group(1)))
    print(f"{runs} runs each, alternating; load {os.getloadavg()[0]:.1f}")
    print("| build | wall time, median (fastest) | CPU time, median | CPU vs the hook |")
    print("|---|---|---|---|")
    labels = {
        "hook": "dstack's hook (`gen-files` runs `gen_schema_reference.py`)",
        "codegen": "the confspec plugin (`style: compat`)",
        "examples": "the confspec plugin with `examples: true`",
    }
    base = statistics.median(cpu["hook"])
    for name, label in labels.items():
        w = statistics.median(wall[name])
        c = statistics.median(cpu[name])
        print(f"| {label} | {w:.2f} s ({min(wall[name]):.2f} s) | {c:.2f} s | {c / base:.2f}x |")
    print(f"plugin's expansion of the nine pages (its log): median {statistics.median(expansion):.0f} ms")

if __name__ == "__main__":
    main()
