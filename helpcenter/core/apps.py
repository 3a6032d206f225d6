from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.core"
    verbose_name = _("Core")
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.models.signals import post_migrate

        from helpcenter.core import jobs
        from helpcenter.core.database import after_migrate, optimize_job
        from helpcenter.core.request_ids import forget

        post_migrate.connect(after_migrate, dispatch_uid="helpcenter.core.analyze")
        request_finished.connect(forget, dispatch_uid="helpcenter.core.request_ids")
        jobs.register("core.sqlite_optimize", optimize_job, every=3600, order=90)
