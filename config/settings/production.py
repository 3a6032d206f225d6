"""The settings the product runs with (`make run`, `make serve`, gunicorn, the worker,
`manage.py`): base.py after the local `.env`, with the checks a real key needs.

`make run` writes `.env` with DEBUG=1; DEBUG off turns on the production set in
base.py (HTTPS, HSTS, secure cookies, hashed static files) and refuses the
development key.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, load_dotenv

if not env_bool("HELPCENTER_NO_DOTENV", False):
    # The local, git-ignored .env that `make run` writes on first run.
    load_dotenv(Path(__file__).resolve().parent.parent.parent / ".env")

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import DEBUG, DEV_KEY, SECRET_KEY  # noqa: E402

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
if not DEBUG and SECRET_KEY == DEV_KEY:
    raise ImproperlyConfigured("SECRET_KEY must not be the development key when DEBUG is off")
