from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    """Demo data for `make run` (`manage.py seed_demo`): the top layer, it may use every app."""

    name = "helpcenter.demo"
    verbose_name = _("Demo")
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
