import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
_django = get_wsgi_application()

from helpcenter.core.request_guard import wsgi_size_cap  # noqa: E402 - needs settings loaded
from helpcenter.core.warm import warm_up  # noqa: E402

# Per-process caches (the SLA calendars) are built now, not on the first request.
warm_up()

# Oversized bodies are refused from their Content-Length, before Django reads them.
application = wsgi_size_cap(_django)
