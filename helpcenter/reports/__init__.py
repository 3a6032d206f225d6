"""Read-only figures (SLA compliance, statements), to come.

Selectors over the stored clocks and audit events, scoped like every read
(`accounts.access`), rendered by the console and exported by the API. Reports
change nothing, so this package has no actions.
"""
