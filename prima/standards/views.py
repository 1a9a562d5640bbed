"""Staff pages of the standards module under /manage/: a unit's standards and compliance,
one standard with its versions and life cycle, maklumat, forums and facilities.

Views parse input, fetch through prima.standards.access, call an action or a query, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.history import describe
from prima.lib.uploads import serve
from prima.lib.views import attempt, flash_form_errors, form_page, page_of, query_without
from prima.registry.access import get_service_for_user, get_unit_for_user, units_visible_to
from prima.standards import access, actions, documents, queries
from prima.standards import components as spec
from prima.standards.forms import (
    AgreementForm,
    FacilitiesForm,
    FacilityTypeForm,
    ForumForm,
    MaklumatForm,
    MaklumatPublicationForm,
    ParticipantForm,
    PhotoForm,
    PublicationForm,
    ReviewFinishForm,
    ReviewStartForm,
    SetForm,
    StandardForm,
)
from prima.standards.models import FacilityType, Maklumat, ServiceStandard, UnitFacility


# --- a unit's standards ---------------------------------------------------------------------
@login_required
def unit_standards(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Every offered service with its standard, the compliance status, publication records,
    the maklumat, forums and facilities."""
    unit, rights = get_unit_for_user(request.user, code)
    today = timezone.localdate()
    compliance = queries.unit_compliance(unit, today)
    context = {
        "unit": unit,
        "compliance": compliance,
        "today": today,
        "publications": unit.standard_publications.all(),
        "maklumat": queries.current_maklumat(unit),
        "forums": unit.forums.all()[:20],
        "facility_count": queries.usable_facilities(unit).count(),
        "rights": rights,
    }
    return render(request, "standards/manage/unit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def draft_create(request: AuthenticatedHttpRequest, service_pk: int) -> HttpResponse:
    """GET asks first (a new version is a record the unit then carries through consultation
    and a decree, and an open draft blocks any other); the POST of that page drafts it."""
    service = get_service_for_user(request.user, service_pk, write=True)
    if request.method == "GET":
        open_draft = service.standards.filter(status__in=ServiceStandard.EDITABLE).first()
        if open_draft is not None:  # nothing to confirm: continue with it
            return redirect("manage:standard_detail", pk=open_draft.pk)
        latest = service.standards.order_by("-version").first()
        context = {
            "service": service,
            "unit": service.unit,
            "latest": latest,
            "version": latest.version + 1 if latest else 1,
        }
        return render(request, "standards/manage/draft_confirm.html", context)
    done = attempt(request, lambda: actions.create_draft(service, actor=request.user))
    if not done or done.value is None:
        existing = service.standards.filter(status__in=ServiceStandard.EDITABLE).first()
        if existing:
            return redirect("manage:standard_detail", pk=existing.pk)
        return redirect("manage:unit_standards", code=service.unit.code)
    draft = done.value
    messages.success(request, _("Version %(v)s drafted.") % {"v": draft.version})
    return redirect("manage:standard_edit", pk=draft.pk)


# --- one standard ---------------------------------------------------------------------------
@login_required
def standard_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    standard, rights = access.get_standard_for_user(request.user, pk)
    unit = standard.service.unit
    versions = list(standard.service.standards.order_by("-version"))
    compare_with = None
    other = request.GET.get("compare")
    if other and other.isdigit():
        compare_with = next((v for v in versions if v.pk == int(other)), None)
    previous = compare_with or queries.previous_version(standard)
    context = {
        "unit": unit,
        "standard": standard,
        "rows": queries.component_rows(standard),
        "versions": versions,
        "previous": previous,
        "changes": queries.changes_since(standard, previous) if previous else [],
        "agreements": queries.agreements_by_component(standard),
        "reviews": queries.reviews_of(standard),
        "forums": standard.forums.all(),
        "history": describe(
            standard.history.select_related("history_user").order_by("-history_date")[:30]
        ),
        "rights": rights,
        "missing_names": actions.component_names(standard.missing),
    }
    return render(request, "standards/manage/standard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    standard, rights = access.get_standard_for_user(request.user, pk, write=True)
    if not rights.edit:
        messages.error(request, _("Only a draft can be edited; start a new version instead."))
        return redirect("manage:standard_detail", pk=pk)
    form = StandardForm(
        request.POST or None,
        request.FILES or None,
        initial=StandardForm.initial_for(standard),
    )
    if request.method == "POST" and form.is_valid():
        flowchart: Any = None
        if form.cleaned_data.get("flowchart"):
            flowchart = form.cleaned_data["flowchart"]
        elif form.cleaned_data.get("remove_flowchart"):
            flowchart = False
        done = attempt(
            request,
            lambda: actions.save_draft(
                standard,
                actor=request.user,
                revision=form.cleaned_data["revision"],
                components=form.components(),
                change_note=form.cleaned_data["change_note"],
                flowchart=flowchart,
            ),
            form=form,
        )
        if done and done.value is not None:
            missing = done.value.missing
            if missing:
                messages.warning(
                    request,
                    _("Draft saved. Still missing before it can be set: %(names)s.")
                    % {"names": actions.component_names(missing)},
                )
            else:
                messages.success(request, _("Draft saved. All 14 components are filled."))
            return redirect("manage:standard_detail", pk=pk)
    return render(
        request,
        "standards/manage/edit.html",
        {"form": form, "standard": standard, "unit": standard.service.unit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    standard, rights = access.get_standard_for_user(request.user, pk, write=True)
    form = SetForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.set_standard(standard, actor=request.user, **form.cleaned_data),
            success=_("The standard is set. Publish it to show it to the public."),
            form=form,
        )
    ):
        return redirect("manage:standard_detail", pk=pk)
    return form_page(
        request,
        form,
        _("Set %(service)s, version %(v)s")
        % {"service": standard.service.name, "v": standard.version},
        reverse("manage:standard_detail", args=[pk]),
        intro=_(
            "Setting (penetapan) gives the standard legal force. All 14 components must be filled."
        ),
        multipart=True,
    )


@login_required
@require_POST
def standard_action(request: AuthenticatedHttpRequest, pk: int, verb: str) -> HttpResponse:
    standard, rights = access.get_standard_for_user(request.user, pk, write=True)
    done = {
        "consult": (actions.start_consultation, _("The draft is open to public consultation.")),
        "publish": (actions.publish_standard, _("The standard is published.")),
    }
    if verb not in done:
        raise Http404
    action, message = done[verb]
    attempt(request, lambda: action(standard, actor=request.user), success=message)
    return redirect("manage:standard_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def review_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    standard, rights = access.get_standard_for_user(request.user, pk, write=True)
    unit = standard.service.unit
    form = ReviewStartForm(
        request.POST or None, unit=unit, initial={"started_on": timezone.localdate()}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.start_review(standard, actor=request.user, **form.cleaned_data),
            success=_("Review started. The standard stays in force meanwhile."),
            form=form,
        )
    ):
        return redirect("manage:standard_detail", pk=pk)
    return form_page(
        request,
        form,
        _("Review %(service)s") % {"service": standard.service.name},
        reverse("manage:standard_detail", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_finish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review, rights = access.get_review_for_user(request.user, pk, write=True)
    standard = review.standard
    form = ReviewFinishForm(
        request.POST or None,
        instance=review,
        unit=standard.service.unit,
        initial={"finished_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: actions.finish_review(
                review,
                actor=request.user,
                finished_on=form.cleaned_data["finished_on"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                forum=form.cleaned_data["forum"],
            ),
            success=_("Review finished."),
            form=form,
        )
        if done and done.value is not None:
            return redirect("manage:standard_detail", pk=done.value.pk)
    return form_page(
        request,
        form,
        _("Finish the review of %(service)s") % {"service": standard.service.name},
        reverse("manage:standard_detail", args=[standard.pk]),
    )


@login_required
def standard_file(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponseBase:
    standard, rights = access.get_standard_for_user(request.user, pk)
    field = {"decree": standard.decree_file, "flowchart": standard.flowchart}.get(kind)
    if field is None:
        raise Http404
    return serve(field, download_name=f"{kind}-{standard.service.unit.code}-v{standard.version}")


# --- publication records --------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def publication_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit, rights = get_unit_for_user(request.user, code, write=True)
    form = PublicationForm(request.POST or None, initial={"published_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.record_publication(unit, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Publication recorded."))
        return redirect("manage:unit_standards", code=code)
    return form_page(
        request,
        form,
        _("Where the standards were published"),
        reverse("manage:unit_standards", args=[code]),
        intro=_("PEKPPP indicator 3.a.T counts the media, with SIPP Nasional apart."),
    )


@login_required
@require_POST
def publication_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    publication, rights = access.get_publication_for_user(request.user, pk, write=True)
    actions.delete_publication(publication, actor=request.user)
    messages.success(request, _("Publication record removed."))
    return redirect("manage:unit_standards", code=publication.unit.code)


# --- maklumat -------------------------------------------------------------------------------
DEFAULT_MAKLUMAT = {
    "promise": "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar "
    "pelayanan yang telah ditetapkan.",
    "commitment": "Kami berkomitmen memberikan pelayanan sesuai kewajiban dan akan melakukan "
    "perbaikan secara terus-menerus.",
    "sanction": "Apabila tidak menepati janji ini, kami siap menerima sanksi dan/atau "
    "memberikan kompensasi sesuai peraturan perundang-undangan yang berlaku.",
}


@login_required
@require_http_methods(["GET", "POST"])
def maklumat_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Draft or complete the unit's maklumat; a signed and published one is replaced by a new
    draft."""
    unit, rights = get_unit_for_user(request.user, code, write=True)
    current = queries.current_maklumat(unit)
    editable = current if current and not current.is_final else None
    initial = {} if editable else {**DEFAULT_MAKLUMAT, "signer_position": ""}
    form = MaklumatForm(
        request.POST or None, request.FILES or None, instance=editable, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in actions.MAKLUMAT_FIELDS}
        if attempt(
            request,
            lambda: actions.save_maklumat(
                unit,
                actor=request.user,
                maklumat=Maklumat.objects.get(pk=editable.pk) if editable else None,
                file=form.cleaned_data.get("file") or None,
                **values,
            ),
            success=_("Maklumat saved."),
            form=form,
        ):
            return redirect("manage:unit_standards", code=code)
    return form_page(
        request,
        form,
        _("Maklumat Pelayanan of %(unit)s") % {"unit": unit.name},
        reverse("manage:unit_standards", args=[code]),
        intro=_(
            "The three statements UU 25/2009 Pasal 22 asks for. Sign and publish it on "
            "electronic and non-electronic media."
        ),
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def maklumat_publication_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    maklumat, rights = access.get_maklumat_for_user(request.user, pk, write=True)
    form = MaklumatPublicationForm(
        request.POST or None, initial={"published_on": timezone.localdate()}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: actions.record_maklumat_publication(
                maklumat, actor=request.user, **form.cleaned_data
            ),
            success=_("Publication recorded."),
            form=form,
        )
    ):
        return redirect("manage:unit_standards", code=maklumat.unit.code)
    return form_page(
        request,
        form,
        _("Where the maklumat was published"),
        reverse("manage:unit_standards", args=[maklumat.unit.code]),
    )


@login_required
def maklumat_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    maklumat, rights = access.get_maklumat_for_user(request.user, pk)
    return serve(maklumat.file, download_name=f"maklumat-{maklumat.unit.code}")


# --- forums ---------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def forum_edit(request: AuthenticatedHttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    unit, rights = get_unit_for_user(request.user, code, write=True)
    forum = access.get_forum_for_user(request.user, pk, write=True)[0] if pk else None
    if forum is not None and forum.unit_id != unit.pk:
        deny(request.user, "forum", pk, write=True)
    form = ForumForm(
        request.POST or None,
        instance=forum,
        unit=unit,
        initial={"held_on": timezone.localdate()} if forum is None else None,
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: actions.save_forum(
                unit,
                actor=request.user,
                forum=forum,
                standards=form.cleaned_data["standards"],
                **form.values(),
            ),
            success=_("Forum saved."),
            form=form,
        )
        if done and done.value is not None:
            return redirect("manage:forum_detail", pk=done.value.pk)
    return form_page(
        request,
        form,
        _("Public consultation forum") if forum is None else forum.title,
        reverse("manage:forum_detail", args=[forum.pk])
        if forum
        else reverse("manage:unit_standards", args=[code]),
    )


@login_required
def forum_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forum, rights = access.get_forum_for_user(request.user, pk)
    unit = forum.unit
    participants = list(forum.participants.all())
    elements = queries.attended_elements(participants)
    context = {
        "unit": unit,
        "forum": forum,
        "participants": participants,
        "agreements": forum.agreements.select_related("standard", "standard__service"),
        "photos": forum.photos.all(),
        "standards": forum.standards.select_related("service"),
        "elements": elements,
        "element_count": spec.community_score(elements),
        "rights": rights,
        "participant_form": ParticipantForm(prefix="p") if rights.change else None,
        "agreement_form": AgreementForm(prefix="a", unit=unit) if rights.change else None,
        "photo_form": PhotoForm(prefix="f") if rights.change else None,
    }
    return render(request, "standards/manage/forum.html", context)


@login_required
@require_POST
def forum_add(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add a participant, an agreement or a photo to a forum."""
    forum, rights = access.get_forum_for_user(request.user, pk, write=True)
    form: Any
    if kind == "participant":
        form = ParticipantForm(request.POST, prefix="p")
        if form.is_valid():
            actions.add_participant(forum, actor=request.user, **form.cleaned_data)
    elif kind == "agreement":
        form = AgreementForm(request.POST, prefix="a", unit=forum.unit)
        if form.is_valid():
            attempt(
                request,
                lambda: actions.add_agreement(forum, actor=request.user, **form.cleaned_data),
                form=form,
            )
    elif kind == "photo":
        form = PhotoForm(request.POST, request.FILES, prefix="f")
        if form.is_valid():
            actions.add_photo(forum, actor=request.user, **form.cleaned_data)
    else:
        raise Http404
    if form.errors:
        flash_form_errors(request, form)
    else:
        messages.success(request, _("Added."))
    return redirect(reverse("manage:forum_detail", args=[pk]) + f"#{kind}s")


@login_required
@require_POST
def forum_remove(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    part, rights = access.get_forum_part_for_user(request.user, kind, pk, write=True)
    forum_pk = part.forum_id
    remove = {
        "participant": actions.remove_participant,
        "agreement": actions.remove_agreement,
        "photo": actions.remove_photo,
    }[kind]
    remove(part, actor=request.user)  # type: ignore[operator]
    messages.success(request, _("Removed."))
    return redirect(reverse("manage:forum_detail", args=[forum_pk]) + f"#{kind}s")


@login_required
def forum_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forum, rights = access.get_forum_for_user(request.user, pk)
    return documents.minutes_response(request, forum, actor=request.user)


@login_required
def forum_photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    photo, rights = access.get_forum_part_for_user(request.user, "photo", pk)
    return serve(photo.image, download_name=f"fkp-{photo.forum_id}-{pk}")  # type: ignore[union-attr]


# --- facilities -----------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def facilities_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit, rights = access.get_facilities_for_user(request.user, code)
    if request.method == "POST" and not rights.change:
        deny(request.user, "service_unit", code, write=True)
    existing = {f.facility_id: f for f in UnitFacility.objects.filter(unit=unit)}
    types = list(FacilityType.objects.filter(is_active=True))
    form = FacilitiesForm(
        request.POST or None, request.FILES or None, types=types, existing=existing
    )
    if request.method == "POST" and form.is_valid():
        actions.save_facilities(unit, actor=request.user, rows=form.rows())
        messages.success(request, _("Facilities saved."))
        return redirect("manage:unit_facilities", code=code)
    count = queries.usable_facilities(unit).count()
    context = {
        "unit": unit,
        "form": form,
        "existing": existing,
        "count": count,
        "score": spec.facilities_score(count),
        "rights": rights,
    }
    return render(request, "standards/manage/facilities.html", context)


@login_required
def facility_photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    facility, rights = access.get_facility_for_user(request.user, pk)
    return serve(facility.photo, download_name=f"fasilitas-{facility.unit.code}-{pk}")


@login_required
@require_http_methods(["GET", "POST"])
def facility_types(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    """The checklist of facilities for vulnerable groups, kept by national administrators."""
    if not access.can_change_facility_checklist(request.user):
        deny(request.user, "facility_type", pk or "list", write=True)
    instance = FacilityType.objects.filter(pk=pk).first() if pk else None
    if pk and instance is None:
        deny(request.user, "facility_type", pk, write=True)
    form = FacilityTypeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        actions.save_facility_type(form.save(commit=False), actor=request.user)
        messages.success(request, _("Checklist saved."))
        return redirect("manage:facility_types")
    context = {
        "rows": [(t, t.group_labels) for t in FacilityType.objects.all()],
        "form": form,
        "editing": instance,
    }
    return render(request, "standards/manage/facility_types.html", context)


@login_required
def standards_home(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Every unit in the user's scope with how many of its services have a standard in force,
    drafts under way and reviews overdue; searchable, filterable, exportable."""
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()[:100]
    show = request.GET.get("show", "")
    units = units_visible_to(request.user).filter(is_active=True)
    if q:
        units = units.filter(
            Q(name__icontains=q) | Q(code__icontains=q) | Q(agency__name__icontains=q)
        )
    rows: Any = queries.units_overview(units, today=today).order_by("region__code", "name")
    if show == "missing":
        rows = rows.filter(offered__gt=F("in_force"))
    elif show == "overdue":
        rows = rows.filter(overdue__gt=0)
    if request.GET.get("format") == "csv":
        return stream_csv(
            "standar-pelayanan-unit.csv",
            [
                "kode_unit",
                "unit",
                "instansi",
                "wilayah",
                "layanan",
                "berlaku",
                "draf",
                "terlambat_ditinjau",
            ],
            (
                [
                    u.code,
                    u.name,
                    u.agency.name,
                    u.region_id,
                    u.offered,
                    u.in_force,
                    u.drafting,
                    u.overdue,
                ]
                for u in rows.iterator()
            ),
            dialect=dialect_of(request.GET),
        )
    page = page_of(request, rows, 25)
    context = {"page": page, "q": q, "show": show, "query": query_without(request)}
    return render(request, "standards/manage/home.html", context)
