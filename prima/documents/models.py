"""Documents Prima issues to be signed and sent — berita acara, certificates, reports — each
with the agency's number and a short code that leads to the public verification page, where
anyone holding a copy can see what was issued, to whom, when, by whom, and whether it was
withdrawn (ADR 0010)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.lib.fields import LimitedTextField
from prima.registry.models import Agency, ServiceUnit


class IssuedDocument(models.Model):
    class Kind(models.TextChoices):
        FORUM_MINUTES = "forum_minutes", _("Minutes of a public consultation forum")
        VISIT_MINUTES = "visit_minutes", _("Minutes of an evaluation field visit")
        CERTIFICATE = "certificate", _("Coaching certificate")
        SKM_REPORT = "skm_report", _("Satisfaction survey report")
        IPP_RESULTS = "ipp_results", _("Public service evaluation results")

    # {jenis} in the agency's numbering pattern (prima.lib.numbering).
    KIND_CODES = {
        Kind.FORUM_MINUTES: "BA",
        Kind.VISIT_MINUTES: "BA",
        Kind.CERTIFICATE: "SERT",
        Kind.SKM_REPORT: "LAP",
        Kind.IPP_RESULTS: "LAP",
    }

    code = models.CharField(_("verification code"), max_length=10, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the document is of, e.g. "standards.forum:12": one document per subject and kind,
    # so downloading it again gives the same number and code.
    subject = models.CharField(_("subject"), max_length=80)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("issuing agency"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    number = models.CharField(_("number"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    recipient = models.CharField(_("issued to"), max_length=300, blank=True)
    # [{"role": …, "name": …, "position": …}] as printed; NIPs are not repeated here.
    signers = models.JSONField(_("signed by"), default=list, blank=True)
    # [[label, value], …]: what the document states, in the language it was issued in.
    facts = models.JSONField(_("contents"), default=list, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = LimitedTextField(_("reason for withdrawal"), blank=True, max_length=1000)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject"], name="one_document_per_subject")
        ]
        indexes = [models.Index(fields=["agency", "-issued_at"], name="issued_agency_idx")]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def display_code(self) -> str:
        """The code in two groups of five, as printed: 7KQ2M-X4PDA."""
        return f"{self.code[:5]}-{self.code[5:]}"


class NumberSequence(models.Model):
    """The running number of an agency's documents in a year ({nomor})."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_sequence_per_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"
