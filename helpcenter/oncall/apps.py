from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.oncall"
    verbose_name = _("On call")
    label = "oncall"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.core import metrics
        from helpcenter.oncall.selectors import page_samples

        metrics.add_source(page_samples)
        from helpcenter.core import jobs
        from helpcenter.notifications import registry
        from helpcenter.oncall.mail import page_context
        from helpcenter.oncall.paging import escalate_due

        registry.add_context_builder(page_context)
        jobs.register("oncall.escalate", escalate_due, order=20)

        from helpcenter.core import duty
        from helpcenter.oncall.schedule import people_on_call

        duty.register(people_on_call)

        from helpcenter.oncall.paging import page_for_overdue_updates
        from helpcenter.slas.jobs import add_breach_listener

        add_breach_listener(page_for_overdue_updates)
