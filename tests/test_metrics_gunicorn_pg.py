"""/metrics under gunicorn with several workers merges every worker's request
latency (prometheus_client's multiprocess mode, config/gunicorn.conf.py)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import free_port
from tests.test_worker_processes_pg import ROOT, process_env, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the gunicorn processes share the test database on PostgreSQL",
    ),
]

COUNT = re.compile(r'^helpcenter_request_seconds_count\{[^}]*route="healthz"[^}]*\} (\S+)$', re.M)


TOKEN = "metrics-test-token"


def get(url: str) -> str:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {TOKEN}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return response.read().decode()


def test_a_scrape_counts_the_requests_of_every_gunicorn_worker(tmp_path: Path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-c",
            "config/gunicorn.conf.py",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=process_env(PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"), METRICS_TOKEN=TOKEN),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def up() -> bool:
            try:
                return bool(get(f"{base}/healthz"))
            except OSError:
                return False

        assert wait_for(up, 30), "gunicorn did not start"
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _n: get(f"{base}/healthz"), range(59)))
        time.sleep(0.2)
        # Whichever worker answers the scrape, it reports all 60 (with the probe).
        counts = {float(COUNT.search(get(f"{base}/metrics")).group(1)) for _ in range(6)}
        files = list((tmp_path / "metrics").glob("histogram_*.db"))
    finally:
        web.terminate()
        web.wait(15)
    assert counts == {60.0}
    assert files  # the samples went through the shared directory
