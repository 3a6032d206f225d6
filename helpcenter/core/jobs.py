"""The worker's work, declared by each app: `run_worker` runs what is registered here.

Each app registers its periodic jobs in its `AppConfig.ready()`, so the worker
owns no domain. A job is a callable taking `now`; `every` is how often it runs
(0: on every pass of the worker, about once a second). Jobs run in `order`
(lower first): SLA warnings and pages write outbox rows that delivery sends in
the same pass.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[..., object]
    every: float  # seconds; 0 = every pass
    order: int


_jobs: dict[str, Job] = {}

# Set by run_worker on SIGTERM/SIGINT: long jobs (outbox delivery) stop between
# items and give back what they claimed, so the worker exits within seconds.
stop_requested = threading.Event()


def register(name: str, run: Callable[..., object], *, every: float = 0, order: int = 50) -> None:
    """Declare a periodic job (idempotent by name)."""
    _jobs[name] = Job(name, run, every, order)


def registered() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: (job.order, job.name))


def run_due(*, now: datetime, last_run: dict[str, float], clock: float, force: bool) -> int:
    """Run every job whose interval has passed; returns the sum of what they report."""
    done = 0
    for job in registered():
        if force or job.every == 0 or clock - last_run.get(job.name, float("-inf")) >= job.every:
            result = job.run(now=now)
            last_run[job.name] = clock
            done += result if isinstance(result, int) else 0
    return done
