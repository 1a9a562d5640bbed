"""PDFs of the standards module (fpdf2, ADR 0004): the minutes (berita acara) of a public
consultation forum with its attendance list, and an A3 poster of a standard in force."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format

from prima.lib import qr
from prima.lib.pdf import BRAND, LINE, MUTED, TINT, Document, tanggal
from prima.standards import components as spec
from prima.standards.queries import attended_elements

if TYPE_CHECKING:
    from prima.standards.models import Forum, ServiceStandard


def minutes_pdf(forum: Forum) -> bytes:
    """Berita acara of a forum: what, when, where, who attended (by community element), the
    agenda, the discussion and the agreements, with the standards discussed."""
    unit = forum.unit
    pdf = Document(footer_text=f"Berita Acara FKP - {unit.name}")
    pdf.set_title(f"Berita Acara Forum Konsultasi Publik - {forum.title}")
    pdf.add_page()
    pdf.use(15, bold=True, color=BRAND)
    pdf.centred("BERITA ACARA", 7)
    pdf.centred("FORUM KONSULTASI PUBLIK", 7)
    pdf.use(11)
    pdf.centred(unit.name, 6)
    pdf.ln(4)
    facts = [
        ("Topik", forum.title),
        ("Tanggal", tanggal(forum.held_on)),
        ("Bentuk", forum.get_mode_display()),
        ("Tempat", forum.place or forum.meeting_link or "-"),
        ("Tahap", forum.get_stage_display()),
        ("Pimpinan forum", forum.chair or "-"),
    ]
    for label, value in facts:
        pdf.use(10, bold=True)
        pdf.cell(45, 6, pdf.t(label))
        pdf.use(10)
        pdf.multi_cell(0, 6, pdf.t(f": {value}"), new_x="LMARGIN", new_y="NEXT")
    standards = list(forum.standards.select_related("service"))
    if standards:
        pdf.heading("Standar pelayanan yang dibahas", 12)
        for standard in standards:
            pdf.paragraph(f"- {standard.service.name} (versi {standard.version})")
    if forum.agenda:
        pdf.heading("Agenda", 12)
        pdf.paragraph(forum.agenda)
    if forum.summary:
        pdf.heading("Jalannya diskusi", 12)
        pdf.paragraph(forum.summary)
    agreements = list(forum.agreements.select_related("standard", "standard__service"))
    pdf.heading("Kesepakatan", 12)
    if not agreements:
        pdf.paragraph("Belum ada kesepakatan yang dicatat.")
    for number, agreement in enumerate(agreements, start=1):
        where = ""
        if agreement.standard is not None:
            changed = agreement.standard
            where = f" (dimuat dalam {changed.service.name} versi {changed.version}"
            if agreement.component:
                where += f", komponen {spec.BY_KEY[agreement.component].name}"
            where += ")"
        pdf.paragraph(f"{number}. {agreement.text}{where}")

    participants = list(forum.participants.all())
    elements = attended_elements(participants)
    pdf.heading("Daftar hadir", 12)
    pdf.use(9, color=MUTED)
    pdf.multi_cell(
        0,
        5,
        pdf.t(f"Unsur masyarakat yang hadir: {len(elements)} dari 5 (indikator PEKPPP 2.a.P)."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(1)
    widths = (10, 55, 55, 34, 20)
    headers = ("No", "Nama", "Instansi/organisasi", "Unsur", "Tanda tangan")
    pdf.set_fill_color(*TINT)
    pdf.set_draw_color(*LINE)
    pdf.use(9, bold=True)
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 7, pdf.t(header), border=1, fill=True)
    pdf.ln()
    pdf.use(9)
    attended = [p for p in participants if p.attended]
    for number, person in enumerate(attended, start=1):
        cells = (
            str(number),
            person.name,
            person.organisation or "-",
            person.get_element_display(),
            "",
        )
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, 7, pdf.t(str(text))[:40], border=1)
        pdf.ln()
    if not attended:
        pdf.cell(sum(widths), 7, pdf.t("Belum ada peserta yang dicatat hadir."), border=1)
        pdf.ln()
    pdf.ln(10)
    pdf.use(10)
    pdf.cell(
        0,
        6,
        pdf.t(f"{unit.region.name if unit.region_id else ''}, {tanggal(forum.held_on)}"),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 6, pdf.t("Pimpinan forum,"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    pdf.cell(
        0,
        6,
        pdf.t(forum.chair or "(.................................)"),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.use(8, color=MUTED)
    generated = date_format(timezone.localtime(), "d-m-Y H:i")
    pdf.multi_cell(
        0,
        4,
        pdf.t(f"Dibuat oleh Prima dari catatan forum pada {generated}."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return pdf.output_bytes()


def minutes_response(forum: Forum) -> HttpResponse:
    """The minutes as a PDF shown in the browser, for staff and public pages alike."""
    response = HttpResponse(minutes_pdf(forum), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="berita-acara-fkp-{forum.pk}.pdf"'
    return response


def poster_pdf(standard: ServiceStandard, *, survey_url: str, complaint_url: str) -> bytes:
    """An A3 poster of a standard in force for the service hall: the six service-delivery
    components in plain language, then QR codes to the satisfaction survey and to the
    complaint channel."""
    unit = standard.service.unit
    pdf = Document(size="A3", footer_text=f"Standar Pelayanan - {unit.name}")
    pdf.set_title(f"Standar Pelayanan {standard.service.name} - {unit.name}")
    pdf.set_margins(22, 22, 22)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.add_page()
    width = 297
    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, width, 52, style="F")
    pdf.set_xy(22, 12)
    pdf.use(30, bold=True, color=(255, 255, 255))
    pdf.cell(0, 13, pdf.t("STANDAR PELAYANAN"), new_x="LMARGIN", new_y="NEXT")
    pdf.use(17, color=(255, 255, 255))
    pdf.multi_cell(
        0, 9, pdf.t(f"{standard.service.name} - {unit.name}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_y(58)
    pdf.use(11, color=MUTED)
    pdf.multi_cell(
        0,
        6,
        pdf.t(
            f"Ditetapkan dengan {standard.decree_number} tanggal {tanggal(standard.decree_date)}"
            f" - versi {standard.version}"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    for component in spec.COMPONENTS:
        if component.group != spec.DELIVERY:
            continue
        lines = spec.component_lines(component.key, standard.components.get(component.key))
        pdf.use(16, bold=True, color=BRAND)
        pdf.multi_cell(
            0, 9, pdf.t(f"{component.number}. {component.name}"), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.use(14)
        numbered = component.key in ("persyaratan", "prosedur")
        for index, line in enumerate(lines, start=1):
            prefix = f"{index}. " if numbered else "- "
            pdf.set_x(30)
            pdf.multi_cell(0, 7.5, pdf.t(prefix + line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    # The two codes side by side; a new page if they do not fit.
    size = 70
    if pdf.get_y() + size + 30 > 420 - 22:
        pdf.add_page()
    top = pdf.get_y() + 4
    for index, (title, subtitle, url) in enumerate(
        (
            ("Bagaimana pelayanan kami?", "Isi survei kepuasan", survey_url),
            ("Ada keluhan atau saran?", "Sampaikan pengaduan", complaint_url),
        )
    ):
        left = 22 + index * (width - 44) / 2
        pdf.image(io.BytesIO(qr.png(url, scale=10)), x=left + 20, y=top, w=size, h=size)
        pdf.set_xy(left, top + size + 2)
        pdf.use(15, bold=True, color=BRAND)
        pdf.multi_cell((width - 44) / 2, 7, pdf.t(title), align="C", new_x="RIGHT", new_y="TOP")
        pdf.set_xy(left, top + size + 10)
        pdf.use(12)
        pdf.multi_cell((width - 44) / 2, 6, pdf.t(subtitle), align="C", new_x="RIGHT", new_y="TOP")
        pdf.set_xy(left, top + size + 17)
        pdf.use(9, color=MUTED)
        pdf.multi_cell((width - 44) / 2, 5, pdf.t(url), align="C", new_x="RIGHT", new_y="TOP")
    return pdf.output_bytes()
