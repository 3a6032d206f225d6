"""Satisfaction on close: one short survey to the requester when a ticket is resolved.

The survey is offered by listening to the audit trail (a `ticket.resolved`
event, in the resolving transaction), so the ticket domain knows nothing of it.
The link in the e-mail carries a token (only its hash is stored) that works once
and expires; the requester can answer on the ticket's page too. Answers are
audit events, shown to the agent, and counted by the reports.
"""
