from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from helpcenter.audit.admin_trail import AuditedAdmin
from helpcenter.webhooks.actions import redeliver
from helpcenter.webhooks.models import Event, WebhookDelivery, WebhookEndpoint


class EndpointForm(forms.ModelForm):
    """Events as a list of boxes; none ticked means every event, as the docs say."""

    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=Event.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Which events to send; empty: all of them."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "secret", "events", "organization", "internal", "is_active"]


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ["attempted_at", "event", "status_code", "duration_ms", "error"]
    readonly_fields = ["attempted_at", "event", "status_code", "duration_ms", "error"]
    extra = 0
    max_num = 0
    ordering = ["-id"]
    can_delete = False
    show_change_link = True


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(AuditedAdmin):
    form = EndpointForm
    list_display = ["__str__", "url", "organization", "internal", "is_active"]
    list_filter = ["is_active", "internal"]
    inlines = [DeliveryInline]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["attempted_at", "endpoint", "event", "status_code", "duration_ms", "error"]
    list_filter = ["event", "endpoint"]
    readonly_fields = [
        "endpoint",
        "outbox",
        "event",
        "attempted_at",
        "status_code",
        "duration_ms",
        "error",
    ]
    actions = ["redeliver_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Redeliver the selected deliveries")
    def redeliver_selected(self, request, queryset):
        for delivery in queryset.select_related("endpoint", "outbox"):
            redeliver(delivery)
        messages.success(request, f"{queryset.count()} queued again.")
