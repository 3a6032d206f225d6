"""Satisfaction on close: one short survey to the requester when a ticket is resolved.

The survey is offered by listening to the audit trail (a `ticket.resolved`
event, in the resolving transaction), so the ticket domain knows nothing of it.
The link in the e-mail carries a token (only its hash is stored); its page sends
the rating the link names at once (a GET alone records nothing), and the answer
can be changed or commented until the survey expires. A reopen closes the
resolution's survey; the next resolution gets its own. The requester can answer on
the ticket's page too. Answers and changes are audit events, shown to the agent,
and counted by the reports, once per resolution.
"""
