"""Fixed personas and real parts shared by the suite."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from helpcenter.accounts.models import Organization, User
from helpcenter.accounts.roles import Role
from helpcenter.catalog.models import Service

PASSWORD = "correct-horse-battery-staple"


if os.environ.get("HELPCENTER_MUTATION_TEMPLATE"):

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker):
        """`make mutation` only (pytest-django's documented override): every mutant's test
        session works on its own copy of a SQLite database that scripts/mutation.py
        migrated once, instead of migrating a new one (3 of a mutant's 4 seconds)."""
        from django.db import connections

        template = os.environ["HELPCENTER_MUTATION_TEMPLATE"]
        copy = f"{template}.{os.getpid()}"
        shutil.copyfile(template, copy)
        connection = connections["default"]
        with django_db_blocker.unblock():
            connection.close()
            connection.settings_dict["NAME"] = copy
        yield
        with django_db_blocker.unblock():
            connection.close()
        os.unlink(copy)


@pytest.fixture(autouse=True)
def _fresh_webhook_endpoints():
    """The per-process cache of webhook endpoints never outlives a test's rollback."""
    from helpcenter.webhooks.models import forget_endpoints

    forget_endpoints()
    yield
    forget_endpoints()


@pytest.fixture(autouse=True)
def _fresh_policy_rows():
    """Nor do the per-process copies of SLA policies and calendars (SQLite reuses ids
    after a rollback, and frozen clocks repeat `updated_at`)."""
    from helpcenter.slas.policies import forget_rows

    forget_rows()
    yield
    forget_rows()


@pytest.fixture(autouse=True)
def _fresh_routing():
    """Nor does the per-process routing snapshot (teams and rules)."""
    from helpcenter.teams.selectors import forget_routing

    forget_routing()
    yield
    forget_routing()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "http://testserver"


@dataclass
class World:
    org_a: Organization
    org_b: Organization
    service_a: Service
    service_a2: Service
    service_b: Service
    client_a: User
    client_a2: User
    client_admin_a: User
    client_b: User
    agent: User
    manager: User
    admin: User

    def personas(self) -> dict[str, User]:
        return {
            "client_a": self.client_a,
            "client_a2": self.client_a2,
            "client_admin_a": self.client_admin_a,
            "client_b": self.client_b,
            "agent": self.agent,
            "manager": self.manager,
            "admin": self.admin,
        }


def make_user(email: str, role: str, organization=None, **extra) -> User:
    return User.objects.create_user(
        email,
        PASSWORD,
        role=role,
        organization=organization,
        full_name=extra.pop("name", ""),
        **extra,
    )


@pytest.fixture
def world(db) -> World:
    manager = make_user("manager@support.example", Role.MANAGER, name="Maria Manager")
    org_a = Organization.objects.create(name="Org A", relationship_manager=manager)
    org_b = Organization.objects.create(name="Org B")
    return World(
        org_a=org_a,
        org_b=org_b,
        service_a=Service.objects.create(organization=org_a, name="Billing API"),
        service_a2=Service.objects.create(organization=org_a, name="Tracking Portal"),
        service_b=Service.objects.create(organization=org_b, name="Web Store"),
        client_a=make_user("ana@a.example", Role.CLIENT, org_a, name="Ana A"),
        client_a2=make_user("bruno@a.example", Role.CLIENT, org_a, name="Bruno A"),
        client_admin_a=make_user("boss@a.example", Role.CLIENT_ADMIN, org_a, name="Boss A"),
        client_b=make_user("carla@b.example", Role.CLIENT, org_b, name="Carla B"),
        agent=make_user("agent@support.example", Role.AGENT, name="Alice Agent"),
        manager=manager,
        admin=make_user(
            "admin@support.example", Role.ADMIN, is_staff=True, is_superuser=True, name="Admin"
        ),
    )


@dataclass
class SmtpSink:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

    host: str
    port: int
    messages: list = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(envelope)
        self.arrived.set()
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def smtp_settings(settings, smtp_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_port
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.fixture
def smtp_server(smtp_settings, smtp_port):
    sink = SmtpSink("127.0.0.1", smtp_port)
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _serialize_live_server() -> None:
    """The live server answers one request at a time.

    On SQLite the test database lives in memory and the live server's request
    threads all use the test's one connection (Django's LiveServerTestCase docs:
    simultaneous queries through it "may sometimes randomly cause the tests to
    fail"). A page whose charts, fragments and styles load at once made two request
    threads query together, and the sqlite3 module deadlocked (one thread holding
    the database's mutex while waiting for the GIL, the other the reverse): the
    suite hung. Each request now runs whole, body included, under one lock; the
    test's own thread only queries between its browser's steps.
    """
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test import testcases

    class OneRequestAtATime(ThreadedWSGIServer):
        def set_app(self, application):
            lock = threading.Lock()

            def serialized(environ, start_response):
                with lock:
                    result = application(environ, start_response)
                    try:
                        return list(result)
                    finally:
                        if hasattr(result, "close"):
                            result.close()

            super().set_app(serialized)

    testcases.LiveServerThread.server_class = OneRequestAtATime


_serialize_live_server()


@pytest.fixture
def default_contract(transactional_db):
    """Live-server tests flush the database between tests, data migrations included."""
    from django.apps import apps

    from helpcenter.slas.defaults import ensure_default_contract

    ensure_default_contract(apps)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium not installed (apt-get install chromium); CI always runs this")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls
    # made by the test itself are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
