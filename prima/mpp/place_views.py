"""Staff pages of the MPP as a place, under /manage/mpp/: the list of MPPs in the user's scope,
creating a unit's MPP profile, the MPP's page (tenants, counters, services, closures) and the
forms that change them.

Views parse input, fetch through prima.mpp.access, call an action or a query, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.uploads import serve
from prima.lib.views import attempt, flash_form_errors, form_page, page_of, query_without
from prima.mpp import access
from prima.mpp import place_actions as actions
from prima.mpp import place_queries as queries
from prima.mpp.models import Counter, Mpp, Offering, Tenant, present_on
from prima.mpp.place_forms import ClosureForm, CounterForm, MppForm, OfferingForm, TenantForm
from prima.registry.models import Service


def _detail(code: str, section: str = "") -> str:
    url = reverse("manage:mpp_detail", args=[code])
    return f"{url}#{section}" if section else url


def _tenant(mpp: Mpp, pk: int, user: Any, *, write: bool) -> Tenant:
    tenant = mpp.tenants.select_related("home_unit", "agency").filter(pk=pk).first()
    if tenant is None:
        deny(user, "mpp_tenant", pk, write=write)
    tenant.mpp = mpp  # the MPP already fetched, with its unit
    return tenant


# --- the list -------------------------------------------------------------------------------
@login_required
def mpp_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The MPPs in the user's scope, searched and filtered by region, with the units of kind
    MPP that still need a profile."""
    today = timezone.localdate()
    filters = queries.filters_from(request.GET)
    visible = access.mpps_visible_to(request.user)
    rows = queries.mpp_rows(queries.filter_mpps(visible, filters), today=today)
    return render(
        request,
        "mpp/place/list.html",
        {
            "page": page_of(request, rows),
            "query": query_without(request),
            "filters": filters,
            "provinces": queries.provinces(),
            "without_profile": access.units_without_profile(request.user)
            .select_related("region")
            .order_by("name")[:20],
            "any_visible": visible.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mpp_new(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = (
        access.units_without_profile(request.user)
        .select_related("region", "agency")
        .filter(code=code)
        .first()
    )
    if unit is None:
        deny(request.user, "mpp", f"new {code}", write=True)
    managers = actions.manager_choices(unit)
    form = MppForm(request.POST or None, request.FILES or None, managers=managers)
    if request.method == "GET":
        form.initial.setdefault(
            "manager", managers.filter(kind="dpmptsp", region=unit.region).first()
        )
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_action()
        if data.get("legal_basis_file") is None or data["legal_basis_file"] is False:
            data.pop("legal_basis_file")
        done = attempt(
            request,
            lambda: actions.create_mpp(unit, actor=request.user, **data),
            success=_("MPP profile created. Add its tenants, counters and services."),
            form=form,
        )
        if done:
            return redirect(_detail(unit.code))
    return form_page(
        request,
        form,
        _("MPP profile of %(name)s") % {"name": unit.name},
        reverse("manage:mpp_list"),
        intro=_(
            "The address, opening hours and contacts are the unit's, in the registry. Here: "
            "who manages the MPP, its legal basis, its dates and location."
        ),
        multipart=True,
    )


# --- one MPP --------------------------------------------------------------------------------
@login_required
def mpp_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code)
    today = mpp.local_today()
    tenants = queries.tenants_of(mpp)
    for tenant in tenants:
        tenant.present = tenant.is_present_on(today)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "mpp": mpp,
        "unit": mpp.unit,
        "rights": rights,
        "today": today,
        "tenants": tenants,
        "figures": queries.overview(mpp, today=today),
        "closures": queries.upcoming_closures(mpp, today=today),
        "past_closures": queries.past_closures(mpp, today=today),
        "holidays": queries.upcoming_holidays(today=today),
        "map_link": queries.map_link(mpp),
        "unit_rights": access.unit_rights(request.user, mpp.unit),
        "services_not_offered": queries.services_not_offered(mpp).count(),
    }
    if rights.change:
        context["closure_form"] = ClosureForm(prefix="closure")
    return render(request, "mpp/place/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mpp_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code, write=True)
    form = MppForm(
        request.POST or None,
        request.FILES or None,
        instance=mpp,
        managers=actions.manager_choices(mpp.unit),
    )
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_action()
        saved = attempt(
            request,
            lambda: actions.update_mpp(mpp, actor=request.user, **data),
            success=_("Saved."),
            form=form,
        )
        if saved:
            return redirect(_detail(code))
    return form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": mpp.unit.name},
        _detail(code),
        intro=_(
            "The address, opening hours and contacts are the unit's: change them on the "
            "unit's page in the registry."
        ),
        multipart=True,
    )


@login_required
def mpp_legal_basis(request: AuthenticatedHttpRequest, code: str) -> HttpResponseBase:
    mpp, rights = access.get_mpp_for_user(request.user, code)
    return serve(mpp.legal_basis_file, download_name=f"dasar-hukum-{code}")


@login_required
@require_POST
def mpp_closure_add(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code, write=True)
    form = ClosureForm(request.POST, prefix="closure")
    if form.is_valid():
        attempt(
            request,
            lambda: actions.add_closure(
                mpp,
                actor=request.user,
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            ),
            success=_("Closure added."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(_detail(code, "closures"))


@login_required
@require_POST
def mpp_closure_remove(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code, write=True)
    closure = mpp.closures.filter(pk=pk).first()
    if closure is None:
        deny(request.user, "mpp_closure", pk, write=True)
    closure.mpp = mpp
    actions.remove_closure(closure, actor=request.user)
    from django.contrib import messages

    messages.success(request, _("Closure removed."))
    return redirect(_detail(code, "closures"))


# --- tenants --------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def mpp_tenant_new(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code, write=True)
    form = TenantForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        form.initial["joined_on"] = mpp.local_today()
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_action()
        if not data.get("agreement_file"):
            data.pop("agreement_file")
        done = attempt(
            request,
            lambda: actions.add_tenant(mpp, actor=request.user, **data),
            success=_("Tenant added. Add its counters and the services it offers."),
            form=form,
        )
        if done:
            return redirect(_detail(code, "tenants"))
    return form_page(
        request,
        form,
        _("New tenant at %(name)s") % {"name": mpp.unit.name},
        _detail(code, "tenants"),
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mpp_tenant_edit(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code, write=True)
    tenant = _tenant(mpp, pk, request.user, write=True)
    form = TenantForm(request.POST or None, request.FILES or None, instance=tenant)
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_action()
        saved = attempt(
            request,
            lambda: actions.update_tenant(tenant, actor=request.user, **data),
            success=_("Saved."),
            form=form,
        )
        if saved:
            return redirect(_detail(code, f"tenant-{pk}"))
    return form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": tenant.name},
        _detail(code, f"tenant-{pk}"),
        intro=_("A tenant that leaves the MPP: give the day it left. Its records are kept."),
        multipart=True,
    )


@login_required
def mpp_tenant_agreement(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponseBase:
    mpp, rights = access.get_mpp_for_user(request.user, code)
    tenant = _tenant(mpp, pk, request.user, write=False)
    return serve(tenant.agreement_file, download_name=f"PKS {tenant.name}")


# --- counters -------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def mpp_counter_new(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code, write=True)
    tenant = _tenant(mpp, pk, request.user, write=True)
    form = CounterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: actions.add_counter(tenant, actor=request.user, **form.cleaned_data),
            success=_("Counter added."),
            form=form,
        )
        if done:
            return redirect(_detail(code, f"tenant-{pk}"))
    return form_page(
        request,
        form,
        _("New counter of %(name)s") % {"name": tenant.name},
        _detail(code, f"tenant-{pk}"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mpp_counter_edit(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code, write=True)
    counter = Counter.objects.select_related("tenant").filter(pk=pk, tenant__mpp=mpp).first()
    if counter is None:
        deny(request.user, "mpp_counter", pk, write=True)
    form = CounterForm(request.POST or None, instance=counter)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: actions.update_counter(counter, actor=request.user, **form.cleaned_data),
            success=_("Saved."),
            form=form,
        )
        if saved:
            return redirect(_detail(code, f"tenant-{counter.tenant_id}"))
    return form_page(
        request,
        form,
        _("Counter %(code)s of %(name)s") % {"code": counter.code, "name": counter.tenant.name},
        _detail(code, f"tenant-{counter.tenant_id}"),
    )


# --- services offered -----------------------------------------------------------------------
def _home_services(mpp: Mpp) -> Any:
    return (
        Service.objects.filter(unit__mpp_tenancies__mpp=mpp)
        .select_related("unit")
        .distinct()
        .order_by("unit__name", "name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def mpp_offering_new(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code, write=True)
    today = mpp.local_today()
    tenants = mpp.tenants.filter(present_on(today)).order_by("name")
    if not tenants.exists():
        from django.contrib import messages

        messages.error(request, _("Add a tenant first: every service is offered by a tenant."))
        return redirect(_detail(code, "tenants"))
    form = OfferingForm(
        request.POST or None,
        tenants=tenants,
        services=queries.services_not_offered(mpp),
        home_services=_home_services(mpp),
    )
    if request.method == "GET" and request.GET.get("tenant"):
        form.initial["tenant"] = request.GET["tenant"][:20]
    if request.method == "POST" and form.is_valid():
        tenant = form.cleaned_data["tenant"]
        tenant.mpp = mpp
        data = form.fields_for_action()
        done = attempt(
            request,
            lambda: actions.add_offering(
                tenant,
                actor=request.user,
                service=form.cleaned_data["service"],
                new_name=form.cleaned_data["new_name"],
                new_kind=form.cleaned_data["new_kind"],
                **data,
            ),
            success=_("Service added to the MPP."),
            form=form,
        )
        if done:
            return redirect(_detail(code, f"tenant-{tenant.pk}"))
    return form_page(
        request,
        form,
        _("New service at %(name)s") % {"name": mpp.unit.name},
        _detail(code, "tenants"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mpp_offering_edit(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    mpp, rights = access.get_mpp_for_user(request.user, code, write=True)
    offering = (
        Offering.objects.select_related("tenant", "service", "home_service")
        .filter(pk=pk, tenant__mpp=mpp)
        .first()
    )
    if offering is None:
        deny(request.user, "mpp_offering", pk, write=True)
    offering.tenant.mpp = mpp
    initial = {
        name: getattr(offering, name)
        for name in (
            "home_service",
            "walk_in",
            "pre_registration",
            "registration_url",
            "digital",
            "daily_quota",
            "is_active",
        )
    }
    form = OfferingForm(
        request.POST or None,
        initial=initial,
        tenants=Tenant.objects.none(),
        services=None,
        home_services=_home_services(mpp),
    )
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_action()
        saved = attempt(
            request,
            lambda: actions.update_offering(offering, actor=request.user, **data),
            success=_("Saved."),
            form=form,
        )
        if saved:
            return redirect(_detail(code, f"tenant-{offering.tenant_id}"))
        offering.refresh_from_db()
    return form_page(
        request,
        form,
        _("%(service)s at %(name)s")
        % {"service": offering.service.name, "name": offering.tenant.name},
        _detail(code, f"tenant-{offering.tenant_id}"),
    )
