from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from helpcenter.api.main import api  # noqa: E402
from helpcenter.core import views as core_views
from helpcenter.core.admin_login import admin_login
from helpcenter.core.metrics import metrics_view

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("helpcenter.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("tickets/", include("helpcenter.portal.urls")),
    path("console/incidents/", include("helpcenter.incidents.urls")),
    path("console/teams/", include("helpcenter.teams.urls")),
    path("status/", include("helpcenter.incidents.status_urls")),
    path("console/", include("helpcenter.console.urls")),
    path("reports/", include("helpcenter.reports.urls")),
    path("survey/", include("helpcenter.satisfaction.urls")),
    path("oncall/", include("helpcenter.console.oncall_urls")),
    path("api/v1/", api.urls),
    path("accounts/api-tokens/", include("helpcenter.api.urls")),
    # Before the admin's own URLs: its password-only login is never reachable.
    path("admin/login/", admin_login, name="admin_login_redirect"),
    path("admin/", admin.site.urls),
]

# "Central de Ajuda Hiperstream" / "Help Center Hiperstream": in the admin's language.
admin.site.site_header = format_lazy("{} {}", gettext_lazy("Help Center"), settings.COMPANY_NAME)
admin.site.site_title = admin.site.site_header

# Error views that never read the request body (see helpcenter/core/errors.py).
handler400 = "helpcenter.core.errors.bad_request"
handler403 = "helpcenter.core.errors.permission_denied"
handler404 = "helpcenter.core.errors.page_not_found"
handler500 = "helpcenter.core.errors.server_error"
