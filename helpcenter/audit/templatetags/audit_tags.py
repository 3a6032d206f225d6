from django import template

from helpcenter.audit.readable import change_lines
from helpcenter.audit.readable import timeline_details as readable_timeline

register = template.Library()


@register.filter
def readable_change(data) -> list[str]:
    """An event's data as lines people read ("Status: Aberto → Em andamento")."""
    return change_lines(data)


@register.filter
def timeline_details(data) -> list[str]:
    """What a ticket's history shows beside an event's name (audit.readable)."""
    return readable_timeline(data)
