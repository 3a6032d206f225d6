"""Password reset requests: the same work for every address, the decision in the worker.

Asking for a reset writes one outbox row whatever the address, so the answer
and its timing are the same for an account and for no account (allauth would
build the key and render the mail in the request, for known addresses only).
The worker renders the reset mail when the address belongs to an active user,
and sends nothing otherwise.
"""

from __future__ import annotations

import uuid

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from helpcenter.accounts.adapters import AccountAdapter, configured_site
from helpcenter.accounts.selectors import account_by_address
from helpcenter.notifications.outbox import queue_email

TEMPLATE = "password_reset"


def request_reset(email: str) -> None:
    queue_email(
        TEMPLATE,
        to=email.strip().lower(),
        dedupe_key=f"reset:{uuid.uuid4()}",
        context={},
    )


def render_reset(email: str) -> EmailMultiAlternatives | None:
    """The reset mail for an active account with this address, or None."""
    # The login address only (unique whatever its case): never an allauth secondary
    # address, which would let whoever added it receive the reset.
    user = account_by_address(email, active_only=True)
    if user is None:
        return None
    adapter = AccountAdapter(None)
    uid = user_pk_to_url_str(user)
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "password_reset_url": adapter.get_reset_password_from_key_url(f"{uid}-{token}"),
        "uid": uid,
        "key": token,
        "request": None,
        "current_site": configured_site(),
    }
    with translation.override(user.language or None):
        message = adapter.render_mail("account/email/password_reset_key", user.email, context)
    assert isinstance(message, EmailMultiAlternatives)
    return message
