"""Every bench in its smoke mode: a few hundred rows, a few seconds each, figures not judged.

A bench that no longer runs (a schema change its bulk load did not follow, a renamed
setting) fails here, in CI (`.ci/run` calls `make bench-smoke`), not on the day
someone needs its figures. Each script runs as it would by hand, with small sizes
on the command line; the figures it prints are shown but not compared with goals.

    .venv/bin/python bench/smoke.py [--pg] [name ...]

Without --pg, the benches that run on SQLite; with --pg (PostgreSQL on
127.0.0.1:5432), those that take --pg and those that need PostgreSQL, each on its
own database. The peer benches need
the package index the first time (it builds django-helpdesk's virtualenv under
var/peer/); BENCH_SMOKE_SKIP_PEER=1 leaves it out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432"

# name -> (arguments, PostgreSQL only, extra environment)
SMOKES: dict[str, tuple[list[str], bool, dict[str, str]]] = {
    "sla": (["bench/sla.py", "300"], False, {}),
    "sla_sweep": (["bench/sla_sweep.py", "300"], False, {}),
    "audit": (["bench/audit.py", "--seconds", "1", "--events", "300"], False, {}),
    "intake": (["bench/intake.py", "40"], False, {}),
    "incident": (["bench/incident.py", "40"], False, {}),
    "status_page": (["bench/status_page.py", "--seconds", "1", "--clients", "4"], False, {}),
    "enumeration_timing": (["bench/enumeration_timing.py", "4"], False, {}),
    "routing": (["bench/routing.py", "--count", "1000"], False, {}),
    "profile_create": (["bench/profile_create.py"], False, {}),
    "reports": (["bench/reports.py", "--tickets", "300"], False, {}),
    "api": (["bench/api.py", "--seconds", "1", "--tickets", "300"], False, {}),
    "web": (["bench/web.py", "300", "--seconds", "1"], False, {}),
    "soak": (
        ["bench/soak.py", "--seconds", "8", "--people", "4", "--nodes", "1", "--workers", "1"],
        False,
        {},
    ),
    "console": (["bench/console.py"], True, {"BENCH_TICKETS": "300"}),
    "sla_due_query": (
        ["bench/sla_due_query.py"],
        True,
        {"BENCH_TICKETS": "300", "DATABASE_URL": f"{PG_URL}/helpcenter_bench_smoke"},
    ),
    "profile_page": (
        ["bench/profile_page.py", "/tickets/", "client"],
        True,
        {"PROFILE_DATABASE_URL": f"{PG_URL}/helpcenter_http_bench"},
    ),
    "cluster": (["bash", "bench/cluster.sh", "20"], True, {}),
    "peer": (["bench/peer.py", "300", "--rounds", "1", "--seconds", "2"], True, {}),
    "peer_read": (["bench/peer.py", "--read", "300", "--rounds", "1"], True, {}),
}
# On PostgreSQL, the benches that take --pg get it; profile_page reads what web built.
TAKES_PG = {"sla_sweep", "audit", "intake", "incident", "status_page", "api", "web"}
ORDER_PG = [*(n for n in SMOKES if n not in ("profile_page",)), "profile_page"]


def command(name: str, pg: bool) -> list[str]:
    args, _pg_only, _env = SMOKES[name]
    head = [] if args[0] == "bash" else [PY]
    tail = ["--pg"] if pg and name in TAKES_PG else []
    return [*head, *args, *tail]


def main() -> int:
    argv = sys.argv[1:]
    pg = "--pg" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    on_pg = [n for n in ORDER_PG if n in TAKES_PG or SMOKES[n][1]]
    names = wanted or (on_pg if pg else [n for n, (_a, only, _e) in SMOKES.items() if not only])
    if os.environ.get("BENCH_SMOKE_SKIP_PEER") == "1":
        names = [n for n in names if n not in ("peer", "peer_read")]
    if pg and "web" not in names and "profile_page" in names:
        names.insert(names.index("profile_page"), "web")
    failed = []
    for name in names:
        _args, _only, extra = SMOKES[name]
        env = {**os.environ, "BENCH_SMOKE": "1", **extra}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if not pg:
            env.pop("DATABASE_URL", None)
        started = time.monotonic()
        result = subprocess.run(
            command(name, pg),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        took = time.monotonic() - started
        status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        print(f"== {name}: {status} in {took:.0f} s", flush=True)
        shown = result.stdout.strip().splitlines()[-6:]
        for line in shown:
            print(f"   {line}")
        if result.returncode != 0:
            failed.append(name)
            print(result.stderr[-3000:])
    print(
        f"bench smoke ({'PostgreSQL' if pg else 'SQLite'}): {len(names) - len(failed)} ran,"
        f" {len(failed)} failed{': ' + ', '.join(failed) if failed else ''}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
