"""Edit -> served page under `mkdocs serve`, for this checkout and a baseline revision, in one run.

Each side is a scratch copy of a workspace (this checkout's files, or `git archive` of the
baseline revision) with its own cargo target directory and its own copy of the mkdocs plugin
(`integrations/mkdocs`, put first on PYTHONPATH and named by its own entry point: see
`plugin_path`), and a one-page site whose page expands
`AWSConfig` through the plugin, which builds the `codegen` binary with cargo as a maintainer's
`mkdocs serve` does. Both servers run side by side; the edits alternate between the two sides
(baseline first on odd rounds, this checkout first on even ones), one at a time, so that both
see the same machine. Each edit is timed from the file written to the page served with it:

- `doc comment`: a doc comment of a field of `AwsConfig` that the page shows gets new text;
- `add a field`: a documented field is added to `AwsConfig` (then removed again, untimed, before
  the next round).

    python serve.py OUT_DIR BASELINE_REV ROUNDS    # writes OUT_DIR/serve.json and prints a table

The target directories stay in OUT_DIR between runs (the first run builds every dependency
twice); the workspaces are copied afresh each run.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import io
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODEL_FILE = "schema-aws/src/aws.rs"
# Where the same struct is in a baseline from before the model was split into crates.
MODEL_FILES_BEFORE = ["schema-server/src/aws.rs", "schema/src/aws.rs"]
STRUCT = "pub struct AwsConfig {"
DIRECTIVE = "#SCHEMA# dstack._internal.server.services.config.AWSConfig"
FIRST_BUILD_TIMEOUT = 1800.0
STEP_TIMEOUT = 300.0


def copy_checkout(dest: Path) -> None:
    """This checkout's tracked and untracked (not ignored) files, modification times kept."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)


def copy_revision(rev: str, dest: Path) -> None:
    archive = subprocess.run(["git", "archive", rev], cwd=REPO, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")


# The name the test sites give the plugin: each side's own entry point (see `plugin_path`).
PLUGIN = "bench-side"


def plugin_path(workspace: Path, into: Path) -> str:
    """PYTHONPATH for the side's own copy of the plugin: its package, then a distribution record
    (in `into`) whose `mkdocs.plugins` entry point `PLUGIN` is the class that revision's
    pyproject.toml names. Where the entry point of the installed plugin points does not matter:
    a revision from before the package's rename (mkdocs_codegen) is served by its own code."""
    plugin = workspace / "integrations" / "mkdocs"
    with (plugin / "pyproject.toml").open("rb") as f:
        entry = tomllib.load(f)["project"]["entry-points"]["mkdocs.plugins"]
    dist = into / "bench_side_plugin-0.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: bench-side-plugin\nVersion: 0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        f"[mkdocs.plugins]\n{PLUGIN} = {next(iter(entry.values()))}\n", encoding="utf-8"
    )
    return os.pathsep.join([str(plugin), str(into)])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return html.unescape(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


class Side:
    """One workspace under `mkdocs serve`."""

    def __init__(self, name: str, out: Path, fill) -> None:
        self.name = name
        self.dir = out / name
        self.workspace = self.dir / "workspace"
        shutil.rmtree(self.workspace, ignore_errors=True)
        self.workspace.mkdir(parents=True)
        fill(self.workspace)
        candidates = [self.workspace / rel for rel in (MODEL_FILE, *MODEL_FILES_BEFORE)]
        self.model = next((path for path in candidates if path.exists()), candidates[0])
        self.original = self.model.read_text(encoding="utf-8")
        self.site = self.dir / "site"
        shutil.rmtree(self.site, ignore_errors=True)
        (self.site / "docs").mkdir(parents=True)
        (self.site / "docs" / "index.md").write_text(f"# AWS\n\n{DIRECTIVE}\n", encoding="utf-8")
        config = {
            "site_name": "edit to page",
            "docs_dir": "docs",
            "theme": {"name": "material", "font": False},
            "plugins": [{PLUGIN: {"root": str(self.workspace), "style": "default"}}],
            "markdown_extensions": ["attr_list", "md_in_html", {"toc": {"permalink": True}}],
        }
        (self.site / "mkdocs.yml").write_text(json.dumps(config, indent=2), encoding="utf-8")
        self.url = f"http://127.0.0.1:{free_port()}/"
        self.log = self.dir / "serve.log"
        self.times: dict[str, list[float]] = {"doc comment": [], "add a field": []}
        self.serve: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "CARGO_TARGET_DIR": str(self.dir / "target"),
            "PYTHONPATH": plugin_path(self.workspace, self.dir / "plugin-entry-point"),
            "NO_MKDOCS_2_WARNING": "1",
        }
        port = self.url.rsplit(":", 1)[1].strip("/")
        with self.log.open("w") as log:
            self.serve = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "-f", str(self.site / "mkdocs.yml"),
                 "-a", f"127.0.0.1:{port}"],
                cwd=self.site, stdout=log, stderr=subprocess.STDOUT, env=env,
            )

    def wait(self, what: str, check, timeout: float = STEP_TIMEOUT) -> float:
        started = time.monotonic()
        while not check(fetch(self.url)):
            if self.serve is not None and self.serve.poll() is not None:
                raise SystemExit(f"{self.name}: mkdocs serve exited waiting for {what}:\n"
                                 + self.log.read_text()[-4000:])
            if time.monotonic() - started > timeout:
                raise SystemExit(f"{self.name}: timed out waiting for {what}:\n"
                                 + self.log.read_text()[-4000:])
            time.sleep(0.02)
        return time.monotonic() - started

    def write(self, text: str) -> float:
        self.model.write_text(text, encoding="utf-8")
        return time.monotonic()

    def doc_edit(self, round_: int) -> None:
        page = fetch(self.url)
        line = next(
            l for l in self.original.splitlines()
            if l.strip().startswith("///") and len(l.strip()) > 30
            and l.strip().removeprefix("///").strip() in page
        )
        text = line.strip().removeprefix("///").strip()
        marker = f"Edited in round {round_} ({self.name})."
        edited = self.original.replace(line, line.replace(text, f"{marker} {text}"), 1)
        written = self.write(edited)
        self.wait("the edited doc comment", lambda p: marker in p)
        self.times["doc comment"].append(time.monotonic() - written)

    def add_field(self, round_: int) -> None:
        name = f"bench_field_{round_}"
        field = (
            f"    /// A field added in round {round_} of the benchmark ({self.name}).\n"
            '    #[serde(default, skip_serializing_if = "Option::is_none")]\n'
            f"    pub {name}: Option<String>,\n"
        )
        assert STRUCT in self.original, f"{MODEL_FILE} has no `{STRUCT}`"
        added = self.original.replace(STRUCT + "\n", STRUCT + "\n" + field, 1)
        written = self.write(added)
        self.wait("the added field", lambda p: name in p)
        self.times["add a field"].append(time.monotonic() - written)
        # Back to the original (untimed), so that each round adds a field to the same struct.
        self.write(self.original)
        self.wait("the page without the field", lambda p: "AWSConfig" in p and name not in p)

    def stop(self) -> None:
        if self.serve is not None:
            self.serve.terminate()
            try:
                self.serve.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.serve.kill()
        self.model.write_text(self.original, encoding="utf-8")


def main() -> None:
    out = Path(sys.argv[1]).resolve()
    baseline_rev, rounds = sys.argv[2], int(sys.argv[3])
    described = subprocess.run(["git", "rev-parse", "--short", baseline_rev], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    sides = [
        Side("baseline", out, lambda dest: copy_revision(baseline_rev, dest)),
        Side("current", out, copy_checkout),
    ]
    try:
        for side in sides:
            side.start()
        for side in sides:
            first = side.wait("the first build", lambda p: "AWSConfig" in p, FIRST_BUILD_TIMEOUT)
            print(f"{side.name}: first build and page in {first:.1f} s", flush=True)
        loads = [os.getloadavg()[0]]
        for round_ in range(1, rounds + 1):
            order = sides if round_ % 2 else sides[::-1]
            for side in order:
                side.doc_edit(round_)
                time.sleep(1.0)
            for side in order:
                side.add_field(round_)
                time.sleep(1.0)
            loads.append(os.getloadavg()[0])
            print(f"round {round_}: " + "; ".join(
                f"{s.name} doc {s.times['doc comment'][-1]:.2f} s, field {s.times['add a field'][-1]:.2f} s"
                for s in sides) + f" (load {loads[-1]:.2f})", flush=True)
    finally:
        for side in sides:
            side.stop()
    result = {
        "baseline": described,
        "rounds": rounds,
        "load": [min(loads), max(loads)],
        "times": {side.name: side.times for side in sides},
    }
    (out / "serve.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"\nEdit -> served page, median of {rounds} (min to max), load {min(loads):.2f} to {max(loads):.2f}:\n")
    print("| edit | baseline (" + described + ") | this checkout | ratio |")
    print("|---|---:|---:|---:|")
    for kind in ("doc comment", "add a field"):
        base, cur = (statistics.median(s.times[kind]) for s in sides)
        spans = [f"{statistics.median(s.times[kind]):.2f} s ({min(s.times[kind]):.2f} to {max(s.times[kind]):.2f})"
                 for s in sides]
        print(f"| {kind} | {spans[0]} | {spans[1]} | {cur / base:.2f}x |")


if __name__ == "__main__":
    main()
