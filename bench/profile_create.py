"""Where a ticket's creation spends its time: the statements of one creation through the
web form, then cProfile over 200 more (in-process, Django's test client, DEBUG=0).

Run: .venv/bin/python bench/profile_create.py            (SQLite under var/)
     PROFILE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/helpcenter_profile \\
       .venv/bin/python bench/profile_create.py             (an existing PostgreSQL database)
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
default = ROOT / "var" / "profile_create.sqlite3"
if "PROFILE_DATABASE_URL" not in os.environ:
    default.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{default}{suffix}").unlink(missing_ok=True)
os.environ["DATABASE_URL"] = os.environ.get("PROFILE_DATABASE_URL", f"sqlite:///{default}")
os.environ.update(
    {"DEBUG": "0", "SECRET_KEY": "profile-" + "k" * 50, "ALLOWED_HOSTS": "testserver"}
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    from helpcenter.accounts.models import Organization, User
    from helpcenter.catalog.models import Service

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    org, _ = Organization.objects.get_or_create(name="Profile")
    service, _ = Service.objects.get_or_create(organization=org, name="Portal")
    user = User.objects.filter(email="profile@x.example").first() or User.objects.create_user(
        email="profile@x.example", password="x", role="client", organization=org
    )
    client = Client()
    client.force_login(user)
    data = {
        "type": "incident",
        "priority": "P3",
        "service": service.pk,
        "title": "Lento",
        "description": "Muito lento desde ontem.",
    }

    def post():
        # A browser shows the "ticket opened" flash on the page it lands on; without
        # that the flashes of every creation would pile up in the session.
        client.post("/tickets/new/", data, secure=True)
        client.cookies.pop("messages", None)

    for _ in range(20):
        post()
    with CaptureQueriesContext(connection) as captured:
        post()
    print(f"statements per creation: {len(captured)}")
    for query in captured:
        print("  ", query["sql"][:110])
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(200):
        post()
    wall = (time.perf_counter() - started) / 200 * 1000
    cpu = (time.process_time() - cpu) / 200 * 1000
    print(f"ms per creation, unprofiled: {wall:.1f} wall, {cpu:.1f} CPU in this process")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(200):
        post()
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(int(os.environ.get("PROFILE_LINES", "30")))
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
