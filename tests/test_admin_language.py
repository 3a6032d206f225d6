"""The admin site speaks the admin's language: every app and model has a translated
name, and the header says "Central de Ajuda" in Portuguese."""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise


def test_every_app_and_model_name_goes_through_translation():
    untranslated = []
    for app in apps.get_app_configs():
        if not app.name.startswith("helpcenter."):
            continue
        if not isinstance(app.verbose_name, Promise):
            untranslated.append(app.label)
        for model in app.get_models():
            meta = model._meta
            for name in (meta.verbose_name, meta.verbose_name_plural):
                if not isinstance(name, Promise):
                    untranslated.append(f"{app.label}.{model.__name__}")
    assert untranslated == []


def test_the_admin_index_in_portuguese_has_no_english_names(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="pt-br").content.decode()
    for english in ("Audit events", "Outbox messages", "Sla clocks", "ACCOUNTS", "Help Center"):
        assert english not in page, english
    assert "Central de Ajuda" in page and "Eventos de auditoria" in page


def test_the_time_zone_list_speaks_one_language():
    from django.utils import translation

    from helpcenter.core.time_zones import zone_choices

    with translation.override("pt-br"):
        labels = " ".join(label for _zone, label in zone_choices())
        assert "Montevidéu" in labels and "Nova York" in labels and "Londres" in labels
        assert "New York" not in labels and "London" not in labels
    with translation.override("en"):
        labels = " ".join(label for _zone, label in zone_choices())
        assert "Montevideo" in labels and "New York" in labels and "Montevidéu" not in labels


def test_the_navigation_names_two_factor_as_its_page_does(client, world):
    client.force_login(world.client_a)
    page = client.get("/tickets/").content.decode()
    assert "Autenticação de dois fatores" in page and "Login em duas etapas" not in page


def test_the_reauthentication_button_has_the_sites_style(client, world):
    from django.urls import reverse

    client.force_login(world.client_a)
    page = client.get(reverse("account_reauthenticate")).content.decode()
    assert '<button class="button"' in " ".join(page.split())
