"""Ticket creation, this desk beside django-helpdesk 2.6.1 in one run: web form and API.

The goal for creation is a ratio to the peer on the same machine, with stock Django
(issue 27): >= 2x on the web form, >= 2.5x on the API. This VM's
speed moves by 20-40 % between sessions, so an absolute figure from another day says
little; this bench measures both, alternating, in one sitting, and prints the ratio of
the medians.

- The peer: django-helpdesk 2.6.1 (with the gunicorn and psycopg versions of this
  project's lock) in its own virtualenv under var/peer/ (made on first use, from the
  package index), PostgreSQL database `helpcenter_peer` with N tickets and a follow-up
  each, gunicorn with 2 sync workers, DEBUG off, its public form (anonymous: the
  peer's cheapest way in), mail to the dummy backend (the peer sends its confirmation
  inside the request; this desk writes an outbox row and the worker sends it), and
  persistent database connections as this desk has (Django's default opens one per
  request, which would halve the peer's figure).
- This desk: `bench/web.py --pg N --create-only --form-only` (signed-in clients with
  sessions, CSRF, the SLA clocks, the audit chain and the outbox row in the same
  transaction).

Both are driven by the same load client (bench/load_client.py): 8 threads, each a
browser with its own cookies, posting the form with its CSRF token for S seconds.

And the same through each one's REST API: the peer's `POST /api/tickets/` (DRF, 8 staff
users with DRF tokens) against `bench/api.py --pg --tickets N` (8 clients with bearer
tokens and an Idempotency-Key each, over N tickets like the peer's).

With --read, reading instead of creating: the ticket list, the ticket page, the queue and
search, with real histories on both sides (bench/peer_reads.py; default 100,000 tickets).

Run: .venv/bin/python bench/peer.py [N] [--rounds R] [--seconds S] [--form | --api]
     (defaults: 20,000 tickets, 3 rounds of 20 s each, both ways)
     .venv/bin/python bench/peer.py --read [N] [--rounds R]
"""

from __future__ import annotations

import http.client
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load_client import Browser, drive, gunicorn  # noqa: E402

PEER = ROOT / "var" / "peer"
VENV = PEER / "venv"
DATABASE = "helpcenter_peer"
GOAL_RATIO = {"form": 2.0, "api": 2.5}

args = sys.argv[1:]
N = next(
    (
        int(a)
        for i, a in enumerate(args)
        if a.isdigit() and (i == 0 or args[i - 1] not in ("--rounds", "--seconds"))
    ),
    100_000 if "--read" in args else 20_000,
)
ROUNDS = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 3
SECONDS = float(args[args.index("--seconds") + 1]) if "--seconds" in args else 20.0

SETTINGS = f"""
SECRET_KEY = "peer-bench-" + "k" * 50
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "peer_urls"
SITE_ID = 1
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
    "django.contrib.sites", "django.contrib.humanize", "rest_framework",
    "rest_framework.authtoken", "helpdesk",
]
# Its API with DRF's token authentication (a key lookup per request; the default
# Basic authentication would hash a password on every request).
REST_FRAMEWORK = {{"DEFAULT_AUTHENTICATION_CLASSES": [
    "rest_framework.authentication.TokenAuthentication",
]}}
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
TEMPLATES = [{{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [], "APP_DIRS": True,
    "OPTIONS": {{"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]}},
}}]
DATABASES = {{"default": {{
    "ENGINE": "django.db.backends.postgresql", "NAME": "{DATABASE}",
    "USER": "postgres", "HOST": "127.0.0.1", "PORT": "5432", "CONN_MAX_AGE": 600,
}}}}
STATIC_URL = "/static/"
STATIC_ROOT = "{PEER / "static"}"
MEDIA_ROOT = "{PEER / "media"}"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "suporte@peer.example"
LOGIN_URL = "/login/"
HELPDESK_TEAMS_MODE_ENABLED = False  # teams need pinax-teams; not on the creation path
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
"""

URLS = """
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
"""

LOAD = """
import datetime, sys
import django
django.setup()
from django.utils import timezone
from helpdesk.models import FollowUp, Queue, Ticket
n = int(sys.argv[1])
queue, _ = Queue.objects.get_or_create(
    slug="suporte", defaults={"title": "Suporte", "allow_public_submission": True}
)
now = timezone.now()
for start in range(0, n, 5000):
    rows = [
        Ticket(
            title=f"Lentidao {i}", queue=queue, submitter_email=f"c{i % 200}@peer.example",
            description="O portal esta lento desde as 9h.", priority=3, status=1,
            created=now - datetime.timedelta(minutes=n - i),
            modified=now - datetime.timedelta(minutes=n - i),
        )
        for i in range(start, min(n, start + 5000))
    ]
    Ticket.objects.bulk_create(rows)
    FollowUp.objects.bulk_create(
        [FollowUp(ticket=t, title="Comentario", comment="Estamos verificando.",
                  date=t.created, public=True) for t in rows]
    )
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
tokens = []
for k in range(8):
    user = get_user_model().objects.create_user(
        f"erp{k}", f"erp{k}@peer.example", "x", is_staff=True
    )
    tokens.append(Token.objects.create(user=user).key)
print(queue.pk, *tokens)
"""


def locked(name: str) -> str:
    text = (ROOT / "requirements.lock").read_text()
    return re.search(rf"^{re.escape(name)}==([^\s;]+)", text, re.M).group(1)


def ensure_venv() -> None:
    if (VENV / "bin" / "gunicorn").exists():
        return
    PEER.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    packages = [
        "django-helpdesk==2.6.1",
        f"gunicorn=={locked('gunicorn')}",
        f"psycopg[binary]=={locked('psycopg')}",
    ]
    subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", *packages], check=True)


def peer_env() -> dict:
    # Its dashboard compares naive dates; the warnings would bury the figures.
    return {
        "DJANGO_SETTINGS_MODULE": "peer_settings",
        "PYTHONPATH": str(PEER),
        "PYTHONWARNINGS": "ignore",
    }


def load_peer(script: str, n: int) -> list[str]:
    """A fresh peer database, migrated, loaded by `script` (run in the peer's virtualenv
    with N as its argument); returns the words the script printed."""
    (PEER / "peer_settings.py").write_text(SETTINGS)
    (PEER / "peer_urls.py").write_text(URLS)
    for command in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*command, "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    env = {**peer_env(), "PATH": "/usr/bin:/bin"}
    python = str(VENV / "bin" / "python")
    subprocess.run([python, "-m", "django", "migrate", "-v", "0"], cwd=PEER, env=env, check=True)
    out = subprocess.run(
        [python, "-c", script, str(n)], cwd=PEER, env=env, check=True, capture_output=True
    )
    return out.stdout.decode().split()


def set_up_peer() -> tuple[int, list[str]]:
    started = time.perf_counter()
    queue, *tokens = load_peer(LOAD, N)
    print(
        f"peer: loaded {N:,} tickets with a follow-up each in {time.perf_counter() - started:.0f} s"
    )
    return int(queue), tokens


def peer_form_round(queue: int) -> tuple[float, float, float, int]:
    """django-helpdesk's public form, 8 anonymous browsers, each with its CSRF cookie."""
    with peer_gunicorn() as port:
        browsers: dict[int, tuple[Browser, str]] = {}

        def post(k: int, i: int) -> float:
            if k not in browsers:
                browser = Browser(port, "")
                browser.cookies.pop("sessionid")
                status, page = browser.request("GET", "/tickets/submit/")
                assert status == 200, status
                token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                browsers[k] = (browser, token.group(1).decode())
            browser, token = browsers[k]
            body = (
                f"csrfmiddlewaretoken={token}&queue={queue}"
                f"&title=Lentid%C3%A3o+{k}-{i}&body=O+portal+est%C3%A1+lento+desde+as+9h."
                f"&priority=3&submitter_email=c{k}%40peer.example"
            )
            status, ms = browser.timed(
                "POST",
                "/tickets/submit/",
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{port}/tickets/submit/",
                },
            )
            assert status == 302, status
            return ms

        return drive(8, post, seconds=SECONDS)


def peer_api_round(queue: int, tokens: list[str]) -> tuple[float, float, float, int]:
    """django-helpdesk's `POST /api/tickets/`, 8 staff users each with a DRF token."""
    with peer_gunicorn() as port:
        connections: dict[int, http.client.HTTPConnection] = {}

        def post(k: int, i: int) -> float:
            conn = connections.setdefault(k, http.client.HTTPConnection("127.0.0.1", port))
            body = json.dumps(
                {
                    "queue": queue,
                    "title": f"ERP alert {k}-{i}",
                    "description": "Queue depth above threshold on the billing worker.",
                    "submitter_email": f"erp{k}@peer.example",
                    "priority": 3,
                }
            )
            headers = {
                "Authorization": f"Token {tokens[k]}",
                "Content-Type": "application/json",
                "Host": "127.0.0.1",
            }
            t = time.perf_counter()
            conn.request("POST", "/api/tickets/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 201, (response.status, response.read())
            return (time.perf_counter() - t) * 1000

        return drive(8, post, seconds=SECONDS)


def peer_gunicorn():
    """The same gunicorn as this desk's benches (2 sync workers), from the peer's venv."""
    return gunicorn(PEER, peer_env(), venv=VENV, app="django.core.wsgi:get_wsgi_application()")


def ours(script: str, *args: str, pattern: str) -> tuple[float, float, float, int]:
    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), str(ROOT / "bench" / script), "--pg", *args]
        + ["--seconds", str(SECONDS)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(pattern, out, re.S)
    if not found:
        raise SystemExit(f"bench/{script} printed no creation figure:\n{out}")
    rate, p50, p95, count = (float(g.replace(",", "")) for g in found.groups())
    return rate, p50, p95, int(count)


def ours_form_round() -> tuple[float, float, float, int]:
    return ours(
        "web.py",
        str(N),
        "--create-only",
        "--form-only",
        pattern=r"form post: ([\d,]+)/s .*?p50 ([\d.]+) ms, p95 ([\d.]+) ms .*?\(([\d,]+) tickets\)",
    )


def ours_api_round() -> tuple[float, float, float, int]:
    return ours(
        "api.py",
        "--tickets",
        str(N),
        pattern=r"([\d,]+) tickets/s .*?p50 ([\d.]+) ms, p95 ([\d.]+) ms .*?([\d,]+) created",
    )


def line(name: str, figures: tuple[float, float, float, int]) -> str:
    rate, p50, p95, count = figures
    return f"{name:34s} {rate:6.0f}/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ({count:,} tickets)"


def main() -> None:
    ensure_venv()
    if "--read" in args:
        from peer_reads import main as read

        return read(N)
    queue, tokens = set_up_peer()
    ways = [w for w in ("form", "api") if f"--{w}" in args] or ["form", "api"]
    results: dict[str, list] = {w: [] for w in ways}
    for r in range(ROUNDS):
        for way in ways:
            if way == "form":
                pair = (peer_form_round(queue), ours_form_round())
            else:
                pair = (peer_api_round(queue, tokens), ours_api_round())
            results[way].append(pair)
            print(line(f"round {r + 1}, {way}: django-helpdesk", pair[0]), flush=True)
            print(line(f"round {r + 1}, {way}: this desk", pair[1]), flush=True)
    for way, pairs in results.items():
        peer_rate = statistics.median(p[0] for p, _ in pairs)
        our_rate = statistics.median(o[0] for _, o in pairs)
        ratio = our_rate / peer_rate
        each = ", ".join(f"{o[0] / p[0]:.2f}" for p, o in pairs)
        print(
            f"{way}: median django-helpdesk {peer_rate:.0f}/s, this desk {our_rate:.0f}/s: "
            f"{ratio:.2f}x (rounds: {each}) "
            f"(goal >= {GOAL_RATIO[way]:g}x: {'met' if ratio >= GOAL_RATIO[way] else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
