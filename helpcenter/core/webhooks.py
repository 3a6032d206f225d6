"""Signed outgoing webhooks that cannot be pointed at internal services.

The target's host is resolved once; every address must be public (not
loopback, private, link-local, reserved or multicast) unless an admin
allow-listed the host. The connection then goes to that vetted address
(with the original Host header and TLS server name), so a DNS answer that
changes between check and connect cannot redirect it, and redirects are
never followed.

The one webhook mechanism of the project: on-call pages and integration
endpoints both go through `post_signed`. Each delivery carries
`X-Helpcenter-Timestamp` (Unix seconds) and `X-Helpcenter-Signature:
sha256=<hex HMAC-SHA256 of "<timestamp>." + body with the endpoint's secret>`;
a receiver recomputes it and refuses a timestamp more than 5 minutes off
(`verify`), so a captured delivery cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

SIGNATURE_HEADER = "X-Helpcenter-Signature"
TIMESTAMP_HEADER = "X-Helpcenter-Timestamp"
TIMEOUT = 10
TOLERANCE = 300  # seconds a receiver accepts between the timestamp and its clock


class UnsafeTarget(Exception):
    pass


class DeliveryFailed(Exception):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def sign(secret: str, body: bytes, timestamp: int) -> str:
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(
    secret: str, body: bytes, signature: str, timestamp: str, *, now: float | None = None
) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    if not re.fullmatch(r"[0-9]{1,12}", timestamp):
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > TOLERANCE:
        return False
    return hmac.compare_digest(sign(secret, body, int(timestamp)), signature)


def _nothing_allowed(host: str) -> bool:
    return False


def check_target(
    url: str, *, is_allowed: Callable[[str], bool] = _nothing_allowed
) -> tuple[str, str, int, str]:
    """(scheme, host, port, vetted IP) for `url`, or UnsafeTarget.

    `is_allowed(host)` says whether an admin allow-listed a non-public host (the
    caller passes `AllowedWebhookHost.is_allowed`; this module knows no model).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget(_("The webhook URL must be http:// or https:// with a host."))
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UnsafeTarget(_("The webhook host does not resolve.")) from None
    addresses = [str(info[4][0]) for info in infos]
    if not is_allowed(host):
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise UnsafeTarget(
                    _(
                        "The webhook URL resolves to a loopback, private or link-local address; "
                        "an admin must allow-list the host first."
                    )
                )
    return parts.scheme, host, port, addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ip: str, **kwargs):
        super().__init__(host, port, **kwargs)
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(sock, server_hostname=self.host)


def post_signed(
    url: str,
    body: bytes,
    secret: str,
    *,
    is_allowed: Callable[[str], bool] = _nothing_allowed,
    extra_headers: dict[str, str] | None = None,
) -> int:
    """POST `body` to `url` with its timestamped HMAC-SHA256 signature; returns the status
    or raises (DeliveryFailed with the status or the network error)."""
    scheme, host, port, ip = check_target(url, is_allowed=is_allowed)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timestamp = int(time.time())
    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = _PinnedHTTPSConnection(host, port, ip, timeout=TIMEOUT)
    else:
        connection = http.client.HTTPConnection(ip, port, timeout=TIMEOUT)
    headers = {
        "Host": host if port in (80, 443) else f"{host}:{port}",
        "Content-Type": "application/json",
        "User-Agent": "Helpcenter-Webhook/1",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, body, timestamp),
        **(extra_headers or {}),
    }
    try:
        connection.request("POST", path, body=body, headers=headers)
        status = connection.getresponse().status
    except OSError as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from None
    finally:
        connection.close()
    if not 200 <= status < 300:
        raise DeliveryFailed(f"HTTP {status}", status)
    return status
