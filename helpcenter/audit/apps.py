from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.audit"
    verbose_name = _("Audit")
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.audit.actions import daily_checkpoint
        from helpcenter.audit.chain import ensure_head
        from helpcenter.core import jobs

        jobs.register("audit.daily_checkpoint", daily_checkpoint, every=3600, order=95)
        # `flush` empties the head row with everything else; migrate's signal puts it back.
        post_migrate.connect(ensure_head, sender=self)
