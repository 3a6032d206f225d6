"""Login rate limits count once per node: the default cache is shared by every process."""

from __future__ import annotations

from tests.test_settings import run_manage


def test_without_redis_two_processes_share_one_cache(tmp_path):
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'node.sqlite3'}"}
    assert run_manage("migrate", "--noinput", env=env).returncode == 0
    writer = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache; cache.set('hits', 7, 60)",
        env=env,
    )
    assert writer.returncode == 0, writer.stderr
    reader = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache; print(cache.get('hits'))",
        env=env,
    )
    assert reader.stdout.strip() == "7", reader.stderr


def test_with_redis_the_cache_is_redis(settings):
    from tests.test_settings import run_manage as manage

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        env={"DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/0"},
    )
    assert result.stdout.strip() == "helpcenter.core.cache.ResilientRedisCache"
