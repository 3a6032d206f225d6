"""Status pages: a client's organization sees its services and the incidents that named
them, never another organization's names; the public page and its Atom feed (when
turned on) name no client; every incident action shows at once (the cached page's
version moves on at commit)."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from helpcenter.incidents import actions
from helpcenter.incidents.status import VERSION_KEY


def _declare(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return actions.declare_incident(
            title="Plataforma de pagamentos fora do ar",
            impact="Pagamentos recusados",
            services=[world.service_a, world.service_b],
            commander=world.agent,
            actor=world.agent,
        )


def test_a_client_sees_its_services_and_incidents_only(
    client, world, django_capture_on_commit_callbacks
):
    cache.delete(VERSION_KEY)
    client.force_login(world.client_a2)  # any client user of the organization
    before = client.get(reverse("status:page")).content.decode()
    assert world.service_a.name in before and "Operacional" in before
    incident = _declare(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_update(
            incident, body="Gateway reiniciado.", public=True, state="monitoring", actor=world.agent
        )
        actions.post_update(
            incident,
            body="Nota interna: rollback.",
            public=False,
            state="monitoring",
            actor=world.agent,
        )
    page = client.get(reverse("status:page")).content.decode()  # at once, not after a timeout
    assert incident.number in page and "Gateway reiniciado." in page and "Monitorando" in page
    assert "rollback" not in page  # internal notes never
    assert world.service_b.name not in page and world.org_b.name not in page


def test_the_public_page_and_feed_name_no_client_and_are_off_by_default(
    client, world, settings, django_capture_on_commit_callbacks
):
    cache.delete(VERSION_KEY)
    incident = _declare(world, django_capture_on_commit_callbacks)
    assert client.get(reverse("status:public")).status_code == 404
    assert client.get(reverse("status:feed")).status_code == 404
    settings.STATUS_PAGE_PUBLIC = True
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_update(
            incident,
            body="Causa identificada.",
            public=True,
            state="identified",
            actor=world.agent,
        )
    page = client.get(reverse("status:public")).content.decode()
    assert incident.title in page and "Causa identificada." in page
    for name in (world.org_a.name, world.org_b.name, world.service_a.name, world.service_b.name):
        assert name not in page
    feed = client.get(reverse("status:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Causa identificada." in feed.content.decode()


def test_a_cached_status_page_costs_no_database_statement(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks, settings
):
    settings.STATUS_PAGE_PUBLIC = True
    _declare(world, django_capture_on_commit_callbacks)
    client.get(reverse("status:public"))  # builds and caches
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    client.get(reverse("status:public"))
    with django_assert_num_queries(0):
        assert client.get(reverse("status:public")).status_code == 200
