"""Roles of people (the enums live in the leaf module core/choices.py)."""

from helpcenter.core.choices import CLIENT_ROLES, STAFF_ROLES, Role

__all__ = ["CLIENT_ROLES", "STAFF_ROLES", "Role"]
