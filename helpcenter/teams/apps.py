from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.teams"
    verbose_name = _("Teams and routing")
    label = "teams"
    default_auto_field = "django.db.models.BigAutoField"
