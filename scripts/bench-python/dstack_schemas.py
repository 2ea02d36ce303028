"""The Python route's JSON Schemas: dstack 0.18.7's own pydantic models, as dstack's CI makes the
editor schemas (`Model.schema_json(indent=2)`), for the three roots codegen emits.

    python dstack_schemas.py OUT_DIR    # OUT_DIR/{server-config,configuration,profiles}.json
"""

import sys
from pathlib import Path

from dstack._internal.core.models.configurations import DstackConfiguration
from dstack._internal.core.models.profiles import ProfilesConfig
from dstack._internal.server.services.config import ServerConfig

ROOTS = {
    "server-config": ServerConfig,
    "configuration": DstackConfiguration,
    "profiles": ProfilesConfig,
}

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
for name, model in ROOTS.items():
    (out / f"{name}.json").write_text(model.schema_json(indent=2), encoding="utf-8")
