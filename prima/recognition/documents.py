"""A programme's decisions as PEKPPP evidence (bukti dukung, aspect Profesionalisme SDM):
one workbook with the published criteria, the committee, each round's decision and ranking
with the awards, and the conflict-of-interest declarations."""

from __future__ import annotations

from django.utils.translation import gettext as _

from prima.lib import spreadsheets as xl
from prima.lib.evidence import citation
from prima.recognition import queries
from prima.recognition.models import (
    Award,
    AwardKind,
    ConflictDeclaration,
    Element,
    Period,
    Placement,
    Programme,
)


def _element_header() -> str:
    """The criteria's element column, citing the indicator the newest instrument binds."""
    code = citation("recognition.award_criteria")
    return _("PEKPPP element (%(code)s)") % {"code": code} if code else _("PEKPPP element")


def _awards_or_none(placement: Placement) -> list[Award | None]:
    """A placement's awards, or one empty cell when it has none (it is still listed)."""
    return [*placement.awards.all()] or [None]


def decisions_xlsx(programme: Programme) -> bytes:
    book = xl.Book(title=_("Recognition: %(name)s") % {"name": programme.name})
    book.add_sheet(
        _("Programme"),
        [xl.text(_("Item")), xl.value(_("Value"))],
        [
            (_("Programme"), programme.name),
            (_("Agency"), str(programme.agency)),
            (_("Service unit"), str(programme.unit) if programme.unit_id else "—"),
            (_("Period"), str(Period(programme.period).label)),
            (_("Legal basis (SK)"), programme.legal_basis or "—"),
            (_("Award kinds"), ", ".join(programme.award_kind_labels())),
            (_("Awards published"), _("Yes") if programme.publish_awards else _("No")),
        ],
    )
    book.add_sheet(
        _("Criteria"),
        [
            xl.integer(_("No.")),
            xl.choice(_element_header(), Element.choices),
            xl.text(_("Criterion")),
            xl.text(_("How it is judged")),
            xl.integer(_("Weight (%)")),
        ],
        [
            (i, c.element, c.title, c.description, c.weight)
            for i, c in enumerate(programme.criteria.all(), start=1)
        ],
    )
    book.add_sheet(
        _("Committee"),
        [xl.text(_("Name")), xl.text(_("Position")), xl.text(_("Role"))],
        [
            (m.user.full_name or m.user.username, m.user.position, m.get_role_display())
            for m in programme.members.select_related("user")
        ],
    )
    decisions = queries.decisions_of(programme)
    book.add_sheet(
        _("Decisions"),
        [
            xl.text(_("Round")),
            xl.text(_("Decree (SK) number")),
            xl.date(_("Decree date")),
            xl.text(_("The committee's reasons")),
        ],
        [(d.round_label, d.decree_number, d.decree_date, d.reasons) for d in decisions],
    )
    book.add_sheet(
        _("Ranking and awards"),
        [
            xl.text(_("Round")),
            xl.integer(_("Rank")),
            xl.text(_("Name")),
            xl.text(_("NIP")),
            xl.text(_("Position")),
            xl.text(_("Service unit")),
            xl.decimal(_("Total score"), places=2),
            xl.choice(_("Award"), AwardKind.choices),
            xl.text(_("Award title")),
            xl.text(_("Reasons")),
        ],
        [
            (
                d.round_label,
                p.rank,
                p.nomination.staff_name,
                p.nomination.staff_nip,
                p.nomination.staff_position,
                str(p.nomination.unit),
                p.total,
                a.kind if a else "",
                a.title if a else "",
                a.reasons if a else "",
            )
            for d in decisions
            for p in d.placements.all()
            for a in _awards_or_none(p)
        ],
    )
    declarations = ConflictDeclaration.objects.filter(
        nomination__programme=programme
    ).select_related("member__user", "nomination")
    book.add_sheet(
        _("Conflicts of interest"),
        [
            xl.text(_("Nominee")),
            xl.text(_("Committee member")),
            xl.text(_("Conflict of interest")),
            xl.text(_("Nature")),
        ],
        [
            (
                d.nomination.staff_name,
                d.member.user.full_name or d.member.user.username,
                _("Yes") if d.has_conflict else _("No"),
                d.nature,
            )
            for d in declarations.order_by("nomination__staff_name", "pk")
        ],
    )
    return book.to_bytes()
