"""What every app needs to know about personal data (UU 27/2022, docs/guide/privacy.md): the
retention periods, set in one place, and the data-protection officer named in every privacy
notice. No Django model here: prima.settings reads RETENTION to build PRIMA_RETENTION_DAYS, and
the apps that collect personal data show these in their notices. The purge that applies the
periods, people's requests and the processing register live in prima.privacy.

The defaults are proposals for a public body to confirm against its own archive retention
schedule (Jadwal Retensi Arsip): UU PDP arts. 42–44 ask that processing end and the data be
deleted when the retention period is reached, without fixing the period;
docs/guide/privacy-retention.md gives the reasoning for each one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RetentionKind:
    key: str
    label: str | Promise
    # Days kept, counted from `starts`.
    default_days: int
    # What starts the clock, in words.
    starts: str | Promise
    # What happens when it runs out, in words.
    action: str | Promise


RETENTION: tuple[RetentionKind, ...] = (
    RetentionKind(
        key="complainant_identity",
        label=_("Complainant's identity (name, e-mail, phone, address)"),
        default_days=730,
        starts=_("the complaint is closed or archived"),
        action=_("deleted; the complaint stays, without identity"),
    ),
    RetentionKind(
        key="closed_complaints",
        label=_("Closed complaints' text and replies"),
        default_days=1825,
        starts=_("the complaint is closed or archived"),
        action=_(
            "text replaced by a note that it was removed; unit, category, dates and state kept "
            "for the statistics"
        ),
    ),
    RetentionKind(
        key="uploads",
        label=_("Files attached to complaints"),
        default_days=1825,
        starts=_("the complaint is closed or archived"),
        action=_("the file deleted from storage"),
    ),
    RetentionKind(
        key="survey_profiles",
        label=_("SKM respondents' profile (sex, age, education, occupation, device)"),
        default_days=730,
        starts=_("the answer is submitted"),
        action=_("profile fields cleared; the answer and the published IKM unchanged"),
    ),
    RetentionKind(
        key="participants",
        label=_("Participants of bimtek, workshops and consultation forums"),
        default_days=1825,
        starts=_("the activity takes place"),
        action=_("name and contact removed; the number of participants kept"),
    ),
    RetentionKind(
        key="security_log",
        label=_("Security log (user names, addresses, browsers)"),
        default_days=730,
        starts=_("the event is recorded"),
        action=_("deleted"),
    ),
)

RETENTION_KEYS = frozenset(kind.key for kind in RETENTION)


def retention_days(key: str) -> int:
    """The retention period in force for one kind of record (PRIMA_RETENTION_<KIND>_DAYS)."""
    from django.conf import settings

    if key not in RETENTION_KEYS:
        raise KeyError(key)
    return int(settings.PRIMA_RETENTION_DAYS[key])


def retention_kind(key: str) -> RetentionKind:
    for kind in RETENTION:
        if kind.key == key:
            return kind
    raise KeyError(key)
