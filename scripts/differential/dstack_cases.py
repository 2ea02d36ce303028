"""Generates `.dstack.yml` and `profiles.yml` cases for the differential run (README of the site:
guide/dstack-agreement.md). Runs in the differential venv (dstack, ruamel.yaml).

    python dstack_cases.py EXAMPLES_JSON > cases.json

Bases (each judged unchanged, then mutated when dstack accepts it):
- the project's fixtures (schema/tests/fixtures/dstack/{good,bad}/*.yml, their `# root:`);
- every YAML example of the docs whose model is `DstackConfiguration` or `ProfilesConfig`
  (EXAMPLES_JSON: `codegen check --format json` over the docs pages, which finds the blocks and
  their model), as written;
- configurations generated from dstack's own pydantic JSON Schema (`DstackConfiguration.schema()`,
  `ProfilesConfig.schema()`): each kind with its required keys, then with each property set to a
  value of each of its forms;
- profiles made of the provisioning keys of every run configuration above.

Mutations, field by field: each key dropped, each value set to null and to each wrong kind,
each value set to the shorthand forms of its key and their neighbours (`gpu: A100:80XB`,
`memory: 8GiB`, `8..2`, `1h30m`, ports, ranges with spaces, env names), plain YAML spellings
(`off`, `no`, `3.10`) in place of a value, each property dstack's schema knows added where it is
missing, an unknown key added to each mapping.

Each case: `root`, `base` (where it comes from), `class` (the mutation: `value `8GB` at disk`),
`key` (the key mutated, `resources.disk`), `text` (what the judges that read YAML read) and
`document` (its YAML 1.2 reading as JSON: what the JSON Schema and pydantic judges see).
"""
import copy
import glob
import io
import json
import os
import re
import sys

from ruamel.yaml import YAML

EXAMPLES = sys.argv[1]
ROOT_NAME = None  # the root whose cases are being made
RAW = "@@RAW@@"
yaml12 = YAML(typ="safe", pure=True)

try:
    from dstack._internal.core.models.configurations import DstackConfiguration
    from dstack._internal.core.models.profiles import ProfilesConfig

    DSTACK_SCHEMAS = {
        "DstackConfiguration": DstackConfiguration.schema(),
        "ProfilesConfig": ProfilesConfig.schema(),
    }
except ImportError:  # dstack could not be installed: no generated configurations
    DSTACK_SCHEMAS = {}

# The values tried at a key (by its name), beside the wrong kinds: each form of its shorthand
# and its neighbours. A tuple `(raw, reading)` is a plain YAML spelling written as is.
NEIGHBOURS = {
    "gpu": [
        "A100", "A100:80GB:2", "A100:80XB", "A100:2:2", "24GB:24GB", "nvidia:A100",
        "A100:80GB:2:extra", "2", "1..8", "8..2", "A10,A100", "A100:", ":2", "a100", "A 100",
        "24GB..80GB:2", "A100:80GB..40GB", "80GB", "..80GB", "A100:0", "A100:1..", "A100:40GB..",
        "H100:8", "A100 : 2", "A100,", 2, 0, -1, 1.5,
        {"name": "A100"}, {"name": ["A100", "H100"], "count": 2}, {}, {"count": "8..2"},
        {"memory": "24GB..", "count": "1..2"}, {"total_memory": "80GB"}, {"compute_capability": 7.5},
        {"name": "A100", "extra": 1},
    ],
    "memory": [
        "8GB", "8GiB", "8 GB", "8gb", "512MB", "1TB", "8", 8, 0.5, "8..2", "8GB..", "..8GB",
        "8GB..64GB", "64GB..8GB", "8GB .. 64GB", "", "-8GB", -1, "8.5GB", "8XB", "..",
        {"min": 8}, {"min": "8GB", "max": "16GB"}, {}, {"min": 8, "max": 2}, {"max": "8GB"},
    ],
    "total_memory": ["80GB", "80GB..", "8GiB", "80..40", {}, {"min": "40GB"}],
    "shm_size": ["8GB", "8GiB", "512MB", 8, 0.5, "8GB..", "", -1, "1TB", "8 GB", {"min": 8}],
    "disk": [
        "100GB", "100GB..", "8GB", "50GB", "49GB", 8, 100, 50.5, "512MB", "..8GB", "8GB..",
        "1..", 0, "200GB..100GB", "100GB..200GB", "100GiB", "..100GB", "0.05TB", "1TB",
        {"size": 8}, {"size": "100GB"}, {"size": "100GB.."}, {"size": {"min": "100GB"}},
        {"size": {}}, {}, {"size": "8GB"}, {"size": 100, "extra": 1},
    ],
    "size": ["100GB", 100, "8GiB", "100GB..", "8GB", "512MB", 0, -1, "1TB", {"min": 100}],
    "cpu": [
        2, 0, -1, "2..8", "8..2", "2..", "..8", "2 .. 8", "x", 1.5, "4", "..", "2...8",
        {}, {"min": 2}, {"max": 8}, {"min": 8, "max": 2}, {"min": "2"}, {"min": 2, "extra": 1},
    ],
    "nodes": [1, 0, -1, 2, "2", "1..4", "4..1", "1..", "..4", 1.5, {"min": 1, "max": 2}, {}, {"min": 4, "max": 1}],
    "count": [1, 0, 2, "2", "1..8", "8..1", "1..", "..2", {"min": 1}, {}, 1.5],
    "compute_capability": [7, 7.5, "7.5", [7, 5], "7", [7], "7.5.1", 8.0, "8.0", [7, 5, 1], -7.5, "x"],
    "name": ["my-run", "", "a b", 7, ["A100"]],
    "max_duration": [
        "1h", "1h30m", "90s", "2H", "1.5h", "off", "1 h", "99999999999999999999d", 0, "0",
        "3600", 3600, -1, "1w", "1d", "1y", "", "m",
        ("off", "off"), ("no", "no"), ("false", False), ("true", True), ("1:30", "1:30"),
    ],
    "termination_idle_time": [
        "5m", "1h30m", "1d", "2H", "off", 0, 300, "300", -1, "1.5h", "", "99999999999999999999d",
        ("off", "off"), ("no", "no"), ("false", False),
    ],
    "duration": ["1h", "1d", "1h30m", "2H", "off", 0, 3600, "3600", -1, ("off", "off")],
    "scale_up_delay": ["5m", 300, "1h30m", "off", -1, "300"],
    "scale_down_delay": ["10m", 600, "2H", "off", -1],
    "ports": [[8080], [0], [65536], [65535], ["8080:80"], ["*:80"], ["80"], ["08080:80"], ["a:b"],
              [{"container_port": 80}], [{"local_port": 0, "container_port": 80}], [8080, 8080],
              ["80:*"], [":80"], ["8080:80:90"], [80.5], [{"local_port": 8080}], []],
    "port": [8080, 0, 65536, 65535, "8080:80", "*:80", "80", "08080:80", 80.5, "a:b",
             {"container_port": 80}, {"local_port": 80, "container_port": 8000}, {"local_port": 80}],
    "container_port": [80, 0, 65536, "80"],
    "local_port": [80, 0, 65536, "80", None],
    "replicas": [1, 0, 2, "2", "0..4", "1..", "..4", "4..0", "1..1", "0..", "1 .. 4", "0..4..8",
                 {"min": 0, "max": 4}, {}, {"min": 1}, {"max": 2}, {"min": 4, "max": 0}, -1, 1.5],
    "env": [
        ["A=1"], ["A"], ["1A=2"], ["A-B=1"], ["A=1", "A=2"], ["A", "A=2"], ["A", "A"], ["A=1\nB"],
        ["A=b=c"], ["A="], ["=1"], [7], [],
        {"PORT": 8080}, {"A": True}, {"A": 1.5}, {"A": None}, {"A": "1"}, {"1A": "x"},
        {"A": ["x"]}, {"A": {"key": "B"}}, {"A-B": "x"}, {}, {"A": ""},
        {"A": ("yes", "yes")}, {"A": ("on", "on")}, {"A": ("3.10", 3.1)},
    ],
    "python": ["3.11", "3.10", "3.8", "3.12", "3.7", "3.13", "3", "py3.11", 3, 3.9, 3.11, 3.12,
               ("3.10", 3.1), ("3.11", 3.11), ("3.8", 3.8), ("3.1", 3.1), ("3.12", 3.12)],
    "max_price": [0, -1, 0.5, 1, "1", 0.0, 1.5, 100000, -0.5, True],
    "network": ["10.0.0.0/24", "8.8.8.0/24", "x", "10.0.0.0/33", "fd00::/8", "10.0.0.1",
                "192.168.0.0/16", "2001:db8::/32", "10.0.0.0/24 ", "", "172.16.0.0/12", "10.0.0.5/24"],
    "retry": [True, False, {"on_events": []}, {"on_events": ["error"]},
              {"on_events": ["error"], "duration": "1h"}, {"duration": "1h"}, {"on_events": ["bogus"]},
              ("yes", "yes"), {}, {"on_events": ["no-capacity", "interruption", "error"], "duration": "1h30m"}],
    "on_events": [[], ["no-capacity"], ["bogus"], "error", ["error", "error"]],
    "retry_policy": [{"retry": True}, {"retry": True, "duration": "1h"}, {"duration": "2h"}, {}, True],
    "target": [0, -1, 10, 0.5, "10", -0.5, 0.0],
    "metric": ["rps", "RPS", "cpu"],
    "scaling": [{"metric": "rps", "target": 10}, {"metric": "rps"}, {"target": 10}, {},
                {"metric": "rps", "target": 10, "scale_up_delay": "1h30m"}],
    "certificate": [{}, {"arn": "x"}, {"type": "lets-encrypt"}, {"type": "acm"},
                    {"type": "acm", "arn": "x"}, {"type": "lets-encrypt", "arn": "x"}, "acm"],
    "ide": ["vscode", "VSCode", "jupyter"],
    "commands": [[], ["x"], [7], "x", ["x", ""]],
    "init": [[], ["x"], [7], "x"],
    "setup": [[], ["x"], [7], "x"],
    "image": ["", "python:3.11", "ubuntu"],
    "backends": [["aws"], ["AWS"], ["bogus"], [], "aws", ["aws", "aws"], ["dstack"], ["local"]],
    "regions": [["eu-west-1"], [], "eu-west-1", [7]],
    "instance_types": [["p3.8xlarge"], [], "p3.8xlarge"],
    "spot_policy": ["spot", "on-demand", "auto", "Spot", "ondemand"],
    "creation_policy": ["reuse", "reuse-or-create", "create"],
    "termination_policy": ["dont-destroy", "destroy-after-idle", "destroy"],
    "placement": ["any", "cluster", "Cluster"],
    "default": [True, False, ("yes", "yes")],
    "https": [True, False, ("on", "on")],
    "auth": [True, False],
    "public_ip": [True, False],
    "hosts": [["1.2.3.4"], [], [{"hostname": "1.2.3.4"}], [{"hostname": "1.2.3.4", "port": 0}],
              [{"port": 22}], ["1.2.3.4", "1.2.3.4"]],
    "format": ["tgi", "openai", "vllm"],
    "volumes": [[{"name": "v", "path": "/data"}], [], [{"name": "v"}], ["v:/data"]],
    "registry_auth": [{"username": "u", "password": "p"}, {"username": "u"}, {}],
    "model": [{"type": "chat", "name": "m", "format": "openai"},
              {"type": "chat", "name": "m", "format": "tgi"},
              {"type": "chat", "name": "m"}, {"name": "m", "format": "openai"}, "m"],
    "type": ["task", "service", "dev-environment", "fleet", "gateway", "volume", "Task", "run", ""],
}
KINDS = [True, 7, 1.5, "x", ["x"], {"x": "y"}, -7]
PLAIN = [("no", "no"), ("off", "off"), ("on", "on"), ("1:30", "1:30"), ("2024-01-01", "2024-01-01"), ("~", None)]


def yaml_reading(text):
    """The YAML 1.2 reading as JSON (dates become their text), or None if not YAML."""
    try:
        return json.loads(json.dumps(yaml12.load(text), default=str))
    except Exception:  # noqa: BLE001
        return None


def leaves(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, path + (index,))


def at(doc, path):
    for step in path:
        doc = doc[step]
    return doc


def replaced(doc, path, new):
    doc = copy.deepcopy(doc)
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new
    return doc


def dropped(doc, path):
    doc = copy.deepcopy(doc)
    node = doc
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]
    return doc


def spell(doc, path, value):
    """`doc` with `value` at `path` as (text, document); tuples anywhere in `value` are plain
    YAML spellings (raw, reading)."""
    raws = []

    def mark(v):
        if isinstance(v, tuple):
            raws.append(v[0])
            return f"{RAW}{len(raws) - 1}"
        if isinstance(v, dict):
            return {k: mark(x) for k, x in v.items()}
        if isinstance(v, list):
            return [mark(x) for x in v]
        return v

    def read(v):
        if isinstance(v, tuple):
            return v[1]
        if isinstance(v, dict):
            return {k: read(x) for k, x in v.items()}
        if isinstance(v, list):
            return [read(x) for x in v]
        return v

    marked = replaced(doc, path, mark(value)) if path else mark(value)
    text = json.dumps(marked)
    for i, raw in enumerate(raws):
        text = text.replace(json.dumps(f"{RAW}{i}"), raw)
    document = replaced(doc, path, read(value)) if path else read(value)
    return text, document


def as_read(value):
    """`value` as YAML 1.2 reads it: each plain spelling as its reading (for predicates)."""
    if isinstance(value, tuple):
        return value[1]
    if isinstance(value, dict):
        return {k: as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_read(v) for v in value]
    return value


def spellings(value):
    """The plain spellings in `value`."""
    if isinstance(value, tuple):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from spellings(v)
    elif isinstance(value, list):
        for v in value:
            yield from spellings(v)


def yaml11_differs(text, document):
    """Whether dstack's YAML 1.1 reader (PyYAML) reads `text` otherwise than YAML 1.2 does
    (`document`): a plain `no`, `1:30`, `2024-01-01`..."""
    import yaml

    try:
        reading = yaml.safe_load(text)
    except Exception:  # noqa: BLE001
        return False
    canonical = lambda v: json.dumps(v, default=repr, sort_keys=True)  # noqa: E731
    return canonical(reading) != canonical(document)


def shown(value):
    """A value in a class name: short JSON, plain spellings as written (`plain off`)."""
    if isinstance(value, tuple):
        return f"plain {value[0]}"
    text = json.dumps(value, default=str)
    for raw, _ in spellings(value):
        text = text.replace(json.dumps(list((raw, _)), default=str), raw, 1)
    return text[:40]


def dotted(path):
    return ".".join(str(p) if isinstance(p, str) else "[]" for p in path)


# --- dstack's own schema: the properties of each mapping, and values of each form ---------------


def resolve(schema, root):
    while isinstance(schema, dict) and "$ref" in schema:
        pointer = schema["$ref"].lstrip("#/").split("/")
        node = root
        for step in pointer:
            node = node[step]
        schema = node
    return schema


def branches(schema, root):
    """The alternatives of a schema, resolved, flattened."""
    schema = resolve(schema, root)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            out = []
            for member in schema[key]:
                out.extend(branches(member, root))
            return out
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return branches(schema["allOf"][0], root)
    return [schema]


def object_schema(schema, root):
    for branch in branches(schema, root):
        if branch.get("type") == "object" and "properties" in branch:
            return branch
    return None


def samples(schema, root, key, depth=0):
    """A value of each form of `schema` (at the key `key`)."""
    out = []
    for branch in branches(schema, root):
        if "enum" in branch:
            out.extend(branch["enum"])
            continue
        kind = branch.get("type")
        if kind == "object" and "properties" in branch:
            if depth < 3:
                out.append(minimal(branch, root, depth + 1))
        elif kind == "object":
            extra = branch.get("additionalProperties")
            value = samples(extra, root, key, depth + 1)[:1] if isinstance(extra, dict) else ["x"]
            out.append({"KEY": value[0] if value else "x"})
        elif kind == "array":
            items = samples(branch.get("items", {}), root, key, depth + 1)
            out.append(items[:1])
        elif kind == "string":
            out.append(string_sample(key, branch))
        elif kind == "integer":
            out.append(max(1, int(branch.get("minimum", 1))))
        elif kind == "number":
            out.append(1.5)
        elif kind == "boolean":
            out.append(True)
    unique = []
    for value in out:
        if value not in unique:
            unique.append(value)
    return unique


STRING_SAMPLES = {
    "gpu": "A100:2", "memory": "16GB", "disk": "100GB", "cpu": "2..4", "size": "100GB",
    "shm_size": "8GB", "total_memory": "80GB", "count": "1..2", "compute_capability": "7.5",
    "max_duration": "2h", "termination_idle_time": "5m", "duration": "1h", "scale_up_delay": "5m",
    "scale_down_delay": "10m", "replicas": "0..4", "port": "8080:80", "network": "10.0.0.0/24",
    "python": "3.11", "region": "eu-west-1", "backend": "aws", "name": "example",
    "hostname": "1.2.3.4", "arn": "arn:aws:acm:eu-west-1:1:certificate/x", "min": "2", "max": "4",
}


def string_sample(key, schema):
    if key in STRING_SAMPLES:
        return STRING_SAMPLES[key]
    if schema.get("pattern", "").startswith("^(?:[0-9]+|\\*)") or key == "ports":
        return "8080:80"
    if "pattern" in schema and "a-zA-Z_" in schema["pattern"]:
        return "NAME=value"
    return "x"


def minimal(schema, root, depth=0):
    out = {}
    for key in schema.get("required", []):
        values = samples(schema["properties"][key], root, key, depth)
        if values:
            out[key] = values[0]
    return out


def generated(root_name):
    """Configurations made from dstack's schema: each kind with its required keys, then each
    property set to each form (one level deep into its objects)."""
    schema = DSTACK_SCHEMAS.get(root_name)
    if not schema:
        return
    if root_name == "ProfilesConfig":
        kinds = [(None, resolve(schema["properties"]["profiles"]["items"], schema))]
    else:
        kinds = [(m["$ref"].split("/")[-1], resolve(m, schema)) for m in schema["oneOf"]]
    for name, kind in kinds:
        base = minimal(kind, schema)
        if "type" in kind["properties"]:
            base["type"] = kind["properties"]["type"].get("default") or kind["properties"]["type"]["enum"][0]
        if name in ("TaskConfigurationRequest", "ServiceConfigurationRequest"):
            base.setdefault("commands", ["python app.py"])
        if root_name == "ProfilesConfig":
            base["name"] = "generated"
        configs = [("required keys", base)]
        for key, prop in kind["properties"].items():
            for value in samples(prop, schema, key):
                configs.append((f"{key} as {shown(value)}", {**base, key: value}))
            inner = object_schema(prop, schema)
            if inner:
                for sub, subprop in inner["properties"].items():
                    for value in samples(subprop, schema, sub, 1):
                        configs.append((f"{key}.{sub} as {shown(value)}", {**base, key: {**minimal(inner, schema), sub: value}}))
        for label, config in configs:
            document = {"profiles": [config]} if root_name == "ProfilesConfig" else config
            yield f"dstack schema {(name or 'Profile').removesuffix('Request')}: {label}", document


def known_properties(root_name, doc, path):
    """The properties dstack's schema knows for the mapping at `path` of `doc`."""
    schema = DSTACK_SCHEMAS.get(root_name)
    if not schema:
        return {}
    node = schema
    if root_name == "ProfilesConfig":
        node = resolve(schema["properties"]["profiles"]["items"], schema)
        if len(path) < 2:
            return {}
        path = path[2:]
    else:
        kind = doc.get("type") if isinstance(doc, dict) else None
        matches = [resolve(m, schema) for m in schema["oneOf"]]
        node = next((m for m in matches if m["properties"]["type"].get("default") == kind), None)
        if node is None:
            return {}
    for step in path:
        if isinstance(step, int):
            return {}
        node = object_schema(node["properties"].get(step, {}), schema) if node else None
        if node is None:
            return {}
    return node.get("properties", {}), schema


# --- Bases -----------------------------------------------------------------------------------


def fixture_bases(root_dir):
    corpus = json.load(open(os.path.join(root_dir, "schema/tests/fixtures/dstack/corpus.json")))
    for fixture in corpus["fixtures"]:
        if fixture["root"] != ROOT_NAME:
            continue
        text = open(os.path.join(root_dir, "schema/tests/fixtures/dstack", fixture["file"])).read()
        yield f"fixture {fixture['file']}", text


def example_bases():
    data = json.load(open(EXAMPLES))
    pages = {}
    for example in data["examples"]:
        if example.get("root") != ROOT_NAME or example.get("status") not in ("passed", "failed"):
            continue
        lines = pages.setdefault(example["file"], open(example["file"]).read().split("\n"))
        body = lines[example["content_line"] - 1: example["end_line"] - 1]
        indent = example["indent"]
        text = "\n".join(line[indent:] for line in body) + "\n"
        yield f"docs {example['file'].split('reference/')[-1]}:{example['line']}", text


def header_path(text, document):
    """A bad fixture's `# path:` header as a key (`profiles.[].max_price`) and the value there;
    empty for other bases."""
    match = re.search(r"^# path: (.+)$", text, re.M)
    if not match:
        return "", None
    steps = [int(i) if i.isdigit() else i for i in re.findall(r"[^.\[\]]+", match.group(1))]
    value = document
    for step in steps:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            value = None
            break
    return ".".join("[]" if isinstance(step, int) else step for step in steps), value


def profile_from(document):
    """The provisioning keys of a run configuration, as a profile."""
    keys = ["backends", "regions", "instance_types", "spot_policy", "retry", "retry_policy",
            "max_duration", "max_price", "pool_name", "instance_name", "creation_policy",
            "termination_policy", "termination_idle_time"]
    params = {k: document[k] for k in keys if isinstance(document, dict) and k in document}
    return {"profiles": [{"name": "from-run", **params}]} if params else None


# --- Mutations -------------------------------------------------------------------------------


def mutations(doc):
    """(class, key, text, document, value) for each mutation of `doc` (`value`: what was put
    in, plain spellings as `(raw, reading)`)."""
    for path, value in leaves(doc):
        if not path:
            continue
        last = path[-1]
        key = dotted(path)
        name = last if isinstance(last, str) else (path[-2] if len(path) > 1 and isinstance(path[-2], str) else "[]")
        if isinstance(last, str):
            new = dropped(doc, path)
            yield f"drop `{last}`", key, json.dumps(new), new, None
        if value is not None:
            new = replaced(doc, path, None)
            yield f"null at `{name}`", key, json.dumps(new), new, None
        for kind in KINDS:
            if type(kind) is type(value) or (isinstance(value, dict) and isinstance(kind, dict)):
                continue
            new = replaced(doc, path, kind)
            yield f"{type(kind).__name__} at `{name}`", key, json.dumps(new), new, kind
        if isinstance(last, str):
            for neighbour in NEIGHBOURS.get(last, []):
                if neighbour == value:
                    continue
                text, new = spell(doc, path, neighbour)
                yield f"`{last}: {shown(neighbour)}`", key, text, new, neighbour
        if isinstance(value, str) and last != "type":
            for plain in PLAIN:
                text, new = spell(doc, path, plain)
                yield f"plain `{plain[0]}` for a string", key, text, new, plain
        if isinstance(value, dict):
            new = replaced(doc, path, {**value, "extra_key": "x"})
            yield "unknown key", key, json.dumps(new), new, None


def additions(doc):
    """Each property dstack's schema knows, added where it is missing (the first value of each
    neighbour list or schema form): cross-field combinations (`image` beside `python`,
    `scaling` without a range)."""
    for path, value in leaves(doc):
        if not isinstance(value, dict):
            continue
        known = known_properties(ROOT_NAME, doc, path)
        if not known:
            continue
        properties, schema = known
        for key, prop in properties.items():
            if key in value or key == "type":
                continue
            tries = [v for v in NEIGHBOURS.get(key, [])[:3]] or samples(prop, schema, key)[:2]
            for extra in tries:
                text, new = spell(doc, path + (key,), extra)
                yield f"add `{key}: {shown(extra)}`", dotted(path + (key,)), text, new, extra


def judged_by_dstack():
    """dstack's verdict function for a root, when dstack is installed (mutations start only from
    bases dstack accepts)."""
    try:
        sys.path.insert(0, os.path.dirname(__file__))
        import dstack_judge

        return dstack_judge.VERDICTS
    except ImportError:
        return None


def main():
    root_dir = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    verdicts = judged_by_dstack()
    cases = []
    seen = set()
    global ROOT_NAME
    run_configs = []
    for ROOT_NAME in ("DstackConfiguration", "ProfilesConfig"):

        def add(base, cls, key, text, document, value=None):
            if (ROOT_NAME, text) in seen:
                return
            seen.add((ROOT_NAME, text))
            cases.append({"id": len(cases), "root": ROOT_NAME, "base": base, "class": cls,
                          "key": key, "text": text, "document": document,
                          "value": as_read(value), "yaml11": yaml11_differs(text, document)})

        bases = list(fixture_bases(root_dir)) + list(example_bases())
        for label, config in generated(ROOT_NAME):
            bases.append((label, json.dumps(config)))
        if ROOT_NAME == "ProfilesConfig":
            for label, document in run_configs:
                profile = profile_from(document)
                if profile:
                    bases.append((f"profile from {label}", json.dumps(profile)))
        start = len(cases)
        for label, text in bases:
            document = yaml_reading(text)
            key, value = header_path(text, document)
            add(label, "unchanged", key, text, document, value)
        for case in cases[start:]:
            doc = case["document"]
            if not isinstance(doc, dict):
                continue
            if verdicts and not verdicts[ROOT_NAME](case["text"])[0]:
                continue
            if ROOT_NAME == "DstackConfiguration":
                run_configs.append((case["base"], doc))
            for cls, key, text, new, value in list(mutations(doc)) + list(additions(doc)):
                add(case["base"], cls, key, text, new, value)
    json.dump(cases, sys.stdout)


if __name__ == "__main__":
    main()
