from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.satisfaction"
    verbose_name = _("Satisfaction")
    label = "satisfaction"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.audit.record import add_listener
        from helpcenter.notifications import registry
        from helpcenter.satisfaction.actions import on_audit_events
        from helpcenter.satisfaction.mail import survey_context

        add_listener(on_audit_events)
        registry.add_context_builder(survey_context)
