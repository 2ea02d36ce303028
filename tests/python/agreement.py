"""Checks that generated pydantic models reach the Rust model's verdict on every case.

Usage: python agreement.py --package-dir DIR --module NAME --cases FILE

FILE holds ``{"cases": [CASE, ...]}``; each CASE is::

    {"source": "where the case comes from",
     "root": "the name of the root type in the module",
     "value": <the data, as JSON>,
     "rust": {"valid": true}
          or {"valid": false, "field": "projects[0].name" or null, "message": "..." or null}}

``field`` is the YAML path of what Rust names (for a missing key, the mapping's path plus the
key); ``null`` compares the verdict only. ``message``, when given, must appear in the message
of the pydantic error at ``field`` (cross-field rules keep Rust's wording). ``also``, when
given, lists the fields of Rust's other errors of the same document: pydantic must name each.

An accepted case must also dump back to its input:
``dump_python(model, exclude_unset=True, by_alias=True)`` equals the value, or the case's
``"dump"`` when it has one (the value without the keys the model ignores).

Prints one JSON object, ``{"checked": N, "accepted": A, "rejected": R, "disagreements": [...]}``,
and exits 0; the caller asserts on it.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import types
import typing
from typing import Any, Optional, Union

# The scripts run with their own folder on sys.path.
from json_equality import same
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from typing_extensions import TypeAliasType

Segment = Union[str, int]


def render_path(segments: list[Segment]) -> str:
    """A path as the Rust loader writes it: ``projects[0].backends[1].creds``."""
    out = ""
    for segment in segments:
        if isinstance(segment, int):
            out += f"[{segment}]"
        else:
            out += ("." if out else "") + segment
    return out


class Walker:
    """Follows a pydantic error location through the types, dropping the segments that are not
    keys or indexes of the data (the tag pydantic adds for a discriminated union)."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace

    def resolve(self, t: Any) -> tuple[Any, Optional[str]]:
        """The type under aliases, ``Annotated`` and ``Optional``, and its discriminator."""
        discriminator = None
        while True:
            if isinstance(t, str):
                t = eval(t, dict(self.namespace))  # a recursive alias's value is one string
            elif isinstance(t, typing.ForwardRef):
                t = self.namespace[t.__forward_arg__]
            elif isinstance(t, TypeAliasType) or type(t).__name__ == "TypeAliasType":
                t = t.__value__
            elif typing.get_origin(t) is typing.Annotated:
                base, *metadata = typing.get_args(t)
                for item in metadata:
                    if isinstance(item, FieldInfo) and isinstance(item.discriminator, str):
                        discriminator = item.discriminator
                t = base
            elif self.is_union(t):
                members = [a for a in typing.get_args(t) if a is not type(None)]
                if len(members) != 1:
                    return t, discriminator
                t = members[0]
            else:
                return t, discriminator

    @staticmethod
    def is_union(t: Any) -> bool:
        origin = typing.get_origin(t)
        return origin is Union or (hasattr(types, "UnionType") and origin is getattr(types, "UnionType"))

    def variant(self, union: Any, attribute: str, tag: Any) -> Any:
        for member in typing.get_args(union):
            model, _ = self.resolve(member)
            if isinstance(model, type) and issubclass(model, BaseModel):
                field = model.model_fields.get(attribute)
                literal, _ = self.resolve(field.annotation) if field else (None, None)
                if tag in typing.get_args(literal):
                    return model
        return None

    @staticmethod
    def key_of(model: type[BaseModel], attribute: str) -> str:
        field = model.model_fields[attribute]
        alias = field.validation_alias
        return alias if isinstance(alias, str) else attribute

    def field(self, root: Any, loc: tuple[Segment, ...], error_type: str) -> str:
        """The YAML path an error names."""
        t, discriminator = self.resolve(root)
        out: list[Segment] = []
        rest = list(loc)
        while rest and t is not None:
            segment = rest.pop(0)
            if discriminator is not None and self.is_union(t):
                t, discriminator = self.resolve(self.variant(t, discriminator, segment))
                continue
            if discriminator is None and self.is_union(t) and isinstance(segment, str):
                # A union tried member by member: pydantic names the member it tried
                # (`constrained-str`, `GPUSpec`, `list[...]`); that is not a key of the data.
                t, discriminator = self.member(t, segment)
                continue
            out.append(segment)
            origin = typing.get_origin(t)
            if isinstance(t, type) and issubclass(t, BaseModel) and isinstance(segment, str):
                match = [
                    f for name, f in t.model_fields.items() if self.key_of(t, name) == segment
                ]
                if not match:
                    t = None
                    continue
                t, discriminator = self.resolve(match[0].annotation)
                if isinstance(match[0].discriminator, str):
                    discriminator = match[0].discriminator
            elif origin in (list, tuple) and isinstance(segment, int):
                args = typing.get_args(t)
                item = args[segment] if origin is tuple and len(args) > segment else args[0]
                t, discriminator = self.resolve(item)
            elif origin is dict:
                t, discriminator = self.resolve(typing.get_args(t)[1])
            else:
                t = None
        out.extend(rest)
        if error_type in ("union_tag_invalid", "union_tag_not_found") and discriminator is not None:
            first = self.variant_model(t)
            out.append(self.key_of(first, discriminator) if first else discriminator)
        return render_path(out)

    def member(self, union: Any, label: str) -> tuple[Any, Optional[str]]:
        """The member of a plain union that pydantic's location label names (a class by its
        name, a list, a dict or a nested union by their origin); `None` for a scalar."""
        for candidate in typing.get_args(union):
            member, discriminator = self.resolve(candidate)
            origin = typing.get_origin(member)
            if isinstance(member, type) and issubclass(member, BaseModel):
                if member.__name__ == label:
                    return member, discriminator
            elif label.startswith("list[") and origin is list:
                return member, discriminator
            elif label.startswith("dict[") and origin is dict:
                return member, discriminator
            elif label.startswith("union[") and self.is_union(member):
                return member, discriminator
        return None, None

    def variant_model(self, union: Any) -> Optional[type[BaseModel]]:
        for member in typing.get_args(union):
            model, _ = self.resolve(member)
            if isinstance(model, type) and issubclass(model, BaseModel):
                return model
        return None


def namespace_of(module: Any) -> dict[str, Any]:
    """The names of a package and of its submodules (where the annotations were written)."""
    namespace: dict[str, Any] = {}
    for name, loaded in list(sys.modules.items()):
        if name.startswith(module.__name__ + ".") and loaded is not None:
            namespace.update(vars(loaded))
    namespace.update(vars(module))
    return namespace


def check(module: Any, case: dict[str, Any]) -> Optional[dict[str, Any]]:
    """Nothing when pydantic agrees with Rust on `case`, else what differs."""
    root = getattr(module, case["root"])
    adapter: TypeAdapter[Any] = TypeAdapter(root)
    rust = case["rust"]
    try:
        value = adapter.validate_python(case["value"], by_name=False)
    except ValidationError as error:
        walker = Walker(namespace_of(module))
        found = [
            {
                "field": walker.field(root, tuple(e["loc"]), e["type"]),
                "type": e["type"],
                "message": e["msg"],
            }
            for e in error.errors()
        ]
        if rust["valid"]:
            return {"reason": "Rust accepts it, pydantic rejects it", "pydantic": found}
        if rust.get("field") is None:
            return None
        matching = [f for f in found if f["field"] == rust["field"]]
        if rust.get("message"):
            matching = [f for f in matching if rust["message"] in f["message"]]
        if not matching:
            return {"reason": "pydantic rejects it, but names another field", "pydantic": found}
        named = {f["field"] for f in found}
        missed = [field for field in rust.get("also", []) if field not in named]
        if missed:
            return {"reason": f"pydantic does not name {missed}", "pydantic": found}
        return None
    if not rust["valid"]:
        return {"reason": "Rust rejects it, pydantic accepts it"}
    dumped = adapter.dump_python(value, exclude_unset=True, by_alias=True)
    if not same(dumped, case.get("dump", case["value"])):
        return {"reason": "accepted, but does not dump back to its input", "dumped": dumped}
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package-dir", required=True)
    parser.add_argument("--module", required=True)
    parser.add_argument("--cases", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.package_dir)
    module = importlib.import_module(args.module)
    with open(args.cases, encoding="utf-8") as file:
        cases = json.load(file)["cases"]
    disagreements = []
    for case in cases:
        problem = check(module, case)
        if problem is not None:
            problem.update(source=case["source"], rust=case["rust"])
            disagreements.append(problem)
    accepted = sum(1 for c in cases if c["rust"]["valid"])
    report = {
        "checked": len(cases),
        "accepted": accepted,
        "rejected": len(cases) - accepted,
        "disagreements": disagreements,
    }
    json.dump(report, sys.stdout, indent=1, default=repr)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
