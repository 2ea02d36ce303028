"""Generates server configs by mutating the good fixtures of the shared corpus.

Each case is a YAML text (the document written as JSON, which is YAML, with at most one raw
spelling put in place of a value or key), the YAML 1.2 reading of it as JSON (what the JSON
Schema and pydantic judges see), and the mutation's class. Runs under any Python 3.
"""
import copy
import json
import sys

# Raw plain spellings put in place of a string value, with their YAML 1.2 reading.
STRING_SPELLINGS = [
    ("no", "no"), ("yes", "yes"), ("On", "On"), ("off", "off"), ("y", "y"),
    ("1:30", "1:30"), ("2024-01-01", "2024-01-01"), ("=", "="), ("026", 26), ("~", None),
    ("8GB", "8GB"), ("1..8", "1..8"),
]
INT_SPELLINGS = [("026", 26), ("0o26", 22), ("0x16", 22), ("22.0", 22.0), ("1:30", "1:30")]
TAGS = [("!custom x", "x"), ("!!binary aGVsbG8=", "aGVsbG8="), ("!!str x", "x")]
KEYS = [("1", "1"), ("~", "null"), ("no", "no")]
RAW = "@@RAW@@"


def leaves(value, path=()):
    """Every path in the document, with its value."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, path + (index,))


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


def cases(fixtures):
    for fixture in fixtures:
        doc = fixture["document"]
        yield "unchanged", json.dumps(doc), doc
        for path, value in leaves(doc):
            where = fixture["file"] + ":" + ".".join(map(str, path))
            if not path:
                continue
            last = path[-1]
            if isinstance(last, str):
                yield "drop a key", json.dumps(dropped(doc, path)), dropped(doc, path)
            if isinstance(value, dict):
                extra = replaced(doc, path, {**value, "extra_key": "x"})
                yield "add an unknown key", json.dumps(extra), extra
                for raw, reading in KEYS:
                    marked = replaced(doc, path, {**value, RAW: "x"})
                    text = json.dumps(marked).replace(json.dumps(RAW), raw, 1)
                    yield f"key spelled {raw}", text, replaced(doc, path, {**value, reading: "x"})
            retype = {str: 123, bool: "true", int: "22", float: "1.5", list: "x", dict: "x"}
            if value is not None and type(value) in retype:
                new = replaced(doc, path, retype[type(value)])
                yield f"retype a {type(value).__name__}", json.dumps(new), new
            spellings = []
            if isinstance(value, str):
                spellings = STRING_SPELLINGS + TAGS
                empty = replaced(doc, path, "")
                kind = {"type": "empty `type`", "filename": "empty filename"}.get(last, "empty string")
                yield kind, json.dumps(empty), empty
            elif isinstance(value, int) and not isinstance(value, bool):
                spellings = INT_SPELLINGS
            elif isinstance(value, dict) and isinstance(last, int):
                marked = replaced(doc, path, RAW)
                text = json.dumps(marked).replace(json.dumps(RAW), "!project " + json.dumps(value), 1)
                yield "tag !project on a mapping", text, doc
            if last == "type":
                continue  # a tag's spelling only tests the closed set again
            for raw, reading in spellings:
                marked = replaced(doc, path, RAW)
                text = json.dumps(marked).replace(json.dumps(RAW), raw, 1)
                kind = "tag" if raw.startswith("!") else "spelling"
                of = "string" if isinstance(value, str) else "integer"
                yield f"{kind} `{raw}` for a {of}", text, replaced(doc, path, reading)


def main():
    corpus = json.load(open(sys.argv[1]))
    good = [f for f in corpus["fixtures"] if f["valid"]]
    out = []
    for fixture in good:
        for cls, text, document in cases([fixture]):
            out.append(
                {"id": len(out), "base": fixture["file"], "class": cls, "text": text, "document": document}
            )
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
