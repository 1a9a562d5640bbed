"""Staff pages of coaching events under /manage/coaching/: the list, an event's page, editing,
publishing and cancelling it, inviting agencies, materials, and the Q&A log. Participants and
attendance are in participant_views, follow-up tasks in task_views, the reach page in
reach_views, the participants' own page in public_views.

Views parse input, fetch through prima.coaching.access, call an action or a query, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.coaching import access, actions, queries
from prima.coaching.forms import (
    AnswerForm,
    CancelForm,
    EventForm,
    InviteForm,
    MaterialForm,
    QuestionForm,
)
from prima.coaching.models import Event, Topic
from prima.lib.http import absolute_url
from prima.lib.uploads import serve
from prima.lib.views import (
    attempt,
    flash_errors,
    flash_form_errors,
    form_page,
    int_param,
    page_of,
    query_without,
)


# --- events ---------------------------------------------------------------------------------
@login_required
def events(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The events the user can see, filtered and paged."""
    q = request.GET.get("q", "").strip()
    year = queries.year_in_range(int_param(request.GET.get("year")))
    kind = request.GET.get("kind", "")
    kind = Event.FORMER_KINDS.get(kind, kind)
    topic = request.GET.get("topic", "")
    organiser = request.GET.get("organiser", "")
    rows = queries.filter_events(
        access.events_visible_to(request.user),
        q=q,
        year=year,
        kind=kind if kind in Event.Kind.values else "",
        topic=topic if topic in Topic.values else "",
        organiser=organiser,
    )
    rows = queries.event_rows(rows).order_by("-starts_at", "pk")
    page = page_of(request, rows)
    return render(
        request,
        "coaching/events.html",
        {
            "page": page,
            "query": query_without(request),
            "filters": {"q": q, "year": year, "kind": kind, "topic": topic, "organiser": organiser},
            "years": queries.event_years(),
            "kinds": Event.Kind.choices,
            "topics": Topic.choices,
            "organisers": queries.organiser_choices(),
            "can_create": access.can_create_events(request.user),
            "viewer_zone": queries.viewer_zone(request.user),
        },
    )


def _event_form(request: AuthenticatedHttpRequest, instance: Event | None = None) -> EventForm:
    return EventForm(
        request.POST or None,
        instance=instance,
        wilayah=access.organised_wilayah(request.user),
        provinces=access.organised_provinces(request.user).order_by("name"),
        issuers=access.issuing_agencies(request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_create_events(request.user):
        deny(request.user, "coaching.event", "new", write=True)
    form = _event_form(request)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            event = actions.create_event(
                actor=request.user,
                topics=form.cleaned_data["topics"],
                **fields,
                **form.organiser_fields(),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Event saved as a draft. Invite the agencies."))
            return redirect("manage:coaching_event", pk=event.pk)
    return form_page(request, form, _("New coaching event"), reverse("manage:coaching_events"))


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    form = _event_form(request, event)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        saved = attempt(
            request,
            lambda: actions.update_event(
                event,
                actor=request.user,
                topics=form.cleaned_data["topics"],
                **fields,
                **form.organiser_fields(),
            ),
            success=_("Saved."),
        )
        if saved:
            return redirect("manage:coaching_event", pk=event.pk)
    return form_page(
        request,
        form,
        _("Edit %(title)s") % {"title": event.title},
        reverse("manage:coaching_event", args=[pk]),
    )


@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk)
    participants = queries.participant_rows(access.participants_visible_to(request.user, event))
    tasks = queries.task_rows(access.tasks_visible_to(request.user).filter(event=event))
    context = {
        "event": event,
        "topics": event.topic_labels(),
        "rights": rights,
        "agencies": queries.agency_summary(event) if rights.organise else None,
        "participants": participants,
        "materials": event.materials.all(),
        "material_form": MaterialForm() if rights.change else None,
        "questions": event.questions.select_related("agency"),
        "question_form": QuestionForm(agencies=queries.invited_agencies(event))
        if rights.change
        else None,
        "feedback": queries.feedback_summary(event) if rights.organise else None,
        "tasks": tasks,
        "today": timezone.localdate(),
        "public_url": absolute_url(reverse("coaching:event", args=[event.token]), request),
        "viewer_zone": queries.viewer_zone(request.user),
    }
    return render(request, "coaching/event.html", context)


@login_required
@require_POST
def event_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    attempt(
        request,
        lambda: actions.publish_event(event, actor=request.user),
        success=_("Published: the invited agencies can register participants."),
    )
    return redirect("manage:coaching_event", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    form = CancelForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.cancel_event(
                event, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            success=_("The event is cancelled; its open tasks too."),
            form=form,
        )
    ):
        return redirect("manage:coaching_event", pk=pk)
    return form_page(
        request,
        form,
        _("Cancel %(title)s") % {"title": event.title},
        reverse("manage:coaching_event", args=[pk]),
    )


# --- invitations and materials ----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite agencies, picked by coordination region or province, or one by one."""
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    form = InviteForm(
        request.POST or None,
        wilayah=access.organised_wilayah(request.user),
        provinces=access.invitable_provinces(request.user),
        agencies=access.invitable_agencies(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = list(
            queries.agencies_in(
                coordination_regions=data["coordination_regions"], provinces=data["provinces"]
            )
        ) + list(data["agencies"])
        try:
            added = actions.invite(event, actor=request.user, agencies=chosen)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(n)s agencies invited.") % {"n": added})
            return redirect(reverse("manage:coaching_event", args=[pk]) + "#agencies")
    return form_page(
        request,
        form,
        _("Invite agencies to %(title)s") % {"title": event.title},
        reverse("manage:coaching_event", args=[pk]),
        intro=_(
            "Pick whole coordination regions or provinces (every provincial, regency and city "
            "government in them), or single agencies. Agencies already invited are kept."
        ),
    )


@login_required
@require_POST
def uninvite(request: AuthenticatedHttpRequest, pk: int, code: str) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    agency = queries.invited_agencies(event).filter(code=code).first()
    if agency is None:
        raise Http404
    attempt(
        request,
        lambda: actions.withdraw_invitation(event, actor=request.user, agency=agency),
        success=_("Invitation of %(agency)s withdrawn.") % {"agency": agency},
    )
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#agencies")


@login_required
@require_POST
def material_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.add_material(event, actor=request.user, **form.cleaned_data),
            success=_("Material added."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#materials")


@login_required
def material_file(request: AuthenticatedHttpRequest, pk: int, material_pk: int) -> HttpResponseBase:
    event, rights = access.get_event_for_user(request.user, pk)
    material = access.event_material(event, material_pk)
    if not material.file:
        raise Http404
    return serve(material.file, download_name=f"{material.title}.pdf")


@login_required
@require_POST
def material_remove(request: AuthenticatedHttpRequest, pk: int, material_pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    actions.remove_material(access.event_material(event, material_pk), actor=request.user)
    messages.success(request, _("Material removed."))
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#materials")


# --- Q&A ------------------------------------------------------------------------------------
@login_required
@require_POST
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    form = QuestionForm(request.POST, agencies=queries.invited_agencies(event))
    if form.is_valid():
        actions.record_question(event, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Question recorded."))
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#questions")


@login_required
@require_http_methods(["GET", "POST"])
def question_answer(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    entry = event.questions.filter(pk=question_pk).first()
    if entry is None:
        raise Http404
    form = AnswerForm(
        request.POST or None, initial={"answer": entry.answer, "answered_by": entry.answered_by}
    )
    if request.method == "POST" and form.is_valid():
        actions.answer_question(entry, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Answer saved."))
        return redirect(reverse("manage:coaching_event", args=[pk]) + "#questions")
    return form_page(
        request,
        form,
        _("Answer: %(question)s") % {"question": entry.question[:80]},
        reverse("manage:coaching_event", args=[pk]),
    )
