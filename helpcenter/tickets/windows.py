"""The one rule for the window of planned work, used by every form and by the actions."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpcenter.core.choices import Priority
from helpcenter.core.dates import in_contract_range
from helpcenter.core.forms import ContractDateField
from helpcenter.tickets.statuses import ActionRefused

# A start "yesterday" is accepted: the client's clock and time zone may be behind ours.
CLOCK_SKEW = timedelta(days=1)


class WindowRefused(ActionRefused):
    """A planned ticket's window that cannot be accepted; `field` names the date at fault."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


def check_planned_window(
    priority: str, start: date | None, end: date | None, *, today: date | None = None
) -> None:
    """Planned work needs a window: both dates, end not before start, start not in the past."""
    if priority != Priority.PLANNED:
        return
    today = today or timezone.localdate()
    if start is None:
        raise WindowRefused(_("A planned ticket needs the desired start date."), field="start")
    if end is None:
        raise WindowRefused(_("A planned ticket needs the desired end date."), field="end")
    if not in_contract_range(start, end):
        raise WindowRefused(_("The window's dates are out of range."), field="end")
    if end < start:
        raise WindowRefused(_("The end of the window is before its start."), field="end")
    if start < today - CLOCK_SKEW:
        raise WindowRefused(_("The window cannot start in the past."), field="start")


def desired_window_fields() -> tuple[ContractDateField, ContractDateField]:
    """The desired window's two dates as every form asks for them:
    `planned_start, planned_end = desired_window_fields()` in the form's body."""
    return (
        ContractDateField(
            label=gettext_lazy("Desired window: start"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
        ),
        ContractDateField(
            label=gettext_lazy("Desired window: end"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
        ),
    )


def planned_window_errors(form, data: dict, *, start: str, end: str) -> None:
    """Show the rule's refusal on a form's own date fields (same words on every form)."""
    if start in form.errors or end in form.errors:
        return
    try:
        check_planned_window(data.get("priority", ""), data.get(start), data.get(end))
    except WindowRefused as refused:
        form.add_error(start if refused.field == "start" else end, str(refused))
