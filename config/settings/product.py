"""The product's own settings: the site, mail out and in, the contract's public
facts, the API and the worker's schedules (imported by base.py). See .env.example.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

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
# Major incidents: a public status page and Atom feed (/status/public/) with no client
# names; off by default (each client's signed-in page is always there).
STATUS_PAGE_PUBLIC = env_bool("STATUS_PAGE_PUBLIC", False)
REOPEN_WINDOW_DAYS = env_int("REOPEN_WINDOW_DAYS", 7, minimum=0)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7, minimum=1)
