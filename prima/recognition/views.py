"""Staff pages of recognition programmes under /manage/recognition/: the list, a programme's
page with its criteria, committee, nominations and decisions, a nomination's page where the
committee declares conflicts and scores, the decision and the awards, the export and the
history.

Views parse input, fetch through prima.recognition.access, call an action or a query, render.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.dbrouter import replica_reads
from prima.lib.evidence import citation
from prima.lib.history import describe
from prima.lib.uploads import serve
from prima.lib.views import attempt, flash_form_errors, form_page, int_param, page_of, query_without
from prima.recognition import access, actions, documents, queries
from prima.recognition.forms import (
    AwardForm,
    CriterionForm,
    DecisionForm,
    DeclarationForm,
    EvidenceForm,
    MemberForm,
    NominationForm,
    ProgrammeForm,
    ScoreForm,
    WithdrawForm,
)
from prima.recognition.models import Award, CommitteeMember, Criterion, Placement, Programme


# --- programmes -------------------------------------------------------------------------------
@login_required
def programmes(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = queries.programme_rows(access.programmes_visible_to(request.user))
    if status in Programme.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "recognition/programmes.html",
        {
            "page": page_of(request, rows.order_by("-created_at", "pk")),
            "query": query_without(request),
            "status": status,
            "statuses": Programme.Status.choices,
            "can_create": access.can_create_programmes(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = access.agencies_managed(request.user)
    if not agencies.exists():
        deny(request.user, "recognition.programme", "new", write=True)
    form = ProgrammeForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        done = attempt(
            request,
            lambda: actions.create_programme(actor=request.user, **fields),
            success=_("Programme saved as a draft. Add its criteria and committee."),
            form=form,
        )
        if done and done.value is not None:
            return redirect("manage:recognition_programme", pk=done.value.pk)
    return form_page(
        request, form, _("New recognition programme"), reverse("manage:recognition_programmes")
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="manage")
    form = ProgrammeForm(
        request.POST or None, instance=programme, agencies=access.agencies_managed(request.user)
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        programme.refresh_from_db()  # the form wrote into the instance; the action compares
        if attempt(
            request,
            lambda: actions.update_programme(programme, actor=request.user, **fields),
            success=_("Saved."),
            form=form,
        ):
            return redirect("manage:recognition_programme", pk=pk)
    return form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": programme.name},
        reverse("manage:recognition_programme", args=[pk]),
    )


@login_required
def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, rights = access.get_programme_for_user(request.user, pk)
    round_param = request.GET.get("round", "")
    rounds = queries.rounds_with_nominations(programme)
    chosen = next((r for r in rounds if r.isoformat() == round_param), None)
    nominations = page_of(request, queries.nominations_of(programme, round_start=chosen))
    decisions = queries.decisions_of(programme)
    undecided = [r for r in rounds if r not in {d.round_start for d in decisions}]
    return render(
        request,
        "recognition/programme.html",
        {
            "programme": programme,
            "rights": rights,
            "criteria": list(programme.criteria.all()),
            "weight_total": sum(c.weight for c in programme.criteria.all()),
            "members": list(programme.members.select_related("user")),
            "problems": actions.opening_problems(programme) if rights.open else [],
            "indicator": citation("recognition.award_criteria"),
            "criterion_form": CriterionForm() if rights.change_criteria else None,
            "page": nominations,
            "query": query_without(request),
            "rounds": [(r.isoformat(), programme.round_label(r)) for r in rounds],
            "chosen": chosen.isoformat() if chosen else "",
            "decisions": decisions,
            "can_decide": rights.chair and bool(undecided),
            "public_url": reverse("recognition:programme", args=[pk])
            if programme.publish_awards and programme.status != Programme.Status.DRAFT
            else "",
        },
    )


@login_required
@require_POST
def programme_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="open")
    attempt(
        request,
        lambda: actions.open_programme(programme, actor=request.user),
        success=_("The programme is open: its criteria are published and nominations taken."),
    )
    return redirect("manage:recognition_programme", pk=pk)


@login_required
@require_POST
def programme_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="close")
    attempt(
        request,
        lambda: actions.close_programme(programme, actor=request.user),
        success=_("The programme is closed."),
    )
    return redirect("manage:recognition_programme", pk=pk)


@login_required
@require_POST
def criterion_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="change_criteria")
    form = CriterionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: actions.add_criterion(
                programme,
                actor=request.user,
                element=data["element"],
                title=data["title"],
                weight=data["weight"],
                description=data["description"],
            ),
            success=_("Criterion added."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:recognition_programme", args=[pk]) + "#criteria")


@login_required
@require_POST
def criterion_remove(request: AuthenticatedHttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="change_criteria")
    criterion = Criterion.objects.filter(programme=programme, pk=criterion_pk).first()
    if criterion is None:
        deny(request.user, "recognition.criterion", criterion_pk, write=True)
    attempt(
        request,
        lambda: actions.remove_criterion(criterion, actor=request.user),
        success=_("Criterion removed."),
    )
    return redirect(reverse("manage:recognition_programme", args=[pk]) + "#criteria")


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="manage")
    form = MemberForm(request.POST or None, candidates=queries.committee_candidates(programme))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.add_member(
                programme,
                actor=request.user,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            ),
            success=_("Committee member added."),
            form=form,
        )
    ):
        return redirect(reverse("manage:recognition_programme", args=[pk]) + "#committee")
    return form_page(
        request,
        form,
        _("Add a committee member"),
        reverse("manage:recognition_programme", args=[pk]),
    )


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="manage")
    member = CommitteeMember.objects.filter(programme=programme, pk=member_pk).first()
    if member is None:
        deny(request.user, "recognition.committeemember", member_pk, write=True)
    attempt(
        request,
        lambda: actions.remove_member(member, actor=request.user),
        success=_("Committee member removed."),
    )
    return redirect(reverse("manage:recognition_programme", args=[pk]) + "#committee")


@login_required
def programme_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="export")
    page = page_of(request, queries.programme_history(programme), 50)
    return render(
        request,
        "recognition/history.html",
        {"programme": programme, "page": page, "changes": describe(page.object_list)},
    )


@login_required
@replica_reads
def programme_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="export")
    response = HttpResponse(
        documents.decisions_xlsx(programme),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = slugify(f"apresiasi-{programme.name}")[:80] or "apresiasi"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- nominations ------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="nominate")
    form = NominationForm(
        request.POST or None,
        request.FILES or None,
        programme=programme,
        units=access.nominating_units(request.user, programme),
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def run() -> object:
            nomination = actions.nominate(
                programme,
                actor=request.user,
                round_start=data["round_start"],
                unit=data["unit"],
                staff_name=data["staff_name"],
                staff_nip=data["staff_nip"],
                staff_position=data["staff_position"],
                reasons=data["reasons"],
            )
            if data.get("evidence"):
                actions.add_evidence(
                    nomination,
                    actor=request.user,
                    title=data["evidence_title"],
                    file=data["evidence"],
                )
            return nomination

        done = attempt(request, run, success=_("Nomination submitted."), form=form)
        if done and done.value is not None:
            return redirect("manage:recognition_nomination", pk=done.value.pk)  # type: ignore[attr-defined]
    return form_page(
        request,
        form,
        _("Nominate an officer: %(name)s") % {"name": programme.name},
        reverse("manage:recognition_programme", args=[pk]),
        intro=_("Nominate frontline staff against the programme's published criteria."),
        multipart=True,
        privacy="recognition_nomination",
    )


@login_required
def nomination_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    nomination, rights, on_programme = access.get_nomination_for_user(request.user, pk)
    member = access.member_of(request.user, nomination.programme)
    return render(
        request,
        "recognition/nomination.html",
        {
            "nomination": nomination,
            "programme": nomination.programme,
            "rights": rights,
            "programme_rights": on_programme,
            "evidence": list(nomination.evidence.all()),
            "signals": queries.unit_signals(nomination),
            "members": queries.members_status(nomination),
            "results": queries.criterion_results(nomination),
            "total": queries.total_of(nomination),
            "my_scores": queries.my_scores(nomination, member) if member else {},
            "declaration_form": DeclarationForm() if rights.declare else None,
            "evidence_form": EvidenceForm() if rights.change else None,
            "withdraw_form": WithdrawForm() if rights.change else None,
            "placement": Placement.objects.filter(nomination=nomination)
            .select_related("decision")
            .prefetch_related("awards")
            .first(),
        },
    )


@login_required
def evidence_file(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    nomination, _rights, _on = access.get_nomination_for_user(request.user, pk)
    found = access.evidence_file(nomination, file_pk)
    return serve(found.file, download_name=slugify(found.title)[:60] or "bukti")


@login_required
@require_POST
def evidence_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    nomination, _rights, _on = access.get_nomination_for_user(request.user, pk, need="change")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.add_evidence(
                nomination,
                actor=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            ),
            success=_("Evidence added."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:recognition_nomination", args=[pk]) + "#evidence")


@login_required
@require_POST
def nomination_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    nomination, _rights, _on = access.get_nomination_for_user(request.user, pk, need="change")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.withdraw_nomination(
                nomination, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            success=_("Nomination withdrawn."),
        )
    else:
        flash_form_errors(request, form)
    return redirect("manage:recognition_nomination", pk=pk)


@login_required
@require_POST
def declare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    nomination, _rights, _on = access.get_nomination_for_user(request.user, pk, need="declare")
    member = access.member_of(request.user, nomination.programme)
    assert member is not None  # `declare` is granted to members only
    form = DeclarationForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.declare(
                nomination,
                actor=request.user,
                member=member,
                has_conflict=form.cleaned_data["has_conflict"],
                nature=form.cleaned_data["nature"],
            ),
            success=_("Declaration recorded."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:recognition_nomination", args=[pk]) + "#committee")


@login_required
@require_http_methods(["GET", "POST"])
def score(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    nomination, _rights, _on = access.get_nomination_for_user(request.user, pk, need="score")
    member = access.member_of(request.user, nomination.programme)
    assert member is not None  # `score` is granted to members only
    form = ScoreForm(
        request.POST or None,
        criteria=list(nomination.programme.criteria.all()),
        initial_scores=queries.my_scores(nomination, member),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.score(
                nomination, actor=request.user, member=member, values=form.values()
            ),
            success=_("Scores saved."),
            form=form,
        )
    ):
        return redirect(reverse("manage:recognition_nomination", args=[pk]) + "#scores")
    return form_page(
        request,
        form,
        _("Score %(name)s") % {"name": nomination.staff_name},
        reverse("manage:recognition_nomination", args=[pk]),
        intro=_(
            "Score each criterion from 0 to 100. The unit's figures on the nomination's page "
            "describe the unit, not the officer."
        ),
    )


# --- decisions and awards -----------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="chair")
    decided = set(programme.decisions.values_list("round_start", flat=True))
    rounds = [r for r in queries.rounds_with_nominations(programme) if r not in decided]
    form = DecisionForm(request.POST or None, programme=programme, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: actions.decide(
                programme,
                actor=request.user,
                round_start=data["round_start"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                reasons=data["reasons"],
            ),
            success=_("Decision recorded. Record the awards."),
            form=form,
        ):
            return redirect(reverse("manage:recognition_programme", args=[pk]) + "#decisions")
    return form_page(
        request,
        form,
        _("Record the decision: %(name)s") % {"name": programme.name},
        reverse("manage:recognition_programme", args=[pk]),
        intro=_(
            "Every nomination of the round is placed by its weighted total from the members' "
            "scores; ties share a rank. Record the decree and the committee's reasons."
        ),
        closed="" if rounds else _("No round with nominations is waiting for a decision."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def award_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="chair")
    placements = (
        Placement.objects.filter(decision__programme=programme)
        .select_related("decision__programme", "nomination")
        .order_by("-decision__round_start", "rank")
    )
    chosen = int_param(request.GET.get("placement"))
    form = AwardForm(
        request.POST or None,
        programme=programme,
        placements=placements,
        initial={"placement": chosen, "awarded_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: actions.give_award(
                data["placement"],
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                reasons=data["reasons"],
                awarded_on=data["awarded_on"],
            ),
            success=_("Award recorded."),
            form=form,
        ):
            return redirect(reverse("manage:recognition_programme", args=[pk]) + "#decisions")
    return form_page(
        request,
        form,
        _("Record an award: %(name)s") % {"name": programme.name},
        reverse("manage:recognition_programme", args=[pk]),
        closed="" if placements.exists() else _("Record a decision first."),
    )


@login_required
@require_POST
def award_remove(request: AuthenticatedHttpRequest, pk: int, award_pk: int) -> HttpResponse:
    programme, _rights = access.get_programme_for_user(request.user, pk, need="chair")
    award = Award.objects.filter(placement__decision__programme=programme, pk=award_pk).first()
    if award is None:
        deny(request.user, "recognition.award", award_pk, write=True)
    attempt(
        request,
        lambda: actions.remove_award(award, actor=request.user),
        success=_("Award removed."),
    )
    return redirect(reverse("manage:recognition_programme", args=[pk]) + "#decisions")
