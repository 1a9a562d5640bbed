"""Staff pages of an MPP's daily figures: the recent days with their flags, one day entered
or corrected by hand, and the import of a queue machine's file with the list of imports.

Views parse input, fetch the MPP through prima.mpp.access, call prima.mpp.figures_actions or
read, and render.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.views import page_of
from prima.mpp import aggregates, figures_actions, importing
from prima.mpp.access import get_mpp_for_user
from prima.mpp.figures_forms import DayForm, DayPickForm, FigureImportForm
from prima.mpp.models import Counter, CounterDay, MppDay, Offering, OfferingDay, present_on


@login_required
def figures(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The MPP's reported days, newest first, with absent tenants and idle counters."""
    mpp, rights = get_mpp_for_user(request.user, code)
    page = page_of(request, MppDay.objects.filter(mpp=mpp).order_by("-date"), size=31)
    flags = aggregates.flags_for(mpp, page.object_list)
    rows = [(day, flags.get(day.date)) for day in page.object_list]
    return render(
        request,
        "mpp/figures/list.html",
        {"mpp": mpp, "rights": rights, "page": page, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def figures_day(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """One day's figures by hand: a row per service and per counter of the tenants present."""
    mpp, rights = get_mpp_for_user(request.user, code, write=True)
    today = mpp.local_today()
    source = request.POST if request.method == "POST" else request.GET
    pick = DayPickForm({"date": source.get("date") or today.isoformat()})
    day = pick.cleaned_data["date"] if pick.is_valid() else today
    if day > today:
        pick.add_error("date", _("Figures are entered for today or a day before."))
        day = today
    offerings = list(
        Offering.objects.filter(tenant__mpp=mpp)
        .filter(tenant__in=mpp.tenants.filter(present_on(day)))
        .select_related("service", "tenant")
        .order_by("tenant__name", "service__name")
    )
    counters = list(
        Counter.objects.filter(tenant__mpp=mpp, is_active=True)
        .filter(tenant__in=mpp.tenants.filter(present_on(day)))
        .select_related("tenant")
        .order_by("tenant__name", "code")
    )
    stored_services = {
        row.offering_id: row for row in OfferingDay.objects.filter(offering__in=offerings, date=day)
    }
    stored_counters = {
        row.counter_id: row for row in CounterDay.objects.filter(counter__in=counters, date=day)
    }
    posting = request.method == "POST" and not pick.errors
    form = DayForm(
        request.POST if posting else None,
        offerings=offerings,
        counters=counters,
        stored_services=stored_services,
        stored_counters=stored_counters,
    )
    if posting and form.is_valid():
        services, counter_figures = form.figures()
        try:
            figures_actions.record_day(
                mpp, actor=request.user, day=day, services=services, counters=counter_figures
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("The figures of %(day)s are saved.") % {"day": day.isoformat()}
            )
            return redirect(reverse("manage:mpp_figures", args=[code]))
    return render(
        request,
        "mpp/figures/day.html",
        {
            "mpp": mpp,
            "rights": rights,
            "pick": pick,
            "day": day,
            "form": form,
            "rows": form.rows(),
            "reported": bool(stored_services or stored_counters),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def figures_import(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A queue machine's file: every cell checked, then stored whole or not at all."""
    mpp, rights = get_mpp_for_user(request.user, code, write=True)
    form = FigureImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    ignored: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        suffix = Path(upload.name).suffix.lower() or ".csv"
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            handle.write(content)
            handle.flush()
            parsed = importing.parse_file(mpp, handle.name, shown_name=upload.name)
        problems, ignored = parsed.problems, parsed.ignored_columns
        if not problems:
            try:
                result = figures_actions.import_figures(
                    mpp,
                    actor=request.user,
                    parsed=parsed,
                    filename=Path(upload.name).name,
                    sha256=importing.file_digest(content),
                )
            except ValidationError as error:
                problems = list(error.messages)
            else:
                messages.success(
                    request,
                    _(
                        "%(rows)s rows imported: %(services)s service days and %(counters)s "
                        "counter days from %(first)s to %(last)s (%(replaced)s replaced)."
                    )
                    % {
                        "rows": parsed.rows,
                        "services": result.services,
                        "counters": result.counters,
                        "first": min(result.days).isoformat(),
                        "last": max(result.days).isoformat(),
                        "replaced": result.replaced,
                    },
                )
                return redirect(reverse("manage:mpp_figures_import", args=[code]))
    imports = page_of(request, mpp.imports.select_related("imported_by").order_by("-imported_at"))
    return render(
        request,
        "mpp/figures/import.html",
        {
            "mpp": mpp,
            "rights": rights,
            "form": form,
            "problems": problems,
            "ignored": ignored,
            "page": imports,
        },
        status=400 if problems else 200,
    )
