"""What every operation can answer, for the OpenAPI document: each error status with
the `Error` schema, `Retry-After` on 429, and the `Idempotency-Key` and `If-Match`
headers where an operation reads them. The statuses are the ones errors.py gives."""

from __future__ import annotations

from typing import Any

from helpcenter.api.schemas import Error

# Every authenticated operation: bad input, no valid token, a second factor missing
# (or a staff-only action), not found (or not the caller's), over the rate limit.
ALWAYS = (400, 401, 403, 404, 429)
STALE = 412  # If-Match named a version that is no longer the ticket's
REFUSED = 409  # the action does not apply to the ticket as it is
REUSED_KEY = 422  # an Idempotency-Key sent again with a different body

_RETRY_AFTER = {
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before the next request.",
            "schema": {"type": "integer", "minimum": 1},
        }
    }
}
_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "The ticket's `version` the change is based on (412 when it moved on).",
    "schema": {"type": "string", "pattern": r'^((W/)?"?[0-9]{1,18}"?)?$'},
}
_IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Any string of up to 200 characters: the same key with the same body answers "
        "the ticket it created (Idempotent-Replayed: true); with another body, 422."
    ),
    "schema": {"type": "string", "maxLength": 200},
}


def answers(ok: dict[int, Any], *also: int) -> dict[int, Any]:
    """The success response(s) and every error status the operation can give."""
    return {**ok, **{code: Error for code in (*ALWAYS, *also)}}


def extra(*, if_match: bool = False, idempotency_key: bool = False) -> dict[str, Any]:
    """`openapi_extra`: the headers read, and `Retry-After` on 429."""
    parameters = [_IF_MATCH] * if_match + [_IDEMPOTENCY_KEY] * idempotency_key
    found: dict[str, Any] = {"responses": {429: _RETRY_AFTER}}
    if parameters:
        found["parameters"] = parameters
    return found
