from django.apps import AppConfig


class Config(AppConfig):
    name = "helpcenter.tickets"
    label = "tickets"
    default_auto_field = "django.db.models.BigAutoField"
