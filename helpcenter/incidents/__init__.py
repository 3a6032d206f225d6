"""Major incidents: one outage that causes many clients' tickets, declared once, its
tickets linked, everyone updated at once, resolved together (docs/incidents.md)."""
