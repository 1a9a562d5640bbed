"""Staff pages of the innovation registry under /manage/inovasi/: the list of innovations in
the user's scope with the reports due, registering and editing one, its page with the team,
measures, evidence files, sustainability reports and replications, and their forms.

Views parse input, fetch through prima.innovation.access, call an action or a query, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.innovation import access, actions, queries
from prima.innovation.forms import (
    FileForm,
    InnovationForm,
    MeasureForm,
    ReplicationForm,
    ReportForm,
    SourceForm,
    TeamMemberForm,
)
from prima.innovation.models import Innovation
from prima.innovation.models.registry import UNKNOWN, Stage, Status, Theme
from prima.lib.uploads import serve
from prima.lib.views import attempt, flash_form_errors, form_page, page_of, query_without


def _detail(pk: int, section: str = "") -> str:
    url = reverse("manage:innovation_detail", args=[pk])
    return f"{url}#{section}" if section else url


# --- the list -------------------------------------------------------------------------------
@login_required
def innovation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The innovations of the units in the user's scope, filtered and paged, with the
    sustainability reports that are due."""
    today = timezone.localdate()
    filters = queries.filters_from(request.GET)
    visible = access.innovations_visible_to(request.user)
    rows = queries.innovation_rows(
        queries.filter_innovations(visible, filters, today=today)
    ).order_by("title", "pk")
    page = page_of(request, rows)
    for innovation in page.object_list:
        innovation.shown_status = innovation.status_on(today)  # type: ignore[attr-defined]
        innovation.report_state = queries.report_state(innovation, today)  # type: ignore[attr-defined]
    due = queries.reports_due(visible, today=today)
    return render(
        request,
        "innovation/registry/list.html",
        {
            "page": page,
            "query": query_without(request),
            "filters": filters,
            "stages": Stage.choices,
            "themes": Theme.choices,
            "statuses": [*Status.choices, (UNKNOWN, _("Unknown (not confirmed for a year)"))],
            "kinds": Innovation.Kind.choices,
            "can_register": access.can_register(request.user),
            "due": due[:10],
            "n_due": due.count(),
            "due_cutoff": queries.due_cutoff(today),
            "today": today,
        },
    )


# --- one innovation -------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def innovation_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = access.units_registering(request.user)
    if not units.exists():
        deny(request.user, "innovation", "new", write=True)
    form = InnovationForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_action()
        done = attempt(
            request,
            lambda: actions.register_innovation(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                services=form.cleaned_data["services"],
                standards=form.cleaned_data["standards"],
                **data,
            ),
            success=_("Innovation registered. Add its team, measures and evidence."),
            form=form,
        )
        if done and done.value is not None:
            return redirect(_detail(done.value.pk))
    return form_page(
        request,
        form,
        _("Register an innovation"),
        reverse("manage:innovation_list"),
        intro=_(
            "Registering confirms the innovation's status as of today. Confirm it again each "
            "year with a sustainability report, or it shows as unknown."
        ),
        multipart=True,
    )


@login_required
def innovation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "innovation": innovation,
        "rights": rights,
        "shown_status": innovation.status_on(today),
        "report_state": queries.report_state(innovation, today),
        "age_months": innovation.age_on(today),
        "unknown": UNKNOWN,
        "today": today,
        **queries.detail_related(innovation),
    }
    # The other unit's entries linked here open on their staff page only for a reader who
    # may read them; otherwise on their public page when published, else as plain text.
    related = [r.source_id for r in context["sources"]] + [
        r.adopter_innovation_id for r in context["spread"] if r.adopter_innovation_id
    ]
    context["readable"] = set(
        access.innovations_visible_to(request.user)
        .filter(pk__in=related)
        .values_list("pk", flat=True)
    )
    if rights.change:
        context.update(
            team_form=TeamMemberForm(prefix="team"),
            measure_form=MeasureForm(prefix="measure"),
            file_form=FileForm(prefix="file"),
        )
    return render(request, "innovation/registry/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def innovation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk, write=True)
    form = InnovationForm(
        request.POST or None, request.FILES or None, instance=innovation, unit=innovation.unit
    )
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_action()
        saved = attempt(
            request,
            lambda: actions.update_innovation(
                innovation,
                actor=request.user,
                services=form.cleaned_data["services"],
                standards=form.cleaned_data["standards"],
                **data,
            ),
            success=_("Saved; the status is confirmed as of today."),
            form=form,
        )
        if saved:
            return redirect(_detail(pk))
        innovation.refresh_from_db()
    return form_page(
        request,
        form,
        _("Edit %(title)s") % {"title": innovation.title},
        _detail(pk),
        multipart=True,
    )


@login_required
@require_POST
def innovation_publish(request: AuthenticatedHttpRequest, pk: int, verb: str) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk, write=True)
    if verb == "publish":
        attempt(
            request,
            lambda: actions.publish_innovation(innovation, actor=request.user),
            success=_("Published: the innovation is in the public catalogue."),
        )
    elif verb == "unpublish":
        actions.unpublish_innovation(innovation, actor=request.user)
        messages.success(request, _("Taken out of the public catalogue."))
    else:
        raise Http404
    return redirect(_detail(pk))


@login_required
def innovation_decree(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    innovation, rights = access.get_innovation_for_user(request.user, pk)
    return serve(innovation.decree_file, download_name=f"SK {innovation.title}.pdf")


# --- team, measures, files ------------------------------------------------------------------
@login_required
@require_POST
def innovation_team_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk, write=True)
    form = TeamMemberForm(request.POST, prefix="team")
    if form.is_valid():
        actions.add_team_member(innovation, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Team member added."))
    else:
        flash_form_errors(request, form)
    return redirect(_detail(pk, "team"))


@login_required
@require_POST
def innovation_team_remove(
    request: AuthenticatedHttpRequest, pk: int, member_pk: int
) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk, write=True)
    member = innovation.team.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    actions.remove_team_member(member, actor=request.user)
    messages.success(request, _("Team member removed."))
    return redirect(_detail(pk, "team"))


@login_required
@require_POST
def innovation_measure_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk, write=True)
    form = MeasureForm(request.POST, prefix="measure")
    if form.is_valid():
        attempt(
            request,
            lambda: actions.add_measure(innovation, actor=request.user, **form.cleaned_data),
            success=_("Measure added."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(_detail(pk, "measures"))


@login_required
@require_POST
def innovation_measure_remove(
    request: AuthenticatedHttpRequest, pk: int, measure_pk: int
) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk, write=True)
    measure = innovation.measures.filter(pk=measure_pk).first()
    if measure is None:
        raise Http404
    actions.remove_measure(measure, actor=request.user)
    messages.success(request, _("Measure removed."))
    return redirect(_detail(pk, "measures"))


@login_required
@require_POST
def innovation_file_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk, write=True)
    form = FileForm(request.POST, request.FILES, prefix="file")
    if form.is_valid():
        actions.add_file(innovation, actor=request.user, **form.cleaned_data)
        messages.success(request, _("File added."))
    else:
        flash_form_errors(request, form)
    return redirect(_detail(pk, "files"))


@login_required
def innovation_file(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    innovation, rights = access.get_innovation_for_user(request.user, pk)
    entry = access.innovation_file(innovation, file_pk)
    return serve(entry.file, download_name=entry.title)


@login_required
@require_POST
def innovation_file_remove(
    request: AuthenticatedHttpRequest, pk: int, file_pk: int
) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk, write=True)
    actions.remove_file(access.innovation_file(innovation, file_pk), actor=request.user)
    messages.success(request, _("File removed."))
    return redirect(_detail(pk, "files"))


# --- sustainability reports -----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def innovation_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    innovation, rights = access.get_innovation_for_user(request.user, pk, write=True)
    form = ReportForm(
        request.POST or None, request.FILES or None, initial={"status": innovation.status}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year, status = data.pop("year"), data.pop("status")
        data["file"] = data.get("file") or None
        done = attempt(
            request,
            lambda: actions.file_report(
                innovation, actor=request.user, year=year, status=status, **data
            ),
            success=_("Report filed; the status is confirmed as of today."),
            form=form,
        )
        if done:
            return redirect(_detail(pk, "reports"))
    return form_page(
        request,
        form,
        _("Sustainability report: %(title)s") % {"title": innovation.title},
        _detail(pk, "reports"),
        intro=_(
            "Once a year: is the innovation still running, anchored in a rule, funded, "
            "supported? Filing the report confirms its status as of today."
        ),
        multipart=True,
    )


@login_required
def innovation_report_file(
    request: AuthenticatedHttpRequest, pk: int, report_pk: int
) -> HttpResponseBase:
    innovation, rights = access.get_innovation_for_user(request.user, pk)
    report = innovation.reports.filter(pk=report_pk).first()
    if report is None:
        raise Http404
    return serve(report.file, download_name=f"{innovation.title} {report.year}")


# --- replications ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def innovation_replication_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record, from the innovation replicated, a unit that adopted it."""
    source, rights = access.get_innovation_for_user(request.user, pk, write=True)
    form = ReplicationForm(
        request.POST or None,
        request.FILES or None,
        units=access.adoptable_units(request.user).exclude(pk=source.unit_id),
        innovations=access.replicable_innovations(request.user).exclude(pk=source.pk),
    )
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_action()
        done = attempt(
            request,
            lambda: actions.record_replication(source, actor=request.user, **data),
            success=_("Replication recorded."),
            form=form,
        )
        if done:
            return redirect(_detail(pk, "replications"))
    return form_page(
        request,
        form,
        _("Record a replication of %(title)s") % {"title": source.title},
        _detail(pk, "replications"),
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def innovation_source_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record, from the adopter's own entry, the innovation it replicates."""
    adopter, rights = access.get_innovation_for_user(request.user, pk, write=True)
    form = SourceForm(
        request.POST or None,
        innovations=access.replicable_innovations(request.user)
        .exclude(pk=adopter.pk)
        .exclude(unit=adopter.unit),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        source = data.pop("source")
        done = attempt(
            request,
            lambda: actions.record_replication(
                source,
                actor=request.user,
                adopter_unit=adopter.unit,
                adopter_innovation=adopter,
                **data,
            ),
            success=_("Recorded: this innovation is a replication of %(source)s.")
            % {"source": source.title},
            form=form,
        )
        if done:
            return redirect(_detail(pk, "replications"))
    return form_page(
        request,
        form,
        _("What %(title)s replicates") % {"title": adopter.title},
        _detail(pk, "replications"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def innovation_replication_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    replication, rights = access.get_replication_for_user(request.user, pk, write=True)
    form = ReplicationForm(
        request.POST or None,
        request.FILES or None,
        instance=replication,
        units=access.adoptable_units(request.user),
        innovations=access.replicable_innovations(request.user).filter(
            unit=replication.adopter_unit
        ),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_action()
        saved = attempt(
            request,
            lambda: actions.update_replication(replication, actor=request.user, **data),
            success=_("Replication saved."),
            form=form,
        )
        if saved:
            return redirect(_detail(replication.source_id, "replications"))
    return form_page(
        request,
        form,
        _("Replication of %(title)s by %(unit)s")
        % {"title": replication.source.title, "unit": replication.adopter_unit.name},
        _detail(replication.source_id, "replications"),
        multipart=True,
    )


@login_required
def innovation_agreement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    replication, rights = access.get_replication_for_user(request.user, pk)
    return serve(replication.agreement_file, download_name=f"PKS {replication.source.title}.pdf")
