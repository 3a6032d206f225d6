"""SLA reports at scale: one organization's monthly statement and the all-organizations
compliance report over 1,000,000 tickets (3,000,000 clocks) in PostgreSQL.

The tickets are written with SQL (`generate_series`): 50 organizations, opened
evenly over the last 12 months, priorities and statuses mixed, three clocks
each with ~10 % missed. Then, median of 3 runs each:

- the monthly statement of one organization for last month (`reports.statement.build`
  and its PDF), goal < 1 s;
- the compliance report of all organizations over 12 months, broken down by
  organization (`reports.selectors.compliance`), goal < 2 s;
- for information, the whole report page's figures over the same scope.

Run: .venv/bin/python bench/reports.py [--tickets N] [--reuse]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.bench_db import analyze, database_url, fresh_database  # noqa: E402

N = int(sys.argv[sys.argv.index("--tickets") + 1]) if "--tickets" in sys.argv else 1_000_000
REUSE = "--reuse" in sys.argv
NAME = "helpcenter_bench_reports"
ORGS = 50

os.environ["DATABASE_URL"] = database_url(NAME, pg=True)
os.environ.update({"DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 50})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()


def load() -> None:
    from django.db import connection

    from helpcenter.accounts.models import Organization, User
    from helpcenter.catalog.models import Service
    from helpcenter.slas.models import SlaPolicy

    fresh_database(NAME, pg=True)
    policy = SlaPolicy.objects.filter(organization__isnull=True, priority="P3").first()
    for n in range(ORGS):
        org = Organization.objects.create(name=f"Cliente {n:02d}")
        Service.objects.create(organization=org, name="API")
        User.objects.create_user(f"c{n}@x.example", "x", role="client", organization=org)
        User.objects.create_user(f"a{n}@x.example", "x", role="client_admin", organization=org)
    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            """
            WITH o AS (
              SELECT row_number() OVER (ORDER BY org.id) - 1 AS n, org.id AS org_id,
                     s.id AS service_id, u.id AS user_id
              FROM accounts_organization org
              JOIN catalog_service s ON s.organization_id = org.id
              JOIN accounts_user u ON u.organization_id = org.id AND u.role = 'client'
            )
            INSERT INTO tickets_ticket (type, priority, status, channel, title, description,
              created_at, updated_at, version, organization_id, requester_id, service_id,
              search_text, source_message_id, sla_policy_id, resolved_at, closed_at)
            SELECT CASE WHEN mod(g, 3) = 0 THEN 'request' ELSE 'incident' END,
                   (ARRAY['P1','P2','P3','P3','P4'])[1 + mod(g, 5)],
                   (ARRAY['closed','closed','closed','closed','closed','closed','closed',
                          'resolved','open','in_progress'])[1 + mod(g, 10)],
                   (ARRAY['portal','portal','email','phone','api'])[1 + mod(g, 5)],
                   'Chamado ' || g, 'Descrição', ts, ts, 1, o.org_id, o.user_id, o.service_id,
                   'Chamado ' || g, '', %s,
                   CASE WHEN mod(g, 10) < 8 THEN ts + interval '5 hours' END,
                   CASE WHEN mod(g, 10) < 7 THEN ts + interval '3 days' END
            FROM generate_series(1, %s) g
            JOIN o ON o.n = mod(g, %s)
            CROSS JOIN LATERAL (SELECT now() - (g::float / %s) * interval '365 days' AS ts) t
            """,
            [policy.pk if policy else None, N, ORGS, N],
        )
        c.execute(
            """
            INSERT INTO slas_slaclock (ticket_id, kind, target_seconds, used_seconds, due_at,
              met_at, state, breached, computed_at)
            SELECT t.id, k.kind, k.target,
                   (k.target * (0.2 + ((t.id * 7 + k.n) % 100) / 90.0))::int,
                   t.created_at + make_interval(secs => k.target),
                   CASE WHEN t.status IN ('resolved', 'closed') OR k.n < 2
                        THEN t.created_at + interval '1 hour' END,
                   CASE WHEN (t.id * 7 + k.n) % 100 >= 90 THEN 'breached'
                        WHEN t.status IN ('resolved', 'closed') OR k.n < 2 THEN 'met'
                        ELSE 'running' END,
                   (t.id * 7 + k.n) % 100 >= 90,
                   now()
            FROM tickets_ticket t
            CROSS JOIN (VALUES ('first_response', 3600, 0), ('triage', 7200, 1),
                               ('resolution', 86400, 2)) AS k(kind, target, n)
            """
        )
    analyze()
    print(f"loaded {N:,} tickets and {3 * N:,} clocks in {time.perf_counter() - started:.0f} s")


def timed(run, times: int = 3) -> float:
    took = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        took.append(time.perf_counter() - started)
    return statistics.median(took)


def main() -> None:
    from django.utils import timezone

    from helpcenter.accounts.models import Organization
    from helpcenter.reports import selectors, statement
    from helpcenter.reports.forms import month_start

    if not REUSE:
        load()
    organizations = list(Organization.objects.order_by("id"))
    last_month = month_start(timezone.localdate(), -1)
    org = organizations[7]

    def one_statement() -> None:
        statement.to_pdf(statement.build(org, last_month))

    until = month_start(timezone.localdate(), 1)
    scope = selectors.Scope(
        organization_ids=[o.pk for o in organizations],
        start=month_start(until, -12),
        end=until,
        group="organization",
    )
    built = statement.build(org, last_month)
    a = timed(one_statement)
    rows = selectors.compliance(scope)
    b = timed(lambda: selectors.compliance(scope))

    def whole_page() -> None:
        selectors.compliance(scope)
        selectors.working_times(scope)
        selectors.backlog(scope)
        selectors.volume(scope)
        selectors.breaches(scope, limit=100)

    c = timed(whole_page, times=1)
    print(
        f"reports over {selectors.tickets(scope).count():,} tickets, {len(organizations)} organizations:"
    )
    print(
        f"  monthly statement of one organization ({built.opened} tickets, "
        f"{len(built.breaches)} missed targets, PDF): {a:.2f} s (goal < 1 s) "
        f"{'MET' if a < 1 else 'NOT MET'}"
    )
    print(
        f"  compliance of all organizations, 12 months by organization ({len(rows)} rows): "
        f"{b:.2f} s (goal < 2 s) {'MET' if b < 2 else 'NOT MET'}"
    )
    print(f"  the whole report page's figures over the same scope: {c:.2f} s (for information)")


if __name__ == "__main__":
    main()
