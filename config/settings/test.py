"""The settings pytest runs with (pyproject.toml names this module): base.py from
the environment alone (never a developer's `.env`), with a fast password hasher,
plain static files and no HTTPS redirect for the test client.
"""

from __future__ import annotations

from config.settings.base import *  # noqa: F403
from config.settings.base import DEV_KEY, SECRET_KEY, STORAGES

SECRET_KEY = SECRET_KEY or DEV_KEY
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
