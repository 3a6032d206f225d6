"""Recompute the audit chain; exit 1 naming the first broken sequence number."""

from django.core.management.base import BaseCommand, CommandError

from helpcenter.audit import chain
from helpcenter.audit.verify import verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain against its head and checkpoints."

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="a head kept outside the database (from audit_checkpoint); repeatable",
        )
        parser.add_argument(
            "--jobs", type=int, default=0, help="processes for a long trail (default: one per core)"
        )

    def handle(self, *args, expect, jobs, **options):
        try:
            marks = [chain.parse_mark(text) for text in expect]
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        verdict = verify(expect=marks, jobs=jobs or None)
        if verdict.ok:
            self.stdout.write(
                f"ok: {verdict.checked} events, head {verdict.head_seq}:{verdict.head_hash}"
            )
            return
        self.stderr.write(
            f"BROKEN at event {verdict.broken_at}: {verdict.reason} "
            f"({verdict.checked} events verified before it)"
        )
        raise SystemExit(1)
