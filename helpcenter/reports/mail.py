"""The statement e-mail, rendered at delivery with its PDF attached (built then, from
the organization and month the outbox row names)."""

from __future__ import annotations

from datetime import date

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from helpcenter.accounts.models import Organization
from helpcenter.core.links import absolute_url
from helpcenter.reports import statement


def render_statement(message) -> EmailMultiAlternatives | None:
    data = message.context
    organization = Organization.objects.filter(pk=data["organization_id"]).first()
    if organization is None:
        return None
    year, month = (int(x) for x in data["month"].split("-"))
    with (
        translation.override(message.language or None),
        timezone.override(message.time_zone or None),
    ):
        built = statement.build(organization, date(year, month, 1))
        context = {
            "organization": organization,
            "month_label": date_format(built.month, "YEAR_MONTH_FORMAT"),
            "overall": built.overall,
            "statements_url": absolute_url("reports:statements"),
        }
        subject = render_to_string("emails/monthly_statement.subject.txt", context).strip()
        text = render_to_string("emails/monthly_statement.txt", context)
        pdf = statement.to_pdf(built)
    email = EmailMultiAlternatives(" ".join(subject.split()), text, to=[message.to])
    email.attach(f"statement-{organization.pk}-{data['month']}.pdf", pdf, "application/pdf")
    return email
