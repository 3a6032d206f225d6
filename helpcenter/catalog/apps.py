from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.catalog"
    verbose_name = _("Catalog")
    label = "catalog"
    default_auto_field = "django.db.models.BigAutoField"
