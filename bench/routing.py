"""A routing decision over 200 rules, in process (issue 31's goal: < 1 ms p95).

The decision is `teams.routing.decide` over the cached snapshot (no statement): this
measures the worst case, a ticket that no rule matches (all 200 rules are walked
before the default team takes it), and a ticket the last rule matches.

Run: .venv/bin/python bench/routing.py [RULES] [--count N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpcenter.teams.routing import Rule, Snapshot, TeamView, decide  # noqa: E402

argv = sys.argv[1:]
RULES = int(argv[0]) if argv and argv[0].isdigit() else 200
COUNT = int(argv[argv.index("--count") + 1]) if "--count" in argv else 20_000


class New:
    organization_id, type, priority, channel = 7, "incident", "P1", "portal"

    def __init__(self, service_id: int) -> None:
        self.service_id = service_id


def main() -> None:
    teams = {k: TeamView(k, f"Team {k}", "manual", ()) for k in range(1, 11)}
    # Each rule names an organization and a service (the common shape), some a priority.
    rules = tuple(
        Rule(i, i, f"rule {i}", 1 + i % 10, 7, 1000 + i, "", "P1" if i % 3 else "", "")
        for i in range(RULES)
    )
    snapshot = Snapshot(rules, teams, default_team=1)
    for label, ticket in (("no rule matches", New(5)), ("the last rule", New(1000 + RULES - 1))):
        times = []
        for _ in range(COUNT):
            started = time.perf_counter()
            decide(snapshot, ticket)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95)]
        print(
            f"routing over {RULES} rules, {label}: p50 {statistics.median(times):.3f} ms, "
            f"p95 {p95:.3f} ms (goal < 1 ms: {'met' if p95 < 1 else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
