from django.contrib import admin

from helpcenter.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["template", "to", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "template"]
    exclude = ["context"]  # may hold a one-time link until sent
    readonly_fields = [f for f in ["template", "to", "dedupe_key", "sent_at", "last_error"]]
