"""Documents of the coaching programme: the attendance certificate (PDF) and the participant
list as CSV rows. Dates and times are the event's own (Event.zone): a certificate for an
evening in Ambon bears Ambon's date.

The certificate is an issued document (prima.documents): the issuing agency's heading and
number, one signature block — the official the organiser named on the event, with place,
date and NIP — and a QR code leading to the public verification page. Its words follow the
reader's language (Indonesian by default)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prima.coaching.models import Event, Participant
from prima.documents import sources
from prima.documents.actions import issue
from prima.documents.models import IssuedDocument
from prima.lib import qr
from prima.lib.formats import long_date
from prima.lib.officials import Signer
from prima.lib.pdf import BRAND, LINE, MUTED, Document, Issued, Letterhead, place_and_date
from prima.registry.models import Agency

if TYPE_CHECKING:
    from prima.accounts.models import User

# KemenPANRB's code in the registry: its Deputy for Public Service runs the coordination
# regions (Wilayah I–III), so the ministry issues the certificates of their events.
MINISTRY_CODE = "kemenpanrb"


def ministry() -> Agency | None:
    """KemenPANRB: the agency coded `kemenpanrb`, else the registry's only ministry."""
    found = Agency.objects.filter(code=MINISTRY_CODE).first()
    if found is not None:
        return found
    ministries = list(Agency.objects.filter(kind=Agency.Kind.KEMENTERIAN, is_active=True)[:2])
    return ministries[0] if len(ministries) == 1 else None


def issuing_agency(event: Event) -> Agency | None:
    """Whose certificates the event gives: the agency chosen on the event, else the
    organiser's office — the provincial government for a province's event, the ministry for
    a coordination region's. None when the registry has neither."""
    if event.issuing_agency_id:
        return event.issuing_agency
    if event.province_id:
        return (
            Agency.objects.filter(kind=Agency.Kind.PEMERINTAH_PROVINSI, region_id=event.province_id)
            .order_by("-is_active", "pk")
            .first()
        )
    return ministry()


def certificate_dates(event: Event) -> str:
    """The event's dates by its own clock, as written on a certificate: 12 Mei 2020,
    17–18 November 2020, 30 November – 1 Desember 2020."""
    start, end = event.local_start.date(), event.local_end.date()
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def _taking_part(event: Event) -> str:
    """ "as a participant in the technical guidance": the kind in words, without the
    abbreviation the choice's label carries."""
    phrases: dict[str, str] = {
        Event.Kind.BIMTEK: _("as a participant in the technical guidance"),
        Event.Kind.LOKAKARYA: _("as a participant in the workshop"),
        Event.Kind.RAKOR: _("as a participant in the coordination meeting"),
        Event.Kind.TALK: _("as a participant in the talk session"),
        Event.Kind.PENDAMPINGAN: _("as a participant in the mentoring"),
    }
    return phrases.get(event.kind, _("as a participant in the event"))


def _held(event: Event) -> str:
    """How, where and when it was held, in a sentence: "held online on 12 May 2020"."""
    values = {"venue": event.location.strip(), "dates": certificate_dates(event)}
    if event.mode == Event.Mode.ONLINE:
        return _("held online on %(dates)s") % values
    if event.mode == Event.Mode.HYBRID:
        if values["venue"]:
            return _("held at %(venue)s and online on %(dates)s") % values
        return _("held face to face and online on %(dates)s") % values
    if values["venue"]:
        return _("held at %(venue)s on %(dates)s") % values
    return _("held face to face on %(dates)s") % values


def signing_place(event: Event, agency: Agency) -> str:
    """Where the certificates are signed: the place set on the event, else the agency's
    seat (prima.documents.sources.place)."""
    return event.signing_place.strip() or sources.place(agency)


def signer(event: Event) -> Signer:
    """The official who signs, as recorded on the event (for the verification page); the
    name stays empty when nobody was named."""
    return Signer(
        role="",
        name=event.signatory_name.strip(),
        position=event.signatory_position.strip(),
        nip=event.signatory_nip,
    )


def _signature(event: Event) -> Signer:
    """The block as a certificate prints it: under the place and date the position, then the
    room to sign, the name (a dotted line for a pen when nobody was named) and the NIP."""
    official = signer(event)
    role = f"{official.position}," if official.position else _("The organiser,")
    return Signer(role=role, name=official.name, nip=official.nip)


def certificate_subject(participant: Participant) -> str:
    return f"coaching.participant:{participant.pk}"


def certificate_facts(participant: Participant) -> list[tuple[str, str]]:
    """What the verification page shows the certificate states."""
    event = participant.event
    return [
        (_("Participant"), participant.name),
        (_("Position"), participant.position),
        (_("Agency"), participant.agency.name),
        (_("Coaching event"), event.title),
        (_("Kind"), event.get_kind_display()),
        (_("Mode"), event.get_mode_display()),
        (_("Dates"), certificate_dates(event)),
    ]


def issue_certificate(participant: Participant, *, actor: User | None) -> IssuedDocument | None:
    """The participant's certificate as an issued document: numbered in the issuing agency's
    sequence the first time, the same number and code on every later download (its contents
    brought up to date). `actor` is the staff member downloading it, None for the
    participant. None when no agency can issue it (see `issuing_agency`)."""
    event = participant.event
    agency = issuing_agency(event)
    if agency is None:
        return IssuedDocument.objects.filter(
            kind=IssuedDocument.Kind.CERTIFICATE, subject=certificate_subject(participant)
        ).first()
    return issue(
        kind=IssuedDocument.Kind.CERTIFICATE,
        subject=certificate_subject(participant),
        agency=agency,
        title=_("Certificate: %(event)s") % {"event": event.title},
        recipient=participant.name,
        signers=[signer(event)],
        facts=certificate_facts(participant),
        actor=actor,
    )


# -- the PDF ----------------------------------------------------------------------------------

# The frame: a thick line 10 mm from the paper's edge, a thin one 3 mm inside it.
FRAME = 10.0
INNER = 13.0


class Certificate(Document):
    """A landscape A4 page in a frame. The kit draws its footer FOOTER mm above the paper's
    edge: 22 mm keeps the number and the code inside the frame (the kit's 14 mm would cross
    it)."""

    FOOTER = 22.0
    SIDE = 26.0
    TOP = 20.0

    def __init__(self, *, title: str, issued: Issued) -> None:
        super().__init__(orientation="L", title=title, issued=issued, page_numbers=False)
        self.set_margins(self.SIDE, self.TOP, self.SIDE)
        # Everything stands above the footer's rule (FOOTER + 1 mm above the edge).
        self.set_auto_page_break(auto=True, margin=self.FOOTER + 3)

    def header(self) -> None:
        self.set_draw_color(*BRAND)
        self.set_line_width(1.2)
        self.rect(FRAME, FRAME, self.w - 2 * FRAME, self.h - 2 * FRAME)
        self.set_draw_color(*LINE)
        self.set_line_width(0.3)
        self.rect(INNER, INNER, self.w - 2 * INNER, self.h - 2 * INNER)
        self.set_line_width(0.2)
        self.set_xy(self.l_margin, self.TOP)


def _heading(pdf: Certificate, head: Letterhead, scale: float) -> None:
    """The issuing agency as a certificate is headed: its logo centred, its name in
    capitals, a short rule."""
    if head.logo:
        height = 18 * scale
        top = pdf.get_y()
        try:
            pdf.image(io.BytesIO(head.logo), x=pdf.w / 2 - height / 2, y=top, h=height)
        except Exception:  # noqa: BLE001 - a broken logo must not stop the certificate
            pass
        else:
            pdf.set_y(top + height + 2 * scale)
    for index, line in enumerate(head.lines):
        pdf.use((13 if index == 0 else 12) * scale, bold=True)
        pdf.centred(line.upper(), 6 * scale)
    pdf.ln(2 * scale)
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(0.5)
    pdf.line(pdf.w / 2 - 30, pdf.get_y(), pdf.w / 2 + 30, pdf.get_y())
    pdf.set_line_width(0.2)


def _verification(pdf: Certificate, issued: Issued, bottom: float) -> None:
    """The QR code and where to check the certificate, in the left half, level with the foot
    of the signature block."""
    size = 24.0
    top = bottom - size
    pdf.image(io.BytesIO(qr.png(issued.url, scale=4)), x=pdf.l_margin, y=top, w=size)
    pdf.use(8, color=MUTED)
    text = _(
        "Scan the code or open %(url)s to check that this certificate is genuine and valid "
        "(verification code %(code)s)."
    ) % {"url": issued.url, "code": issued.code}
    width = pdf.epw / 2 - size - 8
    lines = pdf.lines(width, 3.8, text)
    pdf.set_xy(pdf.l_margin + size + 3, top + max(0.0, (size - lines * 3.8) / 2))
    pdf.multi_cell(width, 3.8, pdf.t(text), align="L", new_x="LMARGIN", new_y="NEXT")


def _build(
    participant: Participant,
    *,
    agency: Agency,
    issued: Issued,
    scale: float,
    spread: float,
) -> tuple[Certificate, float]:
    """The certificate at `scale` (1 = full size) with `spread` mm of free height shared out
    between its parts; returns it and the free height left above the footer (negative or a
    second page when it did not fit)."""
    event = participant.event
    pdf = Certificate(
        title=_("Certificate - %(event)s - %(name)s")
        % {"event": event.title, "name": participant.name},
        issued=issued,
    )
    pdf.add_page()
    _heading(pdf, sources.letterhead(agency), scale)
    pdf.ln(6 * scale + spread * 0.25)

    pdf.use(30 * scale, bold=True, color=BRAND)
    pdf.centred(_("Certificate").upper(), 13 * scale)
    pdf.use(10.5 * scale, color=MUTED)
    pdf.centred(_("Number: %(number)s") % {"number": issued.number}, 5.5 * scale)
    pdf.ln(6 * scale + spread * 0.15)

    pdf.use(12 * scale)
    pdf.centred(_("is awarded to"), 6 * scale)
    pdf.ln(2 * scale)
    pdf.use(24 * scale, bold=True)
    pdf.centred(participant.name, 11 * scale)
    details = _unique(participant.position, participant.work_unit, participant.agency.name)
    if details:
        pdf.use(11.5 * scale, color=MUTED)
        pdf.centred(", ".join(details), 5.5 * scale)
    pdf.ln(5 * scale + spread * 0.15)

    pdf.use(12 * scale)
    pdf.centred(_taking_part(event), 6 * scale)
    pdf.use(16 * scale, bold=True, color=BRAND)
    pdf.centred(f"“{event.title}”", 7.5 * scale)
    pdf.use(12 * scale)
    pdf.centred(_held(event), 6 * scale)
    topics = event.topic_labels()
    if topics:
        pdf.use(10.5 * scale, color=MUTED)
        pdf.centred(_("Topics: %(topics)s") % {"topics": ", ".join(topics)}, 5 * scale)
    pdf.ln(6 * scale + spread * 0.45)

    pdf.signatures(
        [_signature(event)],
        place_date=place_and_date(signing_place(event, agency), event.local_end.date()),
        space=20 * scale,
    )
    bottom = pdf.get_y() - 4  # the kit leaves 4 mm under a signature block
    if pdf.page_no() > 1:
        return pdf, -1.0
    _verification(pdf, issued, bottom)
    return pdf, pdf.page_break_trigger - max(bottom, pdf.get_y())


def _unique(*parts: str) -> list[str]:
    """The non-empty parts, each once (a work unit named like the agency is said once)."""
    seen: list[str] = []
    for part in parts:
        text = " ".join((part or "").split())
        if text and text.casefold() not in (s.casefold() for s in seen):
            seen.append(text)
    return seen


SCALES: Sequence[float] = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)


def certificate_pdf(participant: Participant, *, agency: Agency, issued: Issued) -> bytes:
    """A one-page landscape A4 certificate for a participant who attended, issued by
    `agency` (the issued document's) under the number and code of `issued`. Long names and
    titles are set smaller until the page holds them; the free height left is shared out
    so the signature stands at the foot of the frame."""
    assert participant.attended, "certificates are for attendees"
    pdf: Certificate | None = None
    for scale in SCALES:
        pdf, free = _build(participant, agency=agency, issued=issued, scale=scale, spread=0)
        if free >= 0:
            # The kit keeps a little more room for a signature block than it draws: share
            # out what still fits.
            for share in (1.0, 0.75, 0.5, 0.25):
                spread_pdf, left = _build(
                    participant, agency=agency, issued=issued, scale=scale, spread=free * share
                )
                if left >= 0:
                    pdf = spread_pdf
                    break
            break
    assert pdf is not None
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
