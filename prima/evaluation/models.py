"""PEKPPP evaluation records: a cycle, its unit lokus, who evaluates them, the unit's
self-assessment (F-01) with evidence, evaluator scores (F-02) with the field visit, service
users' ratings (F-03), contests in the verification window, recommendations, mentoring and
action plans (docs/regulations.md §4; data model in §4.7).

The instrument itself is a data file (prima/evaluation/instruments/); a cycle names it by code.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.evaluation.instrument import Instrument, built_in
from prima.lib.fields import LimitedTextField
from prima.lib.officials import validate_nip
from prima.lib.uploads import stored_name
from prima.registry.models import Agency, ServiceUnit

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(5)]

# The most characters each free-text field holds (docs/guide/evaluation.md, "Limits"). A
# TextField's max_length reaches every ModelForm and serializer; its validator, full_clean,
# which every action runs before saving; the hand-built forms (forms.py) use the same numbers.
EXPLANATION_MAX = 4000  # Answer.explanation (F-01)
NOTE_MAX = 2000  # Score.note (F-02)
VISIT_EVALUATORS_MAX = 1000
VISIT_OFFICIALS_MAX = 2000
VISIT_FINDINGS_MAX = 8000
CONTEST_REASON_MAX = 4000  # Contest.reason and Contest.decision_note
RECOMMENDATION_MAX = 4000
ATTENDEES_MAX = 4000  # MentoringSession.attendees
SESSION_NOTES_MAX = 4000
PROGRESS_MAX = 2000  # ActionItem.progress


# The lokus's result, kept current by actions.refresh_result.
RESULT_FIELDS = (
    "ipp",
    "ipp_rounded",
    "evaluator_ipp",
    "category",
    "aspect_scores",
    "user_mean",
    "user_respondents",
)


def _token() -> str:
    return secrets.token_urlsafe(12)


def _stored_as(instance: Any, filename: str, kind: str) -> str:
    return stored_name(f"evaluation/{instance.lokus_id}", kind, filename)


def _evidence_path(instance: Evidence, filename: str) -> str:
    return _stored_as(instance, filename, "evidence")


def _contest_path(instance: Contest, filename: str) -> str:
    return _stored_as(instance, filename, "contest")


def _action_path(instance: ActionItem, filename: str) -> str:
    return _stored_as(instance, filename, "action")


# The schemes whose results are the public-service index (IPP): every figure, dataset and
# ranking of the IPP reads only these (Cycle.objects.ipp(), Lokus.objects.ipp()). The MPP
# monitoring and evaluation ("mpp") scores MPPs on another instrument and stays out of them.
IPP_SCHEMES = ("nasional", "mandiri")


class CycleQuerySet(models.QuerySet["Cycle"]):
    def ipp(self) -> CycleQuerySet:
        """PEKPPP cycles only: never the MPP evaluation (IPP_SCHEMES)."""
        return self.filter(scheme__in=IPP_SCHEMES)


class LokusQuerySet(models.QuerySet["Lokus"]):
    def ipp(self) -> LokusQuerySet:
        """Lokus of PEKPPP cycles only: never the MPP evaluation (IPP_SCHEMES)."""
        return self.filter(cycle__scheme__in=IPP_SCHEMES)


class Cycle(models.Model):
    """One year's evaluation under one scheme: PEKPPP Nasional (lokus set by the ministry),
    Mandiri (an agency evaluates its own units and reports) — docs/regulations.md §4.2 — or
    the ministry's yearly monitoring and evaluation of MPPs (Monev MPP, §8), whose lokus are
    units of kind "mpp" and whose results never enter the IPP figures (IPP_SCHEMES)."""

    class Scheme(models.TextChoices):
        NASIONAL = "nasional", _("PEKPPP Nasional")
        MANDIRI = "mandiri", _("PEKPPP Mandiri")
        MPP = "mpp", _("Monev MPP")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment (F-01)")
        SCORING = "scoring", _("Scoring (F-02, F-03)")
        VERIFICATION = "verification", _("Verification window")
        PUBLISHED = "published", _("Published")

    ORDER = [s.value for s in Status]

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2017), MaxValueValidator(2100)]
    )
    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("evaluating agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_cycles",
        help_text=_("For PEKPPP Mandiri: the agency that evaluates its own units."),
    )
    name = models.CharField(_("name"), max_length=200)
    instrument_code = models.CharField(_("instrument"), max_length=60)
    status = models.CharField(
        _("stage"), max_length=16, choices=Status.choices, default=Status.PREPARING
    )
    self_assessment_due = models.DateField(_("self-assessment due"), null=True, blank=True)
    scoring_due = models.DateField(_("scoring due"), null=True, blank=True)
    verification_days = models.PositiveSmallIntegerField(
        _("verification window (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("How long a unit may contest its scores once they are released."),
    )
    verification_started_at = models.DateTimeField(_("verification started"), null=True, blank=True)
    verification_ends_on = models.DateField(_("contests accepted until"), null=True, blank=True)
    user_weight = models.PositiveSmallIntegerField(
        _("weight of user ratings (F-03) in the IPP, percent"),
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "0 reports the F-03 mean beside the IPP without changing it. The rules do not fix "
            "how F-03 combines with F-02; this is the cycle's choice."
        ),
    )
    user_min_respondents = models.PositiveSmallIntegerField(
        _("F-03 respondents needed per lokus"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Below this the user ratings are shown but not combined (2022: 10–20)."),
    )
    double_scoring_percent = models.PositiveSmallIntegerField(
        _("share of lokus scored twice, percent"),
        default=10,
        validators=[MaxValueValidator(100)],
    )
    priority_below = models.DecimalField(
        _("coaching priority when the IPP is below"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("3.01"),
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text=_("A local policy, not a ministry category. Default 3.01: below B-."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Who signs the results for the organiser (the ministry's deputy for PEKPPP Nasional, the
    # agency's official for Mandiri); the results PDF leaves the name line open without one.
    signer_name = models.CharField(_("results signed by"), max_length=150, blank=True)
    signer_position = models.CharField(_("position of the signer"), max_length=200, blank=True)
    signer_nip = models.CharField(
        _("NIP of the signer"), max_length=18, blank=True, validators=[validate_nip]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    objects = CycleQuerySet.as_manager()

    if TYPE_CHECKING:
        lokus: RelatedManager[Lokus]

    class Meta:
        ordering = ["-year", "scheme", "pk"]
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(scheme__in=["nasional", "mpp"], agency__isnull=True)
                | Q(scheme="mandiri", agency__isnull=False),
                name="cycle_mandiri_has_agency",
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(scheme="nasional"),
                name="cycle_one_national_per_year",
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(scheme="mpp"),
                name="cycle_one_mpp_per_year",
            ),
            models.UniqueConstraint(
                fields=["year", "agency"],
                condition=Q(scheme="mandiri"),
                name="cycle_one_mandiri_per_agency_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def reached(self, status: str) -> bool:
        return self.ORDER.index(self.status) >= self.ORDER.index(status)

    @property
    def is_published(self) -> bool:
        """Results are final once published; before that they are provisional."""
        return self.status == self.Status.PUBLISHED

    @property
    def next_status(self) -> str | None:
        """The stage after this one, None once published."""
        position = self.ORDER.index(self.status)
        return self.ORDER[position + 1] if position + 1 < len(self.ORDER) else None

    @property
    def is_mpp(self) -> bool:
        return self.scheme == self.Scheme.MPP

    @property
    def instrument(self) -> Instrument:
        """The instrument file the cycle names (parsed once per process)."""
        return built_in(self.instrument_code)


class Lokus(models.Model):
    """A service unit evaluated in a cycle, with its type and mode (docs/regulations.md §4.2), and
    its result once scored."""

    class Kind(models.TextChoices):
        BARANG = "barang", _("Goods (layanan barang)")
        JASA = "jasa", _("Services (layanan jasa)")
        ADMINISTRATIF = "administratif", _("Administrative (layanan administratif)")

    class Mode(models.TextChoices):
        LURING = "luring", _("Face to face (luring)")
        DARING = "daring", _("Online (daring)")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="lokus", verbose_name=_("evaluation cycle")
    )
    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("type of service"), max_length=16, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.LURING)
    double_scored = models.BooleanField(_("scored twice"), default=False)
    user_token = models.CharField(max_length=24, unique=True, default=_token)
    submitted_at = models.DateTimeField(_("self-assessment submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    scores_accepted_at = models.DateTimeField(
        _("scores accepted by the unit"), null=True, blank=True
    )
    # The result, kept current by actions.refresh_result whenever a final score changes.
    ipp = models.DecimalField(_("IPP"), max_digits=9, decimal_places=6, null=True, blank=True)
    ipp_rounded = models.DecimalField(
        _("IPP (rounded)"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    evaluator_ipp = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    category = models.CharField(_("category"), max_length=4, blank=True)
    aspect_scores = models.JSONField(default=dict, blank=True)
    user_mean = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    user_respondents = models.PositiveIntegerField(default=0)

    # Who added it, chose it for double scoring, submitted F-01, accepted the scores. The
    # result fields are left out: they follow from the scores and ratings, which keep their
    # own history, and are rewritten without a history row (actions.refresh_result). The
    # token of the public F-03 link is no change anyone makes.
    history = HistoricalRecords(excluded_fields=[*RESULT_FIELDS, "user_token"])

    objects = LokusQuerySet.as_manager()

    if TYPE_CHECKING:
        assignments: RelatedManager[Assignment]
        answers: RelatedManager[Answer]
        evidence: RelatedManager[Evidence]
        scores: RelatedManager[Score]
        visits: RelatedManager[Visit]
        contests: RelatedManager[Contest]
        ratings: RelatedManager[UserRating]
        recommendations: RelatedManager[Recommendation]
        sessions: RelatedManager[MentoringSession]
        action_items: RelatedManager[ActionItem]

    class Meta:
        ordering = ["unit__name"]
        verbose_name = _("unit lokus")
        verbose_name_plural = _("unit lokus")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="lokus_unit_once_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} — {self.cycle.name}"

    def evaluator_id(self, role: str) -> int | None:
        """Who holds `role` (primary or second), read from the prefetched assignments."""
        return next((a.evaluator_id for a in self.assignments.all() if a.role == role), None)


class Assignment(models.Model):
    """An evaluator assigned to a lokus. The primary evaluator's scores are the lokus's
    scores; a second evaluator scores independently for the agreement figures."""

    class Level(models.TextChoices):
        KEMENTERIAN = "kementerian", _("Ministry (KemenPANRB)")
        BIRO = "biro", _("Provincial Biro Organisasi")
        BAGIAN = "bagian", _("Regency/city Bagian Organisasi")
        OTHER = "other", _("Other")

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary evaluator")
        SECOND = "second", _("Second evaluator (double scoring)")

    lokus = models.ForeignKey(
        Lokus, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("lokus")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.PRIMARY)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        constraints = [
            models.UniqueConstraint(fields=["lokus", "evaluator"], name="assignment_once"),
            models.UniqueConstraint(
                fields=["lokus"], condition=Q(role="primary"), name="assignment_one_primary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} → {self.lokus}"


class Answer(models.Model):
    """The unit's own answer to one indicator in the self-assessment (F-01)."""

    lokus = models.ForeignKey(
        Lokus, verbose_name=_("lokus"), on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.CharField(_("indicator"), max_length=16)
    claim = models.PositiveSmallIntegerField(
        _("level the unit claims"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    explanation = LimitedTextField(_("explanation"), max_length=EXPLANATION_MAX, blank=True)
    # What Prima's own records said when the unit submitted (evaluation/evidence.py).
    prefill = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "prefill"])

    class Meta:
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["lokus", "indicator"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(claim__isnull=True) | Q(claim__lte=5), name="answer_claim_0_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.claim}"


class Evidence(models.Model):
    """A supporting document (bukti dukung) the unit uploads for an indicator."""

    lokus = models.ForeignKey(
        Lokus, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("lokus")
    )
    indicator = models.CharField(_("indicator"), max_length=16)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "pk"]
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")

    def __str__(self) -> str:
        return self.title


class Score(models.Model):
    """One evaluator's score (F-02) for one indicator; every change is kept in its history."""

    lokus = models.ForeignKey(
        Lokus, verbose_name=_("lokus"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.CharField(_("indicator"), max_length=16)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    note = LimitedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lokus", "indicator", "evaluator"], name="score_once_per_evaluator"
            ),
            models.CheckConstraint(condition=Q(score__lte=5), name="score_0_5"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} = {self.score}"


class Visit(models.Model):
    """The field visit (kunjungan lapangan) an evaluator records; its berita acara is a PDF."""

    lokus = models.ForeignKey(
        Lokus, on_delete=models.CASCADE, related_name="visits", verbose_name=_("lokus")
    )
    visited_on = models.DateField(_("date of the visit"))
    evaluators = LimitedTextField(
        _("evaluators present"), max_length=VISIT_EVALUATORS_MAX, help_text=_("One per line.")
    )
    unit_officials = LimitedTextField(
        _("unit officials present"),
        max_length=VISIT_OFFICIALS_MAX,
        help_text=_("One per line: name — position."),
    )
    findings = LimitedTextField(_("findings"), max_length=VISIT_FINDINGS_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")

    def __str__(self) -> str:
        return f"{self.lokus.unit.name} {self.visited_on}"


class UserRating(models.Model):
    """One service user's F-03 answers: item code → 0–5. No name, no address is stored."""

    lokus = models.ForeignKey(
        Lokus, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("lokus")
    )
    answers = models.JSONField(
        _("answers"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Written by nobody signed in (history_user is empty); kept so that a rating removed
    # later leaves a trace, since the ratings move the IPP.
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("user rating (F-03)")
        verbose_name_plural = _("user ratings (F-03)")

    def __str__(self) -> str:
        return f"F-03 #{self.pk}"


class Contest(models.Model):
    """A unit's objection (sanggahan) to one score during the verification window; a
    moderator accepts it (the score changes, audited) or rejects it, with reasons."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    lokus = models.ForeignKey(
        Lokus, on_delete=models.CASCADE, related_name="contests", verbose_name=_("lokus")
    )
    indicator = models.CharField(_("indicator"), max_length=16)
    reason = LimitedTextField(_("reason"), max_length=CONTEST_REASON_MAX)
    proposed_score = models.PositiveSmallIntegerField(
        _("score the unit asks for"), validators=SCORE_VALIDATORS
    )
    attachment = models.FileField(
        _("supporting document"), upload_to=_contest_path, blank=True, max_length=120
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    score_before = models.PositiveSmallIntegerField(
        _("score before"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = LimitedTextField(
        _("reasons for the decision"), max_length=CONTEST_REASON_MAX, blank=True
    )
    score_after = models.PositiveSmallIntegerField(_("score after"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("score contest")
        verbose_name_plural = _("score contests")
        constraints = [
            models.UniqueConstraint(
                fields=["lokus", "indicator"],
                condition=Q(status="open"),
                name="contest_one_open_per_indicator",
            ),
            models.CheckConstraint(condition=Q(proposed_score__lte=5), name="contest_score_0_5"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score_before} → {self.proposed_score}"


class Recommendation(models.Model):
    """What the unit should improve in one aspect, drafted from the records and edited by
    the evaluator."""

    lokus = models.ForeignKey(
        Lokus, verbose_name=_("lokus"), on_delete=models.CASCADE, related_name="recommendations"
    )
    aspect = models.CharField(_("aspect"), max_length=40)
    text = LimitedTextField(_("recommendation"), max_length=RECOMMENDATION_MAX)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]


class MentoringSession(models.Model):
    """A mentoring session (pendampingan) with a lokus, with who attended."""

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        ONSITE = "onsite", _("On site")

    lokus = models.ForeignKey(
        Lokus, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("lokus")
    )
    held_on = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    topic = models.CharField(_("topic"), max_length=200)
    attendees = LimitedTextField(
        _("attendance"), max_length=ATTENDEES_MAX, help_text=_("One per line: name — position.")
    )
    notes = LimitedTextField(_("notes"), max_length=SESSION_NOTES_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on})"

    @property
    def attendee_lines(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class ActionItem(models.Model):
    """One step of the unit's action plan (rencana aksi) after mentoring, tracked until it is
    done — into the next cycle if need be."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN = (Status.PLANNED, Status.IN_PROGRESS)  # still to be done: it has a deadline to meet

    lokus = models.ForeignKey(
        Lokus, verbose_name=_("lokus"), on_delete=models.CASCADE, related_name="action_items"
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    action = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("who is responsible"), max_length=150)
    due_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    progress = LimitedTextField(_("progress"), max_length=PROGRESS_MAX, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=_action_path, blank=True, max_length=120)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("action plan step")
        verbose_name_plural = _("action plan steps")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="action_item_done_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.action[:80]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
