"""What the API reads and writes. Codes are stable English (`open`, `P1`, `incident`);
writes refuse unknown fields (extra="forbid") so a typo is an error, not a no-op."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

# An id a database can hold (PostgreSQL's bigint): larger numbers are input errors,
# never a query that fails.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
TicketType = Literal["incident", "request"]
PriorityCode = Literal["P1", "P2", "P3", "P4", "planned"]
StatusCode = Literal["open", "in_progress", "waiting_on_client", "resolved", "closed"]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class Ref(Schema):
    id: int
    name: str


class SlaTarget(Schema):
    due_at: datetime | None
    met_at: datetime | None
    breached: bool
    paused: bool


class Sla(Schema):
    first_response: SlaTarget | None = None
    triage: SlaTarget | None = None
    resolution: SlaTarget | None = None
    planned: SlaTarget | None = None


class TicketOut(Schema):
    id: int
    number: str
    type: TicketType
    priority: PriorityCode
    status: StatusCode
    title: str
    description: str
    service: Ref
    organization: Ref
    requester: Ref
    assignee: Ref | None
    participants: list[Ref]
    channel: Literal["portal", "phone", "email", "api"]
    planned_start: date | None
    planned_end: date | None
    created_at: datetime
    updated_at: datetime
    version: int
    sla: Sla


class TicketPage(Schema):
    items: list[TicketOut]
    next: str | None = Field(None, description="cursor of the next page (absent: the last)")


class TicketIn(Strict):
    type: TicketType
    priority: PriorityCode
    service: Id
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=100_000)
    participants: list[Id] = Field(default_factory=list, max_length=50)
    planned_start: date | None = None
    planned_end: date | None = None
    requester: Id | None = Field(
        None, description="support team only: the client user the ticket is for"
    )


class TicketPatch(Strict):
    """The fields a caller may change: support staff the priority (with a reason) and the
    assignee; any party adds people in copy."""

    priority: PriorityCode | None = None
    reason: str = Field("", max_length=1000)
    assignee: Id | None = None
    add_participants: list[Id] = Field(default_factory=list, max_length=50)


class TriageIn(Strict):
    type: TicketType
    priority: PriorityCode
    service: Id
    assignee: Id
    reason: str = Field("", max_length=1000)


class AssignIn(Strict):
    assignee: Id


class NoteIn(Strict):
    note: str = Field("", max_length=10_000)


class ReasonIn(Strict):
    reason: str = Field(min_length=1, max_length=10_000)


class Empty(Strict):
    pass


class CommentIn(Strict):
    body: str = Field(min_length=1, max_length=100_000)
    internal: bool = False


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    created_at: datetime
    url: str


class CommentOut(Schema):
    id: int
    author: Ref
    body: str
    internal: bool
    created_at: datetime
    attachments: list[AttachmentOut]


class ServiceOut(Schema):
    id: int
    name: str
    in_production: bool


class OrganizationOut(Schema):
    id: int
    name: str
    services: list[ServiceOut]


class OnCallOut(Schema):
    rota: str
    person: Ref | None


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)
