from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.webhooks"
    label = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from helpcenter.audit.record import add_listener
        from helpcenter.notifications import registry
        from helpcenter.notifications.models import OutboxKind
        from helpcenter.webhooks.delivery import send_webhook
        from helpcenter.webhooks.events import on_audit_events

        add_listener(on_audit_events)
        registry.add_sender(OutboxKind.WEBHOOK, send_webhook)
