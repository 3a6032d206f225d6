from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.api"
    verbose_name = _("API")
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.api.actions import forget_old_counts
        from helpcenter.core import jobs

        jobs.register("api.forget_old_counts", forget_old_counts, every=60)
