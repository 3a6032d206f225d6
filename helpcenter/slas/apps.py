from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.slas"
    verbose_name = _("SLAs")
    label = "slas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.core import metrics
        from helpcenter.slas.selectors import clock_samples

        metrics.add_source(clock_samples)
        from helpcenter.core import jobs
        from helpcenter.notifications import registry
        from helpcenter.slas import jobs as sla_jobs
        from helpcenter.slas.mail import clock_context

        registry.add_context_builder(clock_context)
        # First in a pass: warnings and breaches write the outbox rows sent next.
        jobs.register("slas.warnings_and_breaches", sla_jobs.run, order=10)
        # The engine's calendars (year tables, holidays) are built at start, not on a request.
        from helpcenter.core import warm
        from helpcenter.slas.policies import warm_calendars

        warm.register(warm_calendars)
