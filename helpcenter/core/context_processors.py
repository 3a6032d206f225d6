from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    manages_people = False
    if user is not None and user.is_authenticated:
        manages_people = user.role in ("admin", "manager", "client_admin")
    return {
        "company_name": settings.COMPANY_NAME,
        "hotline_phone": settings.SUPPORT_HOTLINE_PHONE,
        "hotline_email": settings.SUPPORT_HOTLINE_EMAIL,
        "manages_people": manages_people,
        "attachment_max_mb": settings.ATTACHMENT_MAX_MB,
        "attachment_types": ", ".join(settings.ATTACHMENT_EXTENSIONS),
    }
