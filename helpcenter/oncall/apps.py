from django.apps import AppConfig


class Config(AppConfig):
    name = "helpcenter.oncall"
    label = "oncall"
    default_auto_field = "django.db.models.BigAutoField"
