"""dstack 0.18.7's own reading of each case: PyYAML FullLoader, ServerConfig.parse_obj, then the
per-backend conversion the server does when it applies the config (config_to_internal_config).
Runs in the venv that has dstack. Files named by `filename` are created under a temporary HOME."""
import json
import os
import sys
import tempfile

home = tempfile.mkdtemp()
os.environ["HOME"] = home

import yaml  # noqa: E402
from dstack._internal.server.services.config import (  # noqa: E402
    ServerConfig,
    config_to_internal_config,
)


def touch_files(value):
    if isinstance(value, dict):
        name = value.get("filename")
        if isinstance(name, str) and name:
            path = os.path.expanduser(name)
            if not os.path.isabs(path):
                path = os.path.join(home, path)
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            if not os.path.exists(path):
                open(path, "w").write("{}")
        for item in value.values():
            touch_files(item)
    elif isinstance(value, list):
        for item in value:
            touch_files(item)


def verdict(text):
    try:
        data = yaml.load(text, yaml.FullLoader)
    except Exception as e:  # noqa: BLE001
        return False, f"yaml: {type(e).__name__}"
    touch_files(data)
    os.chdir(home)
    try:
        config = ServerConfig.parse_obj(data)
        for project in config.projects:
            for backend in project.backends:
                config_to_internal_config(backend)
    except Exception as e:  # noqa: BLE001
        return False, f"{type(e).__name__}: {str(e).splitlines()[-1][:120]}"
    return True, None


cases = json.load(open(sys.argv[1]))
json.dump({c["id"]: verdict(c["text"]) for c in cases}, sys.stdout)
