from django.conf import settings

from helpcenter.core.choices import (
    Channel,
    ClockKind,
    ClockState,
    Priority,
    Role,
    Status,
    TicketType,
)

MANAGING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLIENT_ADMIN})


def site(request):
    user = getattr(request, "user", None)
    manages_people = False
    if user is not None and user.is_authenticated:
        manages_people = user.role in MANAGING_ROLES
    return {
        "company_name": settings.COMPANY_NAME,
        "hotline_phone": settings.SUPPORT_HOTLINE_PHONE,
        "hotline_email": settings.SUPPORT_HOTLINE_EMAIL,
        "manages_people": manages_people,
        "attachment_max_mb": settings.ATTACHMENT_MAX_MB,
        "attachment_types": ", ".join(settings.ATTACHMENT_EXTENSIONS),
        "ticket_prefix": settings.TICKET_PREFIX,
        # Each language named in itself ("English", "Português (Brasil)"), never translated.
        "site_languages": settings.LANGUAGES,
        # The enums, so templates compare against them and never against literals.
        "Status": Status,
        "Priority": Priority,
        "Role": Role,
        "Channel": Channel,
        "TicketType": TicketType,
        "ClockKind": ClockKind,
        "ClockState": ClockState,
    }
