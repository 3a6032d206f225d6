"""Create a personal API token and print it once: `create_api_token <email> --name ERP`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from helpcenter.api.actions import create_token
from helpcenter.api.selectors import account_by_email


class Command(BaseCommand):
    help = "Create an API token for a person and print it (only its hash is stored)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="what uses the token")

    def handle(self, *args, email: str, name: str, **options) -> None:
        user = account_by_email(email)
        if user is None or not user.is_active:
            raise CommandError(f"no active account with the address {email}")
        if not name.strip():
            raise CommandError("--name must not be empty")
        # The person acts for themselves: the audit event names them.
        _token, secret = create_token(user, name=name, actor=user)
        self.stdout.write(secret)
