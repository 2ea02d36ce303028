"""dstack 0.18.7's own reading of each case, by the entry point dstack reads that file with.
Runs in the venv that has dstack.

- the server configuration: PyYAML FullLoader, `ServerConfig.parse_obj`, then the per-backend
  conversion the server does when it applies the config (`config_to_internal_config`); files
  named by `filename` are created under a temporary HOME;
- `.dstack.yml`: `yaml.safe_load` then `parse_apply_configuration`, as `dstack apply` does
  (`dstack/_internal/cli/services/configurators`);
- `profiles.yml`: `yaml.safe_load` then `ProfilesConfig.parse_obj` and `default()`, as the
  profiles loader does (`dstack/api/utils.py`, `_load_profile_from_path`).

    python dstack_judge.py cases.json > verdicts.json   # {id: [accepted, why]}
"""
import json
import os
import sys
import tempfile

home = tempfile.mkdtemp()
os.environ["HOME"] = home

import yaml  # noqa: E402
from dstack._internal.core.models.configurations import parse_apply_configuration  # noqa: E402
from dstack._internal.core.models.profiles import ProfilesConfig  # noqa: E402
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


def why(e):
    """The last line of dstack's error (pydantic puts the message there), short."""
    lines = [line for line in str(e).splitlines() if line.strip()] or [""]
    return f"{type(e).__name__}: {lines[-1].strip()[:160]}"


def server_config(text):
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
        return False, why(e)
    return True, None


def dstack_configuration(text):
    try:
        data = yaml.safe_load(text)
    except Exception as e:  # noqa: BLE001
        return False, f"yaml: {type(e).__name__}"
    try:
        parse_apply_configuration(data)
    except Exception as e:  # noqa: BLE001
        return False, why(e)
    return True, None


def profiles(text):
    try:
        data = yaml.safe_load(text)
    except Exception as e:  # noqa: BLE001
        return False, f"yaml: {type(e).__name__}"
    try:
        ProfilesConfig.parse_obj(data).default()
    except Exception as e:  # noqa: BLE001
        return False, why(e)
    return True, None


VERDICTS = {
    "ServerConfig": server_config,
    "DstackConfiguration": dstack_configuration,
    "ProfilesConfig": profiles,
}

if __name__ == "__main__":
    cases = json.load(open(sys.argv[1]))
    json.dump({c["id"]: VERDICTS[c.get("root", "ServerConfig")](c["text"]) for c in cases}, sys.stdout)
