"""/api/v1/organizations and /api/v1/oncall: who and what the caller works with."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router

from helpcenter.api import present
from helpcenter.api.auth import caller
from helpcenter.api.contract import answers, extra
from helpcenter.api.schemas import OnCallOut, OrganizationOut
from helpcenter.api.selectors import organizations_for, valid_id
from helpcenter.oncall.schedule import on_call
from helpcenter.oncall.selectors import active_rotas

router = Router(tags=["directory"])


def _organization(org) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "services": [
            {"id": s.pk, "name": s.name, "in_production": s.is_active}
            for s in sorted(org.services.all(), key=lambda s: s.name)
        ],
    }


@router.get(
    "/organizations",
    response=answers({200: list[OrganizationOut]}),
    openapi_extra=extra(),
    url_name="organization_list",
)
def organizations(request: HttpRequest):
    """A client: their own organization; the support team: those they work on."""
    return [_organization(o) for o in organizations_for(caller(request))]


@router.get(
    "/organizations/{int:organization_id}",
    response=answers({200: OrganizationOut}),
    openapi_extra=extra(),
    url_name="organization_read",
)
def organization(request: HttpRequest, organization_id: int):
    if not valid_id(organization_id):
        raise Http404
    org = get_object_or_404(organizations_for(caller(request)), pk=organization_id)
    return _organization(org)


@router.get(
    "/oncall",
    response=answers({200: list[OnCallOut]}),
    openapi_extra=extra(),
    url_name="oncall_now",
)
def on_call_now(request: HttpRequest):
    """Who is on call now on each rota (support team only)."""
    if not caller(request).is_support_staff:
        raise PermissionDenied
    now = timezone.now()
    return [
        {"rota": rota.name, "person": present.ref(on_call(rota, now).user)}
        for rota in active_rotas()
    ]
