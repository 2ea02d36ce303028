"""Behaviour of the package generated from tests/python/fixtures/hostile.json: keys that are
keywords or not identifiers, texts that try to break out of string literals, and every kind of
type reference. Exits 1 with the failures listed, or prints ``ok``.

Usage: python check_hostile.py --package-dir DIR --module NAME
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from typing import Any, Callable

from pydantic import TypeAdapter, ValidationError

CHECKS: list[Callable[[Any], None]] = []


def check(f: Callable[[Any], None]) -> Callable[[Any], None]:
    CHECKS.append(f)
    return f


def accepts(t: Any, value: Any) -> Any:
    return TypeAdapter(t).validate_python(value, by_name=False)


def rejects(t: Any, value: Any, where: tuple[Any, ...] | None = None, text: str | None = None) -> None:
    try:
        TypeAdapter(t).validate_python(value, by_name=False)
    except ValidationError as error:
        errors = error.errors()
        if where is not None:
            assert any(tuple(e["loc"]) == where for e in errors), (where, errors)
        if text is not None:
            assert any(text in e["msg"] for e in errors), (text, errors)
        return
    raise AssertionError(f"accepted {value!r}")


MINIMAL = {"class": "c", "a-b": "x", "x-left": "l"}


@check
def keys_are_aliases_of_python_names(m: Any) -> None:
    h = accepts(m.Hostile, {**MINIMAL, "from": 3, "a_b": True, "model_config": "m", "_private": "p",
                            "2fast": 0.5, "str": "ab", "json": "j", "Other": {"type": "other"}})
    assert (h.class_, h.from_, h.a_b_, h.a_b) == ("c", 3, "x", True)
    assert (h.field_model_config, h.field_private, h.field_2fast, h.str_, h.json_) == ("m", "p", 0.5, "ab", "j")
    assert h.Other_.type == "other"
    dumped = h.model_dump(by_alias=True, exclude_unset=True)
    # The tag counts as given (the model always writes it), the defaults do not.
    assert set(dumped) == {"type", "class", "a-b", "x-left", "from", "a_b", "model_config", "_private",
                           "2fast", "str", "json", "Other"}, dumped
    assert dumped["type"] == "hostile" and dumped["Other"] == {"type": "other"}
    # Python code constructs by attribute name; data read with by_name=False knows only keys.
    assert m.Hostile(class_="c", a_b_="x", x_left="l").class_ == "c"
    rejects(m.Hostile, {"class_": "c", "a-b": "x", "x-left": "l"}, ("class_",))


@check
def constraints_and_strictness(m: Any) -> None:
    rejects(m.Hostile, {**MINIMAL, "from": 256}, ("from",))
    rejects(m.Hostile, {**MINIMAL, "from": True}, ("from",))
    rejects(m.Hostile, {**MINIMAL, "from": "3"}, ("from",))
    accepts(m.Hostile, {**MINIMAL, "from": None})
    rejects(m.Hostile, {**MINIMAL, "2fast": 0}, ("2fast",))
    rejects(m.Hostile, {**MINIMAL, "str": ""}, ("str",))
    rejects(m.Hostile, {**MINIMAL, "str": "abcd"}, ("str",))
    rejects(m.Hostile, {**MINIMAL, "str": "A"}, ("str",))
    accepts(m.Hostile, {**MINIMAL, "str": 'a\\"'})
    rejects(m.Hostile, {**MINIMAL, "unknown": 1}, ("unknown",))


@check
def omitted_but_never_null(m: Any) -> None:
    h = accepts(m.Hostile, MINIMAL)
    assert h.not_null is None and h.with_default == 3 and h.type == "hostile"
    rejects(m.Hostile, {**MINIMAL, "not_null": None}, ("not_null",))
    rejects(m.Hostile, {**MINIMAL, "with_default": None}, ("with_default",))
    rejects(m.Hostile, {**MINIMAL, "type": None})
    assert accepts(m.Hostile, {**MINIMAL, "not_null": "v"}).not_null == "v"


@check
def data_defaults_become_values(m: Any) -> None:
    h = accepts(m.Hostile, MINIMAL)
    assert isinstance(h.point, m.Point) and (h.point.x, h.point.y) == (1, 0), h.point
    assert "point" not in h.model_dump(exclude_unset=True)


@check
def exactly_one_of_with_the_models_wording(m: Any) -> None:
    both = {**MINIMAL, "x-right": "r"}
    rejects(m.Hostile, both, (), "x-left and x-right are mutually exclusive")
    neither = {k: v for k, v in MINIMAL.items() if k != "x-left"}
    rejects(m.Hostile, neither, (), "Either x-left or x-right should be set")
    accepts(m.Hostile, {**neither, "x-right": "r"})


@check
def tagged_union(m: Any) -> None:
    assert type(accepts(m.Either, {"type": "other"})).__name__ == "Other"
    assert type(accepts(m.Either, {**MINIMAL, "type": "hostile"})).__name__ == "Hostile"
    rejects(m.Either, {"type": "else"})
    rejects(m.Either, MINIMAL)


@check
def literal_values_are_exact(m: Any) -> None:
    for value in ['a"b', "c\\d", 1, True]:
        got = accepts(m.Weird, value)
        assert got == value and type(got) is type(value), (value, got)
    for value in [1.0, False, 0, "1", None, "a'b"]:
        rejects(m.Weird, value)
    assert accepts(m.Constant, 1.5) == 1.5
    for value in [2, "1.5", None]:
        rejects(m.Constant, value)


@check
def recursion_through_an_alias(m: Any) -> None:
    assert accepts(m.Json, ["a", ["b", ["c"]]]) == ["a", ["b", ["c"]]]
    rejects(m.Json, ["a", [1]])


@check
def extra_keys(m: Any) -> None:
    w = accepts(m.WithExtra, {"a": "x", "n": 1})
    assert w.model_dump() == {"a": "x", "n": 1}, w.model_dump()
    rejects(m.WithExtra, {"a": "x", "n": "1"})
    loose = accepts(m.Loose, {"a": "x", "ignored": [1]})
    assert loose.model_dump() == {"a": "x"}


@check
def tuples_sets_maps(m: Any) -> None:
    assert accepts(m.Pair, [1, "a"]) == (1, "a")
    for value in [[1, 2], ["1", "a"], [1, "a", 3], [1]]:
        rejects(m.Pair, value)
    assert accepts(m.Tags, ["a", "a"]) == ["a", "a"]
    rejects(m.Tags, [])
    assert accepts(m.Keyed, {"a": 1}) == {"a": 1}
    rejects(m.Keyed, {"c": 1})
    rejects(m.Keyed, {"a": "1"})


@check
def scalars_and_unions(m: Any) -> None:
    assert accepts(m.Anything, {"x": [None]}) == {"x": [None]}
    assert accepts(m.Nothing, None) is None
    rejects(m.Nothing, 0)
    assert accepts(m.Num, 10) == 10 and accepts(m.Num, 0.5) == 0.5
    for value in [0, 10.5, 0.7, True]:
        rejects(m.Num, value)
    assert accepts(m.Mixed, 1) == 1 and accepts(m.Mixed, "1") == "1"
    rejects(m.Mixed, 1.5)
    assert accepts(m.MaybeInts, None) is None
    rejects(m.MaybeInts, [None])


@check
def inline_objects_and_odd_type_names(m: Any) -> None:
    h = accepts(m.Hostile, {**MINIMAL, "inline": {"q": "x"}})
    assert h.inline.q == "x"
    rejects(m.Hostile, {**MINIMAL, "inline": {"q": "x", "r": 1}}, ("inline", "r"))
    assert m.Weird_Name.model_config["title"] == "Weird-Name"
    assert accepts(m.Weird_Name, {"v": "not a uuid, and that is said in a comment"}).v


@check
def texts_survive_exactly(m: Any) -> None:
    fields = m.Hostile.model_fields
    assert fields["class_"].description == "A keyword; the end is a backslash \\"
    assert fields["from_"].description == '\\n is not a newline, and "\\"" is not a quote'
    assert fields["a_b_"].description is not None and "\u2028" in fields["a_b_"].description
    assert fields["old"].deprecated
    assert m.Other.__doc__ == '"""'
    assert m.Hostile.__doc__.endswith('quote at the very end "'), m.Hostile.__doc__


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--package-dir", required=True)
    parser.add_argument("--module", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.package_dir)
    module = importlib.import_module(args.module)
    failures = 0
    for f in CHECKS:
        try:
            f(module)
        except Exception:
            failures += 1
            print(f"FAILED {f.__name__}:\n{traceback.format_exc()}")
    if failures:
        return 1
    print(f"ok: {len(CHECKS)} checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
