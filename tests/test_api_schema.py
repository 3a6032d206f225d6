"""schemathesis against the OpenAPI document, with a client token and an agent token:
no 5xx, and every documented response matches its schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from helpcenter.api.actions import create_token
from tests.helpers import open_ticket

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def tokens(world):
    open_ticket(world)  # something to list and find
    return {
        "client": create_token(world.client_a, name="fuzz", actor=world.client_a)[1],
        "agent": create_token(world.agent, name="fuzz", actor=world.agent)[1],
    }


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """A bare WSGIHandler closes the database connection after each request (Django's
    test client turns that off); inside the test's transaction it must stay open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.API_RATE_PER_MINUTE = 1_000_000


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.parametrize("who", ["client", "agent"])
def test_api_conforms_to_its_schema(case, tokens, who):
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[who]}"}, checks=CHECKS)
