"""Typed use of the generated package; `mypy --strict` must accept it (codegen/tests/python.rs).

It is also run by pytest (test_models.py), so every line is real, working code.
"""

from __future__ import annotations

from typing import Optional

from dstack_server_config import (
    AWSConfig,
    AWSDefaultCreds,
    BackendConfig,
    KubeconfigConfig,
    KubernetesConfig,
    KubernetesNetworkingConfig,
    OCIClientCreds,
    OCIConfig,
    OCIDefaultCreds,
    ProjectConfig,
    ServerConfig,
)


def build() -> ServerConfig:
    """A configuration built in Python, field by field."""
    backends: list[BackendConfig] = [
        AWSConfig(creds=AWSDefaultCreds(), regions=["us-east-1"], public_ips=False),
        KubernetesConfig(
            kubeconfig=KubeconfigConfig(filename="~/.kube/config"),
            networking=KubernetesNetworkingConfig(ssh_port=32000),
        ),
        OCIConfig(
            creds=OCIClientCreds(user="u", tenancy="t", key_file="k.pem", fingerprint="f", region="r")
        ),
        OCIConfig(creds=OCIDefaultCreds()),
    ]
    return ServerConfig(projects=[ProjectConfig(name="main", backends=backends)])


def ssh_ports(config: ServerConfig) -> list[int]:
    """Narrowing a tagged union by its class."""
    ports: list[int] = []
    for project in config.projects:
        for backend in project.backends:
            if isinstance(backend, KubernetesConfig) and backend.networking is not None:
                port: Optional[int] = backend.networking.ssh_port
                if port is not None:
                    ports.append(port)
    return ports


def oci_files(config: ServerConfig) -> list[str]:
    """A defaulted field is a plain `str`: no None check needed."""
    return [
        backend.creds.file.upper()
        for project in config.projects
        for backend in project.backends
        if isinstance(backend, OCIConfig) and isinstance(backend.creds, OCIDefaultCreds)
    ]


def tag(backend: BackendConfig) -> str:
    """Every variant has its tag as a literal."""
    return backend.type
