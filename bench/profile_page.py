"""Where one page spends its time, in-process (Django's test client, DEBUG=0), on the
database bench/web.py built: its statements with their times, the median time per request over 7
rounds of 30 (wall and this process's CPU), then cProfile over 100 more, by own time.

Run (after `bench/web.py --pg` built helpcenter_http_bench):
    .venv/bin/python bench/profile_page.py /tickets/ client
    .venv/bin/python bench/profile_page.py /console/ agent
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import sys
import time

os.environ.update(
    {
        "DATABASE_URL": os.environ.get(
            "PROFILE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcenter_http_bench"
        ),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
    }
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()


def main() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from helpcenter.accounts.models import User

    path, role = sys.argv[1], sys.argv[2]
    user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
    client = Client()
    client.force_login(user)
    for _ in range(20):
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    for query in captured.captured_queries:
        print(
            f"{float(query['time']) * 1000:6.2f} ms  {query['sql'][: int(os.environ.get('SQL_CHARS', '120'))]}"
        )
    walls, cpus = [], []
    for _ in range(7):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(30):
            client.get(path)
        walls.append((time.perf_counter() - wall) / 30 * 1000)
        cpus.append((time.process_time() - cpu) / 30 * 1000)
    print(
        f"{path}: {statistics.median(walls):.2f} ms a request, {statistics.median(cpus):.2f} ms "
        "of this process's CPU (medians of 7 rounds of 30)"
    )
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(100):
        client.get(path)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(os.environ.get("SORT", "tottime")).print_stats(
        os.environ.get("FILTER", ""), int(os.environ.get("LINES", "25"))
    )
    print(out.getvalue())


if __name__ == "__main__":
    main()
