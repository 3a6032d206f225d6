"""Reading, this desk beside django-helpdesk 2.6.1 in one run (issue 35): the agent's
ticket list, the ticket page (new and old ticket, agent and client), the agent's queue
and a search, alternating round by round, with the ratio of the medians beside the goal
(the ticket page >= 5x the peer's; the other pages have no goal here, bench/web.py
holds their absolute ones).

Both desks hold N tickets (default 100,000) with the history real tickets carry:
- the peer: 0-5 follow-ups on each (every third private, by the agent), a quarter of
  the tickets in each status (open, reopened, resolved, closed), three in four assigned
  to the agent; the two measured tickets, one new and one 100 days old, have seven
  follow-ups (two private);
- this desk: bench/web.py's load (bench/histories.py: comments, audit events, clocks,
  files, CCs; the measured tickets worked through the actions), loaded once on the first
  round and reused by the next ones (`web.py --keep --pages-only`).

What each page is, on each side:
- ticket list: the peer's /tickets/ page plus the data its table fetches
  (/datatables_ticket_list/...: the rows are not in the page), timed together as the
  agent waits for both; this desk's /console/queue/all/;
- ticket page, agent: the peer's /tickets/<id>/; this desk's /tickets/<id>/;
- ticket page, client: the peer's public view (/view/?ticket=...&email=...&key=..., its
  client's way in, anonymous); this desk's /tickets/<id>/ signed in as the requester;
- queue: the peer's /dashboard/ (the agent's open tickets and the unassigned ones);
  this desk's /console/;
- search: the peer's /tickets/?q=lentidão plus its table's data; this desk's
  /console/queue/all/?q=lentidão.

Each figure is c=1 p50 over 100 requests after 20 to warm, PostgreSQL on both sides,
gunicorn with 2 sync workers, persistent connections.

Run: .venv/bin/python bench/peer.py --read [N] [--rounds R]
"""

from __future__ import annotations

import re
import statistics
import subprocess
import time
from collections.abc import Callable

from load_client import Browser
from peer import ROOT, ROUNDS, load_peer, peer_gunicorn

GOAL_TICKET_RATIO = 5.0

LOAD_READS = """
import datetime, sys
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from helpdesk.models import FollowUp, Queue, Ticket

n = int(sys.argv[1])
BODY = ("Bom dia, seguem os detalhes do comportamento observado no portal: lentidao ao "
        "abrir os relatorios, erros intermitentes no login e tempo de resposta acima do "
        "normal.\\n\\nFicamos no aguardo.")
queue, _ = Queue.objects.get_or_create(
    slug="suporte", defaults={"title": "Suporte", "allow_public_submission": True}
)
agent = get_user_model().objects.create_user(
    "agente", "agente@peer.example", "x", is_staff=True
)
now = timezone.now()
minute = datetime.timedelta(minutes=1)


def follow_ups(ticket, count):
    return [
        FollowUp(
            ticket=ticket, title="Comentario", comment=BODY, public=c % 3 != 2,
            user=agent if c % 3 == 2 or c % 2 == 0 else None,
            date=ticket.created + 5 * (c + 1) * minute,
        )
        for c in range(count)
    ]


for start in range(0, n, 5000):
    rows = [
        Ticket(
            title=f"Chamado de carga {i} lentidão no portal", queue=queue,
            submitter_email=f"c{i % 20}@peer.example", description="Descrição de carga.",
            priority=1 + i % 4, status=(1, 2, 3, 4)[i % 4],
            assigned_to=agent if i % 4 else None,
            created=now - (n - i) * minute, modified=now - (n - i) * minute,
        )
        for i in range(start, min(n, start + 5000))
    ]
    Ticket.objects.bulk_create(rows)
    FollowUp.objects.bulk_create(
        [f for i, t in enumerate(rows, start) for f in follow_ups(t, i % 6)]
    )
measured = []
for age in (datetime.timedelta(days=100), datetime.timedelta(minutes=10)):
    ticket = Ticket.objects.create(
        title="Lentidão no portal", queue=queue, submitter_email="c0@peer.example",
        description="Carga.", priority=3, status=1, assigned_to=agent,
    )
    Ticket.objects.filter(pk=ticket.pk).update(created=now - age, modified=now - age)
    ticket.refresh_from_db()
    FollowUp.objects.bulk_create(follow_ups(ticket, 7))
    measured.append(ticket)
store = SessionStore()
store[SESSION_KEY] = str(agent.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = agent.get_session_auth_hash()
store.create()
print(store.session_key, *(f"{t.pk}:{t.secret_key}" for t in measured))
"""

# (label, this desk's line in bench/web.py's output, is a ticket page)
PAIRS = [
    ("ticket list, agent", "console all tickets", False),
    ("ticket page, new, agent", "ticket page, new, agent", True),
    ("ticket page, old, agent", "ticket page, old, agent", True),
    ("ticket page, new, client", "ticket page, new, client", True),
    ("ticket page, old, client", "ticket page, old, client", True),
    ("queue, agent", "console main queue", False),
    ("search, agent", "console search", False),
]
TABLE_DATA = re.compile(rb'"url": "(/datatables_ticket_list/[^"]+)"')


def set_up_peer(n: int) -> tuple[str, dict[str, tuple[int, str]]]:
    session, *tickets = load_peer(LOAD_READS, n)
    old, new = (tuple(t.split(":")) for t in tickets)
    print(f"peer: loaded {n:,} tickets with 0-5 follow-ups each", flush=True)
    return session, {"old": (int(old[0]), old[1]), "new": (int(new[0]), new[1])}


def timed_c1(fetch: Callable[[], float]) -> float:
    for _ in range(20):
        fetch()
    return statistics.median(fetch() for _ in range(100))


def peer_round(session: str, tickets: dict[str, tuple[int, str]]) -> dict[str, float]:
    with peer_gunicorn() as port:
        agent, anonymous = Browser(port, session), Browser(port, "")
        anonymous.cookies.pop("sessionid")

        def get(browser: Browser, path: str) -> float:
            status, ms = browser.timed("GET", path)
            assert status == 200, (path, status)
            return ms

        def with_table(path: str) -> Callable[[], float]:
            """The page, then the rows its table fetches, timed together."""

            def fetch() -> float:
                started = time.perf_counter()
                status, page = agent.request("GET", path)
                assert status == 200, (path, status)
                data = TABLE_DATA.search(page).group(1).decode()
                ms = (time.perf_counter() - started) * 1000
                return ms + get(agent, f"{data}?draw=1&start=0&length=25")

            return fetch

        def client_view(which: str) -> str:
            pk, key = tickets[which]
            return f"/view/?ticket=suporte-{pk}&email=c0%40peer.example&key={key}"

        fetches = {
            "ticket list, agent": with_table("/tickets/"),
            "ticket page, new, agent": lambda: get(agent, f"/tickets/{tickets['new'][0]}/"),
            "ticket page, old, agent": lambda: get(agent, f"/tickets/{tickets['old'][0]}/"),
            "ticket page, new, client": lambda: get(anonymous, client_view("new")),
            "ticket page, old, client": lambda: get(anonymous, client_view("old")),
            "queue, agent": lambda: get(agent, "/dashboard/"),
            "search, agent": with_table("/tickets/?q=lentid%C3%A3o"),
        }
        return {name: timed_c1(fetch) for name, fetch in fetches.items()}


def our_round(n: int) -> dict[str, float]:
    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), str(ROOT / "bench/web.py"), "--pg", str(n)]
        + ["--keep", "--pages-only"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = {
        m[0].strip(): float(m[1]) for m in re.findall(r"^(.+?)\s+c=1 p50\s+([\d.]+)", out, re.M)
    }
    return {label: figures[ours] for label, ours, _ in PAIRS}


def main(n: int) -> None:
    session, tickets = set_up_peer(n)
    rounds: list[tuple[dict[str, float], dict[str, float]]] = []
    for r in range(ROUNDS):
        pair = (peer_round(session, tickets), our_round(n))
        rounds.append(pair)
        each = ", ".join(
            f"{label} {pair[0][label]:.1f}/{pair[1][label]:.1f}" for label, _, _ in PAIRS
        )
        print(f"round {r + 1} (django-helpdesk/this desk, c=1 p50 ms): {each}", flush=True)
    for label, _, ticket_page in PAIRS:
        peer_ms = statistics.median(p[label] for p, _ in rounds)
        our_ms = statistics.median(o[label] for _, o in rounds)
        ratio = peer_ms / our_ms
        goal = (
            f"(goal >= {GOAL_TICKET_RATIO:g}x: {'met' if ratio >= GOAL_TICKET_RATIO else 'NOT met'})"
            if ticket_page
            else "(no goal)"
        )
        print(
            f"{label:26s} django-helpdesk {peer_ms:7.1f} ms, this desk {our_ms:6.1f} ms: "
            f"{ratio:5.1f}x {goal}"
        )
