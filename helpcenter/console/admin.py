from django.contrib import admin

from helpcenter.audit.admin_trail import AuditedAdmin
from helpcenter.console.models import CannedResponse


@admin.register(CannedResponse)
class CannedResponseAdmin(AuditedAdmin):
    list_display = ["title", "language", "created_by", "created_at"]
    list_filter = ["language"]
    search_fields = ["title", "body"]
