"""A person's login address: the one their invitation was sent to, changed only by proof.

A change is asked for while signed in (with the current password) and takes
effect only when the same person, signed in, opens the link mailed to the new
address: so whoever changes it holds both the account and the new mailbox. The
link is signed (Django's `signing`, its own salt) over the person, the address
it leaves and the address it goes to, so it works once (after the change the
address it leaves is no longer theirs) and for a day. The old address is told
when the change is asked for and when it is made.

There are no secondary addresses: allauth's e-mail management pages are not
routed (config/urls.py), and every lookup by address reads `User.email`,
unique whatever its case.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "helpcenter.accounts.login_address"
VALID_SECONDS = 24 * 3600


@dataclass(frozen=True)
class AddressChange:
    user_id: int
    old: str
    new: str


def make_token(user_id: int, old: str, new: str) -> str:
    return signing.dumps({"u": user_id, "o": old, "n": new}, salt=SALT, compress=True)


def read_token(token: str) -> AddressChange | None:
    """The change a link asks for, or None (tampered, expired or malformed)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, old, new = data.get("u"), data.get("o"), data.get("n")
    if not isinstance(user_id, int) or not isinstance(old, str) or not isinstance(new, str):
        return None
    return AddressChange(user_id, old, new)
