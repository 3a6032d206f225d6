from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from helpcenter.accounts import actions, limits
from helpcenter.accounts import login_address as login_address_tokens
from helpcenter.accounts.access import (
    access_invitation,
    access_managed_organization,
    access_member,
    organizations_managed_by,
)
from helpcenter.accounts.forms import (
    AcceptInvitationForm,
    InviteForm,
    LoginAddressForm,
    PreferencesForm,
)
from helpcenter.accounts.models import User
from helpcenter.core.http import AuthedRequest


@never_cache
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_invalid.html", {"signed_in": True}, status=400)
    if actions.account_exists(invitation.email):
        # Only the mailbox's owner reaches this page, so telling them is no leak.
        return render(
            request, "accounts/invitation_invalid.html", {"has_account": True}, status=409
        )
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and not limits.allowed(request, "accept_invitation"):
        form.add_error(None, _("Too many attempts. Try again in a minute."))
    elif request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invitation(
                token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except PermissionDenied:
            return render(request, "accounts/invitation_invalid.html", status=404)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your access is ready."))
        return redirect("home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@login_required
def organization_list(request: AuthedRequest) -> HttpResponse:
    organizations = organizations_managed_by(request.user)
    if not organizations.exists():
        raise Http404
    if organizations.count() == 1:
        return redirect("accounts:people", org_id=organizations.get().pk)
    return render(request, "accounts/organization_list.html", {"organizations": organizations})


@login_required
def people(request: AuthedRequest, org_id: int) -> HttpResponse:
    organization = access_managed_organization(request.user, org_id)
    form = InviteForm(request.POST or None, inviter=request.user, organization=organization)
    if request.method == "POST" and not limits.allowed(request, "invite"):
        form.add_error(None, _("Too many invitations for now. Try again later."))
    elif request.method == "POST" and form.is_valid():
        actions.invite_user(
            organization=organization,
            actor=request.user,
            **form.cleaned_data,
        )
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("accounts:people", org_id=organization.pk)
    context = {
        "organization": organization,
        "members": organization.users.order_by("-is_active", "full_name", "email"),
        "invitations": organization.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        ).select_related("invited_by"),
        "services": organization.services.all(),
        "form": form,
    }
    return render(request, "accounts/people.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke_invitation(request: AuthedRequest, org_id: int, invitation_id: int) -> HttpResponse:
    organization = access_managed_organization(request.user, org_id)
    invitation = access_invitation(organization, invitation_id)
    actions.revoke_invitation(invitation, actor=request.user)
    messages.success(request, _("Invitation revoked."))
    return redirect("accounts:people", org_id=organization.pk)


@login_required
@require_POST
def deactivate_member(request: AuthedRequest, org_id: int, user_id: int) -> HttpResponse:
    organization = access_managed_organization(request.user, org_id)
    member = access_member(organization, user_id)
    try:
        actions.deactivate_user(member, actor=request.user)
    except PermissionDenied:
        messages.error(request, _("You cannot deactivate this account."))
    else:
        messages.success(request, _("%(name)s can no longer sign in.") % {"name": member})
    return redirect("accounts:people", org_id=organization.pk)


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f != "notices"}
        if form.muted() != sorted(user.muted_notices or ()):
            changes["muted_notices"] = form.muted()
        if changes:
            # The form validated against the instance; re-read so the action sees stored values.
            user.refresh_from_db()
            actions.update_preferences(user, changes=changes, actor=user)
        # Said in the language just chosen, not the one the request started in.
        with translation.override(user.language):
            messages.success(request, _("Preferences saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switch, for everyone: a signed-in person's choice is saved to
    their preferences (so it holds on every device and in their e-mails); anyone else
    gets the language cookie."""
    code = request.POST.get("language", "")
    target = request.POST.get("next", "") or "/"
    # A path on this site only: `redirect()` would read a bare word ("1") as a URL name.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        user = cast(User, request.user)
        if user.language != code:
            actions.update_preferences(user, changes={"language": code}, actor=user)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


REFUSALS = {
    "link": _lazy(
        "This link is not valid: it expired, was already used, or was sent to"
        " another account. Ask for a new one."
    ),
    "taken": _lazy("This address cannot be used. Choose another one."),
    "domain": _lazy("Your organization does not allow login e-mails at this domain."),
    "same": _lazy("This is already your login e-mail."),
}


@login_required
@never_cache
def login_address(request: AuthedRequest) -> HttpResponse:
    """Change the login e-mail: a link goes to the new address; nothing changes until it
    is opened (accounts/login_address.py)."""
    form = LoginAddressForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_login_address_change(
                request.user, new_email=form.cleaned_data["email"], actor=request.user
            )
        except actions.AddressRefused as refused:
            form.add_error("email", str(REFUSALS[str(refused)]))
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Open it while signed in to finish the change.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:preferences")
    return render(
        request, "accounts/login_address.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@never_cache
def confirm_login_address(request: AuthedRequest, token: str) -> HttpResponse:
    """The link from the new address: a page with a button (a GET changes nothing, so
    mail scanners that follow links cannot make the change)."""
    change = login_address_tokens.read_token(token)
    usable = (
        change is not None
        and change.user_id == request.user.pk
        and change.old == request.user.email
    )
    if request.method == "POST" and usable:
        try:
            actions.change_login_address(token, actor=request.user)
        except actions.AddressRefused as refused:
            messages.error(request, str(REFUSALS[str(refused)]))
            return redirect("accounts:login_address")
        messages.success(
            request, _("Your login e-mail is now %(email)s.") % {"email": request.user.email}
        )
        return redirect("accounts:preferences")
    return render(
        request,
        "accounts/login_address_confirm.html",
        {"change": change if usable else None, "refused": REFUSALS["link"]},
        status=200 if usable else 404,
    )


def not_offered(request: HttpRequest, key: str = "") -> HttpResponse:
    """allauth's e-mail confirmation pages: this product has no secondary addresses."""
    raise Http404
