"""What a new developer meets on the first run: two checkouts side by side, no build
warning, a way to see paging in the demo, and a verifier that says what it expects."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from django.utils import timezone

from helpcenter.oncall.paging import in_business_hours

ROOT = Path(__file__).resolve().parent.parent


def test_the_mail_sink_port_is_a_setting_of_make_run():
    plan = subprocess.run(
        ["make", "-n", "run", "MAIL_SINK_PORT=1026", "PORT=8001"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "127.0.0.1:1026" in plan and "1025" not in plan


def test_the_license_is_an_spdx_string():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "AGPL-3.0-or-later"


def test_an_empty_business_calendar_means_never_staffed(db, settings):
    settings.ONCALL_BUSINESS_CALENDAR = ""
    assert in_business_hours(timezone.now()) is False
    settings.ONCALL_BUSINESS_CALENDAR = "no such calendar"
    assert in_business_hours(timezone.now()) is True


def test_the_verifier_given_the_csv_export_says_what_it_expects(tmp_path):
    csv = tmp_path / "trilha.csv"
    csv.write_text("seq,created_at,type\n1,2026-12-07,ticket.created\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts/verify_audit_export.py"), str(csv)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "JSON Lines" in run.stdout
