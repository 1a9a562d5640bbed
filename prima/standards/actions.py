"""Writes to service standards, maklumat, forums and facilities. Each runs in one transaction
and names the acting user in the record's history.

The life cycle of a standard (issue 4; docs/regulations.md §2.3):

    draft ─▶ consultation ─▶ set ─▶ published ─▶ under review ─▶ published (kept as it is)
      └──────────────────────▲                        └─▶ a new draft, whose publication
                                                           supersedes this version

A standard is set only when all 14 components are filled and a decree names it; only a set
standard is published; publishing a version supersedes the one in force before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from prima.lib.history import Reason, delete_recorded
from prima.lib.history import save_recorded as _save
from prima.standards import components as spec
from prima.standards.models import (
    Agreement,
    FacilityType,
    Forum,
    ForumPhoto,
    Maklumat,
    MaklumatPublication,
    Participant,
    ServiceStandard,
    StandardPublication,
    StandardReview,
    UnitFacility,
)

if TYPE_CHECKING:
    from django.core.files.base import File

    from prima.accounts.models import User
    from prima.registry.models import Service, ServiceUnit

Status = ServiceStandard.Status
REVIEW_INTERVAL_YEARS = 1  # "yearly by default" (issue 4 §2; PEKPPP 4.a.K's top level)

# Why each action saved (prima.lib.history): English here, in the reader's language when shown.
DRAFT_CREATED = Reason(gettext_noop("draft created"))
DRAFT_SAVED = Reason(gettext_noop("draft saved"))
IN_CONSULTATION = Reason(gettext_noop("public consultation"))
SET_BY_DECREE = Reason(gettext_noop("set by decree"))
CLOSED_BY_NEW_VERSION = Reason(gettext_noop("closed by the new version"))
SUPERSEDED = Reason(gettext_noop("superseded by version %(version)s"))
PUBLISHED = Reason(gettext_noop("published"))
REVIEW_STARTED = Reason(gettext_noop("review started"))
REVIEW_KEPT = Reason(gettext_noop("review finished: kept"))


class StaleEdit(ValidationError):
    """Someone else saved the draft after this editor opened it."""


def _locked(standard: ServiceStandard) -> ServiceStandard:
    """The row again, locked for this transaction, so two transitions cannot cross."""
    return ServiceStandard.objects.select_for_update().select_related("service").get(pk=standard.pk)


def _refuse(standard: ServiceStandard, allowed: Iterable[str], doing: str) -> None:
    if standard.status not in allowed:
        raise ValidationError(
            _("A standard that is “%(status)s” cannot be %(doing)s.")
            % {"status": standard.get_status_display(), "doing": doing},
            code="state",
        )


def component_names(keys: Iterable[str]) -> str:
    return ", ".join(f"{spec.BY_KEY[k].number}. {spec.BY_KEY[k].name}" for k in keys)


def _clean_components(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(spec.KEYS)
    if unknown:
        raise ValidationError(
            _("Unknown components: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    return {k: values[k] for k in spec.KEYS if values.get(k) not in (None, "", [], {})}


# --- drafting -------------------------------------------------------------------------------
@transaction.atomic
def create_draft(
    service: Service, *, actor: User, components: Mapping[str, Any] | None = None
) -> ServiceStandard:
    """A new draft version of the service's standard. It starts from the latest version
    unless components are given. A service has one open draft at a time."""
    open_draft = service.standards.filter(status__in=ServiceStandard.EDITABLE).first()
    if open_draft is not None:
        raise ValidationError(
            _("Version %(version)s of this standard is still being drafted; continue with it.")
            % {"version": open_draft.version},
            code="open_draft",
        )
    latest = service.standards.order_by("-version").first()
    version = (service.standards.aggregate(v=Max("version"))["v"] or 0) + 1
    draft = ServiceStandard(
        service=service,
        version=version,
        based_on=latest,
        components=_clean_components(components)
        if components is not None
        else dict(latest.components if latest else {}),
        flowchart=latest.flowchart.name if latest and latest.flowchart else "",
        created_by=actor,
    )
    try:
        with transaction.atomic():
            _save(draft, actor, DRAFT_CREATED)
    except IntegrityError as error:  # another editor created one at the same moment
        raise ValidationError(
            _("Someone else has just started a draft of this standard."), code="open_draft"
        ) from error
    return draft


@transaction.atomic
def save_draft(
    standard: ServiceStandard,
    *,
    actor: User,
    revision: int,
    components: Mapping[str, Any],
    change_note: str = "",
    flowchart: File[Any] | None | bool = None,
) -> ServiceStandard:
    """Save the draft's components. `revision` is the one the editor started from: if
    someone saved in between, nothing is saved and StaleEdit says who and when.
    `flowchart`: a file to store, False to remove it, None to keep it."""
    current = _locked(standard)
    _refuse(current, ServiceStandard.EDITABLE, _("edited"))
    if current.revision != revision:
        last = current.history.order_by("-history_date").first()
        who = str(last.history_user) if last and last.history_user else _("someone else")
        when = timezone.localtime(current.updated_at)
        raise StaleEdit(
            _(
                "%(who)s saved this draft at %(when)s, after you opened it. Your changes were "
                "not saved: they are still in the form below. Open the draft again to see "
                "the other changes, then make yours."
            )
            % {"who": who, "when": date_format(when, "DATETIME_FORMAT")},
            code="stale",
        )
    current.components = _clean_components(components)
    current.change_note = change_note
    if flowchart is False:
        current.flowchart = ""
    elif flowchart is not None and flowchart is not True:
        current.flowchart.save(flowchart.name or "flowchart.png", flowchart, save=False)
    current.revision += 1
    _save(current, actor, DRAFT_SAVED)
    return current


@transaction.atomic
def start_consultation(standard: ServiceStandard, *, actor: User) -> ServiceStandard:
    """Open the draft to public consultation (an FKP discusses it). It can still change."""
    current = _locked(standard)
    _refuse(current, (Status.DRAFT,), _("put to public consultation"))
    current.status = Status.CONSULTATION
    current.revision += 1
    _save(current, actor, IN_CONSULTATION)
    return current


@transaction.atomic
def set_standard(
    standard: ServiceStandard,
    *,
    actor: User,
    decree_number: str,
    decree_date: dt.date,
    signer_name: str,
    signer_position: str = "",
    decree_file: File[Any] | None = None,
    today: dt.date | None = None,
) -> ServiceStandard:
    """Set the standard formally by decree (penetapan). All 14 components must be filled;
    the review falls due a year after the decree."""
    current = _locked(standard)
    _refuse(current, ServiceStandard.EDITABLE, _("set"))
    missing = current.missing
    if missing:
        raise ValidationError(
            _("These components are missing or incomplete: %(names)s.")
            % {"names": component_names(missing)},
            code="incomplete",
        )
    today = today or timezone.localdate()
    if decree_date > today:
        raise ValidationError(_("The decree date cannot be in the future."), code="future")
    if not decree_number.strip() or not signer_name.strip():
        raise ValidationError(_("Give the decree number and who signed it."), code="decree")
    current.status = Status.SET
    current.decree_number = decree_number.strip()
    current.decree_date = decree_date
    current.signer_name = signer_name.strip()
    current.signer_position = signer_position.strip()
    if decree_file is not None:
        current.decree_file.save("decree.pdf", decree_file, save=False)
    current.review_due_on = spec.add_years(decree_date, REVIEW_INTERVAL_YEARS)
    current.revision += 1
    _save(current, actor, SET_BY_DECREE)
    return current


@transaction.atomic
def publish_standard(standard: ServiceStandard, *, actor: User) -> ServiceStandard:
    """Publish a set standard. The version in force before it is superseded."""
    current = _locked(standard)
    _refuse(current, (Status.SET,), _("published"))
    now = timezone.now()
    previous = list(
        ServiceStandard.objects.select_for_update().filter(
            service_id=current.service_id, status__in=ServiceStandard.IN_FORCE
        )
    )
    for old in previous:
        old.status = Status.SUPERSEDED
        old.superseded_at = now
        for review in old.reviews.filter(finished_on__isnull=True):
            review.finished_on = timezone.localdate()
            review.outcome = StandardReview.Outcome.REVISED
            _save(review, actor, CLOSED_BY_NEW_VERSION)
        _save(old, actor, SUPERSEDED(version=current.version))
    current.status = Status.PUBLISHED
    current.published_at = now
    current.revision += 1
    _save(current, actor, PUBLISHED)
    return current


# --- review ---------------------------------------------------------------------------------
@transaction.atomic
def start_review(
    standard: ServiceStandard,
    *,
    actor: User,
    started_on: dt.date,
    forum: Forum | None = None,
) -> StandardReview:
    """Begin the periodic review of a published standard. It stays in force meanwhile."""
    current = _locked(standard)
    _refuse(current, (Status.PUBLISHED,), _("reviewed"))
    if forum is not None and forum.unit_id != current.service.unit_id:
        raise ValidationError(_("The forum belongs to another unit."))
    current.status = Status.UNDER_REVIEW
    _save(current, actor, REVIEW_STARTED)
    review = StandardReview(standard=current, started_on=started_on, forum=forum, created_by=actor)
    _save(review, actor)
    return review


@transaction.atomic
def finish_review(
    review: StandardReview,
    *,
    actor: User,
    finished_on: dt.date,
    outcome: str,
    note: str = "",
    forum: Forum | None = None,
) -> ServiceStandard:
    """Record the review's outcome. Kept as it is: the standard is in force again and the
    next review falls due a year later. To be revised: a new draft is started from it (the
    standard stays in force, under review, until the new version is published). Returns the
    standard or the new draft."""
    standard = _locked(review.standard)
    if review.finished_on is not None:
        raise ValidationError(_("This review is already finished."), code="state")
    if finished_on < review.started_on:
        raise ValidationError(_("A review cannot finish before it started."))
    review.finished_on = finished_on
    review.outcome = outcome
    review.note = note
    if forum is not None:
        review.forum = forum
    _save(review, actor)
    if outcome == StandardReview.Outcome.UNCHANGED:
        standard.status = Status.PUBLISHED
        standard.review_due_on = spec.add_years(finished_on, REVIEW_INTERVAL_YEARS)
        _save(standard, actor, REVIEW_KEPT)
        return standard
    open_draft = standard.service.standards.filter(status__in=ServiceStandard.EDITABLE).first()
    return open_draft or create_draft(standard.service, actor=actor)


# --- publication records (3.a.T) -------------------------------------------------------------
@transaction.atomic
def record_publication(unit: ServiceUnit, *, actor: User, **values: Any) -> StandardPublication:
    publication = StandardPublication(unit=unit, **values)
    _save(publication, actor)
    return publication


@transaction.atomic
def delete_publication(publication: StandardPublication, *, actor: User) -> None:
    delete_recorded(publication, actor)


# --- maklumat -------------------------------------------------------------------------------
MAKLUMAT_FIELDS = (
    "promise",
    "commitment",
    "sanction",
    "signer_name",
    "signer_position",
    "signed_on",
)


@transaction.atomic
def save_maklumat(
    unit: ServiceUnit,
    *,
    actor: User,
    maklumat: Maklumat | None = None,
    file: File[Any] | None = None,
    **values: Any,
) -> Maklumat:
    """Create or change a unit's maklumat. A signed maklumat is a record of what was
    declared: changing it means drafting a new one."""
    unknown = set(values) - set(MAKLUMAT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    if maklumat is None:
        maklumat = Maklumat(unit=unit, created_by=actor)
    elif maklumat.is_final:
        raise ValidationError(
            _("This maklumat has been signed and published; draft a new one to change it."),
            code="state",
        )
    for name, value in values.items():
        setattr(maklumat, name, value)
    if maklumat.signed_on and maklumat.signed_on > timezone.localdate():
        raise ValidationError(_("The signing date cannot be in the future."))
    if maklumat.signed_on and not maklumat.is_complete:
        raise ValidationError(
            _("A maklumat is signed only with all three statements written."), code="incomplete"
        )
    if file is not None:
        maklumat.file.save(file.name or "maklumat.pdf", file, save=False)
    _save(maklumat, actor)
    return maklumat


@transaction.atomic
def record_maklumat_publication(
    maklumat: Maklumat, *, actor: User, **values: Any
) -> MaklumatPublication:
    if not maklumat.is_set:
        raise ValidationError(_("Sign the maklumat before recording where it was published."))
    publication = MaklumatPublication(maklumat=maklumat, **values)
    _save(publication, actor)
    return publication


# --- forums ---------------------------------------------------------------------------------
FORUM_FIELDS = (
    "title",
    "purpose",
    "mode",
    "stage",
    "held_on",
    "place",
    "meeting_link",
    "agenda",
    "summary",
    "chair",
    "chair_position",
    "chair_nip",
)


@transaction.atomic
def save_forum(
    unit: ServiceUnit,
    *,
    actor: User,
    forum: Forum | None = None,
    standards: Iterable[ServiceStandard] = (),
    **values: Any,
) -> Forum:
    """Create or change a forum and the standards it discusses (of this unit only)."""
    unknown = set(values) - set(FORUM_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    forum = forum or Forum(unit=unit, created_by=actor)
    for name, value in values.items():
        setattr(forum, name, value)
    if forum.mode == Forum.Mode.ONLINE and not forum.meeting_link and not forum.place:
        raise ValidationError(_("An online forum needs its meeting link."))
    standards = list(standards)
    if any(s.service.unit_id != unit.pk for s in standards):
        raise ValidationError(_("A forum discusses only its own unit's standards."))
    _save(forum, actor)
    forum.standards.set(standards)
    return forum


@transaction.atomic
def add_participant(forum: Forum, *, actor: User, **values: Any) -> Participant:
    participant = Participant(forum=forum, **values)
    _save(participant, actor)
    return participant


@transaction.atomic
def remove_participant(participant: Participant, *, actor: User) -> None:
    delete_recorded(participant, actor)


@transaction.atomic
def add_agreement(
    forum: Forum,
    *,
    actor: User,
    text: str,
    standard: ServiceStandard | None = None,
    component: str = "",
) -> Agreement:
    """Record what the forum agreed and, where it changed a standard, which version and
    component carry the change."""
    if standard is not None and standard.service.unit_id != forum.unit_id:
        raise ValidationError(_("The standard belongs to another unit."))
    if component and standard is None:
        raise ValidationError(_("Choose the standard version the change went into."))
    agreement = Agreement(forum=forum, text=text, standard=standard, component=component)
    _save(agreement, actor)
    return agreement


@transaction.atomic
def remove_agreement(agreement: Agreement, *, actor: User) -> None:
    delete_recorded(agreement, actor)


@transaction.atomic
def add_photo(forum: Forum, *, actor: User, image: File[Any], caption: str = "") -> ForumPhoto:
    photo = ForumPhoto(forum=forum, caption=caption)
    photo.image.save(image.name or "photo.jpg", image, save=False)
    _save(photo, actor)
    return photo


@transaction.atomic
def remove_photo(photo: ForumPhoto, *, actor: User) -> None:
    photo.image.delete(save=False)
    delete_recorded(photo, actor)


# --- facilities -----------------------------------------------------------------------------
@transaction.atomic
def save_facilities(
    unit: ServiceUnit,
    *,
    actor: User,
    rows: Mapping[FacilityType, Mapping[str, Any] | None],
) -> list[UnitFacility]:
    """Record which checklist facilities the unit has. A row of None removes the facility;
    otherwise it holds condition, note and optionally photo (a file, or False to remove)."""
    existing = {f.facility_id: f for f in UnitFacility.objects.filter(unit=unit)}
    kept: list[UnitFacility] = []
    for facility_type, row in rows.items():
        current = existing.get(facility_type.pk)
        if row is None:
            if current is not None:
                delete_recorded(current, actor)
            continue
        item = current or UnitFacility(unit=unit, facility=facility_type)
        changed = current is None
        for name in ("condition", "note"):
            if name in row and getattr(item, name) != row[name]:
                setattr(item, name, row[name])
                changed = True
        photo = row.get("photo")
        if photo is False and item.photo:
            item.photo = ""
            changed = True
        elif photo:
            item.photo.save(photo.name or "photo.jpg", photo, save=False)
            changed = True
        if changed:
            _save(item, actor)
        kept.append(item)
    return kept


@transaction.atomic
def save_facility_type(facility_type: FacilityType, *, actor: User) -> FacilityType:
    """Add or change an item of the checklist. Items are retired (not in the checklist),
    never deleted, so the inventories that hold them stay readable."""
    _save(facility_type, actor)
    return facility_type
