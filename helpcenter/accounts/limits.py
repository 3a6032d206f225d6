"""Rate limits per client address, person or key, and how a refusal is answered.

The counting is allauth's (`allauth.core.ratelimit`, in the shared cache), with
the rates of `ACCOUNT_RATE_LIMITS` in the settings: sign-in failures, resets and
the like are allauth's own actions; `invite` and `accept_invitation` are ours.
The client address is the one seen through `TRUSTED_PROXIES` (the adapter's
`get_client_ip`, core/client_address.py), so behind a same-host proxy each
client is counted apart instead of everyone as 127.0.0.1.

Every refusal answers 429 with `Retry-After` (RateLimitAnswerMiddleware): the
longest window among the action's rates, a wait after which the request is
sure to be counted afresh.
"""

from __future__ import annotations

from allauth.core import ratelimit
from django.conf import settings
from django.http import HttpRequest, HttpResponse

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULT_WAIT = 60
# allauth's pages whose own refusals (a bare 429) belong to an action.
PAGE_ACTIONS = {
    "account_login": "login",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_reauthenticate": "reauthenticate",
    "account_change_password": "change_password",
}


def _seconds(window: str) -> int:
    """`m` -> 60, `5m` -> 300, `30s` -> 30, `1.5h` -> 5400."""
    number, unit = window[:-1], window[-1:]
    return int(float(number or 1) * UNITS.get(unit, 1))


def retry_after(action: str) -> int:
    """The longest window among the action's configured rates (`10/m/ip,5/5m/key`)."""
    rates = str((settings.ACCOUNT_RATE_LIMITS or {}).get(action) or "")
    windows = [_seconds(rate.split("/")[1]) for rate in rates.split(",") if rate.count("/") >= 1]
    return max(windows, default=DEFAULT_WAIT)


def mark_limited(request: HttpRequest, action: str) -> None:
    """The page answering this request refuses it for a rate limit: answer 429."""
    request.retry_after = retry_after(action)  # type: ignore[attr-defined]


def allowed(request: HttpRequest, action: str, *, key: str | None = None) -> bool:
    """Count one request towards `action`'s rates; False (and marked) when over."""
    if ratelimit.consume(request, action=action, key=key):
        return True
    mark_limited(request, action)
    return False


class RateLimitAnswerMiddleware:
    """A refused request answers 429 with Retry-After, whoever refused it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        wait = getattr(request, "retry_after", None)
        if wait is not None:
            response.status_code = 429
            response["Retry-After"] = str(wait)
        elif response.status_code == 429 and not response.has_header("Retry-After"):
            match = getattr(request, "resolver_match", None)
            action = PAGE_ACTIONS.get(match.url_name if match else "", "")
            response["Retry-After"] = str(retry_after(action) if action else DEFAULT_WAIT)
        return response
