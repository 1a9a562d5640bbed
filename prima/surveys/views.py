"""Staff pages of the SKM under /manage/: survey periods and their results, responses to review,
imports, anomalies, the follow-up plan, publication records, reports and recaps.

Views parse input, fetch through prima.surveys.access, call an action or a query, render.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.dbrouter import replica_reads
from prima.lib.exports import CsvDialect, dialect_of, stream_csv
from prima.lib.tables import TableError, read_table
from prima.lib.views import attempt, form_page, page_of, query_without
from prima.registry.access import units_visible_to
from prima.registry.models import Agency, Region
from prima.surveys import access, actions, importing, queries, questionnaire, reports
from prima.surveys.documents import report_response
from prima.surveys.forms import (
    ElementOrderForm,
    ExtraQuestionForm,
    FollowUpForm,
    ImportForm,
    KioskForm,
    PeriodForm,
    PublicationForm,
    ReviewForm,
)
from prima.surveys.models import (
    ELEMENT_KEYS,
    AnomalyFinding,
    ExtraQuestion,
    Kiosk,
    SurveyPeriod,
    SurveyResponse,
    SurveyTarget,
)


class _CountedPaginator(Paginator):
    """A paginator told its count, where the page has counted the rows already."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known_count


# --- overview -------------------------------------------------------------------------------
@login_required
def survey_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every survey period the user may see, newest first, searchable by unit."""
    q = request.GET.get("q", "").strip()[:100]
    periods = (
        access.periods_visible_to(request.user)
        .select_related("unit", "service", "result")
        .order_by("-ends_on", "unit__name")
    )
    if q:
        periods = periods.filter(Q(unit__name__icontains=q) | Q(unit__code__icontains=q))
    page = page_of(request, periods)
    context = {
        "page": page,
        "rows": [queries.summary_of(p) for p in page.object_list],
        "q": q,
        "query": query_without(request, "page", "format"),
    }
    return render(request, "surveys/manage/home.html", context)


@login_required
def unit_surveys(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A unit's survey: periods with their index, targets, questionnaire, kiosks, QR codes."""
    unit, rights = access.get_survey_unit_for_user(request.user, code)
    periods = unit.survey_periods.select_related("service", "result").order_by("-starts_on")
    context = {
        "unit": unit,
        "rows": [queries.summary_of(p) for p in periods],
        "targets": SurveyTarget.objects.filter(unit=unit).order_by("-year"),
        "kiosks": Kiosk.objects.filter(unit=unit).order_by("name"),
        "questions": ExtraQuestion.objects.filter(unit=unit),
        "order": [
            (i, key, questionnaire.element_title(key))
            for i, key in enumerate(queries.element_order(unit), start=1)
        ],
        "services": unit.services.filter(is_active=True).order_by("name"),
        "survey_url": queries.survey_url(request, unit),
        "rights": rights,
    }
    return render(request, "surveys/manage/unit.html", context)


# --- periods --------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def period_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit, rights = access.get_survey_unit_for_user(request.user, code, write=True)
    today = queries.today_in(unit)
    initial = {
        "kind": SurveyPeriod.Kind.SEMESTER,
        "starts_on": dt.date(today.year, 1 if today.month <= 6 else 7, 1),
        "ends_on": dt.date(today.year, 6, 30) if today.month <= 6 else dt.date(today.year, 12, 31),
        "name": f"Semester {'I' if today.month <= 6 else 'II'} {today.year}",
    }
    target = SurveyTarget.objects.filter(unit=unit, year=today.year).first()
    if target:
        initial["target"] = target.target
    form = PeriodForm(request.POST or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: actions.create_period(
                actor=request.user,
                unit=unit,
                service=form.cleaned_data["service"],
                target=form.cleaned_data["target"],
                **form.values(),
            ),
            form=form,
        )
        if done and done.value is not None:
            period = done.value
            messages.success(request, _("Survey period %(name)s created.") % {"name": period.name})
            return redirect("manage:survey_period", pk=period.pk)
    return form_page(
        request,
        form,
        _("New survey period at %(unit)s") % {"unit": unit.name},
        reverse("manage:unit_surveys", args=[unit.code]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period, rights = access.get_period_for_user(request.user, pk, write=True)
    target = SurveyTarget.objects.filter(unit=period.unit, year=period.year).first()
    form = PeriodForm(
        request.POST or None,
        instance=period,
        unit=period.unit,
        initial={"target": target.target if target else None},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.update_period(
                SurveyPeriod.objects.select_related("unit", "unit__region", "service").get(pk=pk),
                actor=request.user,
                target=form.cleaned_data["target"],
                **form.values(),
            ),
            success=_("Changes saved."),
            form=form,
        )
    ):
        return redirect("manage:survey_period", pk=period.pk)
    return form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": period.name},
        reverse("manage:survey_period", args=[period.pk]),
    )


@login_required
def period_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The results of one period: the index, the elements weakest first, the trend against
    earlier periods and the target, the respondents, the follow-up plan and publication."""
    period, rights = access.get_period_for_user(request.user, pk)
    report = queries.period_report(period)
    context = {
        "period": period,
        "report": report,
        "shown": report.summary,
        "element_chart": reports.element_chart(report),
        "trend_chart": reports.trend_chart(report),
        "rights": rights,
        "anomaly_count": AnomalyFinding.objects.filter(period=period).count(),
        "survey_url": queries.survey_url(request, period.unit, period.service),
        "media_count": queries.publication_media_count(period),
        "suggestions": queries.latest_suggestions_for_staff(period),
    }
    return render(request, "surveys/manage/period.html", context)


@login_required
@require_POST
def period_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period, rights = access.get_period_for_user(request.user, pk, write=True)
    publish = request.POST.get("publish") == "1"
    actions.publish_results(period, actor=request.user, publish=publish)
    messages.success(
        request,
        _("The results are now public.") if publish else _("The results are no longer public."),
    )
    return redirect("manage:survey_period", pk=period.pk)


# --- responses ------------------------------------------------------------------------------
@login_required
def period_responses(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The period's responses, flagged ones first when asked; CSV export of all of them."""
    period, rights = access.get_period_for_user(request.user, pk)
    responses = queries.with_suggestion_shown(
        SurveyResponse.objects.filter(period=period).select_related("service")
    )
    show = request.GET.get("show", "")
    if show == "flagged":
        responses = responses.filter(is_flagged=True)
    elif show == "counted":
        responses = responses.filter(is_flagged=False)
    ids = request.GET.get("ids", "")
    if ids:
        wanted = [int(i) for i in ids.split(",") if i.isdigit()][:500]
        responses = responses.filter(pk__in=wanted)
    if request.GET.get("format") == "csv":
        return _responses_csv(period, responses, dialect=dialect_of(request.GET))
    page = page_of(request, responses.order_by("-submitted_at", "-pk"), 50)
    order = queries.element_order(period.unit)
    labels = dict(SurveyResponse.Flag.choices)
    for response in page.object_list:
        response.answers_in_order = [getattr(response, key) for key in order]
        response.flag_texts = [str(labels.get(flag, flag)) for flag in response.flags]
    context = {
        "period": period,
        "page": page,
        "show": show,
        "ids": ids,
        "order": order,
        "rights": rights,
        "query": query_without(request, "page", "format"),
    }
    return render(request, "surveys/manage/responses.html", context)


def _responses_csv(
    period: SurveyPeriod, responses: Any, *, dialect: CsvDialect
) -> HttpResponseBase:
    """One row per response, for analysts; never an identity (none is collected). Streamed
    from plain rows, so memory stays flat whatever the size of the period."""
    columns = [
        "id",
        "submitted_at",
        "channel",
        "service__name",
        *ELEMENT_KEYS,
        "sex",
        "age",
        "education",
        "occupation",
        "suggestion_shown",
        "is_flagged",
        "flags",
    ]
    header = [
        "id",
        "submitted_hour",
        "channel",
        "service",
        *ELEMENT_KEYS,
        "sex",
        "age",
        "education",
        "occupation",
        "suggestion",
        "flagged",
        "flags",
    ]
    flagged = columns.index("is_flagged")

    def rows() -> Any:
        # `responses` carries suggestion_shown (queries.with_suggestion_shown).
        for values in responses.order_by("pk").values_list(*columns).iterator(chunk_size=5000):
            row = ["" if v is None else v for v in values]
            row[1] = values[1].isoformat()
            row[flagged] = "yes" if values[flagged] else "no"
            row[-1] = " ".join(values[-1] or [])
            yield row

    return stream_csv(f"skm-{period.unit.code}-{period.pk}.csv", header, rows(), dialect=dialect)


@login_required
@require_POST
def response_review(request: AuthenticatedHttpRequest, pk: int, verb: str) -> HttpResponse:
    """Flag or restore one response (administrators only; see access.py)."""
    if verb not in {"flag", "restore"}:
        raise Http404
    response, rights = access.get_response_for_review(request.user, pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if verb == "flag":
        actions.flag_response(response, actor=request.user, note=note)
        messages.success(request, _("Response #%(id)s is held out of the index.") % {"id": pk})
    else:
        actions.restore_response(response, actor=request.user, note=note)
        messages.success(request, _("Response #%(id)s counts again.") % {"id": pk})
    back = request.POST.get("next", "")
    if not back.startswith("/manage/"):
        back = reverse("manage:survey_responses", args=[response.period_id])
    return redirect(back)


# --- import ---------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def period_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Paper or legacy responses from a file: check every cell, then import all or nothing."""
    period, rights = access.get_period_for_user(request.user, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    parsed = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        digest = importing.file_digest(content)
        suffix = Path(upload.name).suffix.lower() or ".csv"
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            handle.write(content)
            handle.flush()
            try:
                table = read_table(handle.name)
                parsed = importing.parse_responses(
                    table,
                    method=period.ikm_method,
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                    services={s.name.lower(): s.pk for s in period.unit.services.all()},
                )
            except TableError as error:
                form.add_error("file", str(error).replace(handle.name, upload.name))
        if parsed is not None and parsed.ok and request.POST.get("do") == "import":
            try:
                batch = actions.import_responses(
                    period,
                    actor=request.user,
                    parsed=parsed,
                    filename=upload.name,
                    sha256=digest,
                )
            except actions.DuplicateImport as error:
                form.add_error(
                    "file",
                    _("This file was imported before: %(name)s on %(date)s (%(n)s responses).")
                    % {
                        "name": error.batch.filename,
                        "date": error.batch.imported_at.strftime("%Y-%m-%d %H:%M"),
                        "n": error.batch.rows,
                    },
                )
            else:
                messages.success(request, _("%(n)s responses imported.") % {"n": batch.rows})
                return redirect("manage:survey_period", pk=period.pk)
        elif parsed is not None and not parsed.rows and not parsed.header_problems:
            form.add_error("file", _("The file has no responses."))
    context = {
        "period": period,
        "form": form,
        "parsed": parsed,
        "imports": period.imports.select_related("imported_by"),
    }
    return render(request, "surveys/manage/import.html", context)


# --- anomalies ------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def period_anomalies(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period, rights = access.get_period_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "POST":
        if request.POST.get("finding"):
            if not rights.review_responses:
                access.deny(request.user, "anomaly", request.POST["finding"], write=True)
            finding = AnomalyFinding.objects.filter(
                period=period, pk=request.POST["finding"]
            ).first()
            if finding is not None:
                changed = actions.flag_responses(
                    SurveyResponse.objects.filter(period=period, pk__in=finding.response_ids),
                    actor=request.user,
                    note=finding.summary[:300],
                )
                messages.success(request, _("%(n)s responses flagged.") % {"n": changed})
        else:
            found = actions.detect_anomalies(period)
            messages.success(request, _("Checked: %(n)s finding(s).") % {"n": len(found)})
        return redirect("manage:survey_anomalies", pk=period.pk)
    context = {
        "period": period,
        "findings": AnomalyFinding.objects.filter(period=period),
        "rights": rights,
    }
    return render(request, "surveys/manage/anomalies.html", context)


# --- follow-up plan and publications --------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def followup_edit(
    request: AuthenticatedHttpRequest, pk: int | None = None, period_pk: int | None = None
) -> HttpResponse:
    followup = access.get_followup_for_user(request.user, pk, write=True)[0] if pk else None
    period_id = followup.period_id if followup else period_pk
    if period_id is None:
        raise Http404
    period, rights = access.get_period_for_user(request.user, period_id, write=True)
    initial: dict[str, Any] = {}
    if followup is None:
        weakest = queries.period_report(period).elements
        if weakest and weakest[0].nrr is not None:
            initial["element"] = weakest[0].key
        initial["deadline"] = queries.today_in(period.unit) + dt.timedelta(days=90)
    form = FollowUpForm(request.POST or None, instance=followup, initial=initial)
    if request.method == "POST" and request.POST.get("delete") and followup is not None:
        actions.delete_followup(followup, actor=request.user)
        messages.success(request, _("Action removed from the follow-up plan."))
        return redirect("manage:survey_period", pk=period.pk)
    if request.method == "POST" and form.is_valid():
        actions.save_followup(
            followup,
            actor=request.user,
            period=period,
            **{name: form.cleaned_data[name] for name in actions.FOLLOWUP_FIELDS},
        )
        messages.success(request, _("Follow-up plan saved."))
        return redirect(reverse("manage:survey_period", args=[period.pk]) + "#followup")
    title = _("Edit follow-up action") if followup else _("New follow-up action")
    return form_page(
        request,
        form,
        f"{title} — {period.name}",
        reverse("manage:survey_period", args=[period.pk]),
        deletable=followup is not None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def publication_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period, rights = access.get_period_for_user(request.user, pk, write=True)
    form = PublicationForm(
        request.POST or None, initial={"published_on": queries.today_in(period.unit)}
    )
    if request.method == "POST" and form.is_valid():
        actions.add_publication(period, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Publication recorded."))
        return redirect(reverse("manage:survey_period", args=[period.pk]) + "#publication")
    return form_page(
        request,
        form,
        _("Where were the results of %(name)s published?") % {"name": period.name},
        reverse("manage:survey_period", args=[period.pk]),
    )


@login_required
@require_POST
def publication_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    publication, rights = access.get_publication_for_user(request.user, pk, write=True)
    period_pk = publication.period_id
    actions.delete_publication(publication, actor=request.user)
    messages.success(request, _("Publication record removed."))
    return redirect(reverse("manage:survey_period", args=[period_pk]) + "#publication")


# --- reports --------------------------------------------------------------------------------
@login_required
@replica_reads
def period_report(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in {"pdf", "xlsx"}:
        raise Http404
    period, rights = access.get_period_for_user(request.user, pk)
    report = queries.period_report(period)
    if fmt == "pdf":
        return report_response(request, report)
    response = HttpResponse(
        reports.report_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"laporan-skm-{period.unit.code}-{period.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- questionnaire and kiosks ---------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_order(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit, rights = access.get_survey_unit_for_user(request.user, code, write=True)
    form = ElementOrderForm(request.POST or None, order=queries.element_order(unit))
    if request.method == "POST" and request.POST.get("reset"):
        actions.set_element_order(unit, actor=request.user, order=questionnaire.DEFAULT_ORDER)
        messages.success(request, _("The questionnaire's default order is back."))
        return redirect("manage:unit_surveys", code=unit.code)
    if request.method == "POST" and form.is_valid():
        actions.set_element_order(unit, actor=request.user, order=form.order())
        messages.success(request, _("Order saved."))
        return redirect("manage:unit_surveys", code=unit.code)
    return form_page(
        request,
        form,
        _("Order of the nine elements at %(unit)s") % {"unit": unit.name},
        reverse("manage:unit_surveys", args=[unit.code]),
        intro=_(
            "The sample questionnaire of PermenPANRB 14/2017 puts facilities (sarana dan "
            "prasarana) 8th and complaint handling 9th; the regulation's own list has them the "
            "other way round. Results are the same in any order."
        ),
        resettable=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def extra_question_edit(
    request: AuthenticatedHttpRequest, code: str, pk: int | None = None
) -> HttpResponse:
    unit, rights = access.get_survey_unit_for_user(request.user, code, write=True)
    question = ExtraQuestion.objects.filter(unit=unit, pk=pk).first() if pk else None
    if pk and question is None:
        access.deny(request.user, "extra_question", pk, write=True)
    form = ExtraQuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.save_extra_question(
            question,
            actor=request.user,
            unit=unit,
            text=data["text"],
            kind=data["kind"],
            choices=data["choices"],
            position=data["position"],
            is_active=data["is_active"],
        )
        messages.success(request, _("Question saved."))
        return redirect("manage:unit_surveys", code=unit.code)
    return form_page(
        request,
        form,
        _("Extra question at %(unit)s") % {"unit": unit.name},
        reverse("manage:unit_surveys", args=[unit.code]),
        intro=_("Answers to extra questions are shown to staff and never enter the IKM."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def kiosk_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit, rights = access.get_survey_unit_for_user(request.user, code, write=True)
    form = KioskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kiosk, enrolment_code = actions.create_kiosk(
            unit,
            actor=request.user,
            name=form.cleaned_data["name"],
        )
        return _enrolment_page(request, kiosk, enrolment_code)
    return form_page(
        request,
        form,
        _("New kiosk at %(unit)s") % {"unit": unit.name},
        reverse("manage:unit_surveys", args=[unit.code]),
    )


def _enrolment_page(request: AuthenticatedHttpRequest, kiosk: Kiosk, code: str) -> HttpResponse:
    response = render(
        request,
        "surveys/manage/kiosk_code.html",
        {
            "kiosk": kiosk,
            "code": code,
            "enrol_url": request.build_absolute_uri(reverse("surveys:kiosk_enrol")),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def kiosk_action(request: AuthenticatedHttpRequest, pk: int, verb: str) -> HttpResponse:
    if verb not in {"code", "activate", "deactivate"}:
        raise Http404
    kiosk, rights = access.get_kiosk_for_user(request.user, pk, write=True)
    if verb == "code":
        code = actions.new_enrolment_code(kiosk, actor=request.user)
        return _enrolment_page(request, kiosk, code)
    actions.set_kiosk_active(kiosk, actor=request.user, active=verb == "activate")
    messages.success(request, _("Kiosk %(name)s updated.") % {"name": kiosk.name})
    return redirect("manage:unit_surveys", code=kiosk.unit.code)


# --- recap ----------------------------------------------------------------------------------
@login_required
@replica_reads
def recap(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Units ranked by IKM for a year, nationally or per province or agency, within the
    user's scope; provinces ranked by their units' average."""
    # National readers see every unit: no need to join the recap to the list of units.
    scope_units = None if access.reads_every_unit(request.user) else units_visible_to(request.user)
    years = queries.years_with_results(scope_units)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or (years[0] if years else today.year))
    except ValueError:
        year = today.year
    province = request.GET.get("province", "")
    if province and not Region.objects.filter(code=province, level=1).exists():
        province = ""
    agency = Agency.objects.filter(code=request.GET.get("agency", "")).first()
    rows = queries.recap_rows(
        scope_units, year=year, province=province, agency_id=agency.pk if agency else None
    )
    ranked = rows.order_by("-ikm", "unit__name")
    if request.GET.get("format") == "csv":
        return stream_csv(
            f"rekap-ikm-{year}.csv",
            [
                "rank",
                "unit_code",
                "unit",
                "agency",
                "region",
                "period",
                "respondents",
                "ikm",
                "mutu",
                "sample_met",
            ],
            (
                [
                    i,
                    r.unit.code,
                    r.unit.name,
                    r.agency.name,
                    r.region.display_name,
                    r.period.name,
                    r.respondents,
                    r.ikm_rounded if r.ikm_rounded is not None else "",
                    r.mutu,
                    {True: "yes", False: "no", None: ""}[r.sample_met],
                ]
                for i, r in enumerate(ranked.iterator(chunk_size=2000), start=1)
            ),
            dialect=dialect_of(request.GET),
        )
    # Every unit's totals (national readers) are kept in the shared cache; a scoped reader's
    # are few and read live.
    key = f"skm-recap:{year}:{province}:{agency.pk if agency else ''}"
    national = scope_units is None
    overview = (
        queries.cached_recap_overview(rows, key=key) if national else queries.recap_overview(rows)
    )
    page = _CountedPaginator(ranked, 50, count=overview.summary.units).get_page(
        request.GET.get("page")
    )
    context = {
        "year": year,
        "years": years or [today.year],
        "province": province,
        "agency": agency,
        "provinces": Region.objects.filter(level=1, is_active=True).order_by("name"),
        "summary": overview.summary,
        "by_province": overview.by_province if not province and not agency else [],
        "page": page,
        "rank_offset": page.start_index() - 1 if page.object_list else 0,
        # Pooled element values over many units read the answer counts: only for a province or
        # an agency, so the national page stays quick.
        "elements": (
            queries.cached_pooled_elements(rows, key=key)
            if national
            else queries.pooled_elements(rows)
        )
        if province or agency
        else None,
        "query": query_without(request, "page", "format"),
    }
    return render(request, "surveys/manage/recap.html", context)
