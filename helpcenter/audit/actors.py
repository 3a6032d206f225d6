"""Who acted, when it was not a signed-in person: one explicit representation.

Every audit event records an actor kind beside the user (if any): a person
(`user`), the background worker (`worker`, e.g. closing a ticket whose
reopening window ran out), an API token (`api_token`) or an inbound e-mail
(`inbound_email`). `ref` identifies which token or message (never a secret).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from helpcenter.accounts.models import User


class ActorKind(models.TextChoices):
    USER = "user", _("person")
    WORKER = "worker", _("automatic (worker)")
    API_TOKEN = "api_token", _("API token")
    INBOUND_EMAIL = "inbound_email", _("inbound e-mail")
    # Someone not signed in (a failed sign-in): `ref` is the address they gave.
    ANONYMOUS = "anonymous", _("not signed in")


@dataclass(frozen=True)
class SystemActor:
    """An actor that is not a signed-in person; `on_behalf_of` is the user it acts for, if any."""

    kind: ActorKind
    ref: str = ""
    on_behalf_of: User | None = None


WORKER = SystemActor(ActorKind.WORKER)


# The channel a person is acting through right now (an inbound e-mail, an API token):
# the actions take the person as their actor and check what that person may do; the
# events they write name the channel too (kind and ref, with the person as the user).
_channel: ContextVar[SystemActor | None] = ContextVar("audit_channel", default=None)


@contextmanager
def acting_through(kind: ActorKind, ref: str) -> Iterator[None]:
    """Events written inside are recorded as `kind` (`ref`: which message or token)
    on behalf of the person the action names."""
    token = _channel.set(SystemActor(kind, ref))
    try:
        yield
    finally:
        _channel.reset(token)


def current_channel() -> SystemActor | None:
    return _channel.get()
