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


def _form_page(request, form, save, *, done: str, back: str, template: str, context: dict):
    """A configuration form: saved through its action (then back to the list, `done`
    naming what was saved), or shown again with its errors (400)."""
    if request.method == "POST" and form.is_valid():
        saved = save(form, actor=request.user)
        messages.success(request, done % {"name": saved.name})
        return redirect(back)
    status = 400 if form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


@login_required
def team_list(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    return _form_page(
        request,
        TeamForm(_posted(request)),
        actions.save_team,
        done=_("Team %(name)s saved."),
        back="teams:list",
        template="teams/list.html",
        context={"teams": teams_for_config()},
    )


@login_required
def team_edit(request: AuthedRequest, team_id: int) -> HttpResponse:
    _require_manager(request)
    team = get_object_or_404(Team, pk=team_id)
    return _form_page(
        request,
        TeamForm(_posted(request), instance=team),
        actions.save_team,
        done=_("Team %(name)s saved."),
        back="teams:list",
        template="teams/edit.html",
        context={"team": team},
    )


@login_required
def rule_list(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    last = rules_for_config().order_by("-position").values_list("position", flat=True).first()
    return _form_page(
        request,
        RuleForm(_posted(request), initial={"position": (last or 0) + 10}),
        actions.save_rule,
        done=_("Rule %(name)s saved."),
        back="teams:rules",
        template="teams/rules.html",
        context={"rules": rules_for_config(), "stale": stale_rules()},
    )


@login_required
def rule_edit(request: AuthedRequest, rule_id: int) -> HttpResponse:
    _require_manager(request)
    rule = get_object_or_404(RoutingRule, pk=rule_id)
    return _form_page(
        request,
        RuleForm(_posted(request), instance=rule),
        actions.save_rule,
        done=_("Rule %(name)s saved."),
        back="teams:rules",
        template="teams/rule_edit.html",
        context={"rule": rule},
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
    return _form_page(
        request,
        TagForm(_posted(request)),
        actions.save_tag,
        done=_("Tag %(name)s saved."),
        back="teams:tags",
        template="teams/tags.html",
        context={"tags": all_tags(), "free_tags": settings.FREE_TAGS},
    )


@login_required
def tag_edit(request: AuthedRequest, tag_id: int) -> HttpResponse:
    _require_manager(request)
    tag = get_object_or_404(Tag, pk=tag_id)
    return _form_page(
        request,
        TagForm(_posted(request), instance=tag),
        actions.save_tag,
        done=_("Tag %(name)s saved."),
        back="teams:tags",
        template="teams/tag_edit.html",
        context={"tag": tag},
    )
