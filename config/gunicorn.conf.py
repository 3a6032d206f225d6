"""gunicorn settings shared by `make serve`, the systemd unit and bench/cluster.sh.

Only what must be code: with PROMETHEUS_MULTIPROC_DIR set (make serve sets it),
each worker writes its metric samples to files there and /metrics merges them,
so request latency covers every worker, not the one that answered the scrape.
The directory is emptied when gunicorn starts; a worker's files stay after it
exits (its requests still count), its live gauges are dropped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def on_starting(server) -> None:
    where = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if where:
        shutil.rmtree(where, ignore_errors=True)
        Path(where).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
