"""What the survey e-mail needs at delivery: the answer links (the ticket itself is
put in the context by the tickets app's builder, from `ticket_id`)."""

from __future__ import annotations

from typing import Any

from helpcenter.core.links import absolute_url


def survey_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    if "survey_id" in data:
        url = absolute_url("satisfaction:answer", data["token"])
        context["survey_url"] = url
        context["good_url"] = f"{url}?rating=good"
        context["bad_url"] = f"{url}?rating=bad"
