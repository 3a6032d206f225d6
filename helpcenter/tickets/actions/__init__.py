"""Every state change of a ticket: one function, one transaction, one audit event.

Views, the console, the worker, the API and e-mail intake call these
and nothing else to change a ticket. Each takes a required keyword `actor`
(None only for the system's own jobs), locks the ticket row, checks who may
make the change and from which status (`tickets/statuses.py`), writes the audit
event and the outbox rows, and bumps the ticket's version.

One module per domain of change; `steps` holds what they share.
"""

from helpcenter.tickets.actions.conversation import (
    add_internal_note,
    add_participants,
    add_reply,
)
from helpcenter.tickets.actions.lifecycle import (
    agree_window,
    change_status,
    close_ticket,
    reopen_ticket,
    resolve_ticket,
)
from helpcenter.tickets.actions.merging import link_tickets, merge_ticket
from helpcenter.tickets.actions.opening import open_ticket, open_ticket_from_form
from helpcenter.tickets.actions.steps import StaleTicket
from helpcenter.tickets.actions.tagging import tag_ticket
from helpcenter.tickets.actions.team import change_team
from helpcenter.tickets.actions.triage import assign_ticket, change_priority, triage_ticket

__all__ = [
    "StaleTicket",
    "add_internal_note",
    "add_participants",
    "add_reply",
    "agree_window",
    "assign_ticket",
    "change_priority",
    "change_status",
    "change_team",
    "close_ticket",
    "link_tickets",
    "merge_ticket",
    "open_ticket",
    "open_ticket_from_form",
    "reopen_ticket",
    "resolve_ticket",
    "tag_ticket",
    "triage_ticket",
]
