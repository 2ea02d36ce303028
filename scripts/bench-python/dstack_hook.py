"""The Python route's reference pages: dstack's `#SCHEMA#` hook (a mkdocs-gen-files script) run
over a docs_dir the way the gen-files plugin runs it in `mkdocs build` (a FilesEditor around
`runpy.run_path`), without the rest of the build; each page it edits is written to OUT_DIR.

    python dstack_hook.py HOOK DOCS_DIR OUT_DIR
"""

import runpy
import sys
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs_gen_files.editor import FilesEditor

hook, docs, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
with tempfile.TemporaryDirectory() as scratch:
    config = MkDocsConfig()
    config.load_dict({"site_name": "bench", "docs_dir": str(docs), "site_dir": f"{scratch}/site"})
    errors, _ = config.validate()
    if errors:
        sys.exit(f"mkdocs configuration: {errors}")
    files = Files([
        File(path.relative_to(docs).as_posix(), str(docs), config.site_dir, True)
        for path in sorted(docs.rglob("*.md"))
    ])
    with FilesEditor(files, config, f"{scratch}/edited") as editor:
        runpy.run_path(hook)
    for file in editor.files.documentation_pages():
        dest = out / file.src_uri
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(Path(file.abs_src_path).read_text(encoding="utf-8"), encoding="utf-8")
