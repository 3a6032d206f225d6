"""Inbound channels (the hotline e-mail address), to come.

Parse the message, find the person and the ticket through selectors, then
call the same actions as the pages with `channel=` and the message as the
actor (`ActorKind.INBOUND_EMAIL`), so permissions, audit, SLA and
notifications behave as they do for a page.
"""
