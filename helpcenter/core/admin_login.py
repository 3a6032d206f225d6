"""The admin site has no login of its own: it sends people to the one login flow.

Django's `/admin/login/` checks a password and nothing else, so it would skip
allauth's rate limits and the second factor (TOTP). Every sign-in goes through
allauth; the admin site then only checks that the signed-in user is staff.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request: HttpRequest) -> HttpResponseRedirect:
    """Redirect (GET or POST alike, never reading a password) to the allauth login."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        # Signed in but not staff: the admin would loop back here; send them home.
        return HttpResponseRedirect(reverse("home"))
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
