"""Our JSON Schema (jsonschema, draft-07) or our pydantic package on the YAML 1.2 reading of each
case, by the case's root (the server configuration when a case names none).

    python ours_judge.py schema|pydantic cases.json ROOT_DIR > verdicts.json
"""
import json
import sys

which, cases_file, root = sys.argv[1], sys.argv[2], sys.argv[3]
cases = json.load(open(cases_file))
SCHEMAS = {
    "ServerConfig": "server-config.json",
    "DstackConfiguration": "configuration.json",
    "ProfilesConfig": "profiles.json",
}
out = {}
if which == "schema":
    import jsonschema

    validators = {
        name: jsonschema.Draft7Validator(json.load(open(f"{root}/site/docs/schemas/{file}")))
        for name, file in SCHEMAS.items()
    }
    for c in cases:
        if c["document"] is None and c.get("root"):
            out[c["id"]] = (None, "not YAML")
            continue
        validator = validators[c.get("root", "ServerConfig")]
        error = next(iter(validator.iter_errors(c["document"])), None)
        out[c["id"]] = (error is None, None if error is None else error.message[:160])
else:
    sys.path.insert(0, f"{root}/bindings/python")
    import pydantic
    from dstack_server_config import models

    adapters = {name: pydantic.TypeAdapter(getattr(models, name)) for name in SCHEMAS}
    for c in cases:
        if c["document"] is None and c.get("root"):
            out[c["id"]] = (None, "not YAML")
            continue
        try:
            adapters[c.get("root", "ServerConfig")].validate_python(c["document"], by_name=False)
            out[c["id"]] = (True, None)
        except Exception as e:  # noqa: BLE001
            out[c["id"]] = (False, str(e).splitlines()[0][:160])
json.dump(out, sys.stdout)
