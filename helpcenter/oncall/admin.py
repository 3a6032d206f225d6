from django.contrib import admin

from helpcenter.audit.admin_trail import AuditedAdmin
from helpcenter.oncall.models import AllowedWebhookHost, Page, Rota, RotaMember, RotaOverride


class MemberInline(admin.TabularInline):
    model = RotaMember
    extra = 1


class OverrideInline(admin.TabularInline):
    model = RotaOverride
    extra = 1


@admin.register(Rota)
class RotaAdmin(AuditedAdmin):
    list_display = ["name", "is_active", "anchor", "shift_days", "escalate_after_minutes"]
    inlines = [MemberInline, OverrideInline]


@admin.register(AllowedWebhookHost)
class AllowedWebhookHostAdmin(AuditedAdmin):
    list_display = ["host", "note"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["ticket", "user", "level", "created_at", "acknowledged_at", "escalated_at"]
    exclude = ["token_hash"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
