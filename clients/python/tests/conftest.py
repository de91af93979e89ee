"""Fixtures for the tests against a live gateway with its embedded APNs simulator (app "demo").

clients/python/test.sh gets the gateway from scripts/gateway.sh through PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and
PUSHGRPC_CA_FILE.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import pushgrpc


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run clients/python/test.sh against a gateway started by scripts/gateway.sh")
    return value


@pytest.fixture
def address() -> str:
    return _env("PUSHGRPC_ADDRESS")


@pytest.fixture
def client(address):
    with pushgrpc.connect(address) as c:
        yield c


@pytest.fixture
def tls_client():
    with pushgrpc.connect(_env("PUSHGRPC_TLS_ADDRESS"), tls=True, ca_file=_env("PUSHGRPC_CA_FILE")) as c:
        yield c


@pytest.fixture
def run_example():
    """Runs examples/<name>.py as a user would, in its own process, with the source checkout's package (as pytest's
    own pythonpath setting in pyproject.toml does for the tests)."""
    root = Path(__file__).resolve().parent.parent
    path = os.pathsep.join([str(root / "src"), str(root / "gen"), os.environ.get("PYTHONPATH", "")])

    def run(name: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(root / "examples" / f"{name}.py"), *args], capture_output=True,
                              text=True, timeout=60, env={**os.environ, "PYTHONPATH": path})

    return run
