"""First page of each console view, and a search, over 1,000,000 tickets in PostgreSQL.

Goal (issue: agent console): p95 under 100 ms per page with a warm cache.
Loads the data once into its own database (helpcenter_console_bench; kept
between runs, --reload rebuilds), then requests each page through Django's
test client in-process (query + template rendering; no network), 30 times,
and prints median and p95.

Run: .venv/bin/python bench/console.py     (make bench-pg runs it too)
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcenter_console_bench"
)
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from helpcenter.accounts.models import Organization, User  # noqa: E402
from helpcenter.catalog.models import Service  # noqa: E402
from helpcenter.tickets.models import Ticket  # noqa: E402

N = int(os.environ.get("BENCH_TICKETS", "1000000"))
GOAL_MS = 100.0
WORDS = [
    "boleto",
    "fatura",
    "pagamento",
    "erro",
    "lentidão",
    "timeout",
    "integração",
    "relatório",
    "acesso",
    "senha",
    "api",
    "portal",
    "checkout",
    "frete",
    "cotação",
    "pedido",
    "estoque",
    "nota",
    "fiscal",
    "login",
    "certificado",
    "servidor",
    "banco",
    "dados",
    "backup",
    "fila",
    "mensagem",
    "webhook",
    "agendamento",
    "exportação",
    "planilha",
]


def make_vocabulary(rng: random.Random) -> list[str]:
    """The support words first (most frequent), then 20,000 made-up words."""
    syllables = [
        "ba",
        "ce",
        "di",
        "fo",
        "gu",
        "la",
        "me",
        "ni",
        "po",
        "ru",
        "sa",
        "te",
        "vi",
        "xo",
        "za",
    ]
    made_up = {
        "".join(rng.choice(syllables) for _ in range(rng.randrange(2, 5))) for _ in range(30_000)
    }
    return WORDS + sorted(made_up - set(WORDS))[:20_000]


def ensure_database() -> None:
    import psycopg

    name = connection.settings_dict["NAME"]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def load() -> User:
    call_command("migrate", verbosity=0)
    agent = User.objects.filter(email="bench-agent@support.example").first()
    if agent is None:
        agent = User.objects.create_user("bench-agent@support.example", "x", role="agent")
    if Ticket.objects.count() >= N and "--reload" not in sys.argv:
        return agent
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE tickets_ticket, slas_slaclock, audit_auditevent CASCADE")
    rng = random.Random(11)
    vocabulary = make_vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf, as real text
    orgs = []
    for i in range(20):
        org, _ = Organization.objects.get_or_create(name=f"Bench Org {i:02d}")
        service, _ = Service.objects.get_or_create(organization=org, name="Bench Service")
        client = User.objects.filter(
            email=f"client{i}@bench.example"
        ).first() or User.objects.create_user(
            f"client{i}@bench.example", "x", role="client", organization=org
        )
        orgs.append((org.pk, service.pk, client.pk))
    agents = [agent.pk] + [
        (
            User.objects.filter(email=f"agent{i}@bench.example").first()
            or User.objects.create_user(f"agent{i}@bench.example", "x", role="agent")
        ).pk
        for i in range(9)
    ]
    now = datetime.now(UTC)
    print(f"loading {N:,} tickets ...", flush=True)
    t0 = time.perf_counter()
    raw = connection.connection
    statuses = (
        ["closed"] * 88
        + ["resolved"] * 4
        + ["open"] * 2
        + ["in_progress"] * 4
        + ["waiting_on_client"] * 2
    )
    priorities = ["P1"] * 2 + ["P2"] * 8 + ["P3"] * 50 + ["P4"] * 38 + ["planned"] * 2
    chunk = 100_000
    for start in range(0, N, chunk):
        buf = io.StringIO()
        for i in range(start, min(start + chunk, N)):
            org, service, client = orgs[i % len(orgs)]
            status = rng.choice(statuses)
            created = now - timedelta(minutes=(N - i) * 2)
            active = status in ("open", "in_progress", "waiting_on_client")
            due = (
                (now + timedelta(minutes=rng.randrange(-600, 6000))).isoformat()
                if active
                else r"\N"
            )
            assignee = r"\N" if status == "open" else str(rng.choice(agents))
            words = " ".join(rng.choices(vocabulary, weights, k=rng.randrange(12, 40)))
            buf.write(
                f"{i + 1}\t{org}\t{client}\t{service}\t{assignee}\tincident\t{rng.choice(priorities)}\t"
                f"{status}\tportal\tChamado {i} {words[:60]}\t{words}\t{created.isoformat()}\t"
                f"{created.isoformat()}\t1\t{due}\t{words}\t\n"
            )
        buf.seek(0)
        with (
            raw.cursor() as cur,
            cur.copy(
                "COPY tickets_ticket (id, organization_id, requester_id, service_id, assignee_id, type,"
                " priority, status, channel, title, description, created_at, updated_at, version,"
                " sla_next_due, search_text, source_message_id) FROM STDIN"
            ) as copy,
        ):
            copy.write(buf.read())
        print(f"  {min(start + chunk, N):,}", flush=True)
    with raw.cursor() as cur:
        cur.execute("SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'), %s)", [N + 1])
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tickets_ticket")
    print(f"loaded in {time.perf_counter() - t0:.0f} s", flush=True)
    return agent


def measure(client: Client, label: str, url: str, runs: int = 30) -> float:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    client.get(url)  # warm
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    median, p95 = statistics.median(samples), samples[int(len(samples) * 0.95) - 1]
    rows = len(response.context["page"].tickets) if response.context else "?"
    verdict = "OK" if p95 < GOAL_MS else "MISSED"
    print(
        f"  {label:<28} median {median:7.1f} ms   p95 {p95:7.1f} ms   ({rows} rows)   goal p95 < {GOAL_MS:.0f} ms   {verdict}"
    )
    return p95


def main() -> None:
    ensure_database()
    connection.close()
    agent = load()
    total = Ticket.objects.count()
    print(
        f"{total:,} tickets in PostgreSQL; first page (50 rows) of each console view, as an agent"
    )
    vocabulary = make_vocabulary(random.Random(11))  # the same words the loader drew from
    setup_test_environment()  # lets the client see the rendered context (row counts)
    client = Client()
    client.force_login(agent)
    pages = [
        ("unassigned", "/console/queue/unassigned/"),
        ("mine", "/console/queue/mine/"),
        ("P1/P2 now", "/console/queue/urgent/"),
        ("breaching soon", "/console/queue/breaching/"),
        ("waiting on client", "/console/queue/waiting/"),
        ("all", "/console/queue/all/"),
        (
            "by organization",
            f"/console/queue/all/?organization={Organization.objects.order_by('pk').first().pk}",
        ),
        ("search 'boleto timeout'", "/console/queue/all/?q=boleto+timeout"),
        ("search 'certificado'", "/console/queue/all/?q=certificado"),
        ("search, no match", "/console/queue/all/?q=inexistente"),
        ("search, mid-frequency word", f"/console/queue/all/?q={vocabulary[500]}"),
        ("search, rare word", f"/console/queue/all/?q={vocabulary[-1]}"),
    ]
    worst = max(measure(client, label, url) for label, url in pages)
    print(f"  worst p95: {worst:.1f} ms")


if __name__ == "__main__":
    main()
