from django.contrib import admin

from helpcenter.audit.admin_trail import AuditedAdmin
from helpcenter.slas.models import BusinessCalendar, ClosedDay, SlaClock, SlaPolicy


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(AuditedAdmin):
    list_display = ["name", "always_open", "time_zone", "holiday_country", "holiday_subdivision"]
    inlines = [ClosedDayInline]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(AuditedAdmin):
    list_display = [
        "name",
        "organization",
        "ticket_type",
        "priority",
        "calendar",
        "first_response_minutes",
        "triage_minutes",
        "resolution_minutes",
        "update_minutes",
    ]
    list_filter = ["priority", "ticket_type", "organization"]


@admin.register(SlaClock)
class SlaClockAdmin(admin.ModelAdmin):
    """Read-only: clocks are recomputed by the ticket actions."""

    list_display = ["ticket", "kind", "state", "due_at", "met_at", "breached"]
    list_filter = ["kind", "state", "breached"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
