from django.apps import AppConfig


class Config(AppConfig):
    name = "helpcenter.webhooks"
    label = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from helpcenter.audit.record import add_listener
        from helpcenter.notifications import registry
        from helpcenter.notifications.models import OutboxKind
        from helpcenter.webhooks.delivery import send_webhook
        from helpcenter.webhooks.events import forget_endpoints, on_audit_events
        from helpcenter.webhooks.models import WebhookEndpoint

        add_listener(on_audit_events)
        post_save.connect(forget_endpoints, sender=WebhookEndpoint)
        post_delete.connect(forget_endpoints, sender=WebhookEndpoint)
        registry.add_sender(OutboxKind.WEBHOOK, send_webhook)
