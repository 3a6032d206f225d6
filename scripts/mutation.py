"""`make mutation`: mutmut over each guarded module in turn, each within a time budget.

One module per run (`mutmut run "<module>.*"`), so a slow module cannot starve
the others and a budget that runs out leaves the rest of the results standing.
The tests are the focused selection in pyproject.toml's [tool.mutmut]; with
HELPCENTER_MUTATION=1 the property tests draw fewer examples. They run on the
embedded SQLite, each mutant's session on its own copy of a database migrated once
per module (HELPCENTER_MUTATION_TEMPLATE, tests/conftest.py): migrating a new one
was 3 of the 4 seconds of a mutant that reaches a database test. Then prints each
module's score: killed / (killed + survived + not reached by any test), with
the mutants listed in scripts/mutation_equivalent.txt (each with the reason it
cannot be told apart from the original) left out, and every other survivor
named. Goal: >= 90 % per module.

    .venv/bin/python scripts/mutation.py [--budget-scale 1.0] [module ...]

The budgets add up to 29 minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = {
    "accounts/access": "helpcenter.accounts.access.*",
    "tickets/selectors": "helpcenter.tickets.selectors.*",
    "tickets/statuses": "helpcenter.tickets.statuses.*",
    "slas/compute": "helpcenter.slas.compute.*",
    "sla": "sla.*",
}
BUDGET_MINUTES = {
    "accounts/access": 3,
    "tickets/selectors": 4,
    "tickets/statuses": 2,
    "slas/compute": 6,
    "sla": 14,
}
META = {
    "accounts/access": ["helpcenter/accounts/access.py"],
    "tickets/selectors": ["helpcenter/tickets/selectors.py"],
    "tickets/statuses": ["helpcenter/tickets/statuses.py"],
    "slas/compute": ["helpcenter/slas/compute.py"],
    "sla": ["sla/calendar.py", "sla/clocks.py", "sla/timezones.py", "sla/holidays_provider.py"],
}
# Modules whose mutants run against their own tests only, in a copy of the tree whose
# [tool.mutmut] says so (mutmut reads its settings from the working directory's
# pyproject.toml only): sla/ is pure Python and its own tests must pin it down; the
# stored clocks (slas/compute.py) are pinned by the SLA ticket tests, and a survivor
# would otherwise run every page test that opens a ticket.
PURE_TESTS = {
    "sla": ["tests/sla"],
    "slas/compute": [
        "tests/test_sla_compute.py",
        "tests/test_sla_tickets.py",
        "tests/security/test_mutation_survivors.py",
        "tests/test_planned_window.py",
        "tests/test_promise.py",
    ],
}
COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "mutants", "var", "__pycache__", "*.pyc")

KILLED = {1, 3, 36, 24, -24, 152, 255, 37, -9, -15}  # test failed, crashed or timed out
SURVIVED = {0}
NO_TESTS = {33}
GOAL = 90.0


def equivalent() -> dict[str, str]:
    """Mutant name -> why it behaves exactly like the original."""
    found = {}
    path = ROOT / "scripts" / "mutation_equivalent.txt"
    for line in path.read_text().splitlines():
        name, _sep, reason = line.partition(" ")
        if name and not name.startswith("#"):
            found[name] = reason.strip()
    return found


def workdir(module: str) -> Path:
    return ROOT / "var" / f"mutation-{module.replace('/', '-')}" if module in PURE_TESTS else ROOT


def prepare(module: str) -> Path:
    """The directory to run the module's mutants in (a pure module: a fresh copy)."""
    where = workdir(module)
    if where == ROOT:
        return where
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(ROOT, where, ignore=COPY_IGNORE)
    config = where / "pyproject.toml"
    text = config.read_text()
    selection = ", ".join(f'"{t}"' for t in PURE_TESTS[module])
    text = re.sub(
        r"pytest_add_cli_args_test_selection = \[.*?\]",
        f"pytest_add_cli_args_test_selection = [{selection}]",
        text,
        flags=re.DOTALL,
    )
    config.write_text(text)
    return where


def migrated_template(where: Path, env: dict) -> Path:
    """A SQLite database migrated once; each mutant's test session copies it
    (tests/conftest.py's django_db_setup) instead of migrating its own."""
    template = where / "var" / "mutation-template.sqlite3"
    template.parent.mkdir(exist_ok=True)
    template.unlink(missing_ok=True)
    env = {
        **env,
        "DATABASE_URL": f"sqlite:///{template}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    # (A migration creates the cache table too.)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    return template


def results(module: str) -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for source in META[module]:
        meta = workdir(module) / "mutants" / f"{source}.meta"
        if meta.exists():
            codes.update(json.loads(meta.read_text()).get("exit_code_by_key", {}))
    return codes


def report(modules: list[str]) -> bool:
    known = equivalent()
    ok = True
    print(
        f"{'module':20} {'mutants':>8} {'killed':>7} {'survived':>9} {'no test':>8} "
        f"{'equiv.':>7} {'untried':>8} {'score':>7}"
    )
    for module in modules:
        codes = results(module)
        counts: Counter[str] = Counter()
        survivors = []
        for name, code in codes.items():
            if name in known:
                counts["equivalent"] += 1
            elif code is None:
                counts["untried"] += 1
            elif code in KILLED:
                counts["killed"] += 1
            elif code in NO_TESTS:
                counts["no test"] += 1
                survivors.append((name, "no test reaches it"))
            else:
                counts["survived"] += 1
                survivors.append((name, "survived"))
        judged = counts["killed"] + counts["survived"] + counts["no test"]
        score = 100.0 * counts["killed"] / judged if judged else 0.0
        ok = ok and score >= GOAL and not counts["untried"]
        print(
            f"{module:20} {len(codes):8} {counts['killed']:7} {counts['survived']:9} "
            f"{counts['no test']:8} {counts['equivalent']:7} {counts['untried']:8} "
            f"{score:6.1f}%  ({'ok' if score >= GOAL else 'below goal'}, goal {GOAL:.0f}%)"
        )
        for name, why in sorted(survivors):
            print(f"    {name}: {why}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("modules", nargs="*", default=list(MODULES))
    parser.add_argument("--budget-scale", type=float, default=1.0)
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "HELPCENTER_MUTATION": "1", "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    mutmut = str(Path(sys.executable).parent / "mutmut")
    if not args.report_only:
        for module in args.modules:
            started = time.monotonic()
            where = prepare(module)
            template = migrated_template(where, env)
            try:
                subprocess.run(
                    [mutmut, "run", "--max-children", "2", MODULES[module]],
                    cwd=where,
                    env={**env, "HELPCENTER_MUTATION_TEMPLATE": str(template)},
                    timeout=BUDGET_MINUTES[module] * args.budget_scale * 60,
                    stdout=subprocess.DEVNULL,
                    check=False,
                )
                status = "done"
            except subprocess.TimeoutExpired:
                status = "budget spent"
            print(f"{module}: {status} in {time.monotonic() - started:.0f} s", flush=True)
    return 0 if report(args.modules) else 1


if __name__ == "__main__":
    sys.exit(main())
