"""Reads of people by their login address: exact and unique (whatever its case).

The login address (`User.email`) is the only address that finds a person:
allauth's secondary addresses are never consulted (accounts/login_address.py).
"""

from __future__ import annotations

from helpcenter.accounts.models import User


def account_by_address(address: str, *, active_only: bool = False) -> User | None:
    """The one account whose login address this is (None when there is none)."""
    address = address.strip()
    if not address:
        return None
    people = User.objects.select_related("organization").filter(email__iexact=address)
    if active_only:
        people = people.filter(is_active=True)
    return people.first()
