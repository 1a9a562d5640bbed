"""The two drafts an incident's report prints (UU 27/2022 art. 46(2)): the notice to the
supervisory institution and the letter to the data subjects, in Indonesian whatever the
reader's language, each with what data, when and how it was exposed, the handling and
recovery steps, and the data-protection officer's contact (PRIMA_DPO_*). Drafts: the
administrator completes, signs and sends them; Prima sends nothing."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from prima.lib import formats
from prima.lib.pdf import Column, Document
from prima.privacy.breach import SUBJECT_LABELS, Report, field_label, notice_deadline
from prima.privacy.models import RecordKind


def _when(moment: datetime | None) -> str:
    return formats.moment(moment) if moment is not None else _("not yet known")


def _dpo() -> list[tuple[str, object]]:
    missing = _("not set (PRIMA_DPO_* settings)")
    return [
        (_("Data-protection officer"), settings.PRIMA_DPO_NAME or missing),
        (_("E-mail"), settings.PRIMA_DPO_EMAIL or missing),
        (_("Phone"), settings.PRIMA_DPO_PHONE or missing),
    ]


def _kinds(report: Report) -> str:
    labels = [
        str(RecordKind(kind).label)
        for kind in report.incident.record_kinds
        if kind in RecordKind.values
    ]
    return ", ".join(labels) or "-"


def _common(pdf: Document, report: Report) -> None:
    incident = report.incident
    pdf.heading(_("1. What personal data was exposed"))
    pdf.paragraph(
        _("Kinds of records concerned: %(kinds)s.") % {"kinds": _kinds(report)}
        if incident.record_kinds
        else _("The kinds of records are those listed below.")
    )
    fields = sorted({field_label(name) for name in report.field_names()})
    pdf.paragraph(_("Personal data concerned: %(fields)s.") % {"fields": ", ".join(fields) or "-"})
    pdf.heading(_("2. When and how the data was exposed"))
    pdf.facts(
        [
            (_("Period"), f"{_when(report.start)} - {_when(incident.ended_at)}"),
            (_("Discovered"), _when(incident.discovered_at)),
        ]
    )
    pdf.paragraph(incident.what_happened)
    pdf.heading(_("3. Handling and recovery"))
    pdf.paragraph(incident.measures or _("[to be completed: the measures taken]"))


def authority_notice_pdf(report: Report) -> bytes:
    """The notice to the supervisory institution: counts, not names."""
    with translation.override("id"):
        incident = report.incident
        pdf = Document(
            title=_("Notice of a personal-data protection failure"),
            footer_text=_("Draft notice, UU 27/2022 art. 46"),
        )
        pdf.add_page()
        pdf.title_block(
            _("Notice of a personal-data protection failure"),
            _("to the supervisory institution"),
            number=False,
        )
        pdf.note(_("DRAFT - to be checked, completed and signed before it is sent."))
        pdf.facts(
            [
                (_("Incident"), incident.title),
                (_("Discovered"), _when(incident.discovered_at)),
                (_("Notice due by"), _when(notice_deadline(incident.discovered_at))),
                (_("How it was discovered"), incident.how_discovered),
            ]
        )
        _common(pdf, report)
        pdf.heading(_("4. Data subjects concerned"))
        pdf.grid(
            [Column(_("Kind of person"), 0.7), Column(_("Number"), 0.3, "RIGHT")],
            [
                (str(SUBJECT_LABELS[kind]), formats.integer(count))
                for kind, count in report.per_kind()
            ],
            empty=_("Nobody found in the audit and history data."),
        )
        if report.survey_profiles:
            pdf.paragraph(
                _("Anonymous SKM respondents' profiles concerned: %(count)s.")
                % {"count": formats.integer(report.survey_profiles)}
            )
        pdf.heading(_("5. Contact"))
        pdf.facts(_dpo())
        return pdf.output_bytes()


def subject_letter_pdf(report: Report) -> bytes:
    """The letter to the people concerned: one text for all, the addressee left to fill in."""
    with translation.override("id"):
        incident = report.incident
        pdf = Document(
            title=_("Notice to the data subjects"),
            footer_text=_("Draft letter, UU 27/2022 art. 46"),
        )
        pdf.add_page()
        pdf.title_block(_("Notice of a personal-data protection failure"), number=False)
        pdf.note(_("DRAFT - to be checked, completed and signed before it is sent."))
        pdf.paragraph(_("To: [name of the data subject]"), align="L")
        pdf.paragraph(
            _(
                "We inform you that personal data of yours held in Prima, the public-service "
                "quality platform, was affected by a personal-data protection failure "
                "(%(title)s), as required by Law 27 of 2022 on Personal Data Protection, "
                "article 46."
            )
            % {"title": incident.title}
        )
        _common(pdf, report)
        pdf.heading(_("4. What you can do"))
        pdf.paragraph(
            _(
                "Be careful with messages that ask for your data or mention your complaint; "
                "we will never ask for a password or a payment. You may ask to see, correct or "
                "erase your data by contacting our data-protection officer."
            )
        )
        pdf.heading(_("5. Contact"))
        pdf.facts(_dpo())
        return pdf.output_bytes()
