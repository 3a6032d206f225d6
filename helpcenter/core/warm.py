"""Per-process caches built when a process starts, not on its first request.

Apps register warmers (callables without arguments) in `ready()`; the WSGI
module and the worker call `warm_up()` once. A warmer that fails (no database
yet, say) is skipped: the cache is then built on first use, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("helpcenter.warm")
_warmers: list[Callable[[], object]] = []


def register(warmer: Callable[[], object]) -> None:
    if warmer not in _warmers:
        _warmers.append(warmer)


def warm_up() -> int:
    done = 0
    for warmer in _warmers:
        try:
            warmer()
            done += 1
        except Exception:  # warming is an optimization, never a failure
            log.warning("warming %s failed; it will be built on first use", warmer, exc_info=True)
    return done
