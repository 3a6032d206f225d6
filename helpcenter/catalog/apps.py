from django.apps import AppConfig


class Config(AppConfig):
    name = "helpcenter.catalog"
    label = "catalog"
    default_auto_field = "django.db.models.BigAutoField"
