from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from helpcenter.accounts.models import Invitation, Organization, User
from helpcenter.audit.admin_trail import AuditedAdmin


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "relationship_manager", "is_active"]
    search_fields = ["name"]
    fieldsets = (
        (None, {"fields": ("name", "relationship_manager", "is_active", "email_domains")}),
        ("E-mail intake", {"fields": ("email_type", "email_priority", "email_service")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "email_service":
            # Only this organization's own services (none when adding one).
            org_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = db_field.related_model.objects.filter(organization_id=org_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "organization", "is_active"]
    list_filter = ["role", "is_active", "organization"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "phone", "language", "time_zone")}),
        ("Access", {"fields": ("role", "organization", "is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (None, {"fields": ("email", "role", "organization", "password1", "password2")}),
    )
    filter_horizontal = ()


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token_hash"]
