"""Competition pages: the organiser's (competition, windows, rubric, entries, check, reviewers,
ranking, shortlist, objections, decisions, results), the entrant's (enter, answer, submit),
the reviewer's (declare, score) under /manage/kompetisi/, and the public's under
/inovasi/kompetisi/ (the rules, the Top N with its objection form, the results).

Views parse input, fetch through contest_access, call an action or a query, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.innovation import contest_access as access
from prima.innovation import contest_actions as actions
from prima.innovation import contest_queries as queries
from prima.innovation.contest_forms import (
    COMPETITION_FIELDS,
    AnswersForm,
    AssignForm,
    CategoryForm,
    CheckForm,
    CompetitionForm,
    CriterionForm,
    DecideForm,
    DeclareForm,
    DecreeForm,
    EnterForm,
    GroupForm,
    ObjectionForm,
    ResolveForm,
    ScoreForm,
    ShortlistForm,
    WindowsForm,
)
from prima.innovation.models import (
    AdminCheck,
    Category,
    Competition,
    Criterion,
    Group,
    Review,
    Submission,
    SubmissionAnswer,
    Window,
)
from prima.lib import ratelimit
from prima.lib.dbrouter import replica_reads
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.http import client_ip
from prima.lib.uploads import serve
from prima.lib.views import attempt, flash_form_errors, form_page, page_of, query_without

# The public objection form, per address (as the complaint form).
OBJECTION_LIMIT, OBJECTION_WINDOW = 5, 3600


def _competition_url(competition: Competition) -> str:
    return reverse("manage:innovation_contest", args=[competition.pk])


def _entry_url(submission: Submission) -> str:
    return reverse("manage:innovation_contest_entry", args=[submission.pk])


def _reason_labels(codes: list[str]) -> list[str]:
    return [str(AdminCheck.Reason(c).label) for c in codes if c in AdminCheck.Reason.values]


# --- competitions ---------------------------------------------------------------------------
@login_required
@require_GET
def competitions(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = access.competitions_visible_to(request.user).select_related("organiser", "region")
    return render(
        request,
        "innovation/contest/competitions.html",
        {
            "page": page_of(request, rows),
            "query": query_without(request),
            "can_create": access.can_create_competitions(request.user),
            "reviews": access.reviews_of(request.user).exclude(state=Review.State.DONE).count(),
        },
    )


def _competition_form(
    request: AuthenticatedHttpRequest, instance: Competition | None = None
) -> CompetitionForm:
    levels = access.creatable_levels(request.user)
    if instance is not None and instance.level not in levels:
        levels = [*levels, instance.level]
    return CompetitionForm(
        request.POST or None,
        instance=instance,
        levels=levels,
        organisers=access.organiser_agencies(request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def competition_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_create_competitions(request.user):
        deny(request.user, "innovation.competition", "new", write=True)
    form = _competition_form(request)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in COMPETITION_FIELDS}
        done = attempt(
            request,
            lambda: actions.create_competition(actor=request.user, **fields),
            success=_("Competition saved. Set its windows, groups, rubric and categories."),
            form=form,
        )
        if done and done.value is not None:
            return redirect(_competition_url(done.value))
    return form_page(request, form, _("New competition"), reverse("manage:innovation_contest_list"))


@login_required
@require_http_methods(["GET", "POST"])
def competition_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="change")
    form = _competition_form(request, competition)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in COMPETITION_FIELDS}
        if attempt(
            request,
            lambda: actions.update_competition(competition, actor=request.user, **fields),
            success=_("Saved."),
            form=form,
        ):
            return redirect(_competition_url(competition))
    return form_page(request, form, _("Edit the competition"), _competition_url(competition))


@login_required
@require_GET
def competition_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, rights = access.get_competition_for_user(request.user, pk)
    state = request.GET.get("state", "")
    q = request.GET.get("q", "").strip()[:100]
    context = {
        "competition": competition,
        "rights": rights,
        "windows": queries.windows_of(competition),
        "groups": queries.groups_with_criteria(competition),
        "categories": competition.categories.all(),
        "problems": actions.rubric_problems(competition) if rights.open else [],
        "mine": access.submissions_entered_by(request.user, competition).select_related(
            "innovation", "group"
        ),
        "reviews": access.reviews_of(request.user)
        .filter(submission__competition=competition)
        .select_related("submission__innovation"),
    }
    if rights.organise:
        rows = queries.entries(
            competition, state=state if state in Submission.State.values else "", q=q
        )
        context.update(
            {
                "page": page_of(request, rows),
                "query": query_without(request),
                "filters": {"state": state, "q": q},
                "states": Submission.State.choices,
                "counts": queries.state_counts(competition),
                "objections": queries.objections_of(competition),
                "shortlist_form": ShortlistForm(),
                "decree_form": DecreeForm(
                    initial={
                        "number": competition.award_decree_number,
                        "date": competition.award_decree_date,
                    }
                ),
            }
        )
    return render(request, "innovation/contest/competition.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def windows_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="change")
    form = WindowsForm(request.POST or None, competition=competition)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.set_windows(competition, actor=request.user, windows=form.windows()),
            success=_("Windows saved."),
            form=form,
        )
    ):
        return redirect(_competition_url(competition))
    return form_page(
        request,
        form,
        _("Windows of %(competition)s") % {"competition": competition},
        _competition_url(competition),
        intro=_(
            "When each stage opens and closes. Units enter only while registration is open; "
            "the public objects only while the objection window is open. Leave a stage empty "
            "when the competition has no such stage."
        ),
    )


@login_required
@require_POST
def competition_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="open")
    attempt(
        request,
        lambda: actions.open_competition(competition, actor=request.user),
        success=_("Announced. Units may enter while registration is open."),
    )
    return redirect(_competition_url(competition))


# --- groups, criteria, categories -----------------------------------------------------------
def _group(competition: Competition, group_pk: int) -> Group:
    group = competition.groups.filter(pk=group_pk).first()
    if group is None:
        raise Http404
    return group


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(
    request: AuthenticatedHttpRequest, pk: int, group_pk: int | None = None
) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="change_rubric")
    group = _group(competition, group_pk) if group_pk else None
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and "delete" in request.POST and group is not None:
        attempt(
            request,
            lambda: actions.delete_group(group, actor=request.user),
            success=_("Group deleted."),
        )
        return redirect(_competition_url(competition))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in GroupForm.Meta.fields}
        if attempt(
            request,
            lambda: actions.save_group(competition, actor=request.user, group=group, **fields),
            success=_("Group saved."),
            form=form,
        ):
            return redirect(_competition_url(competition))
    return form_page(
        request,
        form,
        _("Edit the group") if group else _("New group"),
        _competition_url(competition),
        deletable=group is not None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(
    request: AuthenticatedHttpRequest, pk: int, group_pk: int, criterion_pk: int | None = None
) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="change_rubric")
    group = _group(competition, group_pk)
    criterion: Criterion | None = None
    if criterion_pk:
        criterion = group.criteria.filter(pk=criterion_pk).first()
        if criterion is None:
            raise Http404
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and "delete" in request.POST and criterion is not None:
        attempt(
            request,
            lambda: actions.delete_criterion(criterion, actor=request.user),
            success=_("Criterion deleted."),
        )
        return redirect(_competition_url(competition))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CriterionForm.Meta.fields}
        if attempt(
            request,
            lambda: actions.save_criterion(
                group, actor=request.user, criterion=criterion, **fields
            ),
            success=_("Criterion saved."),
            form=form,
        ):
            return redirect(_competition_url(competition))
    return form_page(
        request,
        form,
        _("Criterion of %(group)s") % {"group": group},
        _competition_url(competition),
        intro=_(
            "The weights of a group's criteria add up to 100; a criterion may weigh 0 (like "
            "the KIPP summary). Reviewers score each criterion from 0 to the competition's "
            "highest score."
        ),
        deletable=criterion is not None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(
    request: AuthenticatedHttpRequest, pk: int, category_pk: int | None = None
) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="change_rubric")
    category: Category | None = None
    if category_pk:
        category = competition.categories.filter(pk=category_pk).first()
        if category is None:
            raise Http404
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and "delete" in request.POST and category is not None:
        attempt(
            request,
            lambda: actions.delete_category(category, actor=request.user),
            success=_("Category deleted."),
        )
        return redirect(_competition_url(competition))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CategoryForm.Meta.fields}
        if attempt(
            request,
            lambda: actions.save_category(
                competition, actor=request.user, category=category, **fields
            ),
            success=_("Category saved."),
            form=form,
        ):
            return redirect(_competition_url(competition))
    return form_page(
        request,
        form,
        _("Edit the category") if category else _("New category"),
        _competition_url(competition),
        deletable=category is not None,
    )


# --- entries --------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def enter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="enter")
    form = EnterForm(
        request.POST or None,
        competition=competition,
        innovations=access.enterable_innovations(request.user, competition),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: actions.start_entry(
                competition,
                actor=request.user,
                innovation=data["innovation"],
                group=data["group"],
                category=data["category"],
            ),
            success=_("Entry started. Answer each question, then submit."),
            form=form,
        )
        if done and done.value is not None:
            return redirect("manage:innovation_contest_answers", pk=done.value.pk)
    return form_page(
        request,
        form,
        _("Enter an innovation in %(competition)s") % {"competition": competition},
        _competition_url(competition),
        intro=_(
            "Choose an innovation your unit registered. Its entry draws on the registry: "
            "keep the start date, the decree (SK) and the team up to date there."
        ),
    )


@login_required
@require_GET
def entry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission, rights = access.get_submission_for_user(request.user, pk)
    competition = submission.competition
    context = {
        "submission": submission,
        "competition": competition,
        "rights": rights,
        "answers": submission.answers.select_related("criterion") if rights.answers else [],
        "checks": submission.checks.select_related("checked_by"),
        "warnings": _reason_labels(actions.eligibility_warnings(submission)),
        "missing": actions.missing_answers(submission)
        if submission.state == Submission.State.DRAFT
        else [],
    }
    if rights.organise:
        context.update(
            {
                "reviews": submission.reviews.select_related("reviewer"),
                "result": queries.result_of(submission),
                "objections": submission.objections.all(),
                "check_form": CheckForm(),
                "assign_form": AssignForm(),
                "decide_form": DecideForm(),
            }
        )
    return render(request, "innovation/contest/entry.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_answers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission, _rights = access.get_submission_for_user(request.user, pk, need="edit")
    form = AnswersForm(request.POST or None, request.FILES or None, submission=submission)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.save_answers(submission, actor=request.user, answers=form.answers()),
            success=_("Answers saved."),
            form=form,
        )
    ):
        return redirect(_entry_url(submission))
    return form_page(
        request,
        form,
        _("Answers: %(innovation)s") % {"innovation": submission.innovation},
        _entry_url(submission),
        intro=_(
            "Answer each question of the group's rubric within its word limit; attach the "
            "evidence where it is asked for. You can save and come back until you submit."
        ),
        multipart=True,
    )


@login_required
@require_POST
def entry_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission, _rights = access.get_submission_for_user(request.user, pk, need="edit")
    done = attempt(request, lambda: actions.submit_entry(submission, actor=request.user))
    if done:
        messages.success(request, _("Submitted. The secretariat checks it next."))
        for label in _reason_labels(done.value or []):
            messages.warning(
                request, _("The secretariat may refuse it: %(reason)s.") % {"reason": label}
            )
    return redirect(_entry_url(submission))


@login_required
@require_POST
def entry_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission, _rights = access.get_submission_for_user(request.user, pk, need="withdraw")
    attempt(
        request,
        lambda: actions.withdraw_entry(submission, actor=request.user),
        success=_("Entry withdrawn."),
    )
    return redirect(_entry_url(submission))


@login_required
@require_GET
def answer_file(request: AuthenticatedHttpRequest, pk: int, answer_pk: int) -> FileResponse:
    submission, _rights = access.get_submission_for_user(request.user, pk, need="answers")
    answer = SubmissionAnswer.objects.filter(pk=answer_pk, submission=submission).first()
    if answer is None or not answer.evidence:
        raise Http404
    return serve(answer.evidence, download_name=f"bukti-{submission.pk}-{answer.criterion_id}")


@login_required
@require_POST
def entry_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission, _rights = access.get_submission_for_user(request.user, pk, need="check")
    form = CheckForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        data = form.cleaned_data
        attempt(
            request,
            lambda: actions.check_entry(
                submission,
                actor=request.user,
                passed=data["passed"],
                reasons=data["reasons"],
                note=data["note"],
            ),
            success=_("Check recorded."),
        )
    return redirect(_entry_url(submission))


@login_required
@require_POST
def entry_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission, _rights = access.get_submission_for_user(request.user, pk, need="assign")
    form = AssignForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        attempt(
            request,
            lambda: actions.assign_reviewer(
                submission, actor=request.user, reviewer=form.cleaned_data["reviewer"]
            ),
            success=_("Reviewer assigned."),
        )
    return redirect(_entry_url(submission))


@login_required
@require_POST
def entry_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission, _rights = access.get_submission_for_user(request.user, pk, need="decide")
    form = DecideForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        attempt(
            request,
            lambda: actions.decide(
                submission,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                award_title=form.cleaned_data["award_title"],
            ),
            success=_("Decision recorded."),
        )
    return redirect(_entry_url(submission))


# --- ranking, shortlist, decree, publishing -------------------------------------------------
@login_required
@require_GET
@replica_reads
def ranking(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, rights = access.get_competition_for_user(request.user, pk, need="organise")
    return render(
        request,
        "innovation/contest/ranking.html",
        {"competition": competition, "rights": rights, "groups": queries.ranking(competition)},
    )


@login_required
@require_GET
@replica_reads
def ranking_export(request: AuthenticatedHttpRequest, pk: int) -> StreamingHttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="organise")
    header, rows = queries.ranking_export(competition)
    return stream_csv(
        f"peringkat-kompetisi-{competition.pk}.csv",
        header,
        rows,
        dialect=dialect_of(request.GET),
    )


@login_required
@require_POST
def ranking_compute(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="publish")
    done = attempt(request, lambda: actions.compute_ranking(competition, actor=request.user))
    if done:
        messages.success(request, _("Ranking computed: %(n)s entries scored.") % {"n": done.value})
    return redirect("manage:innovation_contest_ranking", pk=competition.pk)


@login_required
@require_POST
def shortlist(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="publish")
    form = ShortlistForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        done = attempt(
            request,
            lambda: actions.set_shortlist(
                competition,
                actor=request.user,
                decree_number=form.cleaned_data["decree_number"],
                decree_date=form.cleaned_data["decree_date"],
            ),
        )
        if done:
            messages.success(
                request,
                _("Shortlist set: %(n)s entries. The public may object while the window is open.")
                % {"n": len(done.value or [])},
            )
    return redirect(_competition_url(competition))


@login_required
@require_POST
def decree(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="publish")
    form = DecreeForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        attempt(
            request,
            lambda: actions.record_decree(
                competition,
                actor=request.user,
                number=form.cleaned_data["number"],
                date=form.cleaned_data["date"],
            ),
            success=_("Award decree recorded."),
        )
    return redirect(_competition_url(competition))


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competition, _rights = access.get_competition_for_user(request.user, pk, need="publish")
    attempt(
        request,
        lambda: actions.publish_results(competition, actor=request.user),
        success=_("Results published."),
    )
    return redirect(_competition_url(competition))


@login_required
@require_http_methods(["GET", "POST"])
def objection_resolve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    objection = access.get_objection_for_user(request.user, pk)
    form = ResolveForm(request.POST or None)
    back = _entry_url(objection.submission)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.resolve_objection(
                objection,
                actor=request.user,
                upheld=form.cleaned_data["upheld"],
                resolution=form.cleaned_data["resolution"],
            ),
            success=_("Objection resolved."),
            form=form,
        )
    ):
        return redirect(back)
    return form_page(
        request,
        form,
        _("Objection by %(name)s") % {"name": objection.name},
        back,
        intro=objection.text,
        objection=objection,
    )


# --- reviews --------------------------------------------------------------------------------
@login_required
@require_GET
def my_reviews(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = (
        access.reviews_of(request.user)
        .select_related("submission", "submission__innovation", "submission__competition")
        .order_by("state", "-assigned_at")
    )
    return render(
        request,
        "innovation/contest/reviews.html",
        {"page": page_of(request, rows), "query": query_without(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item, rights = access.get_review_for_user(request.user, pk)
    submission = item.submission
    declare_form = DeclareForm(request.POST if "declare" in request.POST else None)
    score_form = ScoreForm(
        request.POST if "score" in request.POST else None, submission=submission, review=item
    )
    if request.method == "POST" and "declare" in request.POST and rights.declare:
        if declare_form.is_valid() and attempt(
            request,
            lambda: actions.declare(
                item,
                actor=request.user,
                conflict=declare_form.cleaned_data["conflict"],
                note=declare_form.cleaned_data["note"],
            ),
            success=_("Declaration recorded."),
            form=declare_form,
        ):
            return redirect("manage:innovation_contest_review", pk=item.pk)
    elif request.method == "POST" and "score" in request.POST and rights.score:
        if score_form.is_valid() and attempt(
            request,
            lambda: actions.score_review(
                item,
                actor=request.user,
                scores=score_form.scores(),
                comment=score_form.cleaned_data["comment"],
            ),
            success=_("Scores saved."),
            form=score_form,
        ):
            return redirect("manage:innovation_contest_review", pk=item.pk)
    elif request.method == "POST":
        messages.error(request, _("This review cannot take that now."))
        return redirect("manage:innovation_contest_review", pk=item.pk)
    return render(
        request,
        "innovation/contest/review.html",
        {
            "review": item,
            "submission": submission,
            "rights": rights,
            "declare_form": declare_form,
            "score_form": score_form,
            "answers": submission.answers.select_related("criterion") if rights.answers else [],
        },
    )


# --- public ---------------------------------------------------------------------------------
def _public_competition(pk: int) -> Competition:
    competition = (
        access.public_competitions()
        .select_related("organiser", "region")
        .prefetch_related("windows")
        .filter(pk=pk)
        .first()
    )
    if competition is None:
        raise Http404
    return competition


@require_GET
def public_competitions(request: HttpRequest) -> HttpResponse:
    rows = access.public_competitions().select_related("organiser", "region")
    return render(
        request,
        "innovation/contest/public_list.html",
        {"page": page_of(request, rows), "query": query_without(request)},
    )


@require_GET
def public_competition(request: HttpRequest, pk: int) -> HttpResponse:
    competition = _public_competition(pk)
    published = competition.state == Competition.State.CLOSED
    return render(
        request,
        "innovation/contest/public_competition.html",
        {
            "competition": competition,
            "windows": queries.windows_of(competition),
            "groups": queries.groups_with_criteria(competition),
            "categories": competition.categories.all(),
            "entries": queries.public_entries(competition),
            "published": published,
            "objecting": access.window_is_open(competition, Window.Stage.OBJECTION),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def public_objection(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """The public objection form of a shortlisted entry, open only during the window."""
    competition = _public_competition(pk)
    submission = (
        competition.submissions.filter(pk=entry_pk, state=Submission.State.SHORTLISTED)
        .select_related("innovation", "agency", "competition")
        .first()
    )
    if submission is None:
        raise Http404
    is_open = access.window_is_open(competition, Window.Stage.OBJECTION)
    form = ObjectionForm(request.POST if request.method == "POST" and is_open else None)
    if request.method == "POST" and is_open:
        if ratelimit.hit(
            "innovation-objection",
            client_ip(request),
            limit=OBJECTION_LIMIT,
            window=OBJECTION_WINDOW,
        ):
            return render(
                request,
                "innovation/contest/public_objection.html",
                {
                    "competition": competition,
                    "submission": submission,
                    "form": form,
                    "open": is_open,
                    "slow_down": True,
                },
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:  # the hidden trap was filled: answer as if received
                return redirect("innovation:contest_objection_received", pk=competition.pk)
            if attempt(
                request,
                lambda: actions.file_objection(
                    submission,
                    actor=None,
                    name=data["name"],
                    contact=data["contact"],
                    text=data["text"],
                ),
                form=form,
            ):
                return redirect("innovation:contest_objection_received", pk=competition.pk)
    return render(
        request,
        "innovation/contest/public_objection.html",
        {"competition": competition, "submission": submission, "form": form, "open": is_open},
    )


@require_GET
def public_objection_received(request: HttpRequest, pk: int) -> HttpResponse:
    competition = _public_competition(pk)
    return render(
        request, "innovation/contest/public_objection_received.html", {"competition": competition}
    )
