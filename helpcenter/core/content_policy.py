"""django-csp's middleware with the Content-Security-Policy header built once.

django-csp builds the header from the settings on every response (0.1 ms of CPU:
about 1 % of a ticket's creation). Here the policy is the same for every response:
no nonces (no inline code anywhere), no per-view decorators. So the header is built
on the first plain response and reused for as long as the settings hold the same
policy objects. A request that used a nonce, a response carrying one of
django-csp's per-view attributes, or a response that already has its own header
(an attachment download's sandbox) takes django-csp's own path.
"""

from __future__ import annotations

from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.conf import settings
from django.http import HttpResponse

# What django-csp's decorators set on a response (csp/decorators.py).
PER_VIEW = (
    "_csp_exempt",
    "_csp_update",
    "_csp_replace",
    "_csp_config",
    "_csp_exempt_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_config_ro",
)


class CSPMiddleware(DjangoCSPMiddleware):
    _built: tuple[Any, Any, list[tuple[str, str]]] | None = None

    def process_response(self, request, response):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        if (
            getattr(request, "_csp_nonce", None) is not None
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or any(hasattr(response, name) for name in PER_VIEW)
            or (policy or {}).get("EXCLUDE_URL_PREFIXES")
            or (report_only or {}).get("EXCLUDE_URL_PREFIXES")
            or settings.DEBUG
        ):
            return super().process_response(request, response)
        built = self._built
        if built is None or built[0] is not policy or built[1] is not report_only:
            blank = super().process_response(request, HttpResponse())
            names = (HEADER, HEADER_REPORT_ONLY)
            built = (policy, report_only, [(h, blank[h]) for h in names if h in blank])
            self._built = built
        for name, value in built[2]:
            response[name] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
