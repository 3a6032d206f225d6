"""Reads of the console's own data."""

from __future__ import annotations

from django.db.models import QuerySet

from helpcenter.console.models import CannedResponse


def canned_responses() -> QuerySet[CannedResponse]:
    """The canned responses every agent may insert (shared by the whole team)."""
    return CannedResponse.objects.all()
