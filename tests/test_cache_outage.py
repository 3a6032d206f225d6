"""Redis away: the cache acts as a miss instead of failing requests."""

from __future__ import annotations

import socket

from helpcenter.core.cache import ResilientRedisCache


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cache_at(url: str) -> ResilientRedisCache:
    return ResilientRedisCache(url, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}})


def test_every_call_is_a_miss_while_redis_is_away():
    cache = cache_at(f"redis://127.0.0.1:{closed_port()}/0")
    assert cache.get("k", "padrão") == "padrão"
    cache.set("k", 1, 10)
    assert cache.add("k", 0, 10) is False
    assert cache.incr("contador") == 1
    assert cache.delete("k") is False
    assert cache.get_many(["a", "b"]) == {}


def test_it_is_an_ordinary_cache_while_redis_is_there():
    cache = cache_at("redis://127.0.0.1:6379/9")
    cache.set("soak-k", "v", 10)
    assert cache.get("soak-k") == "v"
    assert cache.add("soak-n", 0, 10) in (True, False)
    assert cache.incr("soak-n") >= 1
    cache.delete("soak-k")
    cache.delete("soak-n")
