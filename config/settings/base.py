"""Helpcenter settings shared by every use: every value from the environment.

Not selected directly: `config.settings.production` (the product, run by `make run`
and `make serve`; reads `.env`) and `config.settings.test` (pytest) build on it.
See .env.example for each variable. A bad value raises ImproperlyConfigured naming
the variable, which stops start-up. The product's own settings (mail, intake, the
contract's facts, the API) are in `product.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_int, env_list, env_str, env_timezone
from config.settings.product import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEBUG = env_bool("DEBUG", False)
DEV_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEV_KEY if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # its docs page then uses the Swagger UI files it ships, not a CDN
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "helpcenter.core",
    "helpcenter.accounts",
    "helpcenter.catalog",
    "helpcenter.audit",
    "helpcenter.notifications",
    "helpcenter.tickets",
    "helpcenter.slas",
    "helpcenter.portal",
    "helpcenter.console",
    "helpcenter.oncall",
    "helpcenter.intake",
    "helpcenter.api",
    "helpcenter.webhooks",
    "helpcenter.incidents",
    "helpcenter.teams",
    "helpcenter.reports",
    "helpcenter.satisfaction",
    "helpcenter.demo",
]

MIDDLEWARE = [
    "helpcenter.core.request_ids.RequestIdMiddleware",
    "helpcenter.core.metrics.LatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "helpcenter.core.request_guard.RequestGuardMiddleware",
    "helpcenter.audit.origin.AuditOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "helpcenter.accounts.middleware.UserPreferencesMiddleware",
    "helpcenter.accounts.middleware.StaffTwoFactorMiddleware",
    "helpcenter.accounts.limits.RateLimitAnswerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "helpcenter.core.middleware.PrivatePagesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "helpcenter.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")
    CACHES = {
        "default": {
            # A miss, not a 500, while Redis is away (helpcenter/core/cache.py).
            "BACKEND": "helpcenter.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Shared by every process (gunicorn workers, the worker) so that rate limits
    # count once per node, not once per process: the table of core.CacheEntry.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "helpcenter_cache",
            "OPTIONS": {"MAX_ENTRIES": 50000},
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login, no public sign-up, rate-limited logins, TOTP.
ACCOUNT_ADAPTER = "helpcenter.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an unknown address sends nothing (same page as a known one),
# and the request does the same work for both: see accounts/password_reset.py.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_FORMS = {"reset_password": "helpcenter.accounts.forms.QueuedResetPasswordForm"}
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    # Ours (accounts/limits.py): invitations sent per person and per address, and
    # tries at an invitation link per address.
    "invite": env_str("INVITE_RATE_LIMIT", "30/h/user,60/h/ip"),
    "accept_invitation": "10/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# 1: agents, managers and admins must turn on TOTP before using the product.
REQUIRE_STAFF_2FA = env_bool("REQUIRE_STAFF_2FA", False)
# Agents may tag tickets with names not on the managers' list (docs/teams.md).
FREE_TAGS = env_bool("FREE_TAGS", False)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = COMPANY_NAME + " Help Center"  # noqa: F405

LANGUAGE_CODE = "pt-br"
LANGUAGES = [("pt-br", "Português (Brasil)"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# One date format per language (config/formats/en: day first, 24-hour times).
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True
TIME_ZONE = env_timezone("TIME_ZONE", "America/Sao_Paulo")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded files are never served by URL: downloads go through an access-checked view.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Security. Production (DEBUG off) gets the full set; `manage.py check --deploy` is clean.
# Content-Security-Policy on every page (django-csp): scripts and styles only
# from our own static files, no inline code anywhere; data: images for the
# TOTP QR code; no framing, no plugins, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_FAILURE_VIEW = "helpcenter.core.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# LOG_FORMAT=json (the default with DEBUG off): one JSON object per line with the
# request id; plain text otherwise. helpcenter/core/request_ids.py.
LOG_FORMAT = env_str("LOG_FORMAT", "") or ("plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "helpcenter.core.request_ids.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "helpcenter.core.request_ids.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # fpdf2 subsets fonts with fontTools, which narrates every glyph at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
