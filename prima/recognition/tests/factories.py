"""Recognition records for tests: a quarterly programme at Disdukcapil Buru run by Siti (the
agency's administrator), chaired by her, with Abdul (the unit's operator) and Sari on the
committee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prima.accounts.models import Role, User
from prima.recognition import actions
from prima.recognition.models import CommitteeMember, Criterion, Nomination, Programme
from prima.test import World, make_user

ROUND = dt.date(2026, 7, 1)  # Triwulan III 2026

CRITERIA = [
    ("kinerja", "Kinerja pelayanan", 40),
    ("kehadiran", "Kehadiran tepat waktu", 20),
    ("tanpa_pengaduan", "Tanpa pengaduan yang terbukti", 20),
    ("penampilan", "Penampilan dan sikap", 20),
]


@dataclass
class Setup:
    programme: Programme
    criteria: list[Criterion]
    chair: CommitteeMember
    abdul: CommitteeMember
    sari: CommitteeMember
    sari_user: User


def make_programme(world: World, *, open_it: bool = True, **values: object) -> Setup:
    values.setdefault("name", "Pelaksana Pelayanan Terbaik")
    values.setdefault("agency", world.buru)
    values.setdefault("unit", world.buru_dukcapil)
    values.setdefault("period", "quarterly")
    values.setdefault("award_kinds", ["sertifikat", "plakat"])
    values.setdefault("publish_awards", True)
    values.setdefault("legal_basis", "Keputusan Kepala Dinas Nomor 800/12/2026")
    programme = actions.create_programme(actor=world.siti, **values)
    criteria = [
        actions.add_criterion(programme, actor=world.siti, element=e, title=t, weight=w)
        for e, t, w in CRITERIA
    ]
    sari_user = User.objects.filter(username="sari").first() or make_user(
        "sari", role=Role.UNIT_OPERATOR, unit=world.buru_dukcapil
    )
    chair = actions.add_member(programme, actor=world.siti, user=world.siti, role="chair")
    abdul = actions.add_member(programme, actor=world.siti, user=world.abdul)
    sari = actions.add_member(programme, actor=world.siti, user=sari_user)
    if open_it:
        actions.open_programme(programme, actor=world.siti)
    return Setup(programme, criteria, chair, abdul, sari, sari_user)


def nominate(
    world: World, setup: Setup, name: str = "Nurul Hasanah", **values: object
) -> Nomination:
    values.setdefault("round_start", ROUND)
    values.setdefault("unit", world.buru_dukcapil)
    values.setdefault("staff_position", "Petugas Loket Perekaman KTP-el")
    values.setdefault("reasons", "Melayani dengan ramah dan tuntas.")
    return actions.nominate(
        setup.programme,
        actor=world.abdul,
        staff_name=name,
        **values,  # type: ignore[arg-type]
    )


def score_all(
    world: World, setup: Setup, nomination: Nomination, member: CommitteeMember, value: int
) -> None:
    actions.declare(nomination, actor=member.user, member=member, has_conflict=False)
    actions.score(
        nomination,
        actor=member.user,
        member=member,
        values={c.pk: value for c in setup.criteria},
    )
