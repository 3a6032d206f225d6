"""The Content-Security-Policy header built once (core/content_policy.py) is django-csp's."""

from __future__ import annotations

from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from helpcenter.core.content_policy import CSPMiddleware

HEADER = "Content-Security-Policy"


def _through(middleware_class, response: HttpResponse) -> HttpResponse:
    middleware = middleware_class(lambda request: response)
    return middleware(RequestFactory().get("/tickets/"))


def test_a_page_carries_django_csps_own_header_on_every_response(client, db):
    expected = _through(DjangoCSPMiddleware, HttpResponse("x"))[HEADER]
    assert "default-src 'self'" in expected and "frame-ancestors 'none'" in expected
    for _ in range(3):  # the first builds it, the next ones reuse it
        assert client.get("/accounts/login/")[HEADER] == expected


def test_a_changed_policy_is_a_new_header():
    middleware = CSPMiddleware(lambda request: HttpResponse("x"))
    before = middleware(RequestFactory().get("/"))[HEADER]
    policy = {"DIRECTIVES": {"default-src": ["'none'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert middleware(RequestFactory().get("/"))[HEADER] == "default-src 'none'"
    assert middleware(RequestFactory().get("/"))[HEADER] == before


def test_per_view_policies_and_own_headers_take_django_csps_path():
    updated = HttpResponse("x")
    updated._csp_update = {"img-src": ["https://maps.example"]}  # what @csp_update sets
    header = _through(CSPMiddleware, updated)[HEADER]
    assert "https://maps.example" in header
    own = HttpResponse("x")
    own[HEADER] = "sandbox"
    assert _through(CSPMiddleware, own)[HEADER] == "sandbox"
    exempt = HttpResponse("x")
    exempt._csp_exempt = True
    assert HEADER not in _through(CSPMiddleware, exempt)
