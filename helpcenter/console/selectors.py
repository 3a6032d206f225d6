"""Reads of the console's own data."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from helpcenter.console.models import CannedResponse


def canned_responses(language: str = "") -> QuerySet[CannedResponse]:
    """The canned responses every agent may insert (shared by the whole team); those in
    `language` (the requester's) first, then those for any language, then the rest."""
    rows = CannedResponse.objects.all()
    if not language:
        return rows
    return rows.annotate(
        fit=Case(
            When(language=language, then=Value(0)),
            When(language="", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("fit", "title")
