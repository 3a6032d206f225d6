"""Helpcenter settings: one file, every value from the environment.

See .env.example for each variable. A bad value raises ImproperlyConfigured
naming the variable, which stops start-up.
"""

from __future__ import annotations

import os
import sys
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_str,
    env_timezone,
    load_dotenv,
)

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules or env_bool("HELPCENTER_TESTING", False)
if not TESTING and not env_bool("HELPCENTER_NO_DOTENV", False):
    # The local, git-ignored .env that `make run` writes on first run.
    load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)
_DEV_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_KEY if (DEBUG or TESTING) else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
if not DEBUG and not TESTING and SECRET_KEY == _DEV_KEY:
    raise ImproperlyConfigured("SECRET_KEY must not be the development key when DEBUG is off")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma
# separated): the audit trail records the client address seen through them only.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Where the worker e-mails the audit chain's daily checkpoint (empty: kept in the
# database only; see docs/audit.md).
AUDIT_CHECKPOINT_EMAIL = env_str("AUDIT_CHECKPOINT_EMAIL", "")
# /metrics through the site needs `Authorization: Bearer <METRICS_TOKEN>` (empty: 404).
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# host:port where the worker serves the same figures without a token (empty: off).
# Bind it where the reverse proxy does not forward (loopback, a private network).
METRICS_BIND = env_str("METRICS_BIND", "")
# How long the satisfaction survey's link works after a ticket is resolved.
SURVEY_DAYS = env_int("SURVEY_DAYS", 14)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, got {SITE_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
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
    "helpcenter.core.content_policy.CSPMiddleware",
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
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("COMPANY_NAME", "Hiperstream") + " Help Center"

LANGUAGE_CODE = "pt-br"
LANGUAGES = [("pt-br", "Português (Brasil)"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
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
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 10, minimum=1)
ATTACHMENT_MAX_FILES = env_int("ATTACHMENT_MAX_FILES", 10, minimum=1)
ATTACHMENT_EXTENSIONS = env_list(
    "ATTACHMENT_EXTENSIONS",
    [
        "pdf",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "txt",
        "log",
        "csv",
        "json",
        "xml",
        "zip",
        "gz",
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "ods",
        "eml",
    ],
)
# The largest body accepted at all (checked from Content-Length before reading):
# a message with the most files of the largest size, plus room for its fields.
REQUEST_MAX_MB = env_int("REQUEST_MAX_MB", ATTACHMENT_MAX_MB * ATTACHMENT_MAX_FILES + 2, minimum=1)
# What one person may keep staged (files of failed forms, kept for a day).
STAGING_QUOTA_MB = env_int("STAGING_QUOTA_MB", 3 * ATTACHMENT_MAX_MB, minimum=1)
STAGING_QUOTA_FILES = env_int("STAGING_QUOTA_FILES", 2 * ATTACHMENT_MAX_FILES, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail: delivered only by the worker, from the outbox.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Central de Ajuda <suporte@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 25, minimum=1)
# How long a worker's claim on an outbox row lasts without renewal (a killed
# worker's rows are sent by another after at most this); longer than EMAIL_TIMEOUT.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 30, minimum=5)
if EMAIL_TIMEOUT >= OUTBOX_LEASE_SECONDS:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be shorter than OUTBOX_LEASE_SECONDS")

# The support contract's public facts.
COMPANY_NAME = env_str("COMPANY_NAME", "Hiperstream")
SUPPORT_HOTLINE_PHONE = env_str("SUPPORT_HOTLINE_PHONE", "+55 11 5194-1410")
SUPPORT_HOTLINE_EMAIL = env_str("SUPPORT_HOTLINE_EMAIL", "plantao@hiperstream.example")
TICKET_PREFIX = env_str("TICKET_PREFIX", "HS")
# Who hears of SLA warnings on unassigned tickets (comma-separated addresses; empty:
# the people on call now, else the lead) and of breaches besides the assignee (the
# lead; empty: every active admin). Never every agent.
SUPPORT_TRIAGE_EMAIL = env_str("SUPPORT_TRIAGE_EMAIL", "")
SUPPORT_LEAD_EMAIL = env_str("SUPPORT_LEAD_EMAIL", "")
# REST API (/api/v1/): requests per token per minute, counted across processes.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 600, minimum=1)  # per person
API_TOKENS_PER_PERSON = env_int("API_TOKENS_PER_PERSON", 10, minimum=1)
API_BAD_TOKENS_PER_MINUTE = env_int("API_BAD_TOKENS_PER_MINUTE", 60, minimum=1)  # per address

# E-mail in (helpcenter/intake): mail to the hotline address (and INBOUND_EMAILS)
# becomes tickets; answers come back through signed reply addresses
# (SUPPORT_REPLY_EMAIL with a "+token" tag) or the thread headers.
INBOUND_EMAILS = env_list("INBOUND_EMAILS", [])
SUPPORT_REPLY_EMAIL = env_str(
    "SUPPORT_REPLY_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1] or "suporte@localhost"
)
REPLY_ADDRESS_DAYS = env_int("REPLY_ADDRESS_DAYS", 180, minimum=1)
INBOUND_MAX_MB = env_int("INBOUND_MAX_MB", 30, minimum=1)
# The authserv-id of the receiving server whose Authentication-Results header is
# believed (empty: the topmost header only, the one the last hop added). A DMARC
# failure there sets the message aside (docs/email.md).
INBOUND_AUTHSERV_ID = env_str("INBOUND_AUTHSERV_ID", "")
# Polling a mailbox (empty host: off). SECURITY is "ssl" (port 993) or "starttls" (143).
INBOUND_IMAP_HOST = env_str("INBOUND_IMAP_HOST", "")
INBOUND_IMAP_PORT = env_int("INBOUND_IMAP_PORT", 993, minimum=1)
INBOUND_IMAP_SECURITY = env_str("INBOUND_IMAP_SECURITY", "ssl")
if INBOUND_IMAP_SECURITY not in ("ssl", "starttls"):
    raise ImproperlyConfigured("INBOUND_IMAP_SECURITY must be ssl or starttls")
INBOUND_IMAP_USER = env_str("INBOUND_IMAP_USER", "")
INBOUND_IMAP_PASSWORD = env_str("INBOUND_IMAP_PASSWORD", "")
INBOUND_IMAP_FOLDER = env_str("INBOUND_IMAP_FOLDER", "INBOX")
# Where handled messages go (empty: they stay, marked \Seen).
INBOUND_IMAP_DONE_FOLDER = env_str("INBOUND_IMAP_DONE_FOLDER", "")
# A CA bundle to trust for the IMAP server (empty: the system's).
INBOUND_IMAP_CA_FILE = env_str("INBOUND_IMAP_CA_FILE", "")
INBOUND_IMAP_EVERY = env_int("INBOUND_IMAP_EVERY", 60, minimum=5)
INBOUND_IMAP_TIMEOUT = env_int("INBOUND_IMAP_TIMEOUT", 30, minimum=1)
# Non-urgent notices falling due together go out as one digest per person per window.
NOTICE_DIGEST_MINUTES = env_int("NOTICE_DIGEST_MINUTES", 5, minimum=0)
# The business calendar (by name, in SLA admin) during which the desk is staffed;
# outside it, P1/P2 tickets page the person on call.
ONCALL_BUSINESS_CALENDAR = env_str("ONCALL_BUSINESS_CALENDAR", "Horário comercial (São Paulo)")
REOPEN_WINDOW_DAYS = env_int("REOPEN_WINDOW_DAYS", 7, minimum=0)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7, minimum=1)

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
# Database sessions, read without the ORM's per-call query building (accounts/sessions.py).
SESSION_ENGINE = "helpcenter.accounts.sessions"
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
if TESTING:
    SECURE_SSL_REDIRECT = False

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

os.makedirs(STATIC_ROOT, exist_ok=True)
