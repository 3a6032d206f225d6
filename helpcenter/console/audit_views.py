"""The audit trail in the console: admins search it and export what they found."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from helpcenter.accounts.roles import Role
from helpcenter.audit.export import csv_lines, jsonl_lines
from helpcenter.audit.selectors import search_events
from helpcenter.console.audit_forms import AuditPageForm, AuditSearchForm
from helpcenter.core.http import AuthedRequest

PAGE = 100
EXPORTS = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "jsonl": (jsonl_lines, "application/x-ndjson; charset=utf-8"),
}


@login_required
def audit_trail(request: AuthedRequest) -> HttpResponse | StreamingHttpResponse:
    if request.user.role != Role.ADMIN:
        raise Http404
    form = AuditSearchForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters() if form.is_bound and valid else {}
    export = request.GET.get("format", "")
    if export in EXPORTS and valid:
        lines, content_type = EXPORTS[export]
        response = StreamingHttpResponse(lines(search_events(**filters)), content_type=content_type)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{export}"'
        return response
    page = AuditPageForm(request.GET)
    before_seq = page.cleaned_data.get("before") if page.is_valid() else None
    events = list(
        search_events(**filters, before_seq=before_seq).order_by("-seq")[: PAGE + 1]
        if valid
        else []
    )
    more = len(events) > PAGE
    events = events[:PAGE]
    params = request.GET.copy()
    for name in ("before", "format"):
        params.pop(name, None)
    return render(
        request,
        "console/audit.html",
        {
            "form": form,
            "events": events,
            "next_before": events[-1].seq if more else None,
            "query_string": params.urlencode(),
        },
    )
