from django.apps import AppConfig


class Config(AppConfig):
    name = "helpcenter.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.api.actions import forget_old_counts
        from helpcenter.core import jobs

        jobs.register("api.forget_old_counts", forget_old_counts, every=60)
