"""The `codegen` mkdocs plugin.

At each build, every page of `docs_dir` that holds a `#SCHEMA#` directive (every Markdown page,
with `examples: true`) is sent to one `codegen expand --format json` process; the expanded text
replaces the page's source before any other plugin or Markdown sees it, and each diagnostic
becomes an mkdocs error or warning at the page's path, line and column.

The binary is either given (`binary:`) or built with cargo from the project (`cargo:`, the
default): then, under `mkdocs serve`, the project's Rust sources, `Cargo.toml`s, `codegen.toml`
and templates are watched, and a change rebuilds the binary (a compile error is reported in the
log, and the next good change recovers) before the pages are expanded again.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
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

log = get_plugin_logger("codegen")

SETTINGS = "codegen.toml"
DIRECTIVE = "#SCHEMA#"


class CodegenConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options (mkdocs.yml: `plugins: [codegen: {...}]`)."""

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
    # The cargo profile it is built with (`release` expands faster, builds slower).
    profile = c.Type(str, default="dev")
    # Templates overriding the built-in ones (`codegen --templates DIR`), relative to mkdocs.yml.
    templates = c.Optional(c.Dir(exists=True))


@dataclass
class _Build:
    """What the last cargo build of a project produced, kept across `mkdocs serve` rebuilds."""

    fingerprint: tuple[tuple[str, int, int], ...] = ()
    binary: str | None = None
    watched: list[str] = field(default_factory=list)


# One entry per (project, cargo command, package, profile): mkdocs may make a new plugin instance for a
# rebuild, the binary stays built.
_BUILDS: dict[tuple[str, str, str, str], _Build] = {}


class CodegenPlugin(BasePlugin[CodegenConfig]):  # type: ignore[no-untyped-call]
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
        binary = self._binary()
        started = time.monotonic()
        batch = self._expand(binary, paths)
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
        for path in self._watched():
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

    def _key(self) -> tuple[str, str, str, str]:
        return (str(self._root), self.config.cargo, self.config.package, self.config.profile)

    def _binary(self) -> str:
        if self.config.binary:
            binary = (self._base / self.config.binary).resolve()
            if not binary.is_file() or not os.access(binary, os.X_OK):
                raise PluginError(
                    f"codegen: option `binary`: {binary} is not an executable file "
                    "(build it with `cargo build -p codegen`, or drop `binary` to let the plugin "
                    "build it with cargo)"
                )
            return str(binary)
        state = _BUILDS.setdefault(self._key(), _Build())
        if not state.watched:
            state.watched = self._cargo_watched()
        fingerprint = _fingerprint(state.watched)
        if state.binary and fingerprint == state.fingerprint and Path(state.binary).is_file():
            return state.binary
        state.binary = self._cargo_build()
        state.fingerprint = fingerprint
        return state.binary

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
        package = self.config.package
        build = f"{self.config.cargo} build -p {package} --profile {self.config.profile}"
        log.info(f"building the binary: {build} (in {self._root})")
        started = time.monotonic()
        done = self._run_cargo(
            ["build", "-p", package, "--profile", self.config.profile,
             "--message-format=json-render-diagnostics"],
            f"build the `{package}` binary",
        )
        if done.returncode != 0:
            raise PluginError(
                f"codegen: `{build}` failed "
                f"(exit {done.returncode}); the pages are not expanded until it builds:\n"
                + done.stderr.strip()
            )
        binary = None
        for line in done.stdout.splitlines():
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if (
                message.get("reason") == "compiler-artifact"
                and message.get("executable")
                and message.get("target", {}).get("name") == package
            ):
                binary = str(message["executable"])
        if binary is None:
            raise PluginError(f"codegen: `{build}` built no `{package}` binary")
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
            state = _BUILDS.setdefault(self._key(), _Build())
            if not state.watched:
                state.watched = self._cargo_watched()
            paths = [Path(p) for p in state.watched]
        if self.config.templates:
            paths.append(Path(self.config.templates))
        return [str(p) for p in paths if p.exists()]

    # --- expansion ---------------------------------------------------------------------------

    def _expand(self, binary: str, paths: list[str]) -> dict[str, Any]:
        # Pages are named relative to mkdocs.yml's directory, as mkdocs users see them.
        names = [os.path.relpath(p, self._base) for p in paths]
        command = [binary, "--root", str(self._root), "expand", "--format", "json"]
        if self.config.style:
            command += ["--style", self.config.style]
        if self.config.examples:
            command.append("--examples")
        if self.config.templates:
            command += ["--templates", str(self.config.templates)]
        command += ["--", *names]
        try:
            done = subprocess.run(
                command, cwd=self._base, capture_output=True, text=True, check=False
            )
        except OSError as err:
            raise PluginError(f"codegen: cannot run {binary}: {err.strerror or err}") from None
        if done.returncode in (0, 1):
            try:
                batch = json.loads(done.stdout)
            except ValueError:
                batch = None
            if isinstance(batch, dict) and len(batch.get("pages", [])) == len(paths):
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
