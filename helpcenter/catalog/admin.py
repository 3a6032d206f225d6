from django.contrib import admin

from helpcenter.audit.admin_trail import AuditedAdmin
from helpcenter.catalog.models import Service


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ["name", "organization", "is_active"]
    list_filter = ["organization", "is_active"]
    search_fields = ["name"]
