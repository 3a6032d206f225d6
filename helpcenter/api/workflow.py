"""/api/v1/tickets/{id}/...: transitions, comments, files and the SLA of one ticket."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja import Status as Answer
from ninja.files import UploadedFile

from helpcenter.api import present
from helpcenter.api.auth import caller
from helpcenter.api.contract import REFUSED, STALE, answers, extra
from helpcenter.api.errors import FieldErrors
from helpcenter.api.schemas import (
    AssignIn,
    AttachmentOut,
    CommentIn,
    CommentOut,
    Empty,
    NoteIn,
    ReasonIn,
    Sla,
    TicketOut,
    TriageIn,
)
from helpcenter.api.selectors import api_ticket, person, service_for, valid_id
from helpcenter.api.tickets import expected_version, via_api
from helpcenter.tickets import actions
from helpcenter.tickets.attachments import validate_uploads
from helpcenter.tickets.selectors import access_attachment, opening_files, visible_comments
from helpcenter.tickets.statuses import Status

router = Router(tags=["ticket workflow"])


def _staff(user, field: str, pk: int):
    found = person(pk)
    if found is None or not found.is_support_staff or not found.is_active:
        raise FieldErrors({field: [_("Choose a member of the support team.")]})
    return found


def _done(user, ticket_id: int) -> dict:
    return present.ticket(api_ticket(user, ticket_id))


@router.post(
    "/tickets/{int:ticket_id}/triage",
    response=answers({200: TicketOut}, REFUSED, STALE),
    openapi_extra=extra(if_match=True),
    url_name="ticket_triage",
)
def triage(request: HttpRequest, ticket_id: int, payload: TriageIn):
    user = caller(request)
    ticket = api_ticket(user, ticket_id)
    service = service_for(payload.service)
    if service is None or service.organization_id != ticket.organization_id:
        raise FieldErrors({"service": [_("Choose one of the organization's services.")]})
    with via_api(request):
        actions.triage_ticket(
            ticket,
            ticket_type=payload.type,
            priority=payload.priority,
            service=service,
            assignee=_staff(user, "assignee", payload.assignee),
            actor=user,
            reason=payload.reason,
            expected_version=expected_version(request),
        )
    return _done(user, ticket_id)


@router.post(
    "/tickets/{int:ticket_id}/assign",
    response=answers({200: TicketOut}, REFUSED, STALE),
    openapi_extra=extra(if_match=True),
    url_name="ticket_assign",
)
def assign(request: HttpRequest, ticket_id: int, payload: AssignIn):
    user = caller(request)
    ticket = api_ticket(user, ticket_id)
    with via_api(request):
        actions.assign_ticket(
            ticket,
            assignee=_staff(user, "assignee", payload.assignee),
            actor=user,
            expected_version=expected_version(request),
        )
    return _done(user, ticket_id)


def _move(request, ticket_id: int, action, **fields) -> dict:
    """One transition: the ticket as the caller may see it, the action under the token's
    name and based on the version the caller sent (If-Match), the ticket after it."""
    user = caller(request)
    ticket = api_ticket(user, ticket_id)
    with via_api(request):
        action(ticket, actor=user, expected_version=expected_version(request), **fields)
    return _done(user, ticket_id)


@router.post(
    "/tickets/{int:ticket_id}/wait",
    response=answers({200: TicketOut}, REFUSED, STALE),
    openapi_extra=extra(if_match=True),
    url_name="ticket_wait",
)
def wait_on_client(request: HttpRequest, ticket_id: int, payload: Empty):
    """Waiting on the client: the resolution clock pauses."""
    return _move(request, ticket_id, actions.change_status, status=Status.WAITING_ON_CLIENT)


@router.post(
    "/tickets/{int:ticket_id}/resume",
    response=answers({200: TicketOut}, REFUSED, STALE),
    openapi_extra=extra(if_match=True),
    url_name="ticket_resume",
)
def back_to_work(request: HttpRequest, ticket_id: int, payload: Empty):
    return _move(request, ticket_id, actions.change_status, status=Status.IN_PROGRESS)


@router.post(
    "/tickets/{int:ticket_id}/resolve",
    response=answers({200: TicketOut}, REFUSED, STALE),
    openapi_extra=extra(if_match=True),
    url_name="ticket_resolve",
)
def resolve(request: HttpRequest, ticket_id: int, payload: NoteIn):
    return _move(request, ticket_id, actions.resolve_ticket, note=payload.note)


@router.post(
    "/tickets/{int:ticket_id}/reopen",
    response=answers({200: TicketOut}, REFUSED, STALE),
    openapi_extra=extra(if_match=True),
    url_name="ticket_reopen",
)
def reopen(request: HttpRequest, ticket_id: int, payload: ReasonIn):
    return _move(request, ticket_id, actions.reopen_ticket, reason=payload.reason)


@router.post(
    "/tickets/{int:ticket_id}/close",
    response=answers({200: TicketOut}, REFUSED, STALE),
    openapi_extra=extra(if_match=True),
    url_name="ticket_close",
)
def close(request: HttpRequest, ticket_id: int, payload: Empty):
    return _move(request, ticket_id, actions.close_ticket)


@router.get(
    "/tickets/{int:ticket_id}/sla",
    response=answers({200: Sla}),
    openapi_extra=extra(),
    url_name="ticket_sla",
)
def sla(request: HttpRequest, ticket_id: int):
    ticket = api_ticket(caller(request), ticket_id)
    return present.sla(ticket.sla_clocks.all())


@router.get(
    "/tickets/{int:ticket_id}/comments",
    response=answers({200: list[CommentOut]}),
    openapi_extra=extra(),
    url_name="comment_list",
)
def comments(request: HttpRequest, ticket_id: int):
    user = caller(request)
    ticket = api_ticket(user, ticket_id)
    return [present.comment(c) for c in visible_comments(user, ticket).order_by("created_at", "id")]


@router.post(
    "/tickets/{int:ticket_id}/comments",
    response=answers({201: CommentOut}, REFUSED, STALE),
    openapi_extra=extra(if_match=True),
    url_name="comment_create",
    summary="A public reply, or an internal note (support team only)",
)
def add_comment(request: HttpRequest, ticket_id: int, payload: CommentIn):
    user = caller(request)
    ticket = api_ticket(user, ticket_id)
    if payload.internal and not user.is_support_staff:
        raise FieldErrors({"internal": [_("You may not set this field.")]})
    add = actions.add_internal_note if payload.internal else actions.add_reply
    with via_api(request):
        comment = add(
            ticket, body=payload.body, actor=user, expected_version=expected_version(request)
        )
    return Answer(201, present.comment(comment))


@router.post(
    "/tickets/{int:ticket_id}/attachments",
    response=answers({201: CommentOut}, REFUSED),
    openapi_extra=extra(),
    url_name="attachment_upload",
    summary="Send files (multipart field `files`), as a public reply with an optional `body`",
)
def upload(
    request: HttpRequest,
    ticket_id: int,
    files: File[list[UploadedFile]],
    body: Form[str] = "",
):
    user = caller(request)
    ticket = api_ticket(user, ticket_id)
    if "\x00" in body:
        raise FieldErrors({"body": [_("The text contains a NUL character.")]})
    try:
        validate_uploads(list(files))
    except Exception as exc:  # django ValidationError: one message per file
        raise FieldErrors({"files": list(getattr(exc, "messages", [str(exc)]))}) from exc
    text = body.strip() or _("Files attached: %(names)s") % {
        "names": ", ".join(f.name or "" for f in files)
    }
    with via_api(request):
        comment = actions.add_reply(ticket, body=text, actor=user, attachments=list(files))
    return Answer(201, present.comment(comment))


@router.get(
    "/tickets/{int:ticket_id}/attachments",
    response=answers({200: list[AttachmentOut]}),
    openapi_extra=extra(),
    url_name="attachment_list",
)
def attachments(request: HttpRequest, ticket_id: int):
    user = caller(request)
    ticket = api_ticket(user, ticket_id)
    files = list(opening_files(ticket))
    for c in visible_comments(user, ticket):
        files.extend(c.attachments.all())
    return [present.attachment(a) for a in sorted(files, key=lambda a: a.pk)]


@router.get(
    "/tickets/{int:ticket_id}/attachments/{int:attachment_id}",
    url_name="attachment_download",
    response=answers({200: None}),
    openapi_extra=extra(),
    summary="Download a file (always as an attachment)",
)
def download(request: HttpRequest, ticket_id: int, attachment_id: int):
    if not (valid_id(ticket_id) and valid_id(attachment_id)):
        raise Http404
    found = access_attachment(caller(request), ticket_id, attachment_id)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type="application/octet-stream",
    )
