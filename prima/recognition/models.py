"""Recognition of frontline staff (apresiasi pegawai, docs/guide/recognition.md): programmes
run by an agency or one of its units, with published criteria weighted as data, a committee
whose members declare conflicts of interest, nominations with evidence, a recorded decision
with its decree and reasons, and the awards given — published when the programme says so.

KemenPANRB asked units to give recognition to the staff who serve the public (May 2020);
PEKPPP scores the criteria for awards (13.b.K) and the work-motivation mechanism (12.b.AK).
The staff recognised need not be Prima users: a nominee is a name, a NIP and a position.
Criteria may be informed by the unit's figures (the SKM element "perilaku pelaksana", the
complaints answered in time), never by a per-officer survey score: the SKM measures a unit.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.lib.fields import LimitedTextField
from prima.lib.officials import validate_nip
from prima.lib.uploads import stored_name
from prima.recognition import rules
from prima.registry.models import Agency, ServiceUnit

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

# The longest text each free-text field takes (docs/guide/recognition.md, "Limits").
DESCRIPTION_MAX = 2000
CRITERION_DESCRIPTION_MAX = 1000
REASONS_MAX = 3000
CONFLICT_MAX = 1000
# Kept in the history's change reason (100 characters) after "withdrawn: ".
WITHDRAW_REASON_MAX = 80


class Period(models.TextChoices):
    MONTHLY = rules.MONTHLY, _("Monthly")
    QUARTERLY = rules.QUARTERLY, _("Quarterly")
    YEARLY = rules.YEARLY, _("Yearly")


class Element(models.TextChoices):
    """The elements of PEKPPP indicator 13.b.K "Kriteria penghargaan bagi pelaksana"."""

    KEHADIRAN = "kehadiran", _("Attendance (kehadiran)")
    KINERJA = "kinerja", _("Performance (kinerja)")
    KERJA_SAMA = "kerja_sama", _("Teamwork (kerja sama)")
    INOVASI = "inovasi", _("Innovation (inovasi)")
    PENAMPILAN = "penampilan", _("Appearance (penampilan)")
    TANPA_PENGADUAN = "tanpa_pengaduan", _("No complaints (tanpa pengaduan)")


class AwardKind(models.TextChoices):
    SERTIFIKAT = "sertifikat", _("Certificate (sertifikat)")
    PLAKAT = "plakat", _("Plaque (plakat)")
    INSENTIF = "insentif", _("Incentive (insentif)")
    KARIER = "pengembangan_karier", _("Career development (pengembangan karier)")


# Awards that cost the unit no budget line: a programme without money still recognises.
NON_FINANCIAL = frozenset({AwardKind.SERTIFIKAT, AwardKind.PLAKAT, AwardKind.KARIER})


def _evidence_path(instance: EvidenceFile, filename: str) -> str:
    return stored_name(f"recognition/{instance.nomination_id}", "evidence", filename)


class Programme(models.Model):
    """A recognition programme of an agency, or of one of its service units."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for nominations")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole agency's frontline staff may be nominated."),
    )
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    description = LimitedTextField(_("description"), blank=True, max_length=DESCRIPTION_MAX)
    legal_basis = models.CharField(
        _("legal basis (SK)"),
        max_length=200,
        blank=True,
        help_text=_("The decree establishing the programme, e.g. Keputusan Kepala Dinas Nomor …"),
    )
    award_kinds = models.JSONField(_("award kinds"), default=list, blank=True)
    publish_awards = models.BooleanField(
        _("publish the awards"),
        default=False,
        help_text=_("Show the awards given on Prima's public recognition page."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        criteria: RelatedManager[Criterion]
        members: RelatedManager[CommitteeMember]
        nominations: RelatedManager[Nomination]
        decisions: RelatedManager[Decision]

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("recognition programme")
        verbose_name_plural = _("recognition programmes")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def history_display(cls, field_name: str, value: Any) -> str | None:
        if field_name == "award_kinds" and isinstance(value, list):
            labels = dict(AwardKind.choices)
            return ", ".join(str(labels.get(v, v)) for v in value) or "—"
        return None

    @property
    def scope_name(self) -> str:
        return self.unit.name if self.unit is not None else self.agency.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def award_kind_labels(self) -> list[str]:
        labels = dict(AwardKind.choices)
        return [str(labels.get(v, v)) for v in self.award_kinds]

    def round_label(self, start: dt.date) -> str:
        return round_label(self.period, start)


def round_label(period: str, start: dt.date) -> str:
    """A round as people say it: "Juli 2026", "Triwulan III 2026", "2026"."""
    from django.utils.formats import date_format

    if period == rules.MONTHLY:
        return date_format(start, "F Y")
    if period == rules.QUARTERLY:
        quarter = ("I", "II", "III", "IV")[(start.month - 1) // 3]
        return _("Quarter %(q)s %(year)s") % {"q": quarter, "year": start.year}
    return str(start.year)


class Criterion(models.Model):
    """One published criterion: the 13.b.K element it stands for and its weight."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="criteria"
    )
    element = models.CharField(_("PEKPPP element"), max_length=16, choices=Element.choices)
    title = models.CharField(_("title"), max_length=200)
    description = LimitedTextField(
        _("how it is judged"), blank=True, max_length=CRITERION_DESCRIPTION_MAX
    )
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="recognition_criterion_weight_1_100",
                violation_error_message=_("A weight is between 1 and 100."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class CommitteeMember(models.Model):
    """A member of the programme's committee: a Prima user, so that their declarations and
    scores name them."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="recognition_committees",
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"],
                name="recognition_member_once",
                violation_error_message=_("This person is already on the committee."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Nomination(models.Model):
    """A frontline officer nominated for a round of the programme."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    round_start = models.DateField(_("round"))
    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the nominee serves: the unit whose figures the committee sees."),
    )
    staff_name = models.CharField(_("name"), max_length=150)
    staff_nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[validate_nip],
        help_text=_("Empty for staff without a NIP (e.g. contract staff)."),
    )
    staff_position = models.CharField(_("position"), max_length=200)
    reasons = LimitedTextField(_("reasons for the nomination"), max_length=REASONS_MAX)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("nominated"), auto_now_add=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        evidence: RelatedManager[EvidenceFile]
        declarations: RelatedManager[ConflictDeclaration]
        scores: RelatedManager[Score]

    class Meta:
        ordering = ["-round_start", "staff_name", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "round_start", "staff_nip"],
                condition=~Q(staff_nip="") & Q(status="submitted"),
                name="recognition_nominee_once_per_round",
                violation_error_message=_("This officer is already nominated for this round."),
            )
        ]
        indexes = [models.Index(fields=["programme", "round_start"])]

    def __str__(self) -> str:
        return self.staff_name

    @property
    def round_label(self) -> str:
        return round_label(self.programme.period, self.round_start)


class EvidenceFile(models.Model):
    """A document or photo supporting a nomination."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_evidence_path)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.title


class ConflictDeclaration(models.Model):
    """A committee member's declaration on one nomination: a conflict of interest (a
    relative, their own subordinate, themselves) or none. A member declares before scoring;
    one who declares a conflict does not score that nomination."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="declarations",
    )
    member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("committee member"),
        on_delete=models.CASCADE,
        related_name="declarations",
    )
    has_conflict = models.BooleanField(_("has a conflict of interest"))
    nature = LimitedTextField(_("nature of the conflict"), blank=True, max_length=CONFLICT_MAX)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["declared_at", "pk"]
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "member"],
                name="recognition_declare_once",
                violation_error_message=_("This member has already declared on this nomination."),
            ),
            models.CheckConstraint(
                condition=Q(has_conflict=False) | ~Q(nature=""),
                name="recognition_conflict_described",
                violation_error_message=_("Describe the conflict of interest."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.user} · {self.nomination}"


class Score(models.Model):
    """One member's score (0–100) of one nomination on one criterion."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("committee member"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(rules.SCORE_MAX)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "member", "criterion"], name="recognition_score_once"
            ),
            models.CheckConstraint(
                condition=Q(value__lte=rules.SCORE_MAX),
                name="recognition_score_at_most_100",
                violation_error_message=_("A score is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Decision(models.Model):
    """The committee's decision on one round: the decree (SK), its date and the reasons, with
    each nomination's total and rank (Placement)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="decisions"
    )
    round_start = models.DateField(_("round"))
    decree_number = models.CharField(_("decree (SK) number"), max_length=100)
    decree_date = models.DateField(_("decree date"))
    reasons = LimitedTextField(_("the committee's reasons"), max_length=REASONS_MAX)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        placements: RelatedManager[Placement]

    class Meta:
        ordering = ["-round_start", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "round_start"],
                name="recognition_one_decision_per_round",
                violation_error_message=_("This round has already been decided."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.round_label}"

    @property
    def round_label(self) -> str:
        return round_label(self.programme.period, self.round_start)


class Placement(models.Model):
    """A nomination's place in a decision: its weighted total and rank."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="placements"
    )
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="placement",
    )
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("rank"))

    history = HistoricalRecords()

    if TYPE_CHECKING:
        awards: RelatedManager[Award]

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.rank}. {self.nomination}"


class Award(models.Model):
    """What a placed nominee receives, and why."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="awards"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind.choices)
    title = models.CharField(
        _("title"), max_length=200, help_text=_("e.g. Pelaksana Pelayanan Terbaik Triwulan III")
    )
    reasons = LimitedTextField(_("reasons"), max_length=REASONS_MAX)
    awarded_on = models.DateField(_("awarded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-awarded_on", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "kind"],
                name="recognition_award_kind_once",
                violation_error_message=_("This nominee already has an award of this kind."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_financial(self) -> bool:
        return self.kind not in NON_FINANCIAL
