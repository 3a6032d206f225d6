"""Answering the survey: from the e-mail's link (the token is the credential, no
sign-in needed) or on the ticket page (the requester, signed in).

A GET never answers (mail scanners open links): the link's `?rating=` only
preselects the choice on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpcenter.core.http import AuthedRequest
from helpcenter.satisfaction.actions import SurveyClosed, answer_survey, closed_reason
from helpcenter.satisfaction.forms import SurveyForm
from helpcenter.satisfaction.selectors import open_survey, survey_for_token
from helpcenter.tickets.selectors import access_ticket


def _closed(request: HttpRequest, survey, reason: str) -> HttpResponse:
    return render(
        request, "satisfaction/survey.html", {"survey": survey, "closed": True, "reason": reason}
    )


def answer(request: HttpRequest, token: str) -> HttpResponse:
    survey = survey_for_token(token)
    if survey is None:
        raise Http404
    if not survey.is_open():
        return _closed(request, survey, closed_reason(survey))
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                survey = answer_survey(survey, **form.cleaned_data)
            except SurveyClosed as exc:
                return _closed(request, survey, str(exc))
            changing = SurveyForm(initial={"rating": survey.rating, "comment": survey.comment})
            return render(
                request,
                "satisfaction/survey.html",
                {"survey": survey, "thanks": True, "form": changing},
            )
        status = 400
    else:
        # The e-mail's link preselects the rating and a small script sends it at once
        # (one click); a GET alone never answers, so mail scanners record nothing.
        rating = request.GET.get("rating", "")
        chosen = rating in ("good", "bad")
        initial = {"rating": rating} if chosen else None
        if survey.answered_at and not chosen:
            initial = {"rating": survey.rating, "comment": survey.comment}
        form = SurveyForm(initial=initial)
        status = 200
        return render(
            request,
            "satisfaction/survey.html",
            {"survey": survey, "form": form, "autosubmit": chosen and not survey.answered_at},
        )
    return render(
        request, "satisfaction/survey.html", {"survey": survey, "form": form}, status=status
    )


@login_required
@require_POST
def answer_on_ticket(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    survey = open_survey(ticket, request.user)
    if survey is None:
        raise Http404
    form = SurveyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose good or bad."))
        return redirect("portal:ticket_detail", pk=ticket.pk)
    try:
        answer_survey(survey, **form.cleaned_data)
    except SurveyClosed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you for your answer."))
    return redirect("portal:ticket_detail", pk=ticket.pk)
