from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from helpcenter.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind @login_required: `user` is a real User (for type checking)."""

    user: User  # type: ignore[assignment]  # narrowed from User | AnonymousUser


def require_staff(request: AuthedRequest) -> None:
    """Agent-only pages answer 404 to everyone else, like a foreign id."""
    if not request.user.is_support_staff:
        raise Http404
