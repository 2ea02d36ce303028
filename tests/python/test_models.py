"""The checked-in package (bindings/python) against the behaviour of the Rust model.

The exhaustive comparison with Rust runs in codegen/tests/python.rs (agreement.py over the
docs examples and the fixture corpus); these tests pin the rules one by one, readably.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import dstack_server_config as d
import typed_usage

REPO = Path(__file__).resolve().parents[2]


def config(*backends: dict[str, Any]) -> dict[str, Any]:
    return {"projects": [{"name": "main", "backends": list(backends)}]}


def validate(data: Any) -> d.ServerConfig:
    return d.ServerConfig.model_validate(data, by_name=False)


def errors(data: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as raised:
        validate(data)
    return [dict(e) for e in raised.value.errors()]


OCI_CLIENT = {"type": "client", "user": "u", "tenancy": "t", "fingerprint": "f", "region": "r"}


def test_oci_keys_are_mutually_exclusive_with_rusts_message() -> None:
    found = errors(config({"type": "oci", "creds": {**OCI_CLIENT, "key_file": "k", "key_content": "c"}}))
    assert [(e["loc"], e["msg"]) for e in found] == [
        (
            ("projects", 0, "backends", 0, "oci", "creds", "client"),
            "Value error, key_file and key_content are mutually exclusive",
        )
    ]


def test_oci_needs_one_key_with_rusts_message() -> None:
    for extra in ({}, {"key_file": None}, {"key_file": None, "key_content": None}):
        found = errors(config({"type": "oci", "creds": {**OCI_CLIENT, **extra}}))
        assert [e["msg"] for e in found] == ["Value error, Either key_file or key_content should be set"]
    for extra in ({"key_file": "k"}, {"key_content": "c", "key_file": None}):
        validate(config({"type": "oci", "creds": {**OCI_CLIENT, **extra}}))


def test_defaulted_fields_refuse_null_and_default_when_omitted() -> None:
    creds = d.OCIDefaultCreds.model_validate({})
    assert (creds.type, creds.file, creds.profile) == ("default", "~/.oci/config", "DEFAULT")
    for key in ("file", "profile", "type"):
        found = errors(config({"type": "oci", "creds": {"type": "default", key: None}}))
        assert found[0]["loc"][-1] == key or found[0]["type"] == "union_tag_invalid", found


def test_nullable_fields_take_null() -> None:
    value = validate(config({"type": "aws", "regions": None, "vpc_name": None, "creds": {"type": "default"}}))
    backend = value.projects[0].backends[0]
    assert isinstance(backend, d.AWSConfig) and backend.regions is None


@pytest.mark.parametrize("port", ["22", 22.0, True, -1, 65536, None])
def test_ports_are_strict_u16(port: Any) -> None:
    backend = {"type": "kubernetes", "kubeconfig": {"filename": "k"}, "networking": {"ssh_port": port}}
    if port is None:
        validate(config(backend))
        return
    found = errors(config(backend))
    assert found[0]["loc"] == ("projects", 0, "backends", 0, "kubernetes", "networking", "ssh_port")


def test_port_bounds_come_from_the_model() -> None:
    field = d.KubernetesNetworkingConfig.model_fields["ssh_port"]
    schema = TypeAdapter(field.annotation).json_schema()
    bounds = [s for s in schema["anyOf"] if s.get("type") == "integer"][0]
    assert (bounds["minimum"], bounds["maximum"]) == (0, 65535)


def test_strings_are_never_numbers_or_booleans() -> None:
    for value in (1, True, None, ["x"]):
        found = errors({"projects": [{"name": value, "backends": []}]})
        assert found[0]["loc"] == ("projects", 0, "name")


def test_the_tag_selects_the_variant_and_is_required_in_a_union() -> None:
    value = validate(config({"type": "gcp", "project_id": "p", "creds": {"type": "service_account", "filename": "f"}}))
    backend = value.projects[0].backends[0]
    assert isinstance(backend, d.GCPConfig) and isinstance(backend.creds, d.GCPServiceAccountCreds)
    assert [e["type"] for e in errors(config({"creds": {"type": "default"}}))] == ["union_tag_not_found"]
    assert [e["type"] for e in errors(config({"type": "awz"}))] == ["union_tag_invalid"]
    # Outside a union the tag may be omitted, and is then the variant's own.
    assert d.AWSDefaultCreds().type == "default"
    with pytest.raises(ValidationError):
        d.AWSDefaultCreds.model_validate({"type": "access_key"})


def test_unknown_keys_are_refused_where_rust_refuses_them() -> None:
    found = errors(config({"type": "dstack", "creds": {}}))
    assert [(e["type"], e["loc"][-1]) for e in found] == [("extra_forbidden", "creds")]
    found = errors({"projects": [], "project": []})
    assert [(e["type"], e["loc"]) for e in found] == [("extra_forbidden", ("project",))]


def test_accepted_data_dumps_back_unchanged() -> None:
    data = config(
        {"type": "aws", "creds": {"type": "access_key", "access_key": "a", "secret_key": "s"}, "public_ips": False},
        {"type": "oci", "creds": {"type": "default"}},
        {"type": "kubernetes", "kubeconfig": {"filename": "k", "data": None}},
    )
    assert validate(data).model_dump(exclude_unset=True, by_alias=True) == data


def test_every_model_is_strict_and_documented() -> None:
    # Every class is described in one of the package's schemas: a definition, or a root.
    definitions: dict[str, Any] = {}
    for file in ("server-config.json", "configuration.json", "profiles.json"):
        schema = json.loads((REPO / "site/docs/schemas" / file).read_text())
        definitions.update(schema.get("definitions", {}))
    roots = {d.ServerConfig: "server-config.json", d.ProfilesConfig: "profiles.json"}
    models = [getattr(d, name) for name in d.__all__ if isinstance(getattr(d, name), type)]
    assert models
    for model in models:
        assert issubclass(model, BaseModel)
        assert model.model_config.get("strict") is True, model
        assert model.model_config.get("extra") == "forbid", model
        assert model.__doc__ and model.__doc__.strip(), model
        if model in roots:
            described = json.loads((REPO / "site/docs/schemas" / roots[model]).read_text())["properties"]
        else:
            described = definitions[model.__name__]["properties"]
        for name, field in model.model_fields.items():
            assert field.description == described[name]["description"], (model, name)


def test_typed_usage_runs() -> None:
    built = typed_usage.build()
    dumped = built.model_dump(exclude_unset=True, by_alias=True)
    assert validate(dumped) == built
    assert typed_usage.ssh_ports(built) == [32000]
    assert typed_usage.oci_files(built) == ["~/.OCI/CONFIG"]
    assert [typed_usage.tag(b) for b in built.projects[0].backends] == ["aws", "kubernetes", "oci", "oci"]
