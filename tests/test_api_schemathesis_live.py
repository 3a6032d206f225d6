"""schemathesis's own command line, every check (`--checks all`), against a live server
with a client token and an agent token, on a bounded example budget."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpcenter.api.actions import create_token
from tests.helpers import open_ticket

pytestmark = pytest.mark.browser  # a live server: with the other live-server tests

CONFIG = Path(__file__).resolve().parent.parent / "schemathesis.toml"


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.API_RATE_PER_MINUTE = 1_000_000


@pytest.mark.parametrize("who", ["client", "agent"])
def test_every_schemathesis_check_passes(world, live_server, who, tmp_path):
    open_ticket(world)  # something to list, read and change
    person = world.client_a if who == "client" else world.agent
    token = create_token(person, name="fuzz", actor=person)[1]
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "--config-file",
            str(CONFIG),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--header",
            f"Authorization: Bearer {token}",
            "--max-examples",
            os.environ.get("SCHEMATHESIS_EXAMPLES", "10"),
            "--seed",
            "1",
            "--workers",
            "1",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-12000:] + run.stderr[-3000:]
