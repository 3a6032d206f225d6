from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.tickets"
    verbose_name = _("Tickets")
    label = "tickets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.core import metrics
        from helpcenter.tickets.selectors import ticket_samples

        metrics.add_source(ticket_samples)
        from helpcenter.core import jobs
        from helpcenter.notifications import registry
        from helpcenter.tickets.attachments import purge_stale_staged
        from helpcenter.tickets.jobs import close_expired_resolved
        from helpcenter.tickets.mail import ticket_context, ticket_headers

        registry.add_context_builder(ticket_context)
        registry.add_header_builder(ticket_headers)
        jobs.register("tickets.close_expired_resolved", close_expired_resolved, every=60)
        jobs.register("tickets.purge_stale_staged", purge_stale_staged, every=60)
