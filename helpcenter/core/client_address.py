"""The client's address: as seen through the configured trusted proxies only.

`REMOTE_ADDR` is the peer that connected. Only when that peer is one of
`TRUSTED_PROXIES` (addresses or networks) is `X-Forwarded-For` read, from the
right, skipping the trusted hops: the first address not trusted is the client.
A forged header from a client that connects directly is ignored.

Used by the audit trail (audit/origin.py) and by every rate limit per address
(sign-in, reset and invitations through allauth's adapter, bad API tokens).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().split("%")[0])
    except ValueError:
        return None


def client_ip(meta: dict, proxies: tuple[str, ...] | None = None) -> str | None:
    trusted = _networks(tuple(settings.TRUSTED_PROXIES if proxies is None else proxies))
    peer = _address(str(meta.get("REMOTE_ADDR", "")))
    if peer is None:
        return None
    hops = [h for h in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",") if h.strip()]
    current = peer
    while any(current in network for network in trusted) and hops:
        previous = _address(hops.pop())
        if previous is None:
            break
        current = previous
    return str(current)
