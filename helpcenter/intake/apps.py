from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.intake"
    verbose_name = _("E-mail intake")
    label = "intake"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        from helpcenter.core import jobs
        from helpcenter.intake.imap import fetch_job
        from helpcenter.intake.notify import intake_context, intake_headers
        from helpcenter.notifications import registry

        registry.add_header_builder(intake_headers)
        registry.add_context_builder(intake_context)
        if settings.INBOUND_IMAP_HOST:
            jobs.register("intake.fetch_mail", fetch_job, every=settings.INBOUND_IMAP_EVERY)
