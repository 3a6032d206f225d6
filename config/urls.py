from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from helpcenter.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("helpcenter.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("tickets/", include("helpcenter.portal.urls")),
    path("console/", include("helpcenter.console.urls")),
    path("oncall/", include("helpcenter.oncall.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = f"{settings.COMPANY_NAME} Help Center"
