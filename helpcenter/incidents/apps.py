from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.incidents"
    verbose_name = _("Major incidents")
    label = "incidents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.audit.record import add_listener
        from helpcenter.core import jobs
        from helpcenter.incidents.actions import on_audit_events
        from helpcenter.incidents.active import handled_by_incident
        from helpcenter.incidents.jobs import deliver_due
        from helpcenter.incidents.mail import incident_context
        from helpcenter.incidents.notify import subscriber_context
        from helpcenter.notifications import registry
        from helpcenter.oncall.paging import add_already_handled

        # Before the SLA sweep: an update given meets the periodic-update target first.
        jobs.register("incidents.deliver_updates", deliver_due, order=5)
        add_listener(on_audit_events)
        from helpcenter.core import metrics
        from helpcenter.incidents.selectors import delivery_samples

        metrics.add_source(delivery_samples)
        add_already_handled(handled_by_incident)
        registry.add_context_builder(incident_context)
        registry.add_context_builder(subscriber_context)
