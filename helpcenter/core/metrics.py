"""Prometheus metrics at /metrics: what the desk is doing, read from the database at
each scrape (so every web process answers the same), plus request latency.

Each app registers a source in its `AppConfig.ready()` (core imports no app): a
callable returning samples `(name, help, labels, value)`. Restricted: through the
site, a scrape must carry `Authorization: Bearer <METRICS_TOKEN>` (anything else,
and everything when no token is set, is 404). The peer's address proves nothing:
behind a same-host reverse proxy every visitor is 127.0.0.1. Without a token,
METRICS_BIND has the worker serve the same figures on an address of its own
(`serve_on_own_address`), one the proxy does not forward.

Request latency is a histogram. Under gunicorn with PROMETHEUS_MULTIPROC_DIR set
(`make serve`, config/gunicorn.conf.py) every worker writes its samples to files
there and a scrape merges them all; without it (runserver, tests) a scrape sees
the process that answered it.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

Sample = tuple[str, str, dict[str, str], float]
_sources: list[Callable[[], Iterable[Sample]]] = []


def add_source(source: Callable[[], Iterable[Sample]]) -> None:
    if source not in _sources:
        _sources.append(source)


class _DeskCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        families: dict[str, GaugeMetricFamily] = {}
        for source in _sources:
            for name, help_text, labels, value in source():
                family = families.get(name)
                if family is None:
                    family = families[name] = GaugeMetricFamily(
                        f"helpcenter_{name}", help_text, labels=sorted(labels)
                    )
                family.add_metric([labels[k] for k in sorted(labels)], value)
        yield from families.values()


_DESK = _DeskCollector()
REGISTRY = CollectorRegistry(auto_describe=False)
REGISTRY.register(_DESK)
LATENCY = Histogram(
    "helpcenter_request_seconds",
    "Time to answer a request, by route",
    ["route", "method"],
    registry=REGISTRY,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if not token or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[7:].encode(), token.encode())


def serve_on_own_address(bind: str) -> None:
    """The figures over plain HTTP on `host:port` (METRICS_BIND), without a token, in a
    thread of this process (the worker): for a scraper on the same host or network."""
    from prometheus_client import start_http_server

    host, _sep, port = bind.rpartition(":")
    start_http_server(int(port), addr=host.strip("[]") or "127.0.0.1", registry=_registry())


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


def _registry() -> CollectorRegistry:
    """The samples of this process, or of every worker's files in multiprocess mode
    (the desk's gauges are read from the database at each scrape either way)."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    merged = CollectorRegistry(auto_describe=False)
    multiprocess.MultiProcessCollector(merged)
    merged.register(_DESK)
    return merged


class LatencyMiddleware:
    """Observes each request's duration under its route pattern (never the raw path:
    ids would make a series per ticket)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None else "unmatched"
        LATENCY.labels(route=route[:100], method=request.method or "").observe(
            time.perf_counter() - started
        )
        return response
