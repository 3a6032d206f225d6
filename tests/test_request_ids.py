"""A request id on every response, log line and outbox row the request queued."""

from __future__ import annotations

import json
import logging

from django.urls import reverse

from helpcenter.core.request_ids import JsonFormatter, RequestIdFilter, acting_for
from helpcenter.notifications.models import OutboxMessage
from tests.helpers import open_ticket


def test_each_response_carries_an_id_and_a_sane_given_one_is_kept(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="abc-12345-def")
    assert kept["X-Request-ID"] == "abc-12345-def"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nInjected: 1")
    assert forged["X-Request-ID"] != "x\nInjected: 1" and "\n" not in forged["X-Request-ID"]


def test_the_outbox_rows_a_request_queued_carry_its_id(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    response = client.post(
        reverse("portal:ticket_compose", args=[ticket.pk]),
        {"body": "Estamos verificando.", "visibility": "public", "version": ticket.version},
        HTTP_X_REQUEST_ID="req-0000-1111",
    )
    assert response.status_code in (200, 302)
    rows = OutboxMessage.objects.filter(request_id="req-0000-1111")
    assert rows.exists()


def test_log_lines_are_json_with_the_request_id():
    record = logging.LogRecord(
        "helpcenter.worker", logging.INFO, __file__, 1, "sent %s", (7,), None
    )
    with acting_for("req-42-abcdef"):
        RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "sent 7" and line["request_id"] == "req-42-abcdef"
    assert line["level"] == "INFO" and line["logger"] == "helpcenter.worker"
