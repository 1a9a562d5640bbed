"""PDFs of the standards module, on the document kit (prima.lib.pdf, ADR 0004, issue 18):

- the minutes (berita acara) of a public consultation forum: an issued document with the
  agency's letterhead and number, the "Pada hari ini …" opening, the agenda, the discussion and
  the agreements, signed by the forum's chair and acknowledged by the unit's head, with the
  attendance list attached, rows tall enough to sign in;
- an A3 poster of a standard in force for the service hall, with the decree that set it;
- the unit's service passport: every service with its standard in force, printable.

The poster and the passport are information for the public, not issued documents."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from prima.documents import sources
from prima.documents.actions import issue
from prima.documents.models import IssuedDocument
from prima.lib import formats, qr
from prima.lib.officials import Signer
from prima.lib.pdf import BRAND, MUTED, Column, Document, Issued, place_and_date, tanggal
from prima.standards import components as spec
from prima.standards.models import Forum, Participant
from prima.standards.queries import attended_elements

if TYPE_CHECKING:
    from prima.accounts.models import User
    from prima.registry.models import ServiceUnit
    from prima.standards.models import ServiceStandard
    from prima.standards.queries import Passport
    from prima.surveys.queries import IkmSummary

WHITE = (255, 255, 255)
NATIONAL_CHANNEL = "SP4N-LAPOR! https://www.lapor.go.id"


# --- shared pieces --------------------------------------------------------------------------
def decree_line(standard: ServiceStandard) -> str:
    """The decree that set the standard, as it is cited: "Ditetapkan dengan Keputusan Kepala
    Dinas … Nomor 470/08/SK/DUKCAPIL tanggal 3 September 2026"; "" before it is set. A number
    typed with its whole title ("Keputusan Bupati Buru Nomor …") is printed as typed."""
    number = " ".join((standard.decree_number or "").split())
    if not number:
        return ""
    date = tanggal(standard.decree_date) if standard.decree_date else ""
    official = " ".join((standard.signer_position or "").split())
    if number.casefold().startswith(("keputusan", "decree", "sk ", "surat keputusan")):
        text = _("Set by %(decree)s") % {"decree": number}
    elif official:
        text = _("Set by Decree of the %(official)s Number %(number)s") % {
            "official": official,
            "number": number,
        }
    else:
        text = _("Set by Decree Number %(number)s") % {"number": number}
    if date:
        text = _("%(decree)s of %(date)s") % {"decree": text, "date": date}
    return text


def _component_text(key: str, lines: Sequence[str]) -> str:
    """A component's lines as printed: requirements and steps numbered, one a line."""
    if not lines:
        return "-"
    if len(lines) > 1 and key in ("persyaratan", "prosedur"):
        return "\n".join(f"{index}. {line}" for index, line in enumerate(lines, start=1))
    return "\n".join(lines)


def _numbered(pdf: Document, items: Sequence[str], *, size: float = 10) -> None:
    """A numbered list whose lines wrap under the text, not under the number; an item never
    splits across pages."""
    pdf.use(size)
    with pdf.table(
        col_widths=(0.06, 0.94),
        first_row_as_headings=False,
        borders_layout="NONE",
        text_align=("RIGHT", "JUSTIFY"),
        line_height=size * 0.5,
        padding=(0.6, 0.8),
        v_align="TOP",
    ) as table:
        for index, item in enumerate(items, start=1):
            row = table.row()
            row.cell(f"{index}.")
            row.cell(pdf.t(item))
    pdf.ln(2)


def _note(pdf: Document, *lines: str, size: float = 8.5) -> None:
    """Small grey lines, left-aligned (long addresses stretched across a justified line read
    badly)."""
    pdf.use(size, color=MUTED)
    for line in lines:
        if line:
            pdf.multi_cell(0, size * 0.48, pdf.t(line), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1)


def _facts_height(
    pdf: Document, pairs: Sequence[tuple[str, object]], *, label_width: float, size: float
) -> float:
    """About how many millimetres `Document.facts` takes for `pairs` (label and value
    columns wrapped, 1,2 mm of padding a row)."""
    line = size * 0.5
    label_room = pdf.epw * label_width - 1.6
    value_room = pdf.epw * (1 - label_width - 0.03) - 1.6
    total = 2.0
    for label, value in pairs:
        pdf.use(size, bold=True)
        label_lines = pdf.lines(label_room, line, str(label))
        pdf.use(size)
        value_lines = pdf.lines(value_room, line, str(value))
        total += max(label_lines, value_lines) * line + 1.2
    return total


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- berita acara of a forum ----------------------------------------------------------------
def minutes_signers(forum: Forum) -> list[Signer]:
    """Who signs the minutes: the unit's head acknowledges (left), the forum's chair signs
    (right, under the place and date). A name not recorded leaves a line for the pen."""
    unit = forum.unit
    head = sources.unit_head(unit, _("Acknowledged by,"))
    if not head.position:
        head = Signer(
            role=head.role,
            name=head.name,
            position=_("Head of %(unit)s") % {"unit": unit.name},
            nip=head.nip,
        )
    chair = Signer(
        role=_("Chair of the forum,"),
        name=forum.chair,
        position=forum.chair_position,
        nip=forum.chair_nip,
    )
    return [head, chair]


def _attended(forum: Forum) -> tuple[list[Participant], list[Participant]]:
    participants = list(forum.participants.all())
    return participants, [p for p in participants if p.attended]


def is_held(forum: Forum) -> bool:
    """Whether the forum has taken place, so that its minutes can be issued."""
    return forum.stage != Forum.Stage.PREPARATION and forum.held_on <= timezone.localdate()


def minutes_title(forum: Forum) -> str:
    return _("Minutes of the public consultation forum: %(title)s") % {"title": forum.title}


def minutes_facts(forum: Forum) -> list[tuple[str, str]]:
    """What the minutes state, as the verification page repeats it."""
    attended = _attended(forum)[1]
    return [
        (_("Topic"), forum.title),
        (_("Service unit"), forum.unit.name),
        (_("Date"), tanggal(forum.held_on)),
        (_("Place"), forum.place or forum.meeting_link or "-"),
        (_("Chair of the forum"), forum.chair or "-"),
        (
            _("Participants present"),
            ngettext("%(count)s person", "%(count)s people", len(attended))
            % {"count": formats.integer(len(attended))},
        ),
    ]


def issue_minutes(forum: Forum, *, actor: User | None) -> IssuedDocument:
    """The forum's minutes as an issued document: numbered the first time they are
    downloaded, the same number and code afterwards."""
    unit = forum.unit
    return issue(
        kind=IssuedDocument.Kind.FORUM_MINUTES,
        subject=f"standards.forum:{forum.pk}",
        agency=unit.agency,
        unit=unit,
        title=minutes_title(forum),
        signers=minutes_signers(forum),
        facts=minutes_facts(forum),
        actor=actor,
    )


def _opening(forum: Forum) -> str:
    values = {
        "opening": formats.date_in_words(forum.held_on),
        "unit": forum.unit.name,
        "title": forum.title,
    }
    if forum.place:
        return _(
            "%(opening)s, at %(place)s, %(unit)s held a public consultation forum on “%(title)s”."
        ) % {**values, "place": forum.place}
    if forum.meeting_link:
        return _(
            "%(opening)s, online through %(link)s, %(unit)s held a public consultation "
            "forum on “%(title)s”."
        ) % {**values, "link": forum.meeting_link}
    return _("%(opening)s, %(unit)s held a public consultation forum on “%(title)s”.") % values


def elements_summary(participants: Sequence[Participant]) -> str:
    """Which of the five community elements a forum should hear were represented, in words."""
    labels = dict(Participant.Element.choices)
    attended = set(attended_elements(participants))
    present = [e for e in spec.COMMUNITY_ELEMENTS if e in attended]
    missing = [e for e in spec.COMMUNITY_ELEMENTS if e not in present]
    if not present:
        return _("No community element was represented among those present.")
    text = _(
        "Present: representatives of %(count)s of the five community elements (%(present)s)."
    ) % {
        "count": formats.integer(len(present)),
        "present": "; ".join(str(labels[e]).lower() for e in present),
    }
    if missing:
        text += " " + _("Not represented: %(missing)s.") % {
            "missing": "; ".join(str(labels[e]).lower() for e in missing)
        }
    return text


def minutes_pdf(forum: Forum, *, issued: Issued | None = None) -> bytes:
    """The berita acara of a forum: letterhead, title and number, the "Pada hari ini …"
    opening, the facts, the standards discussed, agenda, discussion and agreements, the
    signatures of the chair and the unit's head, the verification code, and the attendance
    list attached with room to sign."""
    unit = forum.unit
    agency = unit.agency
    participants, attended = _attended(forum)
    pdf = Document(
        title=minutes_title(forum),
        footer_text=_("Minutes of the public consultation forum"),
        letterhead=sources.letterhead(agency, unit),
        issued=issued,
    )
    pdf.add_page()
    pdf.title_block(pgettext("document title", "Minutes"), _("Public consultation forum"))
    if issued is None:
        _note(
            pdf,
            _(
                "Draft: the forum has not been held yet. The minutes get their number and "
                "verification code once it has."
            ),
            size=10,
        )
    pdf.paragraph(_opening(forum))
    place = forum.place or (forum.meeting_link if forum.mode == Forum.Mode.ONLINE else "")
    facts: list[tuple[str, object]] = [
        (_("Topic"), forum.title),
        (_("Purpose"), forum.get_purpose_display()),
        (_("Day and date"), f"{formats.weekday(forum.held_on)}, {tanggal(forum.held_on)}"),
        (pgettext("forum", "Form"), forum.get_mode_display()),
        (_("Place"), place or "-"),
        (_("Chair of the forum"), forum.chair or "-"),
        (
            _("Participants present"),
            ngettext("%(count)s person", "%(count)s people", len(attended))
            % {"count": formats.integer(len(attended))},
        ),
    ]
    if forum.place and forum.meeting_link:
        facts.insert(5, (_("Meeting link"), forum.meeting_link))
    pdf.facts(facts, label_width=0.3)

    standards = list(forum.standards.select_related("service").order_by("service__name"))
    if standards:
        pdf.heading(_("Service standards discussed"), 11)
        _numbered(
            pdf,
            [
                _("%(service)s, version %(version)s")
                % {"service": s.service.name, "version": s.version}
                for s in standards
            ],
        )
    if forum.agenda.strip():
        pdf.heading(_("Agenda"), 11)
        pdf.paragraph(forum.agenda.strip(), align="L")
    if forum.summary.strip():
        pdf.heading(_("Course of the discussion"), 11)
        pdf.paragraph(forum.summary.strip())
    agreements = list(forum.agreements.select_related("standard", "standard__service"))
    pdf.heading(_("Agreements"), 11)
    if agreements:
        items = []
        for agreement in agreements:
            text = agreement.text.strip()
            changed = agreement.standard
            if changed is not None and agreement.component in spec.BY_KEY:
                text += " " + _(
                    "(taken into the standard of %(service)s, version %(version)s, component "
                    "“%(component)s”)"
                ) % {
                    "service": changed.service.name,
                    "version": changed.version,
                    "component": spec.BY_KEY[agreement.component].name,
                }
            elif changed is not None:
                text += " " + _("(taken into the standard of %(service)s, version %(version)s)") % {
                    "service": changed.service.name,
                    "version": changed.version,
                }
            items.append(text)
        _numbered(pdf, items)
    else:
        pdf.paragraph(_("The forum recorded no agreement."))

    pdf.heading(_("Participants"), 11, keep=20)
    pdf.paragraph(
        ngettext(
            "%(count)s participant attended; the attendance list is attached.",
            "%(count)s participants attended; the attendance list is attached.",
            len(attended),
        )
        % {"count": formats.integer(len(attended))}
        + " "
        + elements_summary(participants)
    )
    # The closing sentence stays with the signatures.
    pdf.keep(80)
    pdf.paragraph(_("These minutes were drawn up truthfully, to be used as is proper."))
    pdf.ln(2)
    pdf.signatures(
        minutes_signers(forum),
        place_date=place_and_date(sources.place(agency, unit), forum.held_on),
    )
    pdf.verification()

    # The attachment: the attendance list, each row tall enough to sign in.
    pdf.add_page()
    pdf.use(9, color=MUTED)
    attachment = _("Attachment to the minutes of the public consultation forum")
    if issued is not None:
        attachment += " · " + _("Number: %(number)s") % {"number": issued.number}
    pdf.multi_cell(0, 4.5, pdf.t(attachment), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        4.5,
        pdf.t(f"{forum.title} · {formats.weekday(forum.held_on)}, {tanggal(forum.held_on)}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.title_block(_("Attendance list"), number=False)
    pdf.grid(
        [
            Column(_("No."), 0.06, "CENTER"),
            Column(_("Name"), 0.27),
            Column(_("Agency or organisation"), 0.25),
            Column(_("Represents"), 0.18),
            Column(_("Signature"), 0.24),
        ],
        [
            # A participant who asked that their data be processed no further (UU 27/2022
            # art. 11) keeps their row, so the count stays, but not their name.
            [
                formats.integer(index),
                _("(restricted at the person's request)")
                if person.processing_restricted
                else person.name,
                "-" if person.processing_restricted else person.organisation or "-",
                person.get_element_display(),
                "",
            ]
            for index, person in enumerate(attended, start=1)
        ],
        size=9.5,
        min_row_height=12,
        empty=_("No participant was recorded as present."),
    )
    return pdf.output_bytes()


def minutes_response(request: HttpRequest, forum: Forum, *, actor: User | None) -> HttpResponse:
    """The minutes as a PDF shown in the browser, issued (numbered) on the first download:
    `actor` is the staff member who downloads them, None for a public download. Before the
    forum is held they are a draft, without number."""
    if not is_held(forum):
        return _pdf_response(minutes_pdf(forum), f"rancangan-berita-acara-fkp-{forum.pk}.pdf")
    document = issue_minutes(forum, actor=actor)
    body = minutes_pdf(forum, issued=sources.issued(request, document))
    return _pdf_response(body, f"berita-acara-fkp-{forum.pk}.pdf")


# --- A3 poster of a standard ----------------------------------------------------------------
def poster_pdf(standard: ServiceStandard, *, survey_url: str, complaint_url: str) -> bytes:
    """An A3 poster of a standard in force for the service hall: the decree that set it, the
    six service-delivery components in plain language, then QR codes to the satisfaction
    survey and to the complaint channel."""
    unit = standard.service.unit
    service_title = f"{standard.service.name} - {unit.name}"
    pdf = Document(
        size="A3",
        title=_("Service standard: %(service)s") % {"service": service_title},
        footer_text=f"{_('Service standard')} · {unit.name}",
    )
    margin = 22.0
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(auto=True, margin=margin + pdf.FOOTER - 6)
    pdf.add_page()
    inner = pdf.w - 2 * margin
    # The band: its height follows the service's name, however long.
    pdf.use(17)
    band = 12 + 14 + pdf.lines(inner, 9, service_title) * 9 + 8
    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, pdf.w, band, style="F")
    pdf.set_fill_color(*WHITE)  # tables below must not inherit the band's colour
    pdf.set_xy(margin, 12)
    pdf.use(30, bold=True, color=WHITE)
    pdf.multi_cell(inner, 13, pdf.t(_("Service standard").upper()), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.use(17, color=WHITE)
    pdf.multi_cell(inner, 9, pdf.t(service_title), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_y(band + 6)
    pdf.use(12, color=MUTED)
    decree = decree_line(standard)
    version = _("version %(version)s") % {"version": standard.version}
    pdf.multi_cell(
        inner,
        6,
        pdf.t(f"{decree} · {version}" if decree else version),
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    pdf.ln(4)
    for component in spec.COMPONENTS:
        if component.group != spec.DELIVERY:
            continue
        lines = spec.component_lines(component.key, standard.components.get(component.key))
        pdf.keep(9 + 8 * min(len(lines), 2) + 4)
        pdf.use(16, bold=True, color=BRAND)
        pdf.multi_cell(
            inner,
            9,
            pdf.t(f"{component.number}. {component.name}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.use(14)
        numbered = component.key in ("persyaratan", "prosedur")
        with pdf.table(
            col_widths=(0.05, 0.95),
            first_row_as_headings=False,
            borders_layout="NONE",
            text_align=("RIGHT", "LEFT"),
            line_height=7.2,
            padding=(0.4, 0.8),
            v_align="TOP",
        ) as table:
            for index, line in enumerate(lines or ["-"], start=1):
                row = table.row()
                row.cell(f"{index}." if numbered and lines else "•" if pdf.unicode else "-")
                row.cell(pdf.t(line))
        pdf.ln(3)
    # The two codes side by side, together on one page.
    size = 70.0
    pdf.keep(size + 36)
    top = pdf.get_y() + 4
    half = inner / 2
    for index, (title, subtitle, url) in enumerate(
        (
            (_("How was our service?"), _("Fill in the satisfaction survey"), survey_url),
            (_("A complaint or a suggestion?"), _("Send a complaint"), complaint_url),
        )
    ):
        left = margin + index * half
        pdf.image(io.BytesIO(qr.png(url, scale=10)), x=left + (half - size) / 2, y=top, w=size)
        pdf.set_xy(left, top + size + 2)
        pdf.use(15, bold=True, color=BRAND)
        pdf.multi_cell(half, 7, pdf.t(title), align="C", new_x="LEFT", new_y="NEXT")
        pdf.use(12)
        pdf.multi_cell(half, 6, pdf.t(subtitle), align="C", new_x="LEFT", new_y="NEXT")
        pdf.use(9, color=MUTED)
        pdf.multi_cell(half, 4.5, pdf.t(url), align="C", new_x="LEFT", new_y="NEXT")
    return pdf.output_bytes()


# --- the service passport -------------------------------------------------------------------
def passport_pdf(
    found: Passport,
    *,
    ikm: IkmSummary | None,
    page_url: str,
    standard_url: Callable[[ServiceStandard], str],
    complaint_url: str,
) -> bytes:
    """The unit's service passport on paper: for EVERY service with a standard in force, its
    six service-delivery components (requirements, procedure, time, fee, product, complaint
    handling) and the decree that set it; then the services without one, the complaint
    channels, the maklumat, the facilities for vulnerable groups, the latest published
    satisfaction index and the forums held."""
    unit: ServiceUnit = found.unit
    pdf = Document(
        title=_("Service passport: %(unit)s") % {"unit": unit.name},
        footer_text=f"{_('Service passport')} · {unit.name}",
        letterhead=sources.letterhead(unit.agency, unit),
    )
    pdf.add_page()
    pdf.title_block(_("Service passport"), number=False)
    pdf.paragraph(
        _(
            "The services of %(unit)s with their standards in force: what to bring, the "
            "steps, how long it takes, what it costs, what you receive and where to complain. "
            "As published on %(date)s."
        )
        % {"unit": unit.name, "date": tanggal(timezone.localdate())}
    )
    if not found.standards:
        pdf.paragraph(_("This unit has not published any service standard yet."))
    for number, standard in enumerate(found.standards, start=1):
        values = standard.components or {}
        rows: list[tuple[str, object]] = [
            (
                f"{c.number}. {c.name}",
                _component_text(c.key, spec.component_lines(c.key, values.get(c.key))),
            )
            for c in spec.COMPONENTS
            if c.group == spec.DELIVERY
        ]
        # A service on one page when it fits on one: its heading, components and decree.
        block = 12 + _facts_height(pdf, rows, label_width=0.3, size=9.5) + 12
        pdf.keep(block if block < pdf.eph - 20 else 45)
        pdf.heading(f"{number}. {standard.service.name}", 12, keep=45)
        pdf.facts(rows, label_width=0.3, size=9.5)
        decree = decree_line(standard)
        if standard.status == standard.Status.UNDER_REVIEW:
            decree = " · ".join(p for p in (decree, _("This standard is being reviewed.")) if p)
        _note(pdf, decree, _("The whole standard: %(url)s") % {"url": standard_url(standard)})
    if found.services_without:
        pdf.heading(_("Services without a published standard"), 11, keep=14)
        pdf.paragraph(", ".join(s.name for s in found.services_without) + ".", align="L")

    pdf.heading(_("Complaints and suggestions"), 11, keep=24)
    channels = [c for c in found.channels if c != NATIONAL_CHANNEL]
    contact = []
    if unit.phone:
        contact.append(f"{_('Phone')}: {unit.phone}")
    if unit.email:
        contact.append(f"{_('E-mail')}: {unit.email}")
    _numbered(
        pdf,
        [
            *channels,
            _("Prima's complaint form: %(url)s") % {"url": complaint_url},
            *([" · ".join(contact)] if contact else []),
            f"{_('National channel')}: {NATIONAL_CHANNEL}",
        ],
    )

    pdf.heading(_("Maklumat Pelayanan"), 11, keep=30)
    maklumat = found.maklumat
    if maklumat is not None:
        for statement in maklumat.statements:
            if statement.strip():
                pdf.paragraph(statement.strip())
        signed = ", ".join(
            part
            for part in (
                maklumat.signer_name,
                maklumat.signer_position,
                tanggal(maklumat.signed_on) if maklumat.signed_on else "",
            )
            if part
        )
        if signed:
            _note(pdf, _("Signed by %(signer)s") % {"signer": signed})
    else:
        pdf.paragraph(_("No signed maklumat yet."))

    pdf.heading(_("Facilities for vulnerable groups"), 11, keep=14)
    if found.facilities:
        pdf.paragraph(", ".join(f.facility.name for f in found.facilities) + ".", align="L")
    else:
        pdf.paragraph(_("None recorded."))

    pdf.heading(_("Community satisfaction"), 11, keep=14)
    if ikm is not None and ikm.has_index:
        pdf.paragraph(
            _(
                "Community satisfaction index %(ikm)s (%(grade)s, %(performance)s) in "
                "%(period)s, from %(respondents)s respondents."
            )
            % {
                "ikm": formats.decimal(ikm.ikm_rounded, 2),
                "grade": ikm.mutu,
                "performance": ikm.kinerja,
                "period": ikm.period.name,
                "respondents": formats.integer(ikm.respondents),
            },
            align="L",
        )
    else:
        pdf.paragraph(_("No satisfaction survey result has been published yet."))

    if found.forums:
        pdf.heading(_("Public consultation forums"), 11, keep=14)
        _numbered(pdf, [f"{f.title} · {tanggal(f.held_on)}" for f in found.forums])
    pdf.ln(2)
    _note(
        pdf,
        _("Printed from Prima on %(date)s; the latest version is at %(url)s")
        % {"date": tanggal(timezone.localdate()), "url": page_url},
    )
    return pdf.output_bytes()


def passport_response(body: bytes, unit: ServiceUnit) -> HttpResponse:
    return _pdf_response(body, f"paspor-layanan-{unit.code}.pdf")
