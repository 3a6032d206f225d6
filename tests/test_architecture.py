"""The house's shape, checked: who may touch a model's manager, and module size.

Views, forms, template tags and the coming API read through selectors and
change through actions; a model manager (`Ticket.objects`, `User.objects`, ...)
used anywhere else fails this test. The layers between apps are checked by
import-linter (`make lint`, contracts in pyproject.toml).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "helpcenter"
MANAGER = re.compile(r"\b[A-Z][A-Za-z]+\.objects\b")

# Where a manager may be used: the read layer, the write layer, and the parts
# of those layers that live in their own modules.
LAYER_PARTS = ("/migrations/", "/actions/", "/management/commands/")
LAYER_FILES = {"selectors.py", "actions.py", "jobs.py", "admin.py", "models.py", "access.py"}
# Domain steps that actions call (each writes or claims rows inside an action's
# or a job's transaction), listed one by one so a new module is a decision.
DOMAIN_STEPS = {
    "audit/record.py": "writes the audit event of an action",
    "audit/chain.py": "links and checkpoints the audit chain (its only writer)",
    "audit/verify.py": "reads the whole chain, in ranges, to verify it",
    "notifications/outbox.py": "writes outbox rows inside an action's transaction",
    "notifications/delivery.py": "the worker claiming and updating outbox rows",
    "notifications/recording.py": "the worker recording a send, over a fresh connection",
    "notifications/digests.py": "the worker turning held notices into digest e-mails",
    "oncall/notify.py": "recipients of the on-call e-mails",
    "slas/notify.py": "recipients of SLA warnings and breaches",
    "oncall/paging.py": "paging and acknowledging: the on-call actions",
    "oncall/mail.py": "the page and rota of an outbox row being delivered",
    "slas/mail.py": "the clock of an outbox row being delivered",
    "accounts/mail.py": "the invitation or person of an outbox row being delivered",
    "reports/mail.py": "the organization of a statement being delivered",
    "reports/backtest_forms.py": "the policies and calendars an admin may choose from",
    "reports/management/commands/sla_backtest.py": "the policy or calendar a command names",
    "slas/compute.py": "clocks written by the actions that change a ticket",
    "slas/defaults.py": "the default contract, created by a data migration",
    "slas/policies.py": "the calendar of a policy, cached per process",
    "tickets/attachments.py": "files stored by the actions that receive them",
    "webhooks/events.py": "webhook deliveries queued inside the action's transaction",
    "webhooks/delivery.py": "the worker delivering a webhook and logging the attempt",
}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, path.relative_to(PACKAGE).as_posix()


def test_model_managers_only_in_selectors_actions_jobs_migrations_and_admin():
    offenders = []
    for path, name in modules():
        if any(part in f"/{name}" for part in LAYER_PARTS) or path.name in LAYER_FILES:
            continue
        if name in DOMAIN_STEPS:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if MANAGER.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"helpcenter/{name}:{number}: {line.strip()}")
    assert offenders == [], "read through a selector, change through an action:\n" + "\n".join(
        offenders
    )


def test_domain_steps_still_exist():
    assert [name for name in DOMAIN_STEPS if not (PACKAGE / name).exists()] == []


def test_no_module_over_300_lines():
    settings = [
        (p, f"config/{p.relative_to(ROOT / 'config')}") for p in (ROOT / "config").rglob("*.py")
    ]
    long = [
        f"{name}: {count}"
        for path, name in [*modules(), *settings]
        if "/migrations/" not in f"/{name}" and (count := len(path.read_text().splitlines())) > 300
    ]
    assert long == []


def test_no_model_change_is_missing_a_migration(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
