"""The REST API v1: django-ninja, one NinjaAPI with its OpenAPI document and docs page.

HTTP only: every route reads through selectors (scoped to the token's person, a
foreign object is 404) and changes through the same actions as the pages.
"""

from __future__ import annotations

from ninja import NinjaAPI

from helpcenter.api import directory, errors, tickets, workflow
from helpcenter.api.auth import TokenAuth

api = NinjaAPI(
    title="Helpcenter API",
    version="1",
    description=(
        "Tickets, their conversation, files and SLA, for client users and the support "
        "team. Authenticate with a personal token: `Authorization: Bearer <token>` "
        "(Preferences → API tokens, or `manage.py create_api_token`)."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)
api.add_router("", tickets.router)
api.add_router("", workflow.router)
api.add_router("", directory.router)
