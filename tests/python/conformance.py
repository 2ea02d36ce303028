"""Checks that a generated package holds every type of an IR as the IR describes it.

Usage: python conformance.py --package-dir DIR --module NAME --ir FILE

FILE is the IR as codegen serialises it (``codegen::ir::Model``). For every type the package
exports: a struct is a strict ``BaseModel`` whose docstring is the type's description, whose
``extra`` matches the IR's handling of unknown keys, and whose fields are exactly the IR's, each
under its key, with the IR's description, requiredness and default; a tagged union is
discriminated by its tag; an enum is exactly its values.

Prints ``conforms: N types`` and exits 0, or prints every difference and exits 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import typing
from typing import Any, Optional

# The scripts run with their own folder on sys.path.
from json_equality import same
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined


def namespace_of(module: Any) -> dict[str, Any]:
    """The names of a package and of its submodules (where the annotations were written)."""
    namespace: dict[str, Any] = {}
    for name, loaded in list(sys.modules.items()):
        if name.startswith(module.__name__ + ".") and loaded is not None:
            namespace.update(vars(loaded))
    namespace.update(vars(module))
    return namespace


def docstring(cls: type) -> Optional[str]:
    """The class's own docstring without the indentation of its continuation lines."""
    doc = cls.__dict__.get("__doc__")
    if doc is None:
        return None
    first, *rest = doc.split("\n")
    indented = [line for line in rest if line.strip()]
    if indented and all(line.startswith("    ") for line in indented):
        rest = [line[4:] if line.strip() else line for line in rest]
    return "\n".join([first, *rest])


def key_of(name: str, field: FieldInfo) -> str:
    alias = field.validation_alias
    return alias if isinstance(alias, str) else name


def unwrap(t: Any, namespace: dict[str, Any]) -> tuple[Any, list[Any]]:
    """A type under forward references, ``Annotated`` and ``Optional``, with its metadata."""
    metadata: list[Any] = []
    while True:
        if isinstance(t, typing.ForwardRef):
            t = namespace[t.__forward_arg__]
        elif isinstance(t, str):
            t = eval(t, dict(namespace))  # the value of a recursive alias is one string
        elif type(t).__name__ == "TypeAliasType":
            t = t.__value__
        elif typing.get_origin(t) is typing.Annotated:
            base, *extra = typing.get_args(t)
            metadata.extend(extra)
            t = base
        elif typing.get_origin(t) is typing.Union and type(None) in typing.get_args(t):
            rest = [a for a in typing.get_args(t) if a is not type(None)]
            t = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]
        else:
            return t, metadata


class Checker:
    def __init__(self, module: Any) -> None:
        self.module = module
        self.namespace = namespace_of(module)
        self.problems: list[str] = []

    def problem(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}")

    def find(self, name: str) -> Any:
        """The Python object of the model type `name` (a class may carry it as its title)."""
        if hasattr(self.module, name):
            return getattr(self.module, name)
        for candidate in vars(self.module).values():
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                if candidate.model_config.get("title") == name:
                    return candidate
        return None

    def check_struct(self, name: str, cls: Any, description: Optional[str], shape: dict[str, Any]) -> None:
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            self.problem(name, f"not a BaseModel: {cls!r}")
            return
        if docstring(cls) != description:
            self.problem(name, f"docstring {docstring(cls)!r} is not the description {description!r}")
        config = cls.model_config
        if config.get("strict") is not True:
            self.problem(name, "not strict")
        extra = "allow" if shape.get("extra") else ("forbid" if shape["deny_unknown"] else "ignore")
        if config.get("extra") != extra:
            self.problem(name, f"extra is {config.get('extra')!r}, the IR says {extra!r}")
        by_key = {key_of(n, f): f for n, f in cls.model_fields.items()}
        keys = [f["name"] for f in shape["fields"]]
        if sorted(by_key) != sorted(keys):
            self.problem(name, f"keys {sorted(by_key)} are not the IR's {sorted(keys)}")
        for ir_field in shape["fields"]:
            field = by_key.get(ir_field["name"])
            if field is None:
                continue
            where = f"{name}.{ir_field['name']}"
            if field.description != ir_field["description"]:
                self.problem(where, f"description {field.description!r} is not {ir_field['description']!r}")
            if field.is_required() != ir_field["required"]:
                self.problem(where, f"required is {field.is_required()}, the IR says {ir_field['required']}")
            if not ir_field["required"]:
                expected = ir_field["default"]
                if field.default is PydanticUndefined:
                    self.problem(where, "no default")
                elif not same(field.default, expected):
                    self.problem(where, f"default {field.default!r} is not {expected!r}")
            deprecation = ir_field["deprecated"]
            if deprecation is None:
                expected_deprecated: Any = None
            elif deprecation["note"] is None:
                expected_deprecated = True
            else:
                expected_deprecated = f"`{ir_field['name']}` is deprecated. {deprecation['note']}"
            if field.deprecated != expected_deprecated:
                self.problem(where, f"deprecated is {field.deprecated!r}, not {expected_deprecated!r}")

    def check_union(self, name: str, alias: Any, shape: dict[str, Any]) -> None:
        union, metadata = unwrap(alias, self.namespace)
        members = [unwrap(m, self.namespace)[0] for m in typing.get_args(union)]
        discriminators = [m.discriminator for m in metadata if isinstance(m, FieldInfo) and m.discriminator]
        if shape["tag"] is not None:
            if len(discriminators) != 1:
                self.problem(name, f"tagged by {shape['tag']!r}, but not a discriminated union")
            for variant, member in zip(shape["variants"], members):
                tag = member.model_fields[discriminators[0]] if discriminators else None
                literal = unwrap(tag.annotation, self.namespace)[0] if tag else None
                if typing.get_args(literal) != (variant["tag_value"],):
                    self.problem(name, f"variant {member!r} is not tagged {variant['tag_value']!r}")
        if len(members) != len(shape["variants"]):
            self.problem(name, f"{len(members)} members, the IR has {len(shape['variants'])} variants")

    def check_enum(self, name: str, alias: Any, values: list[Any]) -> None:
        literal, _ = unwrap(alias, self.namespace)
        found = list(typing.get_args(literal))
        expected = [v for v in values if v is not None]
        if typing.get_origin(literal) is typing.Literal:
            if len(found) != len(expected) or not all(same(a, b) for a, b in zip(found, expected)):
                self.problem(name, f"values {found!r} are not {expected!r}")

    def check(self, ir: dict[str, Any]) -> int:
        exported = set(getattr(self.module, "__all__", []))
        checked = 0
        for ty in ir["types"]:
            obj = self.find(ty["name"])
            if obj is None:
                continue
            if not (ty["name"] in exported or getattr(obj, "__name__", None) in exported):
                self.problem(ty["name"], "defined but not exported")
            shape = ty["shape"]
            kind = shape["kind"]
            if kind == "struct":
                self.check_struct(ty["name"], obj, ty["description"], shape)
            elif kind == "alias" and shape["target"]["kind"] == "object":
                self.check_struct(ty["name"], obj, ty["description"], shape["target"]["shape"])
            elif kind == "union":
                self.check_union(ty["name"], obj, shape)
            elif kind == "enum":
                self.check_enum(ty["name"], obj, shape["values"])
            checked += 1
        for name in exported:
            if not hasattr(self.module, name):
                self.problem(name, "exported but not defined")
        if checked == 0:
            self.problem("package", "no type of the IR is in the package")
        return checked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package-dir", required=True)
    parser.add_argument("--module", required=True)
    parser.add_argument("--ir", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.package_dir)
    import json

    with open(args.ir, encoding="utf-8") as file:
        ir = json.load(file)
    checker = Checker(importlib.import_module(args.module))
    checked = checker.check(ir)
    if checker.problems:
        print("\n".join(checker.problems))
        return 1
    print(f"conforms: {checked} types")
    return 0


if __name__ == "__main__":
    sys.exit(main())
