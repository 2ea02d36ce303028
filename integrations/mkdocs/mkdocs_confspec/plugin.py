"""The `confspec` mkdocs plugin (`plugins: [confspec]`; `codegen`, its older name, is the same
plugin).

At each build, every page of `docs_dir` that holds a `#SCHEMA#` directive (every Markdown page,
with `examples: true`) is sent to one `codegen expand --format json` process; the expanded text
replaces the page's source before any other plugin or Markdown sees it, and each diagnostic
becomes an mkdocs error or warning at the page's path, line and column.

The binary is either given (`binary:`) or built with cargo from the project (`cargo:`, the
default): then, under `mkdocs serve`, the project's Rust sources, `Cargo.toml`s, `codegen.toml`
and templates are watched, and a change rebuilds the binary (a compile error is reported in the
log, and the next good change recovers) before the pages are expanded again. The rebuild starts
as soon as a watched file is saved (the plugin's own file watcher, notified by the operating
system), while mkdocs notices the change on its next poll (every half second) and then waits for
that build instead of starting one.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

# Its messages are the `codegen` binary's: they keep its name, whichever name mkdocs.yml uses.
log = get_plugin_logger("codegen")

SETTINGS = "codegen.toml"
DIRECTIVE = "#SCHEMA#"
# Seconds without another save before an early build starts (see `_start_early_builds`).
EARLY_BUILD_QUIET = 0.05


class ConfspecConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options (mkdocs.yml: `plugins: [confspec: {...}]`)."""

    # The project: the directory of codegen.toml (searched upwards from mkdocs.yml by default).
    root = c.Optional(c.Dir(exists=True))
    # The reference style (`compat`, `default`, or a template of the project's); codegen.toml's
    # `[docs] style` by default.
    style = c.Optional(c.Type(str))
    # Errors fail the build (true) or are reported as warnings (false; `mkdocs build --strict`
    # still fails on them).
    strict = c.Type(bool, default=True)
    # Also check every page's YAML examples against the model, reported the same way.
    examples = c.Type(bool, default=False)
    # A prebuilt codegen binary (relative to mkdocs.yml). When absent, cargo builds it.
    binary = c.Optional(c.Type(str))
    # The cargo command that builds the binary (`cargo build -p PACKAGE` in the project).
    cargo = c.Type(str, default="cargo")
    # The cargo package of the binary.
    package = c.Type(str, default="codegen")
    # The binary of that package (`cargo build --bin BIN`): by default the one named like the
    # package, else the package's only binary.
    bin = c.Optional(c.Type(str))
    # The cargo profile it is built with (`release` expands faster, builds slower).
    profile = c.Type(str, default="dev")
    # Templates overriding the built-in ones (`codegen --templates DIR`), relative to mkdocs.yml.
    templates = c.Optional(c.Dir(exists=True))


@dataclass
class _Build:
    """What the last cargo build of a project produced, kept across `mkdocs serve` rebuilds."""

    # The watched files as the last build saw them (and the text of its Rust sources), and its
    # binary or its error.
    fingerprint: tuple[tuple[str, int, int], ...] = ()
    texts: dict[str, str] = field(default_factory=dict)
    binary: str | None = None
    error: str | None = None
    watched: list[str] = field(default_factory=list)
    # Held while cargo builds: a page build waits for a build the file watcher started.
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Under `mkdocs serve`: the thread that starts a build as soon as a watched file is saved,
    # and whether it tells mkdocs to rebuild the site.
    early: threading.Thread | None = None
    wakes_mkdocs: bool = False


# One entry per (project, cargo command, package, binary, profile): mkdocs may make a new plugin
# instance for a rebuild, the binary stays built.
_BUILDS: dict[tuple[str, str, str, str, str], _Build] = {}


class ConfspecPlugin(BasePlugin[ConfspecConfig]):  # type: ignore[no-untyped-call]
    """Expands codegen's directives in docs_dir (see the module's documentation)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._base = Path(config.config_file_path or ".").resolve().parent
        self._root = self._find_root()
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        pages = []
        texts = []
        paths = []
        for file in files.documentation_pages():
            if file.abs_src_path is None:
                continue  # made by another plugin: not a file codegen can name
            try:
                text = file.content_string
            except (OSError, ValueError):
                continue  # mkdocs reports it when it reads the page
            if DIRECTIVE in text or (self.config.examples and ("```" in text or "~~~" in text)):
                pages.append(file)
                texts.append(text)
                paths.append(file.abs_src_path)
        if not pages:
            return None
        binary, changed = self._binary()
        started = time.monotonic()
        batch = self._expand(binary, paths, changed)
        if batch is None:
            # The binary cannot show the edited sources without a rebuild (`codegen` said so).
            binary = self._rebuild()
            batch = self._expand(binary, paths, [])
            assert batch is not None
        elif changed:
            log.info(
                f"read the doc comments of {len(changed)} edited source"
                f"{'s' if len(changed) > 1 else ''} without a rebuild"
            )
        errors = []
        for file, text, page in zip(pages, texts, batch["pages"]):
            # A page only checked (no directive) stays the source file: setting its content
            # would make mkdocs take it for a generated one (`abs_src_path` unset), which
            # plugins that read the source (the blog's posts) refuse.
            if page["text"] != text:
                file.content_string = page["text"]
            for diagnostic in page["diagnostics"]:
                line = _format(diagnostic)
                if diagnostic["severity"] == "error" and self.config.strict:
                    errors.append(line)
                else:
                    log.warning(line)
        if errors:
            raise PluginError(
                f"codegen: {len(errors)} error{'s' if len(errors) > 1 else ''} in the pages "
                "(set `strict: false` to report them as warnings):\n" + "\n".join(errors)
            )
        log.info(
            f"expanded {len(pages)} page{'s' if len(pages) > 1 else ''} "
            f"in {(time.monotonic() - started) * 1e3:.0f} ms"
        )
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # The project's files are watched by the plugin itself when it can tell mkdocs to
        # rebuild (see `_start_early_builds`); otherwise by mkdocs' own poll.
        ours: set[str] = set()
        if not self.config.binary and self._start_early_builds(server):
            ours = set(self._state().watched)
        for path in self._watched():
            if path not in ours:
                server.watch(path)
        return server

    # --- the project and the binary ---------------------------------------------------------

    def _find_root(self) -> Path:
        if self.config.root:
            root = Path(self.config.root).resolve()
            if not (root / SETTINGS).is_file():
                raise PluginError(f"codegen: option `root`: there is no {SETTINGS} in {root}")
            return root
        for directory in (self._base, *self._base.parents):
            if (directory / SETTINGS).is_file():
                return directory
        raise PluginError(
            f"codegen: no {SETTINGS} in {self._base} or above it: "
            "set the plugin's `root` option to the project's directory"
        )

    def _key(self) -> tuple[str, str, str, str, str]:
        return (
            str(self._root),
            self.config.cargo,
            self.config.package,
            self.config.bin or "",
            self.config.profile,
        )

    def _binary(self) -> tuple[str, list[str]]:
        """The binary, and the sources edited since it was built in their doc comments only
        (for `--changed-source`); built first when anything else changed."""
        if self.config.binary:
            binary = (self._base / self.config.binary).resolve()
            if not binary.is_file() or not os.access(binary, os.X_OK):
                raise PluginError(
                    f"codegen: option `binary`: {binary} is not an executable file "
                    "(build it with `cargo build -p codegen`, or drop `binary` to let the plugin "
                    "build it with cargo)"
                )
            return str(binary), []
        state = self._state()
        with state.lock:
            changed = _doc_comment_edits(state)
            if changed is None:
                self._build_if_changed(state)
                changed = []
            if state.error is not None:
                raise PluginError(state.error)
            assert state.binary is not None
            return state.binary, changed

    def _rebuild(self) -> str:
        state = self._state()
        with state.lock:
            state.fingerprint = ()
            self._build_if_changed(state)
            if state.error is not None:
                raise PluginError(state.error)
            assert state.binary is not None
            return state.binary

    def _state(self) -> _Build:
        state = _BUILDS.setdefault(self._key(), _Build())
        if not state.watched:
            state.watched = self._cargo_watched()
        return state

    def _build_if_changed(self, state: _Build) -> None:
        """Builds the binary unless the watched files are as the last build saw them (and its
        binary is still there); the caller holds `state.lock`."""
        fingerprint = _fingerprint(state.watched)
        if fingerprint == state.fingerprint and (
            state.error is not None or (state.binary and Path(state.binary).is_file())
        ):
            return
        # The fingerprint taken before the build: a file saved during it is built next time.
        state.fingerprint = fingerprint
        state.texts = _rust_texts(fingerprint)
        try:
            state.binary, state.error = self._cargo_build(), None
        except PluginError as err:
            state.binary, state.error = None, str(err)

    def _start_early_builds(self, server: Any) -> bool:
        """Under `mkdocs serve`: as soon as a watched file is saved (the operating system's file
        events, where mkdocs polls every half second), builds the binary in a thread of its own
        when the edit needs it, and tells mkdocs to rebuild the site, whose page build then
        waits for that build. Returns whether mkdocs is told (else it must poll the files)."""
        state = self._state()
        if state.early is not None:
            return state.wakes_mkdocs
        try:
            from watchdog.events import FileSystemEvent, FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:  # mkdocs' own watcher still rebuilds, half a second later
            return False
        # mkdocs 1.6's LiveReloadServer rebuilds when `_want_rebuild` is set under
        # `_rebuild_cond` (what its own file watcher does); without them, mkdocs polls.
        condition = getattr(server, "_rebuild_cond", None)
        can_wake = isinstance(condition, threading.Condition) and hasattr(server, "_want_rebuild")
        woken_for: list[tuple[tuple[str, int, int], ...]] = [state.fingerprint]

        def wake() -> None:
            fingerprint = _fingerprint(state.watched)
            if not can_wake or fingerprint == woken_for[0]:
                return
            woken_for[0] = fingerprint
            assert condition is not None
            with condition:
                server._want_rebuild = True
                condition.notify_all()
        saved = threading.Event()
        watched = [Path(p) for p in state.watched]

        class Saved(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if not event.is_directory:
                    saved.set()

        observer = Observer()
        observed: set[Path] = set()
        for path in watched:
            # A watched file is observed through its directory (a save may replace the file).
            directory = path if path.is_dir() else path.parent
            if directory not in observed:
                observed.add(directory)
                observer.schedule(Saved(), str(directory), recursive=path.is_dir())
        observer.daemon = True

        def build_on_save() -> None:
            while True:
                saved.wait()
                # Editors save in steps (a temporary file, then a rename): build once they stop.
                while True:
                    saved.clear()
                    if not saved.wait(EARLY_BUILD_QUIET):
                        break
                with state.lock:
                    wake()
                    # Doc comments only: the page build reads them without a rebuild.
                    if _doc_comment_edits(state) is None:
                        self._build_if_changed(state)

        try:
            observer.start()
        except OSError as err:  # e.g. no inotify watches left: mkdocs' own poll still rebuilds
            log.debug(f"no early builds ({err})")
            return False
        state.early = threading.Thread(target=build_on_save, name="codegen early builds", daemon=True)
        state.early.start()
        state.wakes_mkdocs = can_wake
        return can_wake

    def _cargo(self) -> list[str]:
        return shlex.split(self.config.cargo)

    def _run_cargo(self, args: list[str], what: str) -> subprocess.CompletedProcess[str]:
        command = self._cargo() + args
        try:
            return subprocess.run(
                command, cwd=self._root, capture_output=True, text=True, check=False
            )
        except OSError as err:
            raise PluginError(
                f"codegen: cannot run `{self.config.cargo}` ({err.strerror or err}) to {what}: "
                "install Rust (https://rustup.rs), set the plugin's `cargo` option to the cargo "
                "command, or `binary` to a prebuilt codegen"
            ) from None

    def _cargo_build(self) -> str:
        package, wanted = self.config.package, self.config.bin
        args = ["build", "-p", package, "--profile", self.config.profile]
        if wanted:
            args += ["--bin", wanted]
        build = " ".join([self.config.cargo, *args])
        log.info(f"building the binary: {build} (in {self._root})")
        started = time.monotonic()
        done = self._run_cargo(
            [*args, "--message-format=json-render-diagnostics"],
            f"build the `{wanted or package}` binary",
        )
        if done.returncode != 0:
            raise PluginError(
                f"codegen: `{build}` failed "
                f"(exit {done.returncode}); the pages are not expanded until it builds:\n"
                + done.stderr.strip()
            )
        # The binaries built, by name: the package's own (dependencies give libraries and
        # build scripts only).
        built: dict[str, str] = {}
        for line in done.stdout.splitlines():
            try:
                message = json.loads(line)
            except ValueError:
                continue
            target = message.get("target", {}) if isinstance(message, dict) else {}
            if (
                message.get("reason") == "compiler-artifact"
                and message.get("executable")
                and "bin" in target.get("kind", [])
            ):
                built[str(target.get("name"))] = str(message["executable"])
        binary = built.get(wanted or package)
        if binary is None and not wanted and len(built) == 1:
            binary = next(iter(built.values()))
        if binary is None:
            names = ", ".join(f"`{name}`" for name in sorted(built)) or "none"
            raise PluginError(
                f"codegen: `{build}` built no `{wanted or package}` binary (its binaries: "
                f"{names}): set the plugin's `bin` option to the one that runs `confspec::run`"
            )
        log.info(f"built {binary} in {time.monotonic() - started:.1f} s")
        return binary

    def _cargo_watched(self) -> list[str]:
        """The workspace's sources: each package's `src/`, `build.rs` and `Cargo.toml`, the
        workspace's `Cargo.toml` and `Cargo.lock`, codegen.toml and `templates/`."""
        done = self._run_cargo(
            ["metadata", "--no-deps", "--format-version", "1"], "list the workspace's packages"
        )
        if done.returncode != 0:
            raise PluginError(f"codegen: `{self.config.cargo} metadata` failed:\n{done.stderr}")
        metadata = json.loads(done.stdout)
        paths = {self._root / name for name in ("Cargo.toml", "Cargo.lock", SETTINGS, "templates")}
        workspace = Path(metadata.get("workspace_root", self._root))
        paths |= {workspace / "Cargo.toml", workspace / "Cargo.lock"}
        for package in metadata.get("packages", []):
            directory = Path(package["manifest_path"]).parent
            paths |= {directory / "Cargo.toml", directory / "src", directory / "build.rs"}
        return sorted(str(p) for p in paths if p.exists())

    def _watched(self) -> list[str]:
        if self.config.binary:
            paths = [self._root / SETTINGS, (self._base / self.config.binary).resolve()]
        else:
            paths = [Path(p) for p in self._state().watched]
        if self.config.templates:
            paths.append(Path(self.config.templates))
        return [str(p) for p in paths if p.exists()]

    # --- expansion ---------------------------------------------------------------------------

    def _expand(self, binary: str, paths: list[str], changed: list[str]) -> dict[str, Any] | None:
        """The pages expanded by `binary`; `None` when it must be rebuilt to show `changed`."""
        # Pages are named relative to mkdocs.yml's directory, as mkdocs users see them.
        names = [os.path.relpath(p, self._base) for p in paths]
        command = [binary, "--root", str(self._root), "expand", "--format", "json"]
        if self.config.style:
            command += ["--style", self.config.style]
        if self.config.examples:
            command.append("--examples")
        if self.config.templates:
            command += ["--templates", str(self.config.templates)]
        for source in changed:
            command += ["--changed-source", source]
        command += ["--", *names]
        try:
            done = subprocess.run(
                command, cwd=self._base, capture_output=True, text=True, check=False
            )
        except OSError as err:
            raise PluginError(f"codegen: cannot run {binary}: {err.strerror or err}") from None
        try:
            batch = json.loads(done.stdout)
        except ValueError:
            batch = None
        if done.returncode == 2 and changed and isinstance(batch, dict) and "stale" in batch:
            log.info(f"rebuilding the binary: {batch['stale']}")
            return None
        if (
            done.returncode in (0, 1)
            and isinstance(batch, dict)
            and len(batch.get("pages", [])) == len(paths)
        ):
            return batch
        raise PluginError(
            f"codegen: `codegen expand` failed (exit {done.returncode}):\n"
            + (done.stderr.strip() or done.stdout.strip())
        )


def _fingerprint(paths: list[str]) -> tuple[tuple[str, int, int], ...]:
    """Every file under `paths`, with its modification time and size."""
    found = []
    for path in paths:
        if os.path.isfile(path):
            candidates = [path]
        else:
            candidates = [
                os.path.join(directory, name)
                for directory, subdirs, names in os.walk(path)
                for name in names
                if not name.startswith(".")
            ]
        for candidate in candidates:
            try:
                stat = os.stat(candidate)
            except OSError:
                continue
            found.append((candidate, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def _rust_texts(fingerprint: tuple[tuple[str, int, int], ...]) -> dict[str, str]:
    """The text of every Rust source of `fingerprint` (what a build compiles)."""
    texts = {}
    for path, _, _ in fingerprint:
        if path.endswith(".rs"):
            try:
                texts[path] = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
    return texts


def _doc_comment_text(line: str) -> str | None:
    """What follows `///` on a line that is a doc comment (not `////`), or `None`."""
    stripped = line.lstrip()
    if not stripped.startswith("///") or stripped.startswith("////"):
        return None
    return stripped[3:]


def _doc_comment_edits(state: _Build) -> list[str] | None:
    """The Rust sources edited since the last build where only the text of `///` lines changed
    (empty when nothing changed), or `None` when the binary must be built: no binary, a failed
    build, or any other change (another file, a line added or removed, code). `codegen` checks
    the edits again (`--changed-source`) and says when its model needs a rebuild after all."""
    if state.binary is None or state.error is not None or not Path(state.binary).is_file():
        return None
    fingerprint = _fingerprint(state.watched)
    if fingerprint == state.fingerprint:
        return []
    before = {path: (mtime, size) for path, mtime, size in state.fingerprint}
    now = {path: (mtime, size) for path, mtime, size in fingerprint}
    if before.keys() != now.keys():
        return None
    edited = []
    for path in (p for p in now if now[p] != before[p]):
        if path not in state.texts:
            return None
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        old_lines, new_lines = state.texts[path].split("\n"), text.split("\n")
        if len(old_lines) != len(new_lines):
            return None
        for old, new in zip(old_lines, new_lines):
            if old != new and (_doc_comment_text(old) is None or _doc_comment_text(new) is None):
                return None
        if text != state.texts[path]:
            edited.append(path)
    return edited


def _format(diagnostic: dict[str, Any]) -> str:
    """A diagnostic as codegen prints it: `file:line:column: severity: message`, then a hint."""
    where = str(diagnostic["file"])
    if diagnostic.get("line"):
        where += f":{diagnostic['line']}"
        if diagnostic.get("column"):
            where += f":{diagnostic['column']}"
    text = f"{where}: {diagnostic['severity']}: {diagnostic['message']}"
    if diagnostic.get("hint"):
        text += f"\n  hint: {diagnostic['hint']}"
    return text
