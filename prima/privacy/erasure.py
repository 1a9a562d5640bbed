"""Erasing personal data while keeping every statistic exact (UU 27/2022 arts. 42–44; issue 27;
docs/guide/privacy-retention.md).

One function per kind of personal record. Each one

- erases, in one transaction, the record's personal fields *and* their copies: the
  django-simple-history rows of the models that keep a history, the messages sent and received
  about a complaint, the e-mails kept in the outbox, the figures' "unknown" bucket;
- keeps what statistics and published figures are made of: a complaint keeps its unit,
  category, service, channel, dates, state, rating and timeline (its steps, without their
  text); an SKM answer keeps its nine answers, period, unit, service and channel; a participant
  row stays (so reach and attendance counts do not move) without name or contact;
- returns how many records it changed, and changes nothing the second time (idempotent);
- takes a `reason` (the retention purge, or a person's erasure request), written to the record
  where it has room for it, and never raises on an already-erased record.

The retention purge (prima.privacy.retention) and people's requests
(prima.privacy.datarequests) call these; pages never do directly. The complainant's identity
is read only through prima.complaints.access.get_identity_for_user, which logs the view;
erasing it here deletes the row without reading it, so that boundary holds.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext

from prima.coaching.models import Participant as CoachingParticipant
from prima.coaching.models import Question as CoachingQuestion
from prima.complaints.models import Attachment, Complaint, Event, Identity
from prima.messaging.models import ComplaintContact, Inbound, Outbound
from prima.standards.models import Participant as ForumParticipant
from prima.surveys.models import ClearedProfile, SurveyResponse

if TYPE_CHECKING:
    from prima.accounts.models import AuditEvent

# The respondent's own fields of an SKM answer (PermenPANRB 14/2017 asks for them to describe
# the respondents; no IKM uses them). The device digest limits answers per device per day and
# is of no use once the day is long past.
PROFILE_FIELDS = ("sex", "age", "education", "occupation")


def removed_text() -> str:
    """What replaces a removed text, at the end of its retention period or on the person's
    request alike (one note, so the purge knows a text already removed on request), in the
    site's own language (stored once, so it reads the same to everyone)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Removed to protect personal data (UU 27/2022).")


def erased_name(pk: int) -> str:
    """A participant's name after erasure: language-neutral and unique per row (a coaching
    event refuses two participants of one agency with the same name)."""
    return f"#{pk}"


# --- complaints ---------------------------------------------------------------------------
def erase_complainant_identity(complaint: Complaint, *, reason: str) -> int:
    """Delete who filed `complaint` — the `Identity` row (name, e-mail, phone, address), the
    link to the phone number that filed it by SMS or WhatsApp (messaging.ComplaintContact;
    the number itself goes with prima purge_messages once nothing needs it) and the e-mails
    sent to the complainant's address that the outbox still keeps. The complaint stays, as an
    anonymous one, with all it counts for. Identity has no history table (by design: see
    prima.complaints.actions), so there is no other copy. Returns the rows deleted."""
    del reason  # nothing of the identity is kept, not even why it went
    with transaction.atomic():
        count = 0
        identity = Identity.objects.filter(complaint=complaint).only("email").first()
        if identity is not None:
            if identity.email:
                count += _delete_mail_to(identity.email)
            identity.delete()
            count += 1
        contacts, _ = ComplaintContact.objects.filter(complaint=complaint).delete()
        count += contacts
    return count


def _delete_mail_to(address: str) -> int:
    from prima.jobs.models import Mail

    # Sent or given up: a waiting message is still on its way and the worker needs it.
    done = Mail.objects.filter(state__in=[Mail.State.SENT, Mail.State.FAILED])
    matches = [
        pk
        for pk, to, cc, bcc in done.filter(
            Q(to__icontains=address) | Q(cc__icontains=address) | Q(bcc__icontains=address)
        ).values_list("pk", "to", "cc", "bcc")
        if any(address.lower() == str(a).lower() for a in [*to, *cc, *bcc])
    ]
    deleted, _ = Mail.objects.filter(pk__in=matches).delete()
    return deleted


def redact_complaint_text(complaint: Complaint, *, reason: str) -> int:
    """Replace what people wrote in `complaint` — its title, description and place, every
    step's message (the unit's replies, the complainant's added information and disputes,
    internal notes) and the text of the SMS and WhatsApp messages about it — with a note
    that it was removed. Kept for the statistics: unit, agency, category, service, kind,
    channel, every date, state, escalation, rating, the closing-the-loop improvement (the
    agency's own words, public) and each step's who/when/from/to. Returns the records
    changed (the complaint, its steps, its messages); 0 when there is nothing left."""
    note = removed_text()
    with transaction.atomic():
        count = 0
        locked = Complaint.objects.select_for_update().filter(pk=complaint.pk)
        changed = locked.exclude(title=note, description=note, location="").update(
            title=note, description=note, location="", latitude=None, longitude=None
        )
        count += changed
        count += Event.objects.filter(complaint=complaint).exclude(message="").update(message="")
        count += Inbound.objects.filter(complaint=complaint).exclude(text="").update(text="")
        count += (
            Outbound.objects.filter(complaint=complaint)
            .exclude(text="", params=[])
            .update(text="", params=[])
        )
        if changed:
            complaint.refresh_from_db()
    return count


def delete_complaint_uploads(complaint: Complaint, *, reason: str) -> int:
    """Delete the files attached to `complaint` (by the complainant or staff) from storage,
    and their rows. Attachments have no history table. The file is removed after the
    transaction commits, so a rollback never leaves a row without its file. Returns the
    attachments deleted."""
    del reason
    with transaction.atomic():
        attachments = list(Attachment.objects.filter(complaint=complaint))
        names = [(a.file.storage, a.file.name) for a in attachments if a.file.name]
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()

        def remove_files() -> None:
            for storage, name in names:
                storage.delete(name)

        transaction.on_commit(remove_files)
    return len(attachments)


# --- SKM ----------------------------------------------------------------------------------
def clear_response_profiles(queryset: QuerySet[SurveyResponse], *, reason: str) -> int:
    """Clear the respondent's own fields (sex, age, education, occupation, device digest) of
    the answers in `queryset`. The nine answers stay, so no IKM, tally or interval moves.

    The period's published profile (PeriodResult.profile) is not touched, and what the cleared
    counted answers had is added, as counts per value, to surveys.ClearedProfile: the
    aggregates' rebuild moves them back from "unknown" to those values, so rebuilding after a
    purge gives the published profile again. Returns the answers changed."""
    del reason
    from prima.surveys.aggregates import profile_of

    with transaction.atomic():
        targets = queryset.filter(
            ~Q(sex="")
            | Q(age__isnull=False)
            | ~Q(education="")
            | ~Q(occupation="")
            | ~Q(device_digest="")
        ).select_for_update()
        rows = list(
            targets.order_by().values(
                "pk", "period_id", "is_flagged", "service_id", "channel", *PROFILE_FIELDS
            )
        )
        if not rows:
            return 0
        counts: Counter[tuple[int, str, str]] = Counter()
        for row in rows:
            if row["is_flagged"]:
                continue  # not in the published profile
            for field, value in profile_of(row).items():
                if field in ("sex", "age_band", "education", "occupation") and value:
                    counts[(row["period_id"], field, value)] += 1
        for (period_id, field, value), n in sorted(counts.items()):
            cell, _ = ClearedProfile.objects.select_for_update().get_or_create(
                period_id=period_id, field=field, value=value
            )
            ClearedProfile.objects.filter(pk=cell.pk).update(count=models.F("count") + n)
        return SurveyResponse.objects.filter(pk__in=[row["pk"] for row in rows]).update(
            sex="", age=None, education="", occupation="", device_digest=""
        )


def clear_response_suggestions(queryset: QuerySet[SurveyResponse], *, reason: str) -> int:
    """Remove the suggestion as the respondent wrote it from the answers in `queryset`,
    keeping its masked form (ID numbers, phone numbers and e-mail addresses hidden: what a
    results page and the open data publish), so nothing published changes. No count reads
    the text. Returns the answers changed."""
    del reason
    return queryset.exclude(suggestion="").update(suggestion="")


# --- participants -------------------------------------------------------------------------
def erase_coaching_participant(participant: CoachingParticipant, *, reason: str) -> int:
    """Remove a bimtek participant's name, position, work unit name and e-mail, in the row
    and in every history row of it, and the name in the event's Q&A log where the question
    was recorded as asked by them. The row stays — with its agency, unit, attendance, how
    attendance was taken, certificate number and evaluation of the event (anonymous in every
    report) — so the reach and attendance counts do not move. Returns the rows changed
    (participant, history rows, questions); 0 when already erased."""
    del reason
    marker = erased_name(participant.pk)
    with transaction.atomic():
        current = (
            CoachingParticipant.objects.select_for_update()
            .filter(pk=participant.pk)
            .values("name")
            .first()
        )
        if current is None:
            return 0
        count = 0
        name = current["name"]
        if name != marker:
            count += CoachingQuestion.objects.filter(
                event_id=participant.event_id, asked_by=name
            ).update(asked_by="")
            CoachingQuestion.history.filter(  # type: ignore[attr-defined]
                event_id=participant.event_id, asked_by=name
            ).update(asked_by="")
        fields = {"name": marker, "position": "", "unit_name": "", "email": ""}
        count += (
            CoachingParticipant.objects.filter(pk=participant.pk)
            .exclude(name=marker, position="", unit_name="", email="")
            .update(**fields)
        )
        count += (
            CoachingParticipant.history.filter(id=participant.pk)  # type: ignore[attr-defined]
            .exclude(name=marker, position="", unit_name="", email="")
            .update(**fields)
        )
        participant.refresh_from_db()
    return count


def erase_forum_participant(participant: ForumParticipant, *, reason: str) -> int:
    """Remove a consultation forum participant's name and organisation, in the row and its
    history. The row stays with the community element represented and attendance: PEKPPP
    counts the elements present. Returns the rows changed; 0 when already erased."""
    del reason
    marker = erased_name(participant.pk)
    fields = {"name": marker, "organisation": ""}
    with transaction.atomic():
        count = (
            ForumParticipant.objects.filter(pk=participant.pk)
            .exclude(name=marker, organisation="")
            .update(**fields)
        )
        count += (
            ForumParticipant.history.filter(id=participant.pk)  # type: ignore[attr-defined]
            .exclude(name=marker, organisation="")
            .update(**fields)
        )
        if ForumParticipant.objects.filter(pk=participant.pk).exists():
            participant.refresh_from_db()
    return count


def erase_participant(participant: CoachingParticipant | ForumParticipant, *, reason: str) -> int:
    """Either kind of participant (bimtek or consultation forum)."""
    if isinstance(participant, CoachingParticipant):
        return erase_coaching_participant(participant, reason=reason)
    return erase_forum_participant(participant, reason=reason)


# --- the security log ---------------------------------------------------------------------
def delete_security_events(queryset: QuerySet[AuditEvent]) -> int:
    """Delete security-log events (user names, IP addresses, browsers). The log is append-only
    everywhere else: the model refuses and, on PostgreSQL, a trigger refuses unless the
    transaction has set prima.retention_purge (accounts migration 0007) — only this function
    does. Returns the events deleted."""
    from prima.accounts.models import AuditEvent

    with transaction.atomic():
        ids = list(queryset.order_by().values_list("pk", flat=True))
        if not ids:
            return 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL prima.retention_purge = 'on'")
        deleted = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            # QuerySet.delete of the base class: AuditEventQuerySet refuses on purpose.
            deleted += (
                models.QuerySet(model=AuditEvent).filter(pk__in=chunk)._raw_delete(connection.alias)
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL prima.retention_purge = 'off'")
    return deleted
