"""Competitions in the KIPP manner, at any level: the ministry's national KIPP, a province's
own, an agency's internal pre-selection.

Everything that changes from year to year is a competition's data: its windows (one per
stage), its groups with their eligibility rules and rubric (criteria with weights, word
limits, evidence required), its categories, the quota per agency, the Top N, the passing
grade and the score scale. A submission draws on a registry entry; it passes an
administrative check (reason codes), is scored by assigned reviewers who first declare any
conflict of interest, is ranked (prima.innovation.rubric), shortlisted, open to public
objection, and decided; awards are recorded with their decree and published.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.innovation.models.registry import Innovation
from prima.lib.fields import LimitedTextField
from prima.lib.uploads import stored_name
from prima.registry.models import Agency, Region

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

DESCRIPTION_MAX = 5000
GUIDANCE_MAX = 1000
ANSWER_MAX = 12000  # the longest answer text; a criterion's word limit is usually far lower
NOTE_MAX = 2000
OBJECTION_MAX = 3000


def _answer_path(instance: SubmissionAnswer, filename: str) -> str:
    return stored_name(f"innovation/kompetisi/{instance.submission_id}", "dukung", filename)


class Competition(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "nasional", _("National (KIPP)")
        PROVINCIAL = "provinsi", _("Provincial")
        AGENCY = "instansi", _("Agency pre-selection")

    class State(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "dibuka", _("Announced")
        CLOSED = "selesai", _("Results published")

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    organiser = models.ForeignKey(
        Agency,
        verbose_name=_("organising agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competitions",
        help_text=_("Empty for the ministry's national competition."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competitions",
        help_text=_("For a provincial competition: only units in this region may enter."),
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        blank=True,
        help_text=_("The rules and guideline of this edition, e.g. PermenPANRB 7/2021."),
    )
    description = LimitedTextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    quota_per_agency = models.PositiveSmallIntegerField(
        _("submissions per agency"),
        null=True,
        blank=True,
        help_text=_("The most submissions one agency may send; empty for no limit."),
    )
    top_n = models.PositiveSmallIntegerField(
        _("size of the shortlist (Top N)"), validators=[MinValueValidator(1)]
    )
    passing_grade = models.DecimalField(
        _("passing grade"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The lowest desk score (0–100) that may be shortlisted; empty for none."),
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score per criterion"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    reviews_required = models.PositiveSmallIntegerField(
        _("reviews per submission"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    agreement_tolerance = models.PositiveSmallIntegerField(
        _("agreement tolerance"),
        default=10,
        help_text=_("Two reviewers' scores of a criterion this close count as agreeing."),
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    award_decree_number = models.CharField(_("award decree number"), max_length=100, blank=True)
    award_decree_date = models.DateField(_("award decree date"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        windows: RelatedManager[Window]
        groups: RelatedManager[Group]
        categories: RelatedManager[Category]
        submissions: RelatedManager[Submission]

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")

    def __str__(self) -> str:
        return self.title


class Window(models.Model):
    """When one stage of a competition runs (times in WIB unless the organiser says so)."""

    class Stage(models.TextChoices):
        REGISTRATION = "pendaftaran", _("Registration")
        ADMIN_CHECK = "administrasi", _("Administrative check")
        DESK = "penilaian", _("Desk evaluation")
        SHORTLIST = "penetapan_top", _("Shortlist")
        OBJECTION = "uji_publik", _("Public objection")
        PRESENTATION = "presentasi", _("Presentation and interview")
        FIELD = "lapangan", _("Field check")
        AWARD = "penganugerahan", _("Award")

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="windows"
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["opens_at"]
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "stage"], name="innovation_window_once_per_stage"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="innovation_window_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competition} — {self.get_stage_display()}"


class Group(models.Model):
    """A group of a competition (umum, replikasi, khusus) with its eligibility rules and its
    rubric (the criteria)."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="groups"
    )
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    description = LimitedTextField(_("who may enter"), max_length=NOTE_MAX, blank=True)
    min_age_months = models.PositiveSmallIntegerField(
        _("minimum age in months"),
        default=0,
        help_text=_("Counted from the start of implementation to the close of registration."),
    )
    replication_only = models.BooleanField(
        _("replications only"),
        default=False,
        help_text=_("Only innovations that replicate another."),
    )
    originals_only = models.BooleanField(_("originals only"), default=False)
    max_times_shortlisted = models.PositiveSmallIntegerField(
        _("shortlisted before at most"),
        null=True,
        blank=True,
        help_text=_("Refuse an innovation shortlisted this many times before; empty for no rule."),
    )
    past_winners_excluded = models.BooleanField(_("past winners may not enter"), default=False)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        criteria: RelatedManager[Criterion]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "code"], name="innovation_group_code_unique"
            ),
            models.CheckConstraint(
                condition=~(Q(replication_only=True) & Q(originals_only=True)),
                name="innovation_group_not_both_kinds_only",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "code"], name="innovation_category_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """One section of a group's rubric: the question, its weight in percent (the weights of a
    group add up to 100; a section may weigh 0, like the KIPP summary), its word limit and
    whether supporting evidence is required."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    guidance = LimitedTextField(_("guidance"), max_length=GUIDANCE_MAX, blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    max_words = models.PositiveSmallIntegerField(
        _("word limit"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "code"], name="innovation_criterion_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """An innovation entered in a competition.

    draft → submitted → (admin check) admin_failed | in_review → (reviews complete) scored →
    (shortlist) shortlisted | not_shortlisted → (objection window, decision) awarded |
    finalist | disqualified; withdrawn at any point before the decision.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "diajukan", _("Submitted")
        ADMIN_FAILED = "tidak_lolos_adm", _("Did not pass the administrative check")
        IN_REVIEW = "dinilai", _("Under evaluation")
        SCORED = "dinilai_selesai", _("Scored")
        NOT_SHORTLISTED = "tidak_masuk_top", _("Not shortlisted")
        SHORTLISTED = "top", _("Shortlisted")
        FINALIST = "finalis", _("Finalist")
        AWARDED = "pemenang", _("Winner")
        DISQUALIFIED = "gugur", _("Disqualified after objection")
        WITHDRAWN = "ditarik", _("Withdrawn")

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("innovation"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="innovation_submissions",
        help_text=_("The unit's agency when submitted: the quota counts per agency."),
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,  # empty while a draft
        related_name="+",
    )
    score = models.DecimalField(
        _("desk score"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        answers: RelatedManager[SubmissionAnswer]
        checks: RelatedManager[AdminCheck]
        reviews: RelatedManager[Review]
        objections: RelatedManager[Objection]

    class Meta:
        ordering = ["competition", "rank", "pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "innovation"], name="innovation_entered_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.innovation} ({self.competition})"


class SubmissionAnswer(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT)
    text = LimitedTextField(_("answer"), max_length=ANSWER_MAX, blank=True)
    evidence = models.FileField(
        _("supporting evidence"), upload_to=_answer_path, blank=True, max_length=120
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__order", "criterion__pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "criterion"], name="innovation_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.criterion_id}"


class AdminCheck(models.Model):
    """The secretariat's administrative check of a submission, with reason codes when it
    fails. Append-only: a re-check adds a row."""

    class Reason(models.TextChoices):
        TOO_YOUNG = "usia", _("The innovation is younger than the group's minimum age")
        INCOMPLETE = "tidak_lengkap", _("The form or its evidence is incomplete")
        CARELESS = "asal", _("Careless answers")
        DUPLICATE = "duplikat", _("Duplicate of another submission")
        GROUP = "kelompok", _("Does not meet the group's rules")
        QUOTA = "kuota", _("Over the agency's quota")
        NO_DECREE = "tanpa_sk", _("No decree naming the innovator")
        OTHER = "lainnya", _("Other (see the note)")

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="checks"
    )
    passed = models.BooleanField(_("passed"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    note = LimitedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked"), auto_now_add=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("administrative check")
        verbose_name_plural = _("administrative checks")

    def __str__(self) -> str:
        return f"{self.submission_id} {'+' if self.passed else '-'}"


class Review(models.Model):
    """A reviewer's desk evaluation of one submission. Assigned first; the reviewer declares
    a conflict of interest (or none) before seeing the answers; a declared conflict ends the
    review unscored and the organiser assigns another."""

    class State(models.TextChoices):
        ASSIGNED = "ditugaskan", _("Assigned")
        DECLARED = "siap", _("No conflict declared")
        CONFLICT = "konflik", _("Conflict of interest declared")
        DONE = "selesai", _("Scored")

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="innovation_reviews",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.ASSIGNED
    )
    conflict_note = LimitedTextField(_("conflict of interest"), max_length=NOTE_MAX, blank=True)
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True)
    comment = LimitedTextField(_("comment"), max_length=NOTE_MAX, blank=True)
    submitted_at = models.DateTimeField(_("scored"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        scores: RelatedManager[ReviewScore]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="innovation_review_once_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.reviewer_id}"


class ReviewScore(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(_("score"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__order", "criterion__pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="innovation_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.criterion_id}: {self.score}"


class Objection(models.Model):
    """A member of the public objecting to a shortlisted submission during the window."""

    class State(models.TextChoices):
        RECEIVED = "diterima", _("Received")
        UPHELD = "diterima_sah", _("Upheld")
        REJECTED = "ditolak", _("Not upheld")

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    name = models.CharField(_("name"), max_length=150)
    contact = models.CharField(
        _("e-mail or phone"), max_length=254, help_text=_("Only the organiser sees it.")
    )
    text = LimitedTextField(_("objection"), max_length=OBJECTION_MAX)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RECEIVED
    )
    resolution = LimitedTextField(_("resolution"), max_length=NOTE_MAX, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,  # empty until resolved
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["contact"])

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.name}"


class Award(models.Model):
    """An award an innovation received: from a Prima competition (with its submission), or
    recorded from outside Prima (a KIPP before Prima, an IGA, a province's award). Past
    awards drive the groups' eligibility rules and the PEKPPP innovation evidence."""

    class Tier(models.TextChoices):
        SHORTLIST = "top", _("Shortlisted (Top N)")
        WINNER = "pemenang", _("Winner")
        SPECIAL = "khusus", _("Special award")

    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="awards"
    )
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="awards",
    )
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices)
    title = models.CharField(
        _("award"), max_length=200, help_text=_("e.g. Top 45 KIPP 2025, Top Replikasi.")
    )
    level = models.CharField(_("level"), max_length=10, choices=Competition.Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "tier"],
                condition=Q(submission__isnull=False),
                name="innovation_award_tier_once_per_submission",
            )
        ]

    def __str__(self) -> str:
        return self.title
