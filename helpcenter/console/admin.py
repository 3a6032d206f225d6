from django.contrib import admin

from helpcenter.console.models import CannedResponse


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "created_by", "created_at"]
    list_filter = ["language"]
    search_fields = ["title", "body"]
