from django.contrib import admin

from helpcenter.tickets.models import Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-only: tickets change through actions (the portal and console), never here."""

    list_display = ["id", "title", "organization", "priority", "status", "created_at"]
    list_filter = ["status", "priority", "type"]
    search_fields = ["title"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
