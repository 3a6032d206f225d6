"""What the API reads and writes. Codes are stable English (`open`, `P1`, `incident`);
writes refuse unknown fields (extra="forbid") so a typo is an error, not a no-op."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StrictBool, StrictInt
from pydantic_core import PydanticCustomError

# An id a database can hold (PostgreSQL's bigint): larger numbers are input errors,
# never a query that fails.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# In a JSON body an id is a JSON number: "5" or 5.0 is refused, not coerced.
BodyId = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store U+0000 in text; a NUL is never meant in a human's text.
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "The text contains a NUL character.")
    return value


# Free text a person wrote: anything but the NUL character.
Text = Annotated[str, AfterValidator(_no_nul)]
TagName = Annotated[str, AfterValidator(_no_nul), Field(min_length=1, max_length=50)]
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
    # The periodic-update target (P1/P2 after the first response): `due_at` is when the
    # next public update is due; `breached`, whether any update so far came late.
    update: SlaTarget | None = None
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
    team: Ref | None = Field(None, description="the team that owns it (routing sets it)")
    tags: list[str] = Field(
        default_factory=list, description="the support team's labels (empty for clients)"
    )
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
    service: BodyId
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field(min_length=1, max_length=100_000)
    participants: list[BodyId] = Field(default_factory=list, max_length=50)
    planned_start: date | None = None
    planned_end: date | None = None
    requester: BodyId | None = Field(
        None, description="support team only: the client user the ticket is for"
    )


class TicketPatch(Strict):
    """The fields a caller may change: support staff the priority (with a reason), the
    assignee, the team and the tags; any party adds people in copy."""

    priority: PriorityCode | None = Field(None, description="support team only (with a reason)")
    reason: Text = Field("", max_length=1000)
    assignee: BodyId | None = Field(None, description="support team only")
    add_participants: list[BodyId] = Field(default_factory=list, max_length=50)
    team: BodyId | None = Field(None, description="support team only: move it to this team")
    add_tags: list[TagName] = Field(
        default_factory=list, max_length=20, description="support team only"
    )
    remove_tags: list[TagName] = Field(
        default_factory=list, max_length=20, description="support team only"
    )


class TriageIn(Strict):
    type: TicketType
    priority: PriorityCode
    service: BodyId
    assignee: BodyId
    reason: Text = Field("", max_length=1000)


class AssignIn(Strict):
    assignee: BodyId


class NoteIn(Strict):
    note: Text = Field("", max_length=10_000)


class ReasonIn(Strict):
    reason: Text = Field(min_length=1, max_length=10_000)


class Empty(Strict):
    pass


class CommentIn(Strict):
    body: Text = Field(min_length=1, max_length=100_000)
    internal: StrictBool = Field(False, description="support team only: an internal note")


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
