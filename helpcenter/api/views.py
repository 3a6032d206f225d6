"""Each person's API tokens: create (the secret is shown once), see last use, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from helpcenter.api import actions
from helpcenter.api.selectors import own_token, tokens_of
from helpcenter.core.http import AuthedRequest


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What uses it, e.g. “ERP integration”."),
    )


@login_required
def tokens(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = actions.create_token(
                request.user, name=form.cleaned_data["name"], actor=request.user
            )
        except actions.TooManyTokens as limit:
            form.add_error(
                None,
                ngettext(
                    "You have %(count)s token in use, the most a person may have: revoke it first.",
                    "You have %(count)s tokens in use, the most a person may have: "
                    "revoke one first.",
                    limit.args[0],
                )
                % {"count": limit.args[0]},
            )
        else:
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens_of(request.user), "secret": secret},
    )
    if secret:
        response["Cache-Control"] = "no-store"  # the secret must not stay in any cache
    return response


@login_required
@require_POST
def revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = own_token(request.user, token_id)
    if token is None:
        raise Http404
    actions.revoke_token(token, actor=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
