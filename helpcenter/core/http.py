from django.http import HttpRequest

from helpcenter.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind @login_required: `user` is a real User (for type checking)."""

    user: User  # type: ignore[assignment]  # narrowed from User | AnonymousUser
