"""Documents of the coaching programme: the attendance certificate (PDF, in Indonesian, the
language certificates are issued in) and the participant list as CSV rows. Dates and times
are the event's own (Event.zone): a certificate for an evening in Ambon bears Ambon's date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prima.coaching.models import Event, Participant
from prima.lib.pdf import BRAND, LINE, MUTED, Document, tanggal


def certificate_dates(event: Event) -> str:
    """The event's dates by its own clock: 12 Mei 2020, or 17 November 2020 – 18 November
    2020."""
    start, end = event.local_start.date(), event.local_end.date()
    return tanggal(start) if start == end else f"{tanggal(start)} – {tanggal(end)}"


def certificate_pdf(participant: Participant, *, verify_url: str = "") -> bytes:
    """A one-page landscape A4 certificate for a participant who attended."""
    assert participant.attended, "certificates are for attendees"
    event = participant.event
    pdf = Document(orientation="L", footer_text=participant.certificate_number)
    pdf.set_title(f"Sertifikat - {event.title} - {participant.name}")
    pdf.add_page()
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)
    pdf.set_y(28)
    pdf.use(11, color=MUTED)
    pdf.centred(event.organiser, 6)
    pdf.ln(4)
    pdf.use(28, bold=True, color=BRAND)
    pdf.centred("SERTIFIKAT", 12)
    pdf.use(10, color=MUTED)
    pdf.centred(f"Nomor: {participant.certificate_number}", 5)
    pdf.ln(8)
    pdf.use(12)
    pdf.centred("diberikan kepada", 6)
    pdf.ln(2)
    pdf.use(22, bold=True)
    pdf.centred(participant.name, 10)
    pdf.use(12)
    pdf.centred(f"{participant.position} — {participant.work_unit}, {participant.agency.name}", 6)
    pdf.ln(6)
    pdf.centred(
        f"sebagai peserta {event.get_kind_display()} ({event.get_mode_display().lower()})", 6
    )
    pdf.use(15, bold=True, color=BRAND)
    pdf.centred(f"“{event.title}”", 8)
    pdf.use(12)
    pdf.centred(f"Topik: {', '.join(event.topic_labels())}", 6)
    pdf.centred(certificate_dates(event), 6)
    if verify_url:
        pdf.set_y(pdf.h - 32)
        pdf.use(8, color=MUTED)
        pdf.centred(f"Keaslian sertifikat dapat diperiksa di {verify_url}", 4)
    return pdf.output_bytes()


PARTICIPANT_HEADER = [
    "agency",
    "name",
    "position",
    "work_unit",
    "email",
    "participant_code",
    "attended_at",
    "attendance_from",
    "certificate_number",
]


def participant_rows(participants: Any) -> Iterator[list[Any]]:
    """The participant list; attendance times in ISO 8601 with the offset of the event's
    zone."""
    for p in participants:
        yield [
            p.agency.name,
            p.name,
            p.position,
            p.work_unit,
            p.email,
            p.code,
            p.attended_at.astimezone(p.event.zoneinfo).isoformat(timespec="minutes")
            if p.attended_at
            else "",
            p.get_attendance_source_display() if p.attendance_source else "",
            p.certificate_number,
        ]
