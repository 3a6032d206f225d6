from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLIENT = "client", _("Client user")
    CLIENT_ADMIN = "client_admin", _("Client organization admin")
    AGENT = "agent", _("Agent")
    MANAGER = "manager", _("Relationship manager")
    ADMIN = "admin", _("Administrator")


CLIENT_ROLES = frozenset({Role.CLIENT, Role.CLIENT_ADMIN})
STAFF_ROLES = frozenset({Role.AGENT, Role.MANAGER, Role.ADMIN})
