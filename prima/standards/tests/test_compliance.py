"""The unit's compliance status, read from its records and offered by evidence slot (the PEKPPP
scales of docs/regulations.md §2.3, §2.4, §4.4, §7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from prima.registry.models import Service
from prima.standards import actions, queries
from prima.standards import components as spec
from prima.standards.models import (
    FacilityType,
    Medium,
    Participant,
    StandardReview,
    UnitFacility,
)
from prima.standards.tests.factories import complete_components, published_standard

TODAY = dt.date(2026, 6, 1)


def score(unit, slot, today=TODAY):
    """The level offered under the standards slot `slot` ("maklumat": standards.maklumat)."""
    return queries.unit_compliance(unit, today).score(f"standards.{slot}")


def forum_with(unit, elements, *, standards=(), attended=True, purpose="drafting"):
    forum = actions.save_forum(
        unit,
        actor=None,
        title="FKP Standar Pelayanan",
        held_on=dt.date(2026, 1, 10),
        purpose=purpose,
        standards=standards,
    )
    for i, element in enumerate(elements):
        actions.add_participant(
            forum, actor=None, name=f"Peserta {i}", element=element, attended=attended
        )
    return forum


def test_a_unit_without_standards_scores_zero_everywhere(world):
    compliance = queries.unit_compliance(world.buru_dukcapil, TODAY)
    assert [i.score for i in compliance.indicators] == [0, 0, 0, 0, 0, 0]
    assert [i.slot for i in compliance.indicators] == [
        "standards.service_standards",
        "standards.community_involvement",
        "standards.published_media",
        "standards.periodic_review",
        "standards.maklumat",
        "standards.vulnerable_group_facilities",
    ]


def test_standard_score_climbs_from_draft_to_set_to_community_to_evaluated(world):
    unit, service = world.buru_dukcapil, world.buru_ktp
    draft = actions.create_draft(service, actor=None, components={"produk": "KTP-el"})
    assert score(unit, "service_standards") == 1  # some components
    draft = actions.save_draft(
        draft, actor=None, revision=draft.revision, components=complete_components()
    )
    assert score(unit, "service_standards") == 2  # all 14
    standard = actions.publish_standard(
        actions.set_standard(
            draft,
            actor=None,
            decree_number="1",
            decree_date=dt.date(2026, 1, 15),
            signer_name="K",
        ),
        actor=None,
    )
    assert score(unit, "service_standards") == 3  # set
    forum_with(unit, ["penyelenggara"], standards=[standard])
    assert score(unit, "service_standards") == 3  # the provider alone is not the community
    forum_with(unit, ["pengguna_layanan"], standards=[standard])
    assert score(unit, "service_standards") == 4
    review = actions.start_review(standard, actor=None, started_on=dt.date(2026, 5, 1))
    assert score(unit, "service_standards") == 4  # a review under way is not yet an evaluation
    actions.finish_review(review, actor=None, finished_on=dt.date(2026, 5, 20), outcome="unchanged")
    assert score(unit, "service_standards") == 5


def test_the_unit_reaches_the_level_of_its_weakest_offered_service(world):
    unit = world.buru_dukcapil
    published_standard(world.buru_ktp)
    kk = Service.objects.create(unit=unit, name="Penerbitan Kartu Keluarga")
    assert score(unit, "service_standards") == 0
    actions.create_draft(kk, actor=None, components={"produk": "KK"})
    assert score(unit, "service_standards") == 1
    kk.is_active = False
    kk.save()
    assert score(unit, "service_standards") == 3


@pytest.mark.parametrize(
    ("elements", "expected"),
    [
        ([], 0),
        (["pengguna_layanan"], 1),
        (["pengguna_layanan", "pengguna_layanan", "penyelenggara"], 1),
        (["pengguna_layanan", "media_massa"], 2),
        (list(spec.COMMUNITY_ELEMENTS[:4]), 4),
        (list(spec.COMMUNITY_ELEMENTS), 5),
    ],
)
def test_community_involvement_counts_distinct_elements_that_attended(world, elements, expected):
    forum_with(world.buru_dukcapil, elements)
    forum_with(world.buru_dukcapil, ["media_massa"], attended=False)  # invited, never came
    forum_with(world.buru_dukcapil, ["instansi_terkait"], purpose="other")  # not on standards
    assert score(world.buru_dukcapil, "community_involvement") == expected


@pytest.mark.parametrize(
    ("reviews", "expected"),
    [
        ([], 0),
        ([dt.date(2025, 7, 1)], 5),  # eleven months ago
        ([dt.date(2024, 7, 1)], 3),  # last review 23 months ago
        ([dt.date(2023, 5, 1)], 1),  # three years ago and more
    ],
)
def test_review_frequency_reads_the_time_between_reviews(world, reviews, expected):
    standard = published_standard(world.buru_ktp)
    for day in reviews:
        StandardReview.objects.create(
            standard=standard, started_on=day, finished_on=day, outcome="unchanged"
        )
    assert score(world.buru_dukcapil, "periodic_review") == expected


def test_review_frequency_for_some_services_only(world):
    standard = published_standard(world.buru_ktp)
    published_standard(Service.objects.create(unit=world.buru_dukcapil, name="Akta Kelahiran"))
    StandardReview.objects.create(
        standard=standard, started_on=dt.date(2026, 3, 1), finished_on=dt.date(2026, 3, 1)
    )
    assert score(world.buru_dukcapil, "periodic_review") == 4  # yearly, for some services


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([], 0),
        ([("website", False)], 1),
        ([("website", True)], 1),
        ([("website", True), ("social", True)], 2),
        ([("website", True), ("social", True), ("sippn", True)], 3),
        ([("website", True), ("social", True), ("notice_board", True), ("sippn", True)], 4),
        (
            [("website", True), ("social", True), ("notice_board", True), ("leaflet", True)]
            + [("sippn", True)],
            5,
        ),
        ([("website", False), ("social", False), ("sippn", False)], 1),
    ],
)
def test_publication_of_the_standards_counts_media_and_sippn(world, records, expected):
    for medium, complete in records:
        actions.record_publication(
            world.buru_dukcapil,
            actor=None,
            medium=medium,
            published_on=TODAY,
            all_components=complete,
        )
    assert score(world.buru_dukcapil, "published_media") == expected


def test_maklumat_score_follows_signing_content_and_publication(world):
    unit = world.buru_dukcapil
    assert score(unit, "maklumat") == 0
    maklumat = actions.save_maklumat(unit, actor=None, promise="Kami sanggup", commitment="")
    assert score(unit, "maklumat") == 1
    with pytest.raises(ValidationError, match="three statements"):
        actions.save_maklumat(
            unit, actor=None, maklumat=maklumat, signed_on=TODAY, signer_name="Kepala"
        )
    maklumat = actions.save_maklumat(
        unit,
        actor=None,
        maklumat=maklumat,
        commitment="Kami berkomitmen",
        sanction="Kami siap menerima sanksi",
        signed_on=dt.date(2026, 1, 2),
        signer_name="Kepala Dinas",
    )
    assert score(unit, "maklumat") == 3
    actions.record_maklumat_publication(
        maklumat, actor=None, medium=Medium.NOTICE_BOARD, published_on=TODAY
    )
    assert score(unit, "maklumat") == 4
    actions.record_maklumat_publication(
        maklumat, actor=None, medium=Medium.WEBSITE, published_on=TODAY
    )
    assert score(unit, "maklumat") == 5
    with pytest.raises(ValidationError, match="draft a new one"):
        actions.save_maklumat(unit, actor=None, maklumat=maklumat, promise="changed")


def test_an_unsigned_maklumat_cannot_be_recorded_as_published(world):
    maklumat = actions.save_maklumat(world.buru_dukcapil, actor=None, promise="x")
    with pytest.raises(ValidationError):
        actions.record_maklumat_publication(
            maklumat, actor=None, medium=Medium.WEBSITE, published_on=TODAY
        )


@pytest.mark.parametrize(("usable", "expected"), [(0, 0), (1, 1), (3, 1), (4, 2), (13, 5)])
def test_facilities_count_only_usable_ones(world, usable, expected):
    types = list(FacilityType.objects.order_by("order"))
    rows = {t: {"condition": UnitFacility.Condition.GOOD} for t in types[:usable]}
    rows[types[-1]] = {"condition": UnitFacility.Condition.BROKEN}
    actions.save_facilities(world.buru_dukcapil, actor=None, rows=rows)
    assert score(world.buru_dukcapil, "vulnerable_group_facilities") == expected


def test_removing_a_facility_from_the_inventory(world):
    ramp = FacilityType.objects.get(key="ramp")
    actions.save_facilities(world.buru_dukcapil, actor=None, rows={ramp: {"condition": "good"}})
    actions.save_facilities(world.buru_dukcapil, actor=None, rows={ramp: None})
    assert not UnitFacility.objects.exists()


def test_a_forum_discusses_only_its_own_units_standards(world):
    standard = published_standard(world.ambon_ktp)
    with pytest.raises(ValidationError):
        forum_with(world.buru_dukcapil, [], standards=[standard])


def test_an_agreement_is_linked_to_the_version_and_component_it_changed(world):
    first = published_standard(world.buru_ktp)
    forum = forum_with(world.buru_dukcapil, ["pengguna_layanan"], standards=[first])
    draft = actions.create_draft(world.buru_ktp, actor=None)
    agreement = actions.add_agreement(
        forum,
        actor=None,
        text="Surat pengantar RT/RW tidak lagi disyaratkan",
        standard=draft,
        component="persyaratan",
    )
    assert queries.agreements_by_component(draft) == {"persyaratan": [agreement]}
    assert Participant.objects.filter(forum=forum).count() == 1
