"""Who is on duty now, for notices that have no assignee yet.

The on-call app knows (the person on call of each active rota) and registers
itself here in `ready()`, so the SLA app can ask without importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

_providers: list[Callable[[datetime], list]] = []


def register(provider: Callable[[datetime], list]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def on_duty(now: datetime) -> list:
    """Active users on duty at `now` (each once), from every registered provider."""
    seen: dict[int, object] = {}
    for provider in _providers:
        for user in provider(now):
            if user is not None and user.is_active:
                seen.setdefault(user.pk, user)
    return list(seen.values())
