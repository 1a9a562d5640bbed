"""The Community Satisfaction Survey (SKM, PermenPANRB 14/2017): survey periods, the
questionnaire a unit shows, citizens' responses, the pre-aggregated counts the pages read,
follow-up plans and publication records.

Responses store the nine answers as columns named by the elements' stable keys, so the database
checks every answer (1–4 or blank) and pages never unpack JSON to count. No response holds a
name, an IP address or an exact time: the time is kept to the hour (docs/security.md
§1.6 items 5–6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.lib.fields import LimitedTextField
from prima.lib.media import Medium, is_electronic
from prima.surveys import ikm, questionnaire

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

ELEMENT_KEYS: tuple[str, ...] = ikm.PERMENPANRB_14_2017.elements


class SurveyPeriod(models.Model):
    """One run of the SKM by a unit — for the whole unit or for one of its services."""

    class Kind(models.TextChoices):
        YEAR = "year", _("Year")
        SEMESTER = "semester", _("Semester")
        QUARTER = "quarter", _("Quarter")
        CUSTOM = "custom", _("Custom dates")

    unit = models.ForeignKey(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="survey_periods",
    )
    service = models.ForeignKey(
        "registry.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_periods",
        help_text=_("Leave empty to survey every service of the unit together."),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    population = models.PositiveIntegerField(
        _("service users in the period"),
        null=True,
        blank=True,
        help_text=_("For the Krejcie–Morgan sample size; an estimate is fine."),
    )
    method = models.CharField(
        _("legal basis"),
        max_length=40,
        choices=[(m.code, m.legal_basis) for m in ikm.METHODS.values()],
        default=ikm.CURRENT.code,
    )
    accepting = models.BooleanField(
        _("accepting responses"),
        default=True,
        help_text=_("The citizen form accepts responses between the first and the last day."),
    )
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    publish_suggestions = models.BooleanField(
        _("publish suggestions"),
        default=False,
        help_text=_(
            "Show respondents' suggestions on the public results page, with ID numbers, phone "
            "numbers and e-mail addresses masked."
        ),
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

    history = HistoricalRecords(excluded_fields=["updated_at"])

    if TYPE_CHECKING:
        result: PeriodResult
        followups: RelatedManager[FollowUpAction]
        publications: RelatedManager[Publication]

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("survey period")
        verbose_name_plural = _("survey periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="survey_period_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["unit", "starts_on"], name="period_unit_start_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def year(self) -> int:
        return self.ends_on.year

    @property
    def ikm_method(self) -> ikm.Method:
        return ikm.METHODS[self.method]

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None


class SurveyTarget(models.Model):
    """The IKM a unit aims for in a year (regional plans expect it to rise every year)."""

    unit = models.ForeignKey(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.CASCADE,
        related_name="survey_targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target IKM"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "year"]
        verbose_name = _("IKM target")
        verbose_name_plural = _("IKM targets")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="survey_target_one_per_year"),
            models.CheckConstraint(
                condition=Q(target__gte=25, target__lte=100), name="survey_target_on_the_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.target}"


class UnitSurveySettings(models.Model):
    """How a unit shows the questionnaire: the order of the nine elements."""

    unit = models.OneToOneField(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.CASCADE,
        related_name="survey_settings",
    )
    element_order = models.JSONField(
        _("order of the elements"), default=list, blank=True
    )  # empty = the sample questionnaire's

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire settings")
        verbose_name_plural = _("questionnaire settings")

    def __str__(self) -> str:
        return str(self.unit)

    @property
    def order(self) -> tuple[str, ...]:
        return questionnaire.normalise_order(self.element_order)

    @classmethod
    def history_display(cls, field_name: str, value: Any) -> str | None:
        """The elements by their titles in the change history (prima.lib.history)."""
        if field_name != "element_order" or not isinstance(value, list):
            return None
        order = questionnaire.normalise_order(value)
        return ", ".join(f"{i}. {questionnaire.element_title(k)}" for i, k in enumerate(order, 1))


class ExtraQuestion(models.Model):
    """A question a unit adds after the nine elements. Its answers never enter the IKM."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("One choice from a list")
        TEXT = "text", _("Short text")

    unit = models.ForeignKey(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.CASCADE,
        related_name="extra_questions",
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("asked"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "position", "pk"]
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")

    def __str__(self) -> str:
        return self.text


class Kiosk(models.Model):
    """A tablet at a unit's counter, enrolled once with a code shown to an officer.

    Only digests are stored: of the one-time enrolment code, and of the secret the enrolled
    device keeps in a cookie. Kiosk answers are paced per device (not per IP address: one
    office connection serves every counter).
    """

    unit = models.ForeignKey(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.CASCADE,
        related_name="kiosks",
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. Loket 1"))
    enrolment_digest = models.CharField(max_length=64, blank=True)
    enrolment_expires_at = models.DateTimeField(_("code valid until"), null=True, blank=True)
    device_digest = models.CharField(max_length=64, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last used"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["last_seen_at"])

    class Meta:
        ordering = ["unit", "name"]
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit.code})"

    # Digests of secrets mean nothing to a reader of the history (prima.lib.history).
    history_hidden_fields = ("enrolment_digest", "device_digest")


class ImportBatch(models.Model):
    """One file of paper or legacy responses, imported whole. The digest refuses a second
    import of the same file."""

    period = models.ForeignKey(
        SurveyPeriod,
        verbose_name=_("survey period"),
        on_delete=models.PROTECT,
        related_name="imports",
    )
    sha256 = models.CharField(_("file digest"), max_length=64, unique=True)
    filename = models.CharField(_("file"), max_length=200)
    rows = models.PositiveIntegerField(_("responses"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.rows})"


def _answer_field(key: str) -> models.PositiveSmallIntegerField:
    title: Any = questionnaire.ELEMENTS[key].title
    return models.PositiveSmallIntegerField(title, null=True)


# An answer is blank or on the 1–4 scale; an age is plausible.
RESPONSE_CONSTRAINTS: list[models.BaseConstraint] = [
    models.CheckConstraint(
        condition=Q(**{f"{key}__isnull": True}) | Q(**{f"{key}__gte": 1, f"{key}__lte": 4}),
        name=f"survey_response_{key}_on_the_scale",
    )
    for key in ELEMENT_KEYS
]
RESPONSE_CONSTRAINTS.append(
    models.CheckConstraint(
        condition=Q(age__isnull=True)
        | Q(age__gte=questionnaire.MIN_AGE, age__lte=questionnaire.MAX_AGE),
        name="survey_response_age_plausible",
    )
)
# One response per form token (the resend of a form finds this row).
RESPONSE_CONSTRAINTS.append(
    models.UniqueConstraint(fields=["submission_key"], name="survey_response_one_per_form")
)


class SurveyResponse(models.Model):
    """One respondent's answers. Never a name, an IP address or an exact time."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        KIOSK = "kiosk", _("Kiosk")
        PAPER = "paper", _("Imported (paper or another system)")
        # SKM by message (issue 25): nine questions answered by reply, or the web form opened
        # from a single-use link sent by SMS or WhatsApp (SurveyInvitation).
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class Flag(models.TextChoices):
        HONEYPOT = "honeypot", _("Filled a field hidden from people")
        TOO_FAST = "too_fast", _("Answered faster than a person can read")
        DEVICE_LIMIT = "device_limit", _("More responses from one device on one day")
        KIOSK_PACE = "kiosk_pace", _("Kiosk answers closer together than a person can")
        REVIEWER = "reviewer", _("Flagged by a reviewer")
        CLOCK_SKEW = "clock_skew", _("Kiosk clock far from the server's")

    # No index of their own on `period` and `unit`: the indexes in Meta lead with them, and
    # every index costs each citizen's answer a write (benchmarks/skm.py).
    period = models.ForeignKey(
        SurveyPeriod,
        verbose_name=_("survey period"),
        on_delete=models.PROTECT,
        related_name="responses",
        db_index=False,
    )
    unit = models.ForeignKey(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    service = models.ForeignKey(
        "registry.Service",
        verbose_name=_("service received"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # a partial index in Meta: many answers name no service
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    # No index on the time: no page or report looks responses up by it across periods, and
    # each index is a write per answer (benchmarks/skm.py).
    submitted_at = models.DateTimeField(_("submitted (hour)"))
    local_date = models.DateField(_("date at the unit"))
    fill_seconds = models.PositiveIntegerField(_("time to answer (s)"), null=True, blank=True)

    persyaratan = _answer_field("persyaratan")
    prosedur = _answer_field("prosedur")
    waktu = _answer_field("waktu")
    biaya = _answer_field("biaya")
    produk = _answer_field("produk")
    kompetensi = _answer_field("kompetensi")
    perilaku = _answer_field("perilaku")
    sarpras = _answer_field("sarpras")
    pengaduan = _answer_field("pengaduan")

    sex = models.CharField(
        _("sex"), max_length=1, choices=questionnaire.SEX_CHOICES, blank=True, default=""
    )
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    education = models.CharField(
        _("education"),
        max_length=8,
        choices=questionnaire.EDUCATION_CHOICES,
        blank=True,
        default="",
    )
    occupation = models.CharField(
        _("occupation"),
        max_length=10,
        choices=questionnaire.OCCUPATION_CHOICES,
        blank=True,
        default="",
    )
    suggestion = LimitedTextField(_("suggestion"), max_length=2000, blank=True, default="")
    suggestion_masked = LimitedTextField(
        _("suggestion (masked)"), max_length=3000, blank=True, default=""
    )
    extra = models.JSONField(_("answers to extra questions"), default=dict, blank=True)

    # The single-use form token: a resend of the same form finds this row instead of adding one.
    # Unique through Meta.constraints (a plain unique=True adds a second, LIKE index on
    # PostgreSQL that nothing uses).
    submission_key = models.CharField(max_length=43, null=True, blank=True)
    device_digest = models.CharField(max_length=64, blank=True, default="")
    kiosk = models.ForeignKey(
        Kiosk,
        verbose_name=_("kiosk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # a partial index in Meta: most answers come from no kiosk
    )
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        db_index=False,  # a partial index in Meta: most answers were not imported
    )
    is_flagged = models.BooleanField(_("flagged"), default=False)
    flags = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = RESPONSE_CONSTRAINTS
        indexes = [
            models.Index(fields=["period", "is_flagged"], name="response_period_flag_idx"),
            models.Index(
                fields=["unit", "device_digest", "local_date"], name="response_device_day_idx"
            ),
            # Only the rows that have one: an index entry per answer without one would be a
            # write for nothing (benchmarks/skm.py).
            *(
                models.Index(
                    fields=[name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"response_{name}_idx",
                )
                for name in ("service", "kiosk", "import_batch")
            ),
            # The latest suggestions of a period, without reading its other responses.
            models.Index(
                fields=["period", "-submitted_at"],
                condition=~Q(suggestion=""),
                name="response_suggestion_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.period}"

    def answers(self) -> dict[str, int | None]:
        return {key: getattr(self, key) for key in ELEMENT_KEYS}


class SurveyInvitation(models.Model):
    """A single-use link to the questionnaire, sent to a citizen after a service by SMS or
    WhatsApp (prima.surveys.invitations). Only the digest of the link's token is stored, and no
    phone number: the answer it brings is as anonymous as any other."""

    unit = models.ForeignKey(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    service = models.ForeignKey(
        "registry.Service",
        verbose_name=_("service received"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=SurveyResponse.Channel.choices)
    token_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    response = models.ForeignKey(
        SurveyResponse,
        verbose_name=_("response"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(response__isnull=True) | Q(used_at__isnull=False),
                name="survey_invitation_response_only_when_used",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.unit_id} {self.created_at:%Y-%m-%d}"


class ResponseReview(models.Model):
    """Append-only trail of a reviewer flagging or restoring a response."""

    class Action(models.TextChoices):
        FLAG = "flag", _("Flagged")
        RESTORE = "restore", _("Restored")

    response = models.ForeignKey(
        SurveyResponse,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("response review")
        verbose_name_plural = _("response reviews")

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.response_id}"


class SurveyTally(models.Model):
    """How many counted responses gave `answer` to `element` in a period. Kept current by the
    submit, import and review actions in their own transactions; `prima
    rebuild_survey_aggregates` recomputes it from the responses."""

    period = models.ForeignKey(
        SurveyPeriod, on_delete=models.CASCADE, related_name="tallies", db_index=False
    )  # the unique constraint's index leads with it
    element = models.CharField(max_length=16)
    answer = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("answer count")
        verbose_name_plural = _("answer counts")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "element", "answer"], name="survey_tally_one_row_per_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.element}={self.answer}: {self.count}"


class ClearedProfile(models.Model):
    """How many counted responses of a period had `value` for a profile field when their
    profile was cleared at the end of its retention period (prima.privacy.erasure, UU
    27/2022). Counts only, like PeriodResult.profile: `aggregates.rebuild` moves them back
    from "unknown" to the value they had, so the published profile of a period stays what it
    was when a purge removes the respondents' own fields."""

    period = models.ForeignKey(
        SurveyPeriod, on_delete=models.CASCADE, related_name="cleared_profiles", db_index=False
    )  # the unique constraint's index leads with it
    field = models.CharField(max_length=16)  # one of aggregates.PROFILE_FIELDS
    value = models.CharField(max_length=16)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cleared profile count")
        verbose_name_plural = _("cleared profile counts")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "field", "value"], name="cleared_profile_one_row_per_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.field}={self.value}: {self.count}"


class PeriodResult(models.Model):
    """A period's result, kept current with its counts: the IKM and what the pages, recaps and
    rankings show, plus the sums the confidence interval needs (`moments`) and the respondent
    profile. Units, agencies and regions are copied here so recaps filter one table."""

    period = models.OneToOneField(
        SurveyPeriod, on_delete=models.CASCADE, primary_key=True, related_name="result"
    )
    # Indexed only through Meta.indexes (year first, as recaps ask): this row is rewritten by
    # every counted answer, and each index is one more write.
    unit = models.ForeignKey(
        "registry.ServiceUnit", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    agency = models.ForeignKey(
        "registry.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    respondents = models.PositiveIntegerField(default=0)  # counted
    flagged = models.PositiveIntegerField(default=0)
    moments = models.JSONField(default=dict)
    profile = models.JSONField(default=dict)
    ikm = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    ikm_rounded = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    mutu = models.CharField(max_length=1, blank=True, default="")
    ci_low = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    ci_high = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    sample_required = models.PositiveIntegerField(null=True)
    sample_met = models.BooleanField(null=True)
    # The period that stands for its unit in the year's recap and ranking: the whole-unit
    # period that ends last in the year (kept by prima.surveys.aggregates.mark_recap).
    in_recap = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("period result")
        verbose_name_plural = _("period results")
        indexes = [
            models.Index(fields=["year", "in_recap", "ikm"], name="result_recap_rank_idx"),
            models.Index(fields=["year", "region"], name="result_year_region_idx"),
            models.Index(fields=["year", "agency"], name="result_year_agency_idx"),
            models.Index(fields=["unit", "year"], name="result_unit_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.ikm_rounded}"


class FollowUpAction(models.Model):
    """One action of the follow-up plan (rencana tindak lanjut) for a period's weak elements.

    PEKPPP scores the share of actions done (8.a.Ak) and how fast they were done after the
    report (9.a.Ak), docs/regulations.md §1.8.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    period = models.ForeignKey(
        SurveyPeriod,
        verbose_name=_("survey period"),
        on_delete=models.CASCADE,
        related_name="followups",
    )
    element = models.CharField(
        _("element"),
        max_length=16,
        blank=True,
        choices=[(key, questionnaire.ELEMENTS[key].title) for key in ELEMENT_KEYS],
    )
    problem = LimitedTextField(_("problem found"), max_length=2000)
    action = LimitedTextField(_("action"), max_length=2000)
    owner = models.CharField(_("responsible"), max_length=150)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    evidence_note = LimitedTextField(_("evidence"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="followup_completed_on_iff_done",
            ),
        ]

    def __str__(self) -> str:
        return self.action[:80]


class Publication(models.Model):
    """Where and when a period's results were published (PEKPPP indicator 7.a.T)."""

    # The media are the one vocabulary of prima.lib.media, shared with the standards'
    # publication records.

    period = models.ForeignKey(
        SurveyPeriod,
        verbose_name=_("survey period"),
        on_delete=models.CASCADE,
        related_name="publications",
    )
    medium = models.CharField(_("medium"), max_length=16, choices=Medium.choices)
    url = models.URLField(_("link"), blank=True)
    published_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["published_on", "pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.get_medium_display()} {self.published_on}"

    @property
    def is_electronic(self) -> bool:
        return is_electronic(self.medium)


class AnomalyFinding(models.Model):
    """Something odd in a period's responses, found by `prima detect_survey_anomalies`: a burst
    against the unit's own baseline, identical answer vectors, straight-lining. A finding is
    for a reviewer to look at; it flags nothing by itself."""

    class Kind(models.TextChoices):
        BURST = "burst", _("Burst of responses")
        IDENTICAL = "identical", _("Identical responses")
        STRAIGHT_LINE = "straight_line", _("Same answer to every element")

    period = models.ForeignKey(
        SurveyPeriod,
        verbose_name=_("survey period"),
        on_delete=models.CASCADE,
        related_name="anomalies",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=300)
    response_ids = models.JSONField(default=list)
    detected_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        ordering = ["-detected_at", "kind"]
        verbose_name = _("anomaly")
        verbose_name_plural = _("anomalies")

    def __str__(self) -> str:
        return self.summary
