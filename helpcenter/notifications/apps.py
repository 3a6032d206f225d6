from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.notifications"
    verbose_name = _("Notifications")
    label = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.core import metrics
        from helpcenter.notifications.selectors import outbox_samples

        metrics.add_source(outbox_samples)
        from helpcenter.core import jobs
        from helpcenter.notifications.delivery import deliver_due
        from helpcenter.notifications.digests import flush_digests

        jobs.register("notifications.digests", flush_digests, every=30, order=80)
        # Last in a pass: sends what the jobs before it queued.
        jobs.register("notifications.deliver", lambda now: deliver_due(now=now), order=90)
