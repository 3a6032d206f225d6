"""Redis as a cache the desk can live without for a while.

The cache holds sign-in rate limits, API request counts and /healthz's probe:
nothing that must survive. When Redis is away (restarted, a network blip), every
cache call here logs a warning and acts as a miss (get: the default; set, add,
delete: nothing stored; incr: a fresh count), instead of failing the request
with a 500. Rate limits are therefore not enforced while Redis is away; /healthz
still reports the cache as failed.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
AWAY = (RedisConnectionError, RedisTimeoutError, OSError)


def _warn(operation: str, exc: Exception) -> None:
    log.warning("cache %s failed, acting as a miss: %s", operation, type(exc).__name__)


class ResilientRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except AWAY as exc:
            _warn("get", exc)
            return default

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except AWAY as exc:
            _warn("set", exc)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except AWAY as exc:
            _warn("add", exc)
            return False

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except AWAY as exc:
            _warn("incr", exc)
            return delta

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except AWAY as exc:
            _warn("delete", exc)
            return False

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except AWAY as exc:
            _warn("get_many", exc)
            return {}
