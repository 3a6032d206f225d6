"""Recompute the audit chain; exit 1 naming the first broken sequence number."""

from django.core.management.base import BaseCommand, CommandError

from helpcenter.audit import chain


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

    def handle(self, *args, expect, **options):
        try:
            marks = [chain.parse_mark(text) for text in expect]
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        verdict = chain.verify(expect=marks)
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
