"""Settings come from the environment; bad values stop start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_int, env_list, env_timezone

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("reader", "name", "value"),
    [
        (lambda e: env_bool("DEBUG", False, e), "DEBUG", "maybe"),
        (lambda e: env_int("EMAIL_PORT", 25, e), "EMAIL_PORT", "twenty"),
        (lambda e: env_int("REOPEN_WINDOW_DAYS", 7, e, minimum=0), "REOPEN_WINDOW_DAYS", "-1"),
        (lambda e: env_timezone("TIME_ZONE", "UTC", e), "TIME_ZONE", "Mars/Olympus"),
        (lambda e: env_database("DATABASE_URL", "sqlite:///x", e), "DATABASE_URL", "mysql://x"),
    ],
)
def test_bad_values_name_the_variable(reader, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        reader({name: value})


def test_good_values():
    assert env_bool("X", False, {"X": "yes"}) is True
    assert env_list("X", [], {"X": "a.example, b.example,"}) == ["a.example", "b.example"]
    db = env_database("DATABASE_URL", "", {"DATABASE_URL": "postgres://u@127.0.0.1:5432/hc"})
    assert db["ENGINE"] == "django.db.backends.postgresql" and db["NAME"] == "hc"


def test_postgresql_prepares_repeated_statements_unless_told_not_to():
    url = {"DATABASE_URL": "postgres://u@127.0.0.1:5432/hc"}
    options = env_database("DATABASE_URL", "", url)["OPTIONS"]
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 2
    off = env_database("DATABASE_URL", "", {**url, "DATABASE_PREPARED_STATEMENTS": "0"})
    assert "prepare_threshold" not in off["OPTIONS"]
    assert "server_side_binding" not in off["OPTIONS"]
    lite = env_database("DATABASE_URL", "", {"DATABASE_URL": "sqlite:///x.sqlite3"})
    assert "prepare_threshold" not in lite["OPTIONS"]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")
    }
    clean.pop("PYTEST_CURRENT_TEST", None)
    clean.setdefault("HELPCENTER_NO_DOTENV", "1")  # a developer's .env must not change these
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.production"  # not pytest's
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bad_value_stops_startup_with_the_variables_name():
    result = run_manage("check", env={"DEBUG": "1", "EMAIL_PORT": "abc"})
    assert result.returncode != 0
    assert "EMAIL_PORT must be an integer" in result.stderr


def test_production_requires_secret_key():
    result = run_manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "0",
            "SECRET_KEY": "x7!" + "k" * 30 + "Q9#zP2@vL5$wR8^tY1&uI4*oE6(aS3)dF0",
            "ALLOWED_HOSTS": "help.example.com",
            "SITE_URL": "https://help.example.com",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_no_configuration_is_one_line_not_a_traceback():
    result = run_manage("check", env={"DEBUG": "0"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Configuration error: SECRET_KEY must be set")


def test_dotenv_fills_what_the_environment_does_not_set(tmp_path):
    from config.env import load_dotenv

    dotenv = tmp_path / ".env"
    dotenv.write_text(
        '# local\nDEBUG=1\nSECRET_KEY="abc def"\n\nSITE_URL=http://x:9000\nbad line\n'
    )
    environ = {"SITE_URL": "https://from-the-environment.example"}
    assert load_dotenv(dotenv, environ) == ["DEBUG", "SECRET_KEY"]
    assert environ == {
        "SITE_URL": "https://from-the-environment.example",
        "DEBUG": "1",
        "SECRET_KEY": "abc def",
    }
    assert load_dotenv(tmp_path / "missing.env", {}) == []


def test_make_run_serves_links_on_its_own_port():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export SITE_URL ?= http://$(HOST):$(PORT)" in makefile
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
