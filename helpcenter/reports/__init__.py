"""Read-only figures: SLA compliance, working times, backlog, volume, breaches.

Selectors over the stored clocks and tickets, scoped by
`accounts.access.organizations_reported_to`, rendered by `reports/views.py`
(page, SVG charts, CSV). Reports change nothing, so this package has no actions.
"""
