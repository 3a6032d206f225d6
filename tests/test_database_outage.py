"""While the database is away, pages answer a branded 503 quickly and nothing hangs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.db import OperationalError
from django.test import Client

from config.env import env_database

ROOT = Path(__file__).resolve().parent.parent


def test_a_database_error_anywhere_is_a_branded_503(db, monkeypatch, world):
    from helpcenter.portal import views

    def away(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr(views, "visible_tickets", away)
    client = Client(raise_request_exception=False)
    client.force_login(world.client_a)
    response = client.get("/tickets/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and "no-store" in response["Cache-Control"]
    assert "127.0.0.1" not in response.content.decode()  # no internals shown


def test_postgresql_connections_have_timeouts():
    config = env_database("DATABASE_URL", "", {"DATABASE_URL": "postgres://u@db:5432/hc"})
    assert config["OPTIONS"]["connect_timeout"] == 5
    assert config["OPTIONS"]["options"] == "-c statement_timeout=30000"
    tuned = env_database(
        "DATABASE_URL",
        "",
        {
            "DATABASE_URL": "postgres://u@db:5432/hc",
            "DATABASE_CONNECT_TIMEOUT": "2",
            "DATABASE_STATEMENT_TIMEOUT_MS": "0",
        },
    )
    assert tuned["OPTIONS"]["connect_timeout"] == 2
    assert tuned["OPTIONS"]["options"] == "-c statement_timeout=0"


def test_a_database_that_accepts_and_never_answers_fails_fast():
    """The fault probe's case: before, /healthz answered after 30 s (gunicorn's kill)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])  # accepted, never answered
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://u@127.0.0.1:{port}/hc",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client(raise_request_exception=False).get('/healthz')\n"
        "print(r.status_code)\n"
    )
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        stop.set()
        for conn in held:
            conn.close()
        server.close()
    took = time.monotonic() - started
    assert done.stdout.strip().endswith("503"), done.stderr[-2000:]
    assert took < 15, took  # interpreter start-up included; the attempt itself is 2 s
