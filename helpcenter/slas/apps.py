from django.apps import AppConfig


class Config(AppConfig):
    name = "helpcenter.slas"
    label = "slas"
    default_auto_field = "django.db.models.BigAutoField"
