"""The soak: simulated people against web nodes and workers, with faults injected.

    .venv/bin/python bench/soak.py [--seconds 300] [--people 50] [--nodes 2] [--workers 2]
    .venv/bin/python bench/soak.py --compare      # 2 nodes + 2 workers, then 1 + 1
    .venv/bin/python bench/soak.py --compare --no-faults --seconds 120   # like for like

PostgreSQL and Redis on loopback (as bench/cluster.sh), gunicorn nodes on ports
8201.., an SMTP sink (bench/cluster_check.py --sink). People act through the API
v1 with their own tokens: clients (4 in 5) open tickets, reply, close resolved
ones or reopen them; agents triage, reply, wait on the client and resolve. Faults,
at fractions of the run: a worker killed with SIGKILL and restarted (20 %), the
SMTP sink stopped for 60 s (35 %), Redis stopped for 30 s (55 %), the last web
node restarted (75 %). Afterwards it checks and prints: every ticket a client
was told was opened exists; exactly one confirmation per ticket at the sink; no
message received twice; pages at most once per level; 5xx responses; the audit
chain verifies and every ticket has one creation event; throughput and p50/p95
per action; CPU seconds per request (web + workers, from /proc) and the
database's share (PostgreSQL's CPU over the whole).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DB = "helpcenter_soak"
SMTP_PORT = 2527
LOGS = ROOT / "var" / "soak"
# How this machine kind starts Redis (the env notes); the soak stops and restarts it.
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]

ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "REDIS_URL": "redis://127.0.0.1:6379/8",
    "DEBUG": "0",
    "SECRET_KEY": "soak-" + "s" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": "http://127.0.0.1:8201",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": str(SMTP_PORT),
    "LOG_LEVEL": "WARNING",
    "API_RATE_PER_MINUTE": "100000",
    "DATABASE_STATEMENT_TIMEOUT_MS": "0",
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
}


def _stat_fields() -> tuple[dict[int, list[int]], dict[int, tuple[float, float]]]:
    """Each process's children, and its (own, reaped children's) CPU seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = defaultdict(list)
    stats: dict[int, tuple[float, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(entry.name))
        own = (int(fields[11]) + int(fields[12])) / tick
        reaped = (int(fields[13]) + int(fields[14])) / tick
        stats[int(entry.name)] = (own, reaped)
    return children, stats


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds of the processes and all their descendants, those that ended
    included: a process's own time plus what its reaped children used (cutime and
    cstime in /proc/PID/stat). A process this script itself reaped (a worker killed
    by the fault injection, a restarted web node) is in `ended_cpu_seconds`."""
    children, stats = _stat_fields()
    total, todo = 0.0, list(pids)
    while todo:
        pid = todo.pop()
        own, reaped = stats.get(pid, (0.0, 0.0))
        total += own + reaped
        todo += children.get(pid, [])
    return total


def ended_cpu_seconds() -> float:
    """What the processes this script started and reaped used (os.times)."""
    mine = os.times()
    return mine.children_user + mine.children_system


def postgres_pids() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip().startswith("postgres"):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def postgres_cpu_seconds() -> float:
    """PostgreSQL's CPU seconds: the postmaster's own and its reaped backends' (a
    backend per connection, most of them short-lived), plus the live backends'."""
    children, stats = _stat_fields()
    pids = set(postgres_pids())
    total = 0.0
    for pid in pids:
        own, reaped = stats.get(pid, (0.0, 0.0))
        parent_is_postgres = any(pid in children.get(p, []) for p in pids)
        total += own if parent_is_postgres else own + reaped
    return total


class Cluster:
    def __init__(self, nodes: int, workers: int, web_workers: int = 2):
        self.web_workers = web_workers
        self.nodes, self.workers = nodes, workers
        self.web: dict[int, subprocess.Popen] = {}
        self.work: list[subprocess.Popen] = []
        self.sink: subprocess.Popen | None = None
        LOGS.mkdir(parents=True, exist_ok=True)

    def ports(self) -> list[int]:
        return [8201 + n for n in range(self.nodes)]

    def prepare(self) -> None:
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"], check=True)
        subprocess.run([*psql, f"CREATE DATABASE {DB}"], check=True)
        subprocess.run(["redis-cli", "-n", "8", "flushdb"], check=True, capture_output=True)
        for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
            subprocess.run(
                [PY, "manage.py", *command], cwd=ROOT, env=ENV, check=True, capture_output=True
            )

    def start_sink(self) -> None:
        log = open(LOGS / "sink.log", "a")  # noqa: SIM115 - lives as long as the sink
        self.sink = subprocess.Popen(
            [PY, "bench/cluster_check.py", "--sink", str(SMTP_PORT)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.DEVNULL,
        )

    def start_node(self, port: int) -> None:
        self.web[port] = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi",
                "--workers",
                str(self.web_workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=open(LOGS / f"web-{port}.log", "a"),  # noqa: SIM115
        )

    def start_worker(self) -> subprocess.Popen:
        worker = subprocess.Popen(
            [PY, "manage.py", "run_worker"],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=open(LOGS / "workers.log", "a"),  # noqa: SIM115
        )
        self.work.append(worker)
        return worker

    def start(self) -> None:
        (LOGS / "sink.log").write_text("")
        self.start_sink()
        for port in self.ports():
            self.start_node(port)
        for _ in range(self.workers):
            self.start_worker()
        for port in self.ports():
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except (urllib.error.URLError, OSError):
                    time.sleep(0.5)

    def pids(self) -> list[int]:
        return self.web_pids() + self.worker_pids()

    def web_pids(self) -> list[int]:
        return [p.pid for p in self.web.values() if p.poll() is None]

    def worker_pids(self) -> list[int]:
        return [w.pid for w in self.work if w.poll() is None]

    def cpu(self) -> tuple[float, float, float, float]:
        """(web, workers, ended processes, PostgreSQL) CPU seconds so far."""
        return (
            cpu_seconds(self.web_pids()),
            cpu_seconds(self.worker_pids()),
            ended_cpu_seconds(),
            postgres_cpu_seconds(),
        )

    def stop(self) -> None:
        for process in [*self.web.values(), *self.work, self.sink]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.web.values(), *self.work, self.sink]:
            if process is not None:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def setup_people(count: int) -> tuple[list[str], list[tuple[str, int]], int]:
    """Client and agent tokens (4 clients in 5), the service id, through the ORM."""
    os.environ.update(ENV)
    import django

    django.setup()
    from helpcenter.accounts.models import Organization, User
    from helpcenter.api.actions import create_token
    from helpcenter.catalog.models import Service

    org = Organization.objects.get(name__startswith="Acme")
    service = Service.objects.filter(organization=org).first()
    clients, agents = [], []
    for n in range(count):
        if n % 5 == 4:
            user = User.objects.create_user(f"soak-agent{n}@support.example", "x", role="agent")
            agents.append((create_token(user, name="soak", actor=user)[1], user.pk))
        else:
            user = User.objects.create_user(
                f"soak{n}@acme.example", "x", role="client", organization=org
            )
            clients.append(create_token(user, name="soak", actor=user)[1])
    return clients, agents, service.pk


class Load:
    def __init__(self, ports: list[int], seconds: float):
        self.ports, self.seconds = ports, seconds
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.codes: dict[int, int] = defaultdict(int)
        self.errors = 0
        self.server_errors: list[tuple[float, str, int]] = []
        self.opened: list[int] = []
        self.started = time.monotonic()

    def call(self, token: str, method: str, path: str, body=None, action: str = ""):
        port = random.choice(self.ports)
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - http://127.0.0.1
                code, payload = response.status, response.read()
        except urllib.error.HTTPError as exc:
            code, payload = exc.code, b""
        except (urllib.error.URLError, OSError):
            with self.lock:
                self.errors += 1
            return None, None
        took = time.perf_counter() - t0
        with self.lock:
            self.codes[code] += 1
            self.times[action or path].append(took)
            if code >= 500:
                self.server_errors.append((time.monotonic() - self.started, path, code))
        return code, (json.loads(payload) if payload else None)

    def client(self, token: str, service: int, stop: float) -> None:
        mine: list[int] = []
        while time.monotonic() < stop:
            roll = random.random()
            if roll < 0.45 or not mine:
                code, body = self.call(
                    token,
                    "POST",
                    "/tickets",
                    {
                        "type": "incident",
                        "priority": random.choice(["P2", "P3", "P4"]),
                        "service": service,
                        "title": "Soak",
                        "description": "Lentidão intermitente",
                    },
                    action="open",
                )
                if code == 201:
                    mine.append(body["id"])
                    with self.lock:
                        self.opened.append(body["id"])
            else:
                ticket = random.choice(mine)
                code, body = self.call(token, "GET", f"/tickets/{ticket}", action="read")
                status = (body or {}).get("status")
                if status == "resolved":
                    move = random.choice(["close", "reopen"])
                    self.call(
                        token,
                        "POST",
                        f"/tickets/{ticket}/{move}",
                        {} if move == "close" else {"reason": "Voltou a falhar"},
                        action=move,
                    )
                elif status in ("open", "in_progress", "waiting_on_client"):
                    self.call(
                        token,
                        "POST",
                        f"/tickets/{ticket}/comments",
                        {"body": "Mais detalhes"},
                        action="reply",
                    )
            time.sleep(random.uniform(0.2, 0.6))

    def agent(self, token: str, me: int, service: int, stop: float) -> None:
        while time.monotonic() < stop:
            status = random.choice(["open", "in_progress", "waiting_on_client"])
            code, page = self.call(
                token, "GET", f"/tickets?status={status}&limit=20", action="list"
            )
            items = (page or {}).get("items") or []
            if items:
                ticket = random.choice(items)
                tid = ticket["id"]
                if status == "open":
                    self.call(
                        token,
                        "POST",
                        f"/tickets/{tid}/triage",
                        {
                            "type": ticket["type"],
                            "priority": ticket["priority"],
                            "service": service,
                            "assignee": me,
                            "reason": "Confirmado",
                        },
                        action="triage",
                    )
                elif status == "in_progress":
                    move = random.choice(["reply", "reply", "wait", "resolve"])
                    if move == "reply":
                        self.call(
                            token,
                            "POST",
                            f"/tickets/{tid}/comments",
                            {"body": "Verificando"},
                            action="reply",
                        )
                    else:
                        self.call(
                            token,
                            "POST",
                            f"/tickets/{tid}/{move}",
                            {} if move == "wait" else {"note": ""},
                            action=move,
                        )
                else:
                    self.call(token, "POST", f"/tickets/{tid}/resume", {}, action="resume")
            time.sleep(random.uniform(0.2, 0.6))


def faults(cluster: Cluster, seconds: float, log: list[str]) -> None:
    t0 = time.monotonic()

    def at(fraction: float) -> None:
        time.sleep(max(0.0, t0 + fraction * seconds - time.monotonic()))

    at(0.20)
    victim = cluster.work[0]
    victim.send_signal(signal.SIGKILL)
    log.append(f"{time.monotonic() - t0:.0f}s worker {victim.pid} killed (SIGKILL)")
    time.sleep(5)
    cluster.start_worker()
    log.append(f"{time.monotonic() - t0:.0f}s worker restarted")
    at(0.35)
    if cluster.sink:
        cluster.sink.terminate()
        cluster.sink.wait()
    pause = min(60, seconds * 0.2)
    log.append(f"{time.monotonic() - t0:.0f}s SMTP sink stopped for {pause:.0f} s")
    time.sleep(pause)
    cluster.start_sink()
    log.append(f"{time.monotonic() - t0:.0f}s SMTP sink back")
    at(0.55)
    subprocess.run(["redis-cli", "shutdown", "nosave"], capture_output=True)
    pause = min(30, seconds * 0.1)
    log.append(f"{time.monotonic() - t0:.0f}s Redis stopped for {pause:.0f} s")
    time.sleep(pause)
    subprocess.run(REDIS_START, check=False)
    log.append(f"{time.monotonic() - t0:.0f}s Redis back")
    at(0.75)
    port = cluster.ports()[-1]
    cluster.web[port].terminate()
    cluster.web[port].wait()
    cluster.start_node(port)
    log.append(f"{time.monotonic() - t0:.0f}s web node {port} restarted")


def run(
    nodes: int, workers: int, people: int, seconds: float, inject: bool, web_workers: int = 2
) -> dict:
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()  # the database is dropped and made again
    cluster = Cluster(nodes, workers, web_workers)
    cluster.prepare()
    clients, agents, service = setup_people(people)
    cluster.start()
    try:
        load = Load(cluster.ports(), seconds)
        fault_log: list[str] = []
        before = cluster.cpu()
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=load.client, args=(t, service, stop)) for t in clients]
        threads += [
            threading.Thread(target=load.agent, args=(t, me, service, stop)) for t, me in agents
        ]
        if inject:
            threads.append(threading.Thread(target=faults, args=(cluster, seconds, fault_log)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        after = cluster.cpu()
        requests = sum(load.codes.values())
        result = checks(load, seconds)
    finally:
        cluster.stop()
    used = [b - a for a, b in zip(before, after, strict=True)]
    result.update(
        web_workers=web_workers,
        nodes=nodes,
        workers=workers,
        requests=requests,
        faults=fault_log,
        app_cpu_per_request=(used[0] + used[1] + used[2]) / max(requests, 1),
        web_cpu_per_request=used[0] / max(requests, 1),
        worker_cpu_per_second=used[1] / seconds,
        db_share=used[3] / max(sum(used), 1e-9),
    )
    return result


def checks(load: Load, seconds: float) -> dict:
    from django.db import connections

    from helpcenter.audit.models import AuditEvent
    from helpcenter.audit.verify import verify
    from helpcenter.notifications.models import OutboxMessage, OutboxStatus
    from helpcenter.oncall.models import Page
    from helpcenter.tickets.models import Ticket

    connections.close_all()
    deadline = time.monotonic() + 180
    while OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(1)
    time.sleep(2)
    received = [
        line.strip() for line in (LOGS / "sink.log").read_text().splitlines() if line.strip()
    ]
    existing = set(Ticket.objects.filter(pk__in=load.opened).values_list("pk", flat=True))
    confirmations = defaultdict(int)
    for message_id in received:
        # A ticket's first message (its confirmation) is the thread's root:
        # <helpcenter.ticket-N.<mac>@domain> (tickets/mail_threads.py); later ones add
        # a token after the mac.
        root = re.match(r"^<helpcenter\.ticket-(\d+)\.[a-z2-7]{16}@", message_id)
        if root:
            confirmations[int(root.group(1))] += 1
    created = defaultdict(int)
    for tid in AuditEvent.objects.filter(type="ticket.created").values_list("ticket_id", flat=True):
        created[tid] += 1
    page_levels = Page.objects.values_list("ticket_id", "level")
    per = {
        a: (len(t), statistics.median(t) * 1000, sorted(t)[int(len(t) * 0.95)] * 1000)
        for a, t in load.times.items()
        if t
    }
    return {
        "told_opened": len(load.opened),
        "missing": len(set(load.opened) - existing),
        "confirmations_not_once": sum(1 for t in load.opened if confirmations.get(t, 0) != 1),
        "received_twice": len(received) - len(set(received)),
        "pending_left": OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count(),
        "pages_twice_per_level": len(page_levels) - len(set(page_levels)),
        "server_errors": len(load.server_errors),
        "connection_errors": load.errors,
        "creation_events_not_one": sum(1 for t in load.opened if created.get(t) != 1),
        "audit_ok": verify(jobs=1).ok,
        "per_action": per,
        "throughput": sum(load.codes.values()) / seconds,
    }


def show(result: dict) -> None:
    print(
        f"soak: {result['nodes']} web node(s) x {result['web_workers']} gunicorn workers, "
        f"{result['workers']} worker(s), "
        f"{result['requests']} requests, {result['throughput']:.1f}/s"
    )
    for line in result["faults"]:
        print(f"  fault: {line}")
    for key in (
        "told_opened",
        "missing",
        "confirmations_not_once",
        "received_twice",
        "pending_left",
        "pages_twice_per_level",
        "server_errors",
        "connection_errors",
        "creation_events_not_one",
        "audit_ok",
    ):
        print(f"  {key}: {result[key]}")
    for action, (n, p50, p95) in sorted(result["per_action"].items()):
        print(f"  {action:8} {n:6} requests  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
    print(
        f"  CPU per request (web + workers): {result['app_cpu_per_request'] * 1000:.1f} ms "
        f"(web alone {result['web_cpu_per_request'] * 1000:.1f} ms; the workers "
        f"{result['worker_cpu_per_second'] * 1000:.0f} ms of CPU per second); "
        f"database share of CPU: {result['db_share'] * 100:.0f} %"
    )
    ok = (
        result["missing"] == 0
        and result["confirmations_not_once"] == 0
        and result["received_twice"] == 0
        and result["pending_left"] == 0
        and result["pages_twice_per_level"] == 0
        and result["server_errors"] == 0
        and result["creation_events_not_one"] == 0
        and result["audit_ok"]
    )
    print("  ALL CHECKS PASSED" if ok else "  SOME CHECKS FAILED")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="with --compare: alternate N times")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="then one node (with as many gunicorn workers as all nodes had) and one worker",
    )
    parser.add_argument(
        "--no-faults",
        action="store_true",
        help="inject no faults (for a like-for-like CPU comparison with --compare)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    first = run(
        args.nodes,
        args.workers,
        args.people,
        args.seconds,
        inject=not args.no_faults,
        web_workers=args.web_workers,
    )
    show(first)
    if args.compare:
        # The same number of web processes on one node: what differs is only the
        # coordination between nodes (shared database, cache, outbox claims). The two
        # setups alternate (--rounds) and the medians are compared: on a shared 2-core
        # machine the same setup run twice differs by up to a fifth.
        one_node = args.nodes * args.web_workers
        firsts, seconds = [first], []
        for n in range(args.rounds):
            if n:
                firsts.append(
                    run(
                        args.nodes,
                        args.workers,
                        args.people,
                        args.seconds,
                        inject=False,
                        web_workers=args.web_workers,
                    )
                )
                show(firsts[-1])
            seconds.append(run(1, 1, args.people, args.seconds, inject=False, web_workers=one_node))
            show(seconds[-1])
        for key, what in (
            ("app_cpu_per_request", "CPU per request (web + workers)"),
            ("web_cpu_per_request", "web CPU per request"),
        ):
            a = statistics.median(r[key] for r in firsts)
            b = statistics.median(r[key] for r in seconds)
            ratio = a / max(b, 1e-9)
            print(
                f"{what}, median of {args.rounds}: {args.nodes} nodes x {args.web_workers} + "
                f"{args.workers} workers {a * 1000:.1f} ms against 1 node x {one_node} + 1 worker "
                f"{b * 1000:.1f} ms: {ratio:.2f} "
                f"(goal within 10 %: {'MET' if abs(ratio - 1) <= 0.10 else 'NOT MET'})"
            )


if __name__ == "__main__":
    main()
