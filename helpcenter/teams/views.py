"""The managers' configuration pages (/console/teams/): teams and routing rules.

Everyone else gets a 404, like any page that is not theirs."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpcenter.core.http import AuthedRequest
from helpcenter.teams import actions
from helpcenter.teams.forms import RuleForm, TagForm, TeamForm
from helpcenter.teams.models import RoutingRule, Tag, Team
from helpcenter.teams.selectors import all_tags, rules_for_config, stale_rules, teams_for_config


def _posted(request: AuthedRequest):
    """The POST data, even empty (an empty POST is a form sent blank: errors, not a
    fresh form)."""
    return request.POST if request.method == "POST" else None


def _require_manager(request: AuthedRequest) -> None:
    if not actions.can_shape_desk(request.user):
        raise Http404


@login_required
def team_list(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    form = TeamForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        team = actions.save_team(form, actor=request.user)
        messages.success(request, _("Team %(name)s saved.") % {"name": team.name})
        return redirect("teams:list")
    return render(
        request,
        "teams/list.html",
        {"teams": teams_for_config(), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def team_edit(request: AuthedRequest, team_id: int) -> HttpResponse:
    _require_manager(request)
    team = get_object_or_404(Team, pk=team_id)
    form = TeamForm(_posted(request), instance=team)
    if request.method == "POST" and form.is_valid():
        actions.save_team(form, actor=request.user)
        messages.success(request, _("Team %(name)s saved.") % {"name": team.name})
        return redirect("teams:list")
    return render(
        request, "teams/edit.html", {"team": team, "form": form}, status=400 if form.errors else 200
    )


@login_required
def rule_list(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    last = rules_for_config().order_by("-position").values_list("position", flat=True).first()
    form = RuleForm(_posted(request), initial={"position": (last or 0) + 10})
    if request.method == "POST" and form.is_valid():
        rule = actions.save_rule(form, actor=request.user)
        messages.success(request, _("Rule %(name)s saved.") % {"name": rule.name})
        return redirect("teams:rules")
    return render(
        request,
        "teams/rules.html",
        {"rules": rules_for_config(), "stale": stale_rules(), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def rule_edit(request: AuthedRequest, rule_id: int) -> HttpResponse:
    _require_manager(request)
    rule = get_object_or_404(RoutingRule, pk=rule_id)
    form = RuleForm(_posted(request), instance=rule)
    if request.method == "POST" and form.is_valid():
        actions.save_rule(form, actor=request.user)
        messages.success(request, _("Rule %(name)s saved.") % {"name": rule.name})
        return redirect("teams:rules")
    return render(
        request,
        "teams/rule_edit.html",
        {"rule": rule, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def rule_delete(request: AuthedRequest, rule_id: int) -> HttpResponse:
    _require_manager(request)
    rule = get_object_or_404(RoutingRule, pk=rule_id)
    actions.delete_rule(rule, actor=request.user)
    messages.success(request, _("Rule deleted."))
    return redirect("teams:rules")


@login_required
def tag_list(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    form = TagForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        tag = actions.save_tag(form, actor=request.user)
        messages.success(request, _("Tag %(name)s saved.") % {"name": tag.name})
        return redirect("teams:tags")
    return render(
        request,
        "teams/tags.html",
        {"tags": all_tags(), "form": form, "free_tags": settings.FREE_TAGS},
        status=400 if form.errors else 200,
    )


@login_required
def tag_edit(request: AuthedRequest, tag_id: int) -> HttpResponse:
    _require_manager(request)
    tag = get_object_or_404(Tag, pk=tag_id)
    form = TagForm(_posted(request), instance=tag)
    if request.method == "POST" and form.is_valid():
        actions.save_tag(form, actor=request.user)
        messages.success(request, _("Tag %(name)s saved.") % {"name": tag.name})
        return redirect("teams:tags")
    return render(
        request,
        "teams/tag_edit.html",
        {"tag": tag, "form": form},
        status=400 if form.errors else 200,
    )
