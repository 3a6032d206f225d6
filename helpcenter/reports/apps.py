from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.reports"
    verbose_name = _("Reports")
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.core import jobs
        from helpcenter.notifications import registry
        from helpcenter.reports.actions import monthly_statements

        registry.add_renderer("monthly_statement", "helpcenter.reports.mail.render_statement")
        jobs.register("reports.monthly_statements", monthly_statements, every=3600, order=85)
