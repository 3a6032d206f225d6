"""A web process does not load the libraries only some pages or the worker use (issue 35):
fpdf2 alone is ~30 MB of every gunicorn worker's memory."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("fpdf", "fontTools", "pygal")

PROBE = """
import sys
from config.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns
print(" ".join(name for name in {heavy!r} if name in sys.modules))
"""


def test_a_web_process_loads_no_pdf_or_chart_library_until_a_page_needs_one(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": "0",
        "SECRET_KEY": "lazy-imports-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == []


def test_the_statement_renderer_is_imported_when_a_statement_is_delivered():
    from helpcenter.notifications import registry
    from helpcenter.reports.mail import render_statement

    assert registry.renderer_for("monthly_statement") is render_statement
    assert registry.renderer_for("no_such_template") is None
