from django.contrib import admin

from helpcenter.teams.models import RoutingRule, Team, TeamMember


class MemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ("user", "is_away", "last_assigned_at")
    readonly_fields = ("last_assigned_at",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "assignment", "rota", "is_default", "is_active")
    inlines = (MemberInline,)
    filter_horizontal = ("services", "organizations")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "team", "organization", "service", "priority", "is_active")
    list_filter = ("team", "is_active")
