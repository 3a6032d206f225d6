from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.console"
    verbose_name = _("Console")
    label = "console"
    default_auto_field = "django.db.models.BigAutoField"
