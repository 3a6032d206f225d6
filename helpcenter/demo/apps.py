from django.apps import AppConfig


class Config(AppConfig):
    """Demo data for `make run` (`manage.py seed_demo`): the top layer, it may use every app."""

    name = "helpcenter.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
