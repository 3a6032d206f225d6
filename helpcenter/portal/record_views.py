"""Downloads of a ticket's record: the PDF a client or an agent keeps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from helpcenter.core.http import AuthedRequest
from helpcenter.tickets.selectors import access_ticket


@login_required
def ticket_record_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    from helpcenter.portal.record_pdf import ticket_record  # fpdf2 only where a PDF is printed

    ticket = access_ticket(request.user, pk)
    response = HttpResponse(ticket_record(request.user, ticket), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{ticket.number}.pdf"'
    return response
