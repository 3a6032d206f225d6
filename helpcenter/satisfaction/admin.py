from django.contrib import admin

from helpcenter.satisfaction.models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Read-only: answers belong to the clients who gave them."""

    list_display = ["ticket", "requester", "sent_at", "answered_at", "rating"]
    list_filter = ["rating"]
    exclude = ["token_hash"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
