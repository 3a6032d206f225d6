import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_django = get_wsgi_application()

from helpcenter.core.request_guard import wsgi_size_cap  # noqa: E402 - needs settings loaded

# Oversized bodies are refused from their Content-Length, before Django reads them.
application = wsgi_size_cap(_django)
