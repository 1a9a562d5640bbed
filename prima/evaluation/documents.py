"""Documents of an evaluation: the berita acara of a field visit and the cycle's results as
CSV, XLSX and PDF. The PDFs are issued documents (prima.documents) on the organiser's
letterhead, in the reader's language."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from prima.documents import sources
from prima.documents.actions import issue
from prima.documents.models import IssuedDocument
from prima.evaluation import queries
from prima.evaluation.models import Assignment
from prima.lib import formats, spreadsheets
from prima.lib.officials import Signer
from prima.lib.pdf import (
    Column,
    Document,
    Issued,
    place_and_date,
)
from prima.registry.models import Agency

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from prima.accounts.models import User
    from prima.evaluation.instrument import Instrument
    from prima.evaluation.models import Cycle, Lokus, Visit


def organiser(cycle: Cycle) -> Agency | None:
    """The body that runs the cycle's evaluation and issues its documents: for PEKPPP Mandiri
    the agency that evaluates its own units; for PEKPPP Nasional the ministry — the agency
    whose code is settings.PRIMA_PEKPPP_ORGANISER (default "kemenpanrb"). None when the
    registry does not hold it: the documents are then printed without letterhead or number."""
    if cycle.agency_id is not None:
        return cycle.agency
    return Agency.objects.filter(code=settings.PRIMA_PEKPPP_ORGANISER).first()


def _people(text: str) -> list[tuple[str, str]]:
    """The "name — position" lines of a visit's free-text lists as (name, position)."""
    people = []
    for line in text.splitlines():
        line = line.strip().lstrip("-•*").strip()
        if not line:
            continue
        for separator in (" — ", " – ", " - "):
            if separator in line:
                name, position = line.split(separator, 1)
                people.append((name.strip(), position.strip()))
                break
        else:
            people.append((line, ""))
    return people


def visit_signers(visit: Visit, lokus: Lokus) -> list[Signer]:
    """Who signs a visit's berita acara: the unit's head (the first official recorded as
    present when the registry has no head) and every evaluator assigned to the lokus, the
    primary first — or, when none is assigned, the evaluators recorded as present."""
    unit = lokus.unit
    head = sources.unit_head(unit, _("For the unit evaluated,"))
    officials = _people(visit.unit_officials)
    if not head.name and officials:
        head = Signer(role=head.role, name=officials[0][0], position=officials[0][1])
    if not head.position:
        head = Signer(role=head.role, name=head.name, position=unit.name, nip=head.nip)
    evaluators = [
        Signer(
            role=_("Evaluator,"),
            name=assignment.evaluator.full_name or assignment.evaluator.username,
            position=assignment.evaluator.position,
            nip=assignment.evaluator.nip,
        )
        for assignment in sorted(
            lokus.assignments.all(), key=lambda a: (a.role != Assignment.Role.PRIMARY, a.pk)
        )
    ]
    if not evaluators:
        evaluators = [
            Signer(role=_("Evaluator,"), name=name, position=position)
            for name, position in _people(visit.evaluators)
        ] or [Signer(role=_("Evaluator,"))]
    return [head, *evaluators]


def _listing(people: list[tuple[str, str]]) -> str:
    return "\n".join(
        f"{number}. {name}" + (f" — {position}" if position else "")
        for number, (name, position) in enumerate(people, start=1)
    )


def _category(instrument: Instrument, code: str) -> str:
    """A category with its label, "D, Buruk" (labels may hold brackets of their own); "-"
    without one."""
    if not code:
        return "-"
    label = next((c.label for c in instrument.categories if c.code == code), "")
    return f"{code}, {label}" if label else code


def visit_title(lokus: Lokus) -> str:
    return _("Minutes of the PEKPPP field visit to %(unit)s") % {"unit": lokus.unit.name}


def berita_acara_pdf(visit: Visit, *, issued: Issued | None = None) -> bytes:
    """Berita acara of a field visit: on the organiser's letterhead, numbered, opening with
    the day in words; the lokus, who was present, the findings, the scores per indicator and
    the provisional IPP as they stand; signed by the unit's head and every evaluator, with the
    verification code."""
    lokus = queries.lokus_for_page(visit.lokus_id)
    unit = lokus.unit
    cycle = lokus.cycle
    instrument = cycle.instrument
    agency = organiser(cycle)
    pdf = Document(
        title=visit_title(lokus),
        footer_text=_("Minutes of a PEKPPP field visit"),
        letterhead=sources.letterhead(agency) if agency is not None else None,
        issued=issued,
    )
    pdf.add_page()
    pdf.title_block(
        _("Minutes of the field visit"),
        _("Evaluation of public service delivery performance (PEKPPP)"),
    )
    pdf.paragraph(
        _(
            "%(opening)s, the evaluators of %(cycle)s visited the service unit below to check "
            "its self-assessment and supporting evidence on site."
        )
        % {"opening": formats.date_in_words(visit.visited_on), "cycle": cycle.name}
    )
    pdf.facts(
        [
            (_("Service unit"), unit.name),
            (_("Agency"), unit.agency.name),
            (_("Address"), " ".join(unit.address.split()) or unit.region.display_name),
            (_("Type of service"), _kind(lokus)),
            (_("Mode"), lokus.get_mode_display()),
            (_("Date of the visit"), formats.long_date(visit.visited_on)),
            (_("Instrument"), instrument.name),
        ]
    )
    pdf.heading(_("Present"))
    pdf.facts(
        [
            (_("Evaluators"), _listing(_people(visit.evaluators))),
            (_("Unit officials"), _listing(_people(visit.unit_officials))),
        ]
    )
    pdf.heading(_("Findings"))
    pdf.paragraph(visit.findings or "-")
    pdf.heading(_("Scores per indicator"))
    pdf.note(
        _(
            "The evaluator's score (F-02, 0 to 5) of each indicator as it stands on the day "
            "this document is printed."
        )
    )
    columns = [
        Column(_("No."), 0.07, "CENTER"),
        Column(_("Indicator"), 0.45),
        Column(_("Score"), 0.1, "CENTER"),
        Column(_("Evaluator's note"), 0.38),
    ]
    number = 0
    for block in queries.lokus_rows(lokus, records=None):
        rows = []
        for row in block.rows:
            number += 1
            score = row.primary
            rows.append(
                (
                    str(number),
                    row.indicator.name,
                    formats.integer(score.score) if score else "-",
                    (score.note if score else "") or "",
                )
            )
        pdf.heading(
            _("Aspect: %(aspect)s (weight %(weight)s %%; aspect score %(score)s)")
            % {
                "aspect": block.aspect.name,
                "weight": formats.decimal(float(block.aspect.weight), 0),
                "score": formats.decimal(block.score, 2),
            },
            10.5,
            keep=30,
        )
        pdf.grid(columns, rows)
    label = _("IPP") if cycle.is_published else _("Provisional IPP")
    pairs = [
        (
            label,
            f"{formats.decimal(lokus.ipp_rounded, 2)} ({_category(instrument, lokus.category)})"
            if lokus.ipp_rounded is not None
            else _("not yet: not every indicator has a score"),
        )
    ]
    if lokus.user_respondents:
        pairs.append(
            (
                _("Service users' ratings (F-03)"),
                _("mean %(mean)s from %(count)s respondents")
                % {
                    "mean": formats.decimal(lokus.user_mean, 2),
                    "count": formats.integer(lokus.user_respondents),
                },
            )
        )
    pdf.heading(_("Result"), keep=24)
    pdf.facts(pairs, label_width=0.4)
    if not cycle.is_published:
        pdf.note(
            _(
                "The IPP is provisional: scores may still change through the verification "
                "window until the results of the cycle are published."
            )
        )
    pdf.paragraph(_("These minutes were drawn up truthfully, to be used as appropriate."))
    # Two a row, so that long names and positions keep to one or two lines.
    pdf.signatures(
        visit_signers(visit, lokus),
        place_date=place_and_date(sources.place(unit.agency, unit), visit.visited_on),
        per_row=2,
    )
    pdf.verification()
    return pdf.output_bytes()


# --- results --------------------------------------------------------------------------------
def result_header(cycle: Cycle) -> list[str]:
    aspects = [a.name for a in cycle.instrument.aspects]
    return [
        _("rank"),
        _("unit code"),
        _("unit"),
        _("agency"),
        _("province"),
        _("coordination region"),
        _("type of service"),
        _("mode"),
        *aspects,
        _("IPP (evaluator)"),
        _("F-03 mean"),
        _("F-03 respondents"),
        _("IPP"),
        _("category"),
        _("previous IPP"),
    ]


def result_rows(cycle: Cycle, within: QuerySet[Lokus] | None = None) -> Iterator[list[Any]]:
    aspects = [a.code for a in cycle.instrument.aspects]
    for _group, rows in queries.rankings(cycle, by="national", within=within):
        for row in rows:
            lokus = row.lokus
            yield [
                row.rank,
                lokus.unit.code,
                lokus.unit.name,
                lokus.unit.agency.name,
                row.province.name if row.province else "",
                row.wilayah,
                lokus.get_kind_display(),
                lokus.get_mode_display(),
                *[_score(lokus.aspect_scores.get(code)) for code in aspects],
                lokus.evaluator_ipp,
                lokus.user_mean,
                lokus.user_respondents,
                lokus.ipp_rounded,
                lokus.category,
                row.previous,
            ]


def _score(stored: Any) -> Decimal | None:
    """An aspect score as the number it is (the result keeps them as text in JSON)."""
    if stored is None or stored == "":
        return None
    try:
        return Decimal(str(stored))
    except InvalidOperation:
        return None


def results_xlsx(cycle: Cycle, within: QuerySet[Lokus] | None = None) -> bytes:
    """The ranking, the category distribution and what the file is, as a workbook people can
    work with: a header row, numbers as numbers, categories with their labels."""
    instrument = cycle.instrument
    categories = {c.code: c.label for c in instrument.categories}
    header = [str(capfirst(name)) for name in result_header(cycle)]
    aspects = len(instrument.aspects)
    columns = [
        spreadsheets.integer(header[0]),
        *(spreadsheets.text(name) for name in header[1:8]),
        *(spreadsheets.decimal(name, places=2) for name in header[8 : 8 + aspects]),
        spreadsheets.decimal(header[8 + aspects], places=2),  # IPP (evaluator)
        spreadsheets.decimal(header[9 + aspects], places=3),  # F-03 mean
        spreadsheets.integer(header[10 + aspects]),  # F-03 respondents
        spreadsheets.decimal(header[11 + aspects], places=2),  # IPP
        spreadsheets.text(header[12 + aspects]),  # category
        spreadsheets.text(_("Category label")),
        spreadsheets.decimal(header[13 + aspects], places=2),  # previous IPP
    ]
    book = spreadsheets.Book(title=cycle.name)
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        for row in result_rows(cycle, within):
            count += 1
            category = row[-2]
            yield [*row[:-1], categories.get(category), row[-1]]

    book.add_sheet(_("Results"), columns, rows())
    distribution = queries.category_distribution(cycle, within)
    total = sum(n for _code, _label, n in distribution)
    book.add_sheet(
        _("Categories"),
        [
            spreadsheets.text(capfirst(_("category"))),
            spreadsheets.text(capfirst(_("label"))),
            spreadsheets.integer(capfirst(_("lokus"))),
            spreadsheets.percent(_("Share")),
        ],
        ([code, label, n, n / total if total else None] for code, label, n in distribution),
    )
    book.add_sheet(
        _("About"),
        [spreadsheets.text(_("Item")), spreadsheets.value(_("Value"))],
        [
            (_("Cycle"), cycle.name),
            (_("Year"), spreadsheets.Typed(cycle.year, "integer", grouping=False)),
            (_("Instrument"), instrument.name),
            (
                _("Weight of the users' ratings (F-03)"),
                spreadsheets.Typed(cycle.user_weight / 100, "percent", 0),
            ),
            (_("Lokus in this file"), count),
            (_("Generated"), timezone.now()),
        ],
    )
    return book.to_bytes()


def results_scope(cycle: Cycle, within: QuerySet[Lokus] | None) -> str:
    """What a results document is of: the cycle, and when the reader sees only some of its
    lokus (before publication), which ones — so each set has its own number."""
    subject = f"evaluation.cycle:{cycle.pk}"
    if within is None:
        return subject
    pks = sorted(within.filter(cycle=cycle).values_list("pk", flat=True))
    digest = hashlib.sha256(",".join(map(str, pks)).encode()).hexdigest()[:16]
    return f"{subject}:lokus:{digest}"


def results_title(cycle: Cycle) -> str:
    return _("Results of %(cycle)s") % {"cycle": cycle.name}


def results_signer(cycle: Cycle) -> Signer:
    """Who signs the results for the organiser (Cycle.signer_*); an open name line when the
    cycle names nobody."""
    return Signer(
        role=_("Approved by,"),
        name=cycle.signer_name,
        position=cycle.signer_position,
        nip=cycle.signer_nip,
    )


def results_filename(cycle: Cycle) -> str:
    return f"pekppp-{cycle.year}-{cycle.scheme}-{cycle.pk}"


def issued_results_pdf(
    cycle: Cycle,
    within: QuerySet[Lokus] | None,
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> bytes:
    """The results as an issued document of the organiser: one number per cycle, or per set
    of lokus when the reader sees only some of them before publication. The request (when
    there is one) only gives the verification link its host; PRIMA_PUBLIC_URL does without."""
    agency = organiser(cycle)
    issued = None
    if agency is not None:
        signer = results_signer(cycle)
        issued = sources.issued(
            request,
            issue(
                kind=IssuedDocument.Kind.IPP_RESULTS,
                subject=results_scope(cycle, within),
                agency=agency,
                title=results_title(cycle),
                signers=[signer] if signer.name else [],
                facts=[
                    (_("Stage"), cycle.get_status_display()),
                    (
                        _("Lokus ranked"),
                        formats.integer(queries.scored_lokus(cycle, within).count()),
                    ),
                ],
                actor=actor,
            ),
        )
    return results_pdf(cycle, within, issued=issued)


def results_pdf(
    cycle: Cycle, within: QuerySet[Lokus] | None = None, *, issued: Issued | None = None
) -> bytes:
    """The ranking and the category distribution, landscape A4, on the organiser's
    letterhead, numbered and signed for the organiser."""
    instrument = cycle.instrument
    agency = organiser(cycle)
    pdf = Document(
        orientation="L",
        title=results_title(cycle),
        footer_text=results_title(cycle),
        letterhead=sources.letterhead(agency) if agency is not None else None,
        issued=issued,
    )
    pdf.add_page()
    pdf.title_block(
        _("Results of the evaluation of public service delivery performance"), cycle.name
    )
    groups = queries.rankings(cycle, by="national", within=within)
    ranked = [row for _group, rows in groups for row in rows]
    stage = (
        _("final, published on %(day)s") % {"day": formats.long_date(cycle.published_at)}
        if cycle.is_published and cycle.published_at
        else _("provisional: %(stage)s") % {"stage": cycle.get_status_display()}
    )
    pdf.facts(
        [
            (_("Scheme"), cycle.get_scheme_display()),
            (_("Year"), str(cycle.year)),
            (_("Instrument"), instrument.name),
            (_("Results"), stage),
            (
                _("Weight of user ratings (F-03) in the IPP"),
                formats.percent(cycle.user_weight / 100),
            ),
            (_("Lokus ranked"), formats.integer(len(ranked))),
        ],
        label_width=0.25,
    )
    if within is not None:
        pdf.note(
            _(
                "Until the results are published this list holds only the lokus you may "
                "see; ranks are counted among them."
            )
        )
    pdf.heading(_("Distribution of categories"))
    distribution = queries.category_distribution(cycle, within)
    total = sum(count for _code, _label, count in distribution)
    pdf.grid(
        [
            Column(_("Category"), 0.12, "CENTER"),
            Column(_("Description"), 0.4),
            Column(_("Lokus"), 0.12, "RIGHT"),
            Column(_("Share"), 0.12, "RIGHT"),
        ],
        [
            (
                code,
                label,
                formats.integer(count),
                formats.percent(count / total, 1) if total else "-",
            )
            for code, label, count in distribution
        ],
    )
    pdf.heading(_("National ranking") if cycle.scheme == cycle.Scheme.NASIONAL else _("Ranking"))
    pdf.grid(
        [
            Column(_("Rank"), 0.05, "CENTER"),
            Column(_("Service unit"), 0.24),
            Column(_("Agency"), 0.17),
            Column(_("Region"), 0.15),
            Column(_("Type of service"), 0.11),
            Column(_("IPP"), 0.06, "RIGHT"),
            Column(_("Category"), 0.14),
            Column(_("Previous IPP"), 0.08, "RIGHT"),
        ],
        [
            (
                formats.integer(row.rank),
                row.lokus.unit.name,
                row.lokus.unit.agency.name,
                ", ".join(
                    dict.fromkeys(
                        part
                        for part in (
                            row.lokus.unit.region.display_name,
                            row.province.display_name if row.province else "",
                        )
                        if part
                    )
                ),
                _kind(row.lokus),
                formats.decimal(row.lokus.ipp_rounded, 2),
                _category(instrument, row.lokus.category),
                formats.decimal(row.previous, 2) if row.previous is not None else "-",
            )
            for row in ranked
        ],
        empty=_("No lokus has a result yet."),
    )
    day = (
        timezone.localtime(cycle.published_at).date()
        if cycle.is_published and cycle.published_at
        else timezone.localdate()
    )
    pdf.signatures(
        [results_signer(cycle)],
        place_date=place_and_date(sources.place(agency), day) if agency else formats.long_date(day),
    )
    pdf.verification()
    return pdf.output_bytes()


def _kind(lokus: Lokus) -> str:
    """The type of service without its Indonesian gloss in brackets: "Administrative"."""
    return str(lokus.get_kind_display()).split(" (")[0]
