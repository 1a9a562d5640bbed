"""Administrators' pages: people and their roles, the security log, the change history."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts import actions
from prima.accounts.access import (
    audit_events_visible_to,
    deny,
    get_membership_for_user,
    get_user_for_user,
    staff_rights,
    users_visible_to,
)
from prima.accounts.audit import record_list_download
from prima.accounts.forms import GrantRoleForm, ProfileForm, SetPasswordForm, UserCreateForm
from prima.accounts.models import AuditEvent, Membership, Role, User
from prima.accounts.queries import audit_rows
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.history import describe
from prima.lib.views import page_of
from prima.registry.models import Agency, CoordinationRegion, Region, Service, ServiceUnit


def _require_user_manager(request: AuthenticatedHttpRequest) -> None:
    if not staff_rights(request.user).manage_users:
        deny(request.user, "user", "list", write=False)


@login_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_user_manager(request)
    q = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    users = users_visible_to(request.user)
    for word in q.split()[:6]:
        users = users.filter(
            Q(username__icontains=word) | Q(full_name__icontains=word) | Q(email__icontains=word)
        )
    if role in Role.values:
        users = users.filter(memberships__role=role).distinct()
    users = users.prefetch_related(
        "memberships__agency", "memberships__unit", "memberships__region"
    )
    page = page_of(request, users.order_by("full_name", "username"))
    context = {"page": page, "q": q, "role": role, "roles": Role.choices}
    template = (
        "accounts/user_list.html#results"
        if request.headers.get("HX-Request")
        else "accounts/user_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_user_manager(request)
    form = UserCreateForm(request.POST or None)
    grant_form = GrantRoleForm(request.POST or None, actor=request.user, prefix="grant")
    if request.method == "POST" and form.is_valid() and grant_form.is_valid():
        data = form.cleaned_data
        user = actions.create_user(
            actor=request.user,
            username=data["username"],
            full_name=data["full_name"],
            email=data["email"],
            password=data["password"],
            position=data["position"],
            phone=data["phone"],
            grant=grant_form.grant(),
        )
        messages.success(request, _("Account %(name)s created.") % {"name": user.username})
        return redirect("manage:user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form, "grant_form": grant_form})


@login_required
def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_user_for_user(request.user, pk)
    grant_form = GrantRoleForm(actor=request.user, prefix="grant")
    return render(
        request, "accounts/user_detail.html", _person_context(request, person, grant_form)
    )


def _person_context(
    request: AuthenticatedHttpRequest, person: User, grant_form: GrantRoleForm
) -> dict[str, Any]:
    return {
        "person": person,
        "memberships": person.memberships.select_related("agency", "unit", "region", "granted_by"),
        "grant_form": grant_form,
        "password_form": SetPasswordForm(user=person),
        "has_two_factor": person.totpdevice_set.filter(confirmed=True).exists(),  # type: ignore[attr-defined]
        "is_self": person.pk == request.user.pk,
    }


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_user_for_user(request.user, pk, write=True)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(person, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("manage:user_detail", pk=person.pk)
    title = _("Edit %(name)s") % {"name": person}
    return render(request, "accounts/form.html", {"form": form, "title": title})


@login_required
@require_POST
def user_grant(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_user_for_user(request.user, pk, write=True)
    form = GrantRoleForm(request.POST, actor=request.user, prefix="grant")
    if form.is_valid():
        actions.grant_role(person, actor=request.user, **form.grant())
        messages.success(request, _("Role granted."))
        return redirect("manage:user_detail", pk=person.pk)
    context = _person_context(request, person, form)
    return render(request, "accounts/user_detail.html", context, status=400)


@login_required
@require_POST
def membership_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    person_pk = membership.user_id
    try:
        actions.revoke_role(membership, actor=request.user)
    except ValueError:
        messages.error(request, _("The last national administrator cannot lose the role."))
    else:
        messages.success(request, _("Role revoked."))
    if users_visible_to(request.user).filter(pk=person_pk).exists():
        return redirect("manage:user_detail", pk=person_pk)
    return redirect("manage:user_list")


@login_required
@require_POST
def user_set_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_user_for_user(request.user, pk, write=True)
    active = request.POST.get("active") == "1"
    try:
        actions.set_active(person, actor=request.user, active=active)
    except ValueError:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        messages.success(
            request, _("Account reactivated.") if active else _("Account deactivated.")
        )
    return redirect("manage:user_detail", pk=person.pk)


@login_required
@require_POST
def user_set_password(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_user_for_user(request.user, pk, write=True)
    form = SetPasswordForm(request.POST, user=person)
    if form.is_valid():
        actions.set_password(person, actor=request.user, password=form.cleaned_data["password"])
        messages.success(request, _("Password set. The person's other sessions were signed out."))
    else:
        for error in form.errors.get("password", []):
            messages.error(request, str(error))
    return redirect("manage:user_detail", pk=person.pk)


@login_required
@require_POST
def user_reset_two_factor(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """For a lost phone: remove the person's authenticator; they set up a new one."""
    person = get_user_for_user(request.user, pk, write=True)
    try:
        actions.disable_two_factor(person, actor=request.user)
    except ValueError:
        messages.error(request, _("National administrators must keep two-factor sign-in."))
    else:
        messages.success(
            request,
            _(
                "Two-factor sign-in was reset. The person can set up a new authenticator; "
                "national administrators must do so at their next sign-in."
            ),
        )
    return redirect("manage:user_detail", pk=person.pk)


@login_required
def user_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_user_for_user(request.user, pk)
    records = (
        list(
            User.history.filter(id=person.pk)
            .select_related("history_user")
            .order_by("-history_date")[:200]  # type: ignore[attr-defined]
        )
        + list(
            Membership.history.filter(user_id=person.pk)
            .select_related("history_user")
            .order_by("-history_date")[:200]  # type: ignore[attr-defined]
        )
    )
    records.sort(key=lambda r: r.history_date, reverse=True)
    page = page_of(request, records, 50)
    context = {"object": person, "page": page, "changes": describe(page.object_list)}
    return render(request, "registry/history.html", context)


# --- security log ---------------------------------------------------------------------------
def _parse_day(value: str) -> datetime | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    events = audit_events_visible_to(request.user).select_related("actor", "agency")
    kind = request.GET.get("kind", "")
    if kind in AuditEvent.Kind.values:
        events = events.filter(kind=kind)
    who = request.GET.get("who", "").strip()[:150]
    if who:
        events = events.filter(username__icontains=who)
    since = _parse_day(request.GET.get("since", ""))
    if since:
        events = events.filter(at__gte=since)
    until = _parse_day(request.GET.get("until", ""))
    if until:
        events = events.filter(at__lt=until + timedelta(days=1))
    if request.GET.get("format") == "csv":
        # Staff's names and addresses leave Prima: recorded like every personal list.
        record_list_download(request.user, "security_log")
        header = [
            "time_utc",
            "event",
            "user",
            "ip",
            "method",
            "path",
            "object_type",
            "object",
            "agency",
            "detail",
        ]
        rows = (
            [
                e.at.isoformat(),
                e.kind,
                e.username,
                e.ip,
                e.method,
                e.path,
                e.target_type,
                e.target_id,
                e.agency.code if e.agency else "",
                e.detail,
            ]
            for e in events.iterator(chunk_size=1000)
        )
        return stream_csv("prima-audit-log.csv", header, rows, dialect=dialect_of(request.GET))
    page = page_of(request, events, 50)
    context = {
        "page": page,
        "rows": audit_rows(page.object_list),
        "kinds": AuditEvent.Kind.choices,
        "kind": kind,
        "who": who,
        "since": request.GET.get("since", ""),
        "until": request.GET.get("until", ""),
        "query": request.GET.urlencode(),
    }
    return render(request, "accounts/audit_log.html", context)


# --- change history across the registry and accounts ----------------------------------------
CHANGE_SOURCES: dict[str, Any] = {
    "agency": Agency,
    "unit": ServiceUnit,
    "service": Service,
    "region": Region,
    "coordination_region": CoordinationRegion,
    "user": User,
    "membership": Membership,
}


@login_required
def changes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The latest changes to registry and account records (national administrators)."""
    if not staff_rights(request.user).read_changes:
        deny(request.user, "history", "all", write=False)
    source = request.GET.get("source", "")
    models = [CHANGE_SOURCES[source]] if source in CHANGE_SOURCES else list(CHANGE_SOURCES.values())
    records: list[Any] = []
    for model in models:
        records.extend(model.history.select_related("history_user").order_by("-history_date")[:200])
    records.sort(key=lambda r: r.history_date, reverse=True)
    page = page_of(request, records[:200], 50)
    context = {
        "page": page,
        "changes": describe(page.object_list),
        "sources": [
            (key, model._meta.verbose_name_plural) for key, model in CHANGE_SOURCES.items()
        ],
        "source": source,
    }
    return render(request, "accounts/changes.html", context)
