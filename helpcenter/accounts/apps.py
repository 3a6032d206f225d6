from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "helpcenter.accounts"
    verbose_name = _("Accounts")
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from helpcenter.accounts import sign_in_trail
        from helpcenter.accounts.mail import (
            invitation_context,
            login_address_context,
            render_password_reset,
        )
        from helpcenter.notifications import registry

        registry.add_context_builder(invitation_context)
        registry.add_context_builder(login_address_context)
        registry.add_renderer("password_reset", render_password_reset)
        sign_in_trail.connect()
