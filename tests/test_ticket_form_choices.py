"""The ticket form offers, and accepts, only the requester's own organization's services and people."""

from __future__ import annotations

from helpcenter.portal.forms import TicketForm

DATA = {"type": "incident", "priority": "P3", "title": "Lento", "description": "Muito lento."}


def choices(form, name) -> set[str]:
    return {str(label) for value, label in form.fields[name].choices if value != ""}


def test_each_form_offers_its_own_users_choices(world):
    form_a, form_b = TicketForm(user=world.client_a), TicketForm(user=world.client_b)
    assert choices(form_a, "service") == {"Billing API", "Tracking Portal"}
    assert choices(form_b, "service") == {"Web Store"}
    people_a = choices(form_a, "participants")
    assert any("bruno@a.example" in p for p in people_a)
    assert not any("ana@a.example" in p or "carla@b.example" in p for p in people_a)
    assert "Billing API" in TicketForm(user=world.client_a).as_div()


def test_cc_is_checked_against_the_organizations_people(world):
    ok = TicketForm(
        {**DATA, "service": world.service_a.pk, "participants": [world.client_a2.pk]},
        user=world.client_a,
    )
    assert ok.is_valid(), ok.errors
    assert list(ok.cleaned_data["participants"]) == [world.client_a2]
    foreign = TicketForm(
        {**DATA, "service": world.service_a.pk, "participants": [world.client_b.pk]},
        user=world.client_a,
    )
    assert not foreign.is_valid() and "participants" in foreign.errors


def test_setting_a_queryset_directly_still_wins(world):
    from helpcenter.catalog.models import Service

    form = TicketForm(user=world.client_a)
    form.fields["service"].queryset = Service.objects.filter(pk=world.service_a2.pk)
    assert choices(form, "service") == {"Tracking Portal"}


def test_a_service_of_another_organization_or_inactive_is_refused(world):
    foreign = TicketForm({**DATA, "service": world.service_b.pk}, user=world.client_a)
    assert not foreign.is_valid() and "service" in foreign.errors
    missing = TicketForm({**DATA, "service": 9 * 10**17}, user=world.client_a)
    assert not missing.is_valid() and "service" in missing.errors
    ok = TicketForm({**DATA, "service": world.service_a.pk}, user=world.client_a)
    assert ok.is_valid(), ok.errors
    assert ok.cleaned_data["service"].organization == world.client_a.organization
