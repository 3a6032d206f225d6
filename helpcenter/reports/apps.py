from django.apps import AppConfig


class Config(AppConfig):
    name = "helpcenter.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"
