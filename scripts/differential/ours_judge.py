"""Our JSON Schema (jsonschema, draft-07) or our pydantic package on the YAML 1.2 reading."""
import json
import sys

which, cases_file, root = sys.argv[1], sys.argv[2], sys.argv[3]
cases = json.load(open(cases_file))
out = {}
if which == "schema":
    import jsonschema

    schema = json.load(open(f"{root}/site/docs/schemas/server-config.json"))
    validator = jsonschema.Draft7Validator(schema)
    for c in cases:
        error = next(iter(validator.iter_errors(c["document"])), None)
        out[c["id"]] = (error is None, None if error is None else error.message[:120])
else:
    sys.path.insert(0, f"{root}/bindings/python")
    from dstack_server_config.models import ServerConfig

    for c in cases:
        try:
            ServerConfig.model_validate(c["document"], by_name=False)
            out[c["id"]] = (True, None)
        except Exception as e:  # noqa: BLE001
            out[c["id"]] = (False, str(e).splitlines()[0][:120])
json.dump(out, sys.stdout)
