from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.portal"
    verbose_name = _("Portal")
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
