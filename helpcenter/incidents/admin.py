from django.contrib import admin

from helpcenter.incidents.models import Delivery, Incident, IncidentLink, IncidentUpdate


class UpdateInline(admin.TabularInline):
    model = IncidentUpdate
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "author", "state", "public", "body"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class LinkInline(admin.TabularInline):
    model = IncidentLink
    extra = 0
    can_delete = False
    readonly_fields = ["ticket", "linked_at", "linked_by", "reason", "separate_cause"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Read-only here: incidents change through their page's actions (audited)."""

    list_display = ["__str__", "state", "commander", "declared_at", "resolved_at"]
    list_filter = ["state"]
    readonly_fields = [
        "title",
        "impact",
        "state",
        "services",
        "commander",
        "declared_by",
        "declared_at",
        "resolved_at",
    ]
    inlines = [UpdateInline, LinkInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: where each update went (the worker writes these; incidents/jobs.py).
    Filter on outcome "failed" to find the tickets the worker set aside."""

    FIELDS = ("update", "ticket", "reply", "resolve", "outcome", "note", "attempts", "done_at")
    list_display = FIELDS
    list_filter = ["outcome", "reply", "resolve"]
    list_select_related = ["update", "ticket"]
    readonly_fields = FIELDS

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
