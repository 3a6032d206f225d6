"""Write the audit chain's head down and print it (SEQ:HASH) for safekeeping."""

from django.core.management.base import BaseCommand

from helpcenter.audit.actions import write_checkpoint


class Command(BaseCommand):
    help = (
        "Record the audit trail's current head, print it, and e-mail it to "
        "AUDIT_CHECKPOINT_EMAIL when that is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-mail", action="store_true", help="do not e-mail it")

    def handle(self, *args, no_mail, **options):
        mark = write_checkpoint(mail=not no_mail)
        self.stdout.write(f"{mark.seq}:{mark.hash}")
