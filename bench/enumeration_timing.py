"""Login and password-reset response times for known vs unknown addresses (enumeration by timing).

Goal (issue: security): the medians for a known and an unknown address are
within noise, i.e. their ratio is between 0.8 and 1.25, with the production
password hasher (PBKDF2), on a fresh SQLite database.
Run: .venv/bin/python bench/enumeration_timing.py [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 40

tmp = tempfile.mkdtemp()
os.environ.update(
    DEBUG="1", DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3", LOGIN_RATE_LIMIT="100000/m/ip"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

settings.ACCOUNT_RATE_LIMITS = False
call_command("migrate", verbosity=0)
from helpcenter.accounts.models import Organization, User  # noqa: E402

org = Organization.objects.create(name="Bench")
User.objects.create_user("known@bench.example", "a-long-password-1", organization=org)


def median_ms(path: str, field: str, address: str, extra: dict) -> float:
    client = Client()
    samples = []
    for _ in range(N):
        started = time.perf_counter()
        client.post(path, {field: address, **extra})
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


print(f"hasher: {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}, {N} requests each")
for label, path, field, extra in (
    ("login", "/accounts/login/", "login", {"password": "wrong-password"}),
    ("password reset", "/accounts/password/reset/", "email", {}),
):
    known = median_ms(path, field, "known@bench.example", extra)
    unknown = median_ms(path, field, "nobody@bench.example", extra)
    ratio = known / unknown
    verdict = "ok" if 0.8 <= ratio <= 1.25 else "MISSED"
    print(
        f"{label:15} known {known:7.1f} ms  unknown {unknown:7.1f} ms  "
        f"ratio {ratio:4.2f} (goal 0.80-1.25: {verdict})"
    )
