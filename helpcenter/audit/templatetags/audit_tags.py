from django import template

from helpcenter.audit.readable import change_lines, timeline_details

register = template.Library()


@register.filter
def readable_change(data) -> list[str]:
    """An event's data as lines people read ("Status: Aberto → Em andamento")."""
    return change_lines(data)


register.filter("timeline_details", timeline_details)
