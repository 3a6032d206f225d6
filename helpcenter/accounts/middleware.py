import zoneinfo

from django.conf import settings
from django.shortcuts import redirect
from django.utils import timezone, translation

from helpcenter.accounts.access import lacks_required_second_factor

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class UserPreferencesMiddleware:
    """Activate the user's language and time zone.

    pt-BR is the default for everyone; a signed-in user's saved choice wins,
    then the language cookie set by the switcher. The browser's
    Accept-Language is deliberately not consulted: the product speaks pt-BR
    unless someone chooses otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        zone = settings.TIME_ZONE
        if user is not None and user.is_authenticated:
            language = user.language
            zone = user.time_zone
        if language not in LANGUAGE_CODES:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo(settings.TIME_ZONE))
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class StaffTwoFactorMiddleware:
    """With REQUIRE_STAFF_2FA=1, agents and admins must turn on TOTP before anything else.

    Until they do, every page but those that set up the second factor (allauth's
    /accounts/2fa/, with the sign-in and re-authentication it may ask for) and
    sign-out sends them to the TOTP set-up page: not the API tokens page, not the
    people pages, nothing else under /accounts/. Their API tokens are refused too
    (api/auth.py).
    """

    EXEMPT = (
        "/accounts/2fa/",
        "/accounts/login/",
        "/accounts/logout/",
        "/accounts/reauthenticate/",
        "/static/",
        "/healthz",
        "/i18n/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_STAFF_2FA and not request.path.startswith(self.EXEMPT):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and lacks_required_second_factor(user):
                return redirect("mfa_activate_totp")
        return self.get_response(request)
