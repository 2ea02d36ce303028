"""`mkdocs serve` with the plugin reflects a model edit without a restart.

On a scratch copy of the workspace (the checkout is never modified), with CARGO_TARGET_DIR the
checkout's target directory so that only the workspace crates rebuild: start `mkdocs serve`,
edit a doc comment of the model, poll the page over HTTP until it shows the new text (the
plugin reads it without a rebuild, and says so in the log); add a documented field, see it on
the page (that needs a rebuild); break the model, see cargo's compile error in the serve log;
restore the file, see the page again. The latency of each step (file written -> page served
with it) is printed; none is asserted (scripts/bench-mkdocs.sh measures them).

The scratch copy keeps the sources' modification times, so its first build finds the checkout's
artifacts fresh; it ends with the original sources rebuilt, so the shared target directory is
left as it was found (also when the test fails halfway).
"""

from __future__ import annotations

import html
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_site import REPO, cargo, target_dir, write_site

# Each step rebuilds the model crate and codegen on a loaded 2-core machine: minutes at most.
STEP_TIMEOUT = 300.0

def workspace_files() -> list[str]:
    """What a scratch copy needs: the workspace's manifest, lockfile, cargo settings (and the
    linker script they name), settings and templates, and every member its Cargo.toml lists (so a
    new member is copied without editing this test); a member written as a glob (`schema-*`)
    is every directory it matches, as cargo reads it."""
    patterns = tomllib.loads((REPO / "Cargo.toml").read_text())["workspace"]["members"]
    members = sorted({
        path.relative_to(REPO).as_posix()
        for pattern in patterns
        for path in REPO.glob(pattern)
        if (path / "Cargo.toml").is_file()
    })
    assert len(members) >= len(patterns), f"members {patterns} match {members}"
    cargo = [rel for rel in (".cargo", "scripts/cc-mold") if (REPO / rel).exists()]
    return ["Cargo.toml", "Cargo.lock", "codegen.toml", "templates", *cargo, *members]


MODEL_FILE = "schema-aws/src/aws.rs"
DIRECTIVE = "#SCHEMA# dstack._internal.server.services.config.AWSConfig"


def scratch_workspace(to: Path) -> None:
    for rel in workspace_files():
        source = REPO / rel
        if source.is_dir():
            shutil.copytree(source, to / rel, ignore=shutil.ignore_patterns("target", "__pycache__"))
        else:
            (to / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, to / rel)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return html.unescape(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def wait_for(
    what: str, check: Callable[[], bool], log: Path, serve: subprocess.Popen[bytes] | None = None
) -> float:
    """Polls `check` until it holds; returns the seconds it took (fails after STEP_TIMEOUT, or at
    once when `serve` has exited)."""
    started = time.monotonic()
    while not check():
        if serve is not None and serve.poll() is not None:
            raise AssertionError(f"mkdocs serve exited ({serve.returncode}) while waiting for {what}; serve log:\n{log.read_text()[-6000:]}")
        if time.monotonic() - started > STEP_TIMEOUT:
            raise AssertionError(f"timed out waiting for {what}; serve log:\n{log.read_text()[-6000:]}")
        time.sleep(0.2)
    return time.monotonic() - started


def documented_line(source: str, page: str) -> str:
    """A `///` line of the model file whose text the served page shows."""
    for line in source.splitlines():
        text = line.strip().removeprefix("///").strip()
        if line.strip().startswith("///") and len(text) > 20 and text in page:
            return line
    raise AssertionError(f"no doc comment of {MODEL_FILE} is on the page")


def test_serve_rebuilds_after_a_model_edit_and_recovers_from_a_compile_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cargo_command = cargo()
    workspace = tmp_path / "workspace"
    scratch_workspace(workspace)
    site = tmp_path / "site"
    write_site(
        site,
        {"index.md": f"# AWS\n\n{DIRECTIVE}\n"},
        {"root": str(workspace), "cargo": cargo_command, "style": "default"},
    )
    model = workspace / MODEL_FILE
    original = model.read_text(encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    env = {**os.environ, "CARGO_TARGET_DIR": str(target_dir()), "NO_MKDOCS_2_WARNING": "1"}
    restored = True
    with log.open("w") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(site / "mkdocs.yml"),
             "-a", f"127.0.0.1:{port}"],
            cwd=site, stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    try:
        first = wait_for("the first build", lambda: "AWSConfig" in (fetch(url) or ""), log, serve)
        page = fetch(url) or ""
        line = documented_line(original, page)
        text = line.strip().removeprefix("///").strip()
        marker = f"Edited live ({os.getpid()})."
        edited = original.replace(line, line.replace(text, f"{marker} {text}"), 1)

        restored = False
        model.write_text(edited, encoding="utf-8")
        edit = wait_for("the edited doc comment", lambda: marker in (fetch(url) or ""), log, serve)
        assert "without a rebuild" in log.read_text(), log.read_text()[-4000:]

        field_name = f"field_added_live_{os.getpid()}"
        struct = "pub struct AwsConfig {\n"
        assert struct in edited, f"{MODEL_FILE} has no `{struct.strip()}`"
        with_field = edited.replace(
            struct,
            struct + f"    /// A field added live.\n    pub {field_name}: Option<String>,\n",
            1,
        )
        builds = log.read_text().count("built ")
        model.write_text(with_field, encoding="utf-8")
        field = wait_for("the added field", lambda: field_name in (fetch(url) or ""), log, serve)
        assert log.read_text().count("built ") > builds, "adding a field rebuilt nothing"

        broken = edited + '\ncompile_error!("broken on purpose by the serve test");\n'
        model.write_text(broken, encoding="utf-8")
        error = wait_for(
            "the compile error in the log",
            lambda: "broken on purpose by the serve test" in log.read_text(), log,
        )
        assert "cargo build -p codegen --profile dev` failed" in log.read_text()

        model.write_text(original, encoding="utf-8")
        fixed = wait_for(
            "the page after the fix",
            lambda: (lambda p: text in p and marker not in p)(fetch(url) or ""), log,
        )
        restored = True
        with capsys.disabled():  # the figures belong in the test log
            print(
                f"\nmkdocs serve: first build {first:.1f} s; doc comment edit -> page {edit:.1f} s; "
                f"field added -> page {field:.1f} s; compile error in the log {error:.1f} s; "
                f"fix -> page {fixed:.1f} s"
            )
    finally:
        serve.terminate()
        try:
            serve.wait(timeout=20)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
        if not restored:
            # Leave the shared target directory built from the original sources.
            model.write_text(original, encoding="utf-8")
            subprocess.run(
                [cargo_command, "build", "-q", "-p", "codegen"], cwd=workspace, env=env, check=False
            )
