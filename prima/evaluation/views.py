"""Staff pages of the evaluation module under /manage/evaluation/ (the public F-03 form is in
public_views.py).

Views parse input, fetch through prima.evaluation.access, call an action or a query, render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.documents import sources
from prima.documents.actions import issue
from prima.documents.models import IssuedDocument
from prima.evaluation import access, actions, documents, export_kinds, queries
from prima.evaluation.forms import (
    ActionItemForm,
    AssignForm,
    ContestForm,
    CycleForm,
    DecisionForm,
    EvidenceForm,
    LokusForm,
    RecommendationForm,
    ScoreForm,
    SelfAssessmentForm,
    SessionForm,
    VisitForm,
    field_name,
    read_only,
)
from prima.evaluation.models import (
    CONTEST_REASON_MAX,
    RECOMMENDATION_MAX,
    ActionItem,
    Assignment,
    Contest,
    Cycle,
    Evidence,
    Lokus,
    Recommendation,
    Visit,
)
from prima.lib import formats, qr
from prima.lib.dbrouter import replica_reads
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.http import absolute_url
from prima.lib.uploads import serve
from prima.lib.views import attempt, flash_form_errors, form_page
from prima.registry.access import units_visible_to
from prima.registry.models import Agency

Stage = Cycle.Status
F = TypeVar("F", bound=BaseForm)


def _gated_form(request: HttpRequest, gate: access.Gate, make: Callable[..., F]) -> tuple[F, bool]:
    """The form of a page whose saving a gate decides (access.lokus_gates, cycle_gates), and
    whether it was sent and may be saved. `make(data, **kwargs)` builds it. A closed gate gives
    the form read-only — showing what was sent, refused with a message, or else what is
    stored — and the page shows the gate's reason."""
    posted = request.POST if request.method == "POST" else None
    if gate.open:
        return make(posted), posted is not None
    if posted is not None:
        messages.error(request, _("Nothing was saved; what you entered is shown below."))
    return read_only(make(None, initial=posted.dict() if posted is not None else None)), False


# --- cycles ---------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def cycles(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every cycle the user can see, and a form to start one."""
    can_create = access.can_create_cycles(request.user)
    form = None
    if can_create:
        national = access.can_run_national_cycles(request.user)
        today = timezone.localdate()
        form = CycleForm(
            request.POST or None,
            agencies=access.agencies_for_cycles(request.user),
            national=national,
            initial={
                "year": today.year,
                "name": _("PEKPPP %(year)s") % {"year": today.year},
                "scheme": Cycle.Scheme.NASIONAL if national else Cycle.Scheme.MANDIRI,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            created = attempt(
                request,
                lambda: actions.create_cycle(actor=request.user, **data),
                success=_("Cycle created. Add the unit lokus."),
            )
            if created.value is not None:
                return redirect("manage:evaluation_cycle", pk=created.value.pk)
    elif request.method == "POST":
        deny(request.user, "evaluation.cycle", "new", write=True)
    rows = access.cycles_visible_to(request.user).select_related("agency")
    return render(
        request,
        "evaluation/cycles.html",
        {"cycles": rows, "form": form},
    )


@login_required
def cycle_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle, rights = access.get_cycle_for_user(request.user, pk)
    gates = access.cycle_gates(cycle, rights)
    instrument = cycle.instrument
    total = len(instrument.indicators)
    rows = queries.cycle_rows(access.lokus_visible_to(request.user, cycle))
    context = {
        "cycle": cycle,
        "rights": rights,
        "gates": gates,
        "rows": rows,
        "total": total,
        "stages": Stage.choices,
        "next_stage": Stage(cycle.next_status).label if cycle.next_status else None,
        "lokus_form": LokusForm(
            units=queries.units_for_lokus(cycle, units_visible_to(request.user))
        )
        if gates.add_lokus.open
        else None,
        "instrument": instrument,
    }
    return render(request, "evaluation/cycle.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle, rights = access.get_cycle_for_user(request.user, pk, need="manage")
    gate = access.cycle_gates(cycle, rights).settings
    form, sent = _gated_form(
        request,
        gate,
        lambda data, **kwargs: CycleForm(
            data,
            instance=cycle,
            agencies=access.agencies_for_cycles(request.user)
            | Agency.objects.filter(pk=cycle.agency_id or 0),
            national=rights.national,
            **kwargs,
        ),
    )
    if sent and form.is_valid():
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name not in ("year", "scheme", "agency")
        }
        cycle.refresh_from_db()
        if attempt(
            request,
            lambda: actions.update_cycle(cycle, actor=request.user, **fields),
            success=_("Saved."),
        ):
            return redirect("manage:evaluation_cycle", pk=cycle.pk)
    return form_page(
        request,
        form,
        _("Settings of %(name)s") % {"name": cycle.name},
        reverse("manage:evaluation_cycle", args=[cycle.pk]),
        closed=gate.reason,
    )


@login_required
@require_POST
def cycle_advance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle, _rights = access.get_cycle_for_user(request.user, pk, need="manage")
    if attempt(request, lambda: actions.advance(cycle, actor=request.user)):
        # The message names the stage the cycle has just reached.
        messages.success(
            request, _("The cycle is now at: %(stage)s.") % {"stage": cycle.get_status_display()}
        )
    return redirect("manage:evaluation_cycle", pk=cycle.pk)


@login_required
@require_POST
def cycle_double(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle, _rights = access.get_cycle_for_user(request.user, pk, need="manage")
    chosen = actions.choose_double_scoring(cycle, actor=request.user)
    messages.success(
        request,
        _("%(n)s lokus will be scored twice: %(names)s. Assign each a second evaluator.")
        % {"n": len(chosen), "names": ", ".join(lokus.unit.name for lokus in chosen)},
    )
    return redirect("manage:evaluation_cycle", pk=cycle.pk)


@login_required
@require_POST
def lokus_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle, _rights = access.get_cycle_for_user(request.user, pk, need="manage")
    form = LokusForm(
        request.POST, units=queries.units_for_lokus(cycle, units_visible_to(request.user))
    )
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("manage:evaluation_cycle", pk=cycle.pk)
    unit = form.cleaned_data["unit"]
    attempt(
        request,
        lambda: actions.add_lokus(
            cycle,
            unit=unit,
            kind=form.cleaned_data["kind"] or actions.default_kind(unit),
            mode=form.cleaned_data["mode"] or unit.delivery_mode,
            actor=request.user,
        ),
        success=_("%(unit)s added.") % {"unit": unit.name},
    )
    return redirect("manage:evaluation_cycle", pk=cycle.pk)


# --- one lokus ------------------------------------------------------------------------------
def _lokus_context(
    request: AuthenticatedHttpRequest, lokus: Lokus, rights: access.LokusRights
) -> dict[str, Any]:
    page = queries.lokus_for_page(lokus.pk)
    cycle = page.cycle
    instrument = cycle.instrument
    today = timezone.localdate()
    gates = access.lokus_gates(page, rights, today=today)
    rating_path = reverse("evaluation_rating", args=[page.user_token])
    earlier = list(queries.earlier_action_items(page)[:30])
    return {
        "lokus": page,
        "cycle": cycle,
        "rights": rights,
        "gates": gates,
        "instrument": instrument,
        "blocks": queries.lokus_rows(
            page, records=access.unit_record_rights(request.user, page.unit), today=today
        ),
        "assign_form": AssignForm(evaluators=access.eligible_evaluators(), prefix="assign")
        if gates.assign.open
        else None,
        "contest_form": ContestForm(instrument=instrument, prefix="contest")
        if gates.contest.open
        else None,
        "levels": range(6),
        "limits": {"decision": CONTEST_REASON_MAX, "recommendation": RECOMMENDATION_MAX},
        "rating_url": absolute_url(rating_path, request),
        "user_items": queries.user_item_means(page),
        "visits": page.visits.all(),
        "visit_form": VisitForm(prefix="visit") if gates.visit.open else None,
        "recommendations": page.recommendations.all(),
        "drafts": queries.draft_recommendations(page) if gates.mentor.open else [],
        "recommendation_form": RecommendationForm(instrument=instrument, prefix="rec")
        if gates.mentor.open
        else None,
        "sessions": page.sessions.all(),
        "session_form": SessionForm(prefix="session") if gates.mentor.open else None,
        "action_items": page.action_items.select_related("recommendation"),
        "action_form": ActionItemForm(lokus=page) if gates.plan.open else None,
        "earlier_items": earlier,
        "earlier_editable": access.plannable_items(request.user, earlier),
        "evidence_form": EvidenceForm(instrument=instrument) if gates.self_assess.open else None,
        "score_history": queries.score_history(page)[:40],
    }


@login_required
def lokus_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, rights = access.get_lokus_for_user(request.user, pk)
    return render(request, "evaluation/lokus.html", _lokus_context(request, lokus, rights))


@login_required
@require_POST
def lokus_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, _rights = access.get_lokus_for_user(request.user, pk, need="manage")
    form = AssignForm(request.POST, evaluators=access.eligible_evaluators(), prefix="assign")
    if form.is_valid():
        evaluator = form.cleaned_data["evaluator"]
        attempt(
            request,
            lambda: actions.assign(
                lokus,
                evaluator=evaluator,
                role=form.cleaned_data["role"],
                level=access.level_of(evaluator),
                actor=request.user,
            ),
            success=_("%(name)s assigned.") % {"name": evaluator},
        )
    else:
        flash_form_errors(request, form)
    return redirect("manage:evaluation_lokus", pk=lokus.pk)


@login_required
@require_POST
def lokus_unassign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment, _rights = access.get_lokus_record_for_user(
        request.user, Assignment, pk, need="manage"
    )
    attempt(request, lambda: actions.unassign(assignment, actor=request.user))
    return redirect("manage:evaluation_lokus", pk=assignment.lokus_id)


@login_required
@require_POST
def lokus_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, _rights = access.get_lokus_for_user(request.user, pk, need="manage")
    if not attempt(
        request,
        lambda: actions.remove_lokus(lokus, actor=request.user),
        success=_("%(unit)s removed from the cycle.") % {"unit": lokus.unit.name},
    ):
        return redirect("manage:evaluation_lokus", pk=lokus.pk)
    return redirect("manage:evaluation_cycle", pk=lokus.cycle_id)


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """F-01: the unit's claimed levels and explanations, saved as a draft or submitted. Shown
    read-only, with the reason, when it cannot be changed (actions.self_assessment_refusal)."""
    lokus, rights = access.get_lokus_for_user(request.user, pk, need="self_assess")
    context = _lokus_context(request, lokus, rights)
    instrument = lokus.cycle.instrument
    answers = {a.indicator: a for a in lokus.answers.all()}
    form, sent = _gated_form(
        request,
        context["gates"].self_assess,
        lambda data, **kwargs: SelfAssessmentForm(
            data, instrument=instrument, answers=answers, **kwargs
        ),
    )
    if sent and form.is_valid():
        submit = "submit" in request.POST

        def save() -> None:
            actions.save_answers(lokus, answers=form.answers(), actor=request.user)
            if submit:
                actions.submit_self_assessment(lokus, actor=request.user)

        if attempt(
            request,
            save,
            success=_("Self-assessment submitted to the evaluators.")
            if submit
            else _("Draft saved."),
        ):
            return redirect("manage:evaluation_lokus", pk=lokus.pk)
    context["form"] = form
    context["field_name"] = field_name
    return render(request, "evaluation/self_assessment.html", context)


@login_required
@require_POST
def evidence_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, _rights = access.get_lokus_for_user(request.user, pk, need="self_assess")
    form = EvidenceForm(request.POST, request.FILES, instrument=lokus.cycle.instrument)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.add_evidence(
                lokus,
                indicator=form.cleaned_data["indicator"],
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                actor=request.user,
            ),
            success=_("Evidence attached."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:evaluation_self_assessment", args=[lokus.pk]) + "#evidence")


@login_required
def evidence_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    item, _rights = access.get_lokus_record_for_user(request.user, Evidence, pk)
    return serve(item.file, download_name=f"bukti-{item.indicator}-{item.pk}")


@login_required
@require_POST
def evidence_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item, _rights = access.get_lokus_record_for_user(request.user, Evidence, pk, need="self_assess")
    attempt(request, lambda: actions.remove_evidence(item, actor=request.user))
    return redirect(
        reverse("manage:evaluation_self_assessment", args=[item.lokus_id]) + "#evidence"
    )


@login_required
@require_http_methods(["GET", "POST"])
def score(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """F-02: the assigned evaluator's score and note for every indicator. Shown read-only,
    with the reason, outside the scoring stage (actions.scoring_refusal)."""
    lokus, rights = access.get_lokus_for_user(request.user, pk, need="score")
    context = _lokus_context(request, lokus, rights)
    instrument = lokus.cycle.instrument
    current = {s.indicator: s for s in lokus.scores.filter(evaluator_id=request.user.pk)}
    form, sent = _gated_form(
        request,
        context["gates"].score,
        lambda data, **kwargs: ScoreForm(data, instrument=instrument, current=current, **kwargs),
    )
    if sent and form.is_valid():
        saved = attempt(
            request,
            lambda: actions.save_scores(
                lokus, evaluator=request.user, scores=form.scores(), actor=request.user
            ),
        )
        if saved:
            messages.success(request, _("%(n)s scores saved.") % {"n": saved.value})
            return redirect("manage:evaluation_lokus", pk=lokus.pk)
    context["form"] = form
    context["field_name"] = field_name
    return render(request, "evaluation/score.html", context)


@login_required
@require_POST
def visit_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, _rights = access.get_lokus_for_user(request.user, pk, need="score")
    form = VisitForm(request.POST, prefix="visit")
    if form.is_valid():
        actions.record_visit(lokus, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Visit recorded; the berita acara is ready."))
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:evaluation_lokus", args=[lokus.pk]) + "#visits")


@login_required
def visit_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The visit's berita acara, issued in the organiser's numbering (the same number on every
    download, its contents brought up to date)."""
    visit, _rights = access.get_lokus_record_for_user(request.user, Visit, pk)
    lokus = queries.lokus_for_page(visit.lokus_id)
    agency = documents.organiser(lokus.cycle)
    issued = None
    if agency is not None:
        issued = sources.issued(
            request,
            issue(
                kind=IssuedDocument.Kind.VISIT_MINUTES,
                subject=f"evaluation.visit:{visit.pk}",
                agency=agency,
                title=documents.visit_title(lokus),
                recipient=f"{lokus.unit.name}, {lokus.unit.agency.name}",
                signers=documents.visit_signers(visit, lokus),
                facts=[
                    (_("Evaluation cycle"), lokus.cycle.name),
                    (_("Date of the visit"), formats.long_date(visit.visited_on)),
                ],
                actor=request.user,
            ),
        )
    response = HttpResponse(
        documents.berita_acara_pdf(visit, issued=issued), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="berita-acara-pekppp-{visit.pk}.pdf"'
    return response


@login_required
@require_POST
def contest_raise(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, _rights = access.get_lokus_for_user(request.user, pk, need="self_assess")
    form = ContestForm(
        request.POST, request.FILES, instrument=lokus.cycle.instrument, prefix="contest"
    )
    if form.is_valid():
        attempt(
            request,
            lambda: actions.raise_contest(
                lokus,
                indicator=form.cleaned_data["indicator"],
                reason=form.cleaned_data["reason"],
                proposed_score=form.cleaned_data["proposed_score"],
                attachment=form.cleaned_data.get("attachment") or None,
                actor=request.user,
            ),
            success=_("Contest sent to the moderator."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:evaluation_lokus", args=[lokus.pk]) + "#verification")


@login_required
@require_POST
def contest_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contest, _rights = access.get_lokus_record_for_user(request.user, Contest, pk, need="manage")
    lokus = contest.lokus
    form = DecisionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.decide_contest(
                contest,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
                score=form.cleaned_data["score"],
                actor=request.user,
            ),
            success=_("Decision recorded."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:evaluation_lokus", args=[lokus.pk]) + "#verification")


@login_required
def contest_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    contest, _rights = access.get_lokus_record_for_user(request.user, Contest, pk)
    return serve(contest.attachment, download_name=f"sanggahan-{contest.pk}")


@login_required
@require_POST
def scores_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, _rights = access.get_lokus_for_user(request.user, pk, need="self_assess")
    attempt(
        request,
        lambda: actions.accept_scores(lokus, actor=request.user),
        success=_("Scores accepted."),
    )
    return redirect(reverse("manage:evaluation_lokus", args=[lokus.pk]) + "#verification")


@login_required
@require_POST
def recommendation_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, _rights = access.get_lokus_for_user(request.user, pk, need="mentor")
    existing = None
    chosen = request.POST.get("recommendation", "")
    if chosen.isdigit():
        existing = Recommendation.objects.filter(pk=int(chosen), lokus=lokus).first()
    form = RecommendationForm(request.POST, instrument=lokus.cycle.instrument, prefix="rec")
    if form.is_valid():
        attempt(
            request,
            lambda: actions.save_recommendation(
                lokus,
                aspect=form.cleaned_data["aspect"],
                text=form.cleaned_data["text"],
                recommendation=existing,
                actor=request.user,
            ),
            success=_("Recommendation saved."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:evaluation_lokus", args=[lokus.pk]) + "#mentoring")


@login_required
@require_POST
def session_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, _rights = access.get_lokus_for_user(request.user, pk, need="mentor")
    form = SessionForm(request.POST, prefix="session")
    if form.is_valid():
        actions.record_session(lokus, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Mentoring session recorded."))
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:evaluation_lokus", args=[lokus.pk]) + "#mentoring")


@login_required
@require_http_methods(["GET", "POST"])
def action_item(
    request: AuthenticatedHttpRequest, pk: int, item_pk: int | None = None
) -> HttpResponse:
    """Add a step to the action plan, or update one (its progress, status and evidence)."""
    lokus, _rights = access.get_lokus_for_user(request.user, pk, need="plan")
    item = None
    if item_pk is not None:
        item = ActionItem.objects.filter(pk=item_pk, lokus=lokus).first()
        if item is None:
            deny(request.user, "evaluation.actionitem", item_pk, write=True)
    form = ActionItemForm(request.POST or None, request.FILES or None, instance=item, lokus=lokus)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if attempt(
            request,
            lambda: actions.save_action_item(lokus, item=item, actor=request.user, **data),
            success=_("Action plan updated."),
        ):
            return redirect(reverse("manage:evaluation_lokus", args=[lokus.pk]) + "#mentoring")
    return form_page(
        request,
        form,
        _("Action plan step") if item else _("New action plan step"),
        reverse("manage:evaluation_lokus", args=[lokus.pk]) + "#mentoring",
        multipart=True,
        intro=lokus.unit.name,
    )


@login_required
def action_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    item, _rights = access.get_lokus_record_for_user(request.user, ActionItem, pk)
    return serve(item.evidence, download_name=f"rencana-aksi-{item.pk}")


@login_required
def rating_qr(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lokus, _rights = access.get_lokus_for_user(request.user, pk)
    url = absolute_url(reverse("evaluation_rating", args=[lokus.user_token]), request)
    return HttpResponse(
        qr.svg(url, title=_("F-03 form for %(unit)s") % {"unit": lokus.unit.name}),
        content_type="image/svg+xml",
    )


# --- results --------------------------------------------------------------------------------
@login_required
@replica_reads
def results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle, _rights = access.get_cycle_for_user(request.user, pk)
    within = access.lokus_in_view(request.user, cycle)
    by = request.GET.get("by", "national")
    if by not in queries.GROUPINGS:
        by = "national"
    return render(
        request,
        "evaluation/results.html",
        {
            "cycle": cycle,
            "by": by,
            "groupings": queries.GROUPINGS.items(),
            "groups": queries.rankings(cycle, by=by, within=within),
            "distribution": queries.category_distribution(cycle, within),
            "comparison": queries.cycle_comparison(cycle),
            "agreement": queries.agreement_by_evaluator(cycle) if within is None else [],
            "partial": within is not None,
            "instrument": cycle.instrument,
            "openable": access.openable_lokus(request.user, cycle),
            "openable_cycles": access.openable_cycles(request.user),
            # Many lokus: the PDF and XLSX are prepared in the background (ADR 0020).
            "prepare": [("cycle", cycle.pk)] if export_kinds.deferred(cycle, within) else None,
        },
    )


@login_required
@replica_reads
def results_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    cycle, _rights = access.get_cycle_for_user(request.user, pk)
    within = access.lokus_in_view(request.user, cycle)
    name = documents.results_filename(cycle)
    if fmt == "csv":
        return stream_csv(
            f"{name}.csv",
            documents.result_header(cycle),
            documents.result_rows(cycle, within),
            dialect=dialect_of(request.GET),
        )
    if fmt == "xlsx":
        response = HttpResponse(
            documents.results_xlsx(cycle, within),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        return _results_pdf(request, cycle, within, name)
    raise Http404


def _results_pdf(
    request: AuthenticatedHttpRequest, cycle: Cycle, within: QuerySet[Lokus] | None, name: str
) -> HttpResponse:
    response = HttpResponse(
        documents.issued_results_pdf(cycle, within, actor=request.user, request=request),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
def priorities(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle, rights = access.get_cycle_for_user(request.user, pk)
    rows = queries.coaching_priorities(cycle, within=access.lokus_in_view(request.user, cycle))
    return render(
        request,
        "evaluation/priorities.html",
        {
            "cycle": cycle,
            "rows": rows,
            "priority_count": sum(1 for r in rows if r.is_priority),
            "settings": access.cycle_gates(cycle, rights).settings,
            "openable": access.openable_lokus(request.user, cycle),
        },
    )
