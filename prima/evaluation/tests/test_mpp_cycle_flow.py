"""A Monev MPP cycle end to end on the PEKPPP machinery — created with the MPP instrument,
MPP units as lokus, the self-assessment prefilled from the MPP's records, scored, published,
recommended and followed up — and kept out of every IPP figure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from prima.evaluation import actions, queries
from prima.evaluation.models import ActionItem, Answer, Assignment, Cycle, Lokus
from prima.insights import figures
from prima.mpp.models import DigitalCriterion, Mpp, Tenant
from prima.opendata.datasets import ipp as ipp_dataset
from prima.registry.models import Region, ServiceUnit
from prima.test import sign_in


@pytest.fixture
def mpp_unit(world):
    unit = ServiceUnit.objects.create(
        code="8171-MPP",
        agency=world.ambon,
        region=Region.objects.get(code="81.71"),
        kind=ServiceUnit.Kind.MPP,
        name="Mal Pelayanan Publik Kota Ambon",
    )
    mpp = Mpp.objects.create(unit=unit)
    for n in range(5):
        Tenant.objects.create(
            mpp=mpp,
            name=f"Instansi {n}",
            kind=Tenant.Kind.REGIONAL,
            joined_on=dt.date(2024, 1, 1),
            agreement_number=f"PKS/{n}",
        )
    for code in DigitalCriterion.Code.values[:4]:
        DigitalCriterion.objects.create(mpp=mpp, code=code, state="siap")
    return unit


def cycle_form(**changes: str) -> dict[str, str]:
    return {
        "name": "Monev MPP 2025",
        "year": "2025",
        "scheme": "mpp",
        "agency": "",
        "instrument_code": "mpp-2022",
        "verification_days": "5",
        "user_weight": "0",
        "user_min_respondents": "10",
        "double_scoring_percent": "0",
        "priority_below": "3.01",
        **changes,
    }


def test_an_mpp_cycle_takes_only_the_mpp_instrument(client, world):
    sign_in(client, world.ratna)
    response = client.post(
        reverse("manage:evaluation_cycles"), cycle_form(instrument_code="pekppp-2023")
    )
    assert response.status_code == 200
    assert "Choose an instrument of the Monev MPP group" in response.content.decode()
    response = client.post(
        reverse("manage:evaluation_cycles"),
        cycle_form(scheme="nasional", instrument_code="mpp-2022"),
    )
    assert response.status_code == 200
    assert not Cycle.objects.exists()
    response = client.post(reverse("manage:evaluation_cycles"), cycle_form())
    assert response.status_code == 302
    assert Cycle.objects.get().scheme == Cycle.Scheme.MPP
    with pytest.raises(ValidationError):
        actions.create_cycle(
            actor=world.ratna,
            year=2026,
            scheme=Cycle.Scheme.MPP,
            agency=None,
            name="x",
            instrument_code="pekppp-2023",
        )


def test_only_the_ministry_runs_the_monev_mpp(client, world):
    sign_in(client, world.marthen)
    response = client.post(
        reverse("manage:evaluation_cycles"), cycle_form(agency=str(world.ambon.pk))
    )
    assert response.status_code == 200
    assert not Cycle.objects.exists()


@pytest.fixture
def mpp_cycle(world):
    return actions.create_cycle(
        actor=world.ratna,
        year=2025,
        scheme=Cycle.Scheme.MPP,
        agency=None,
        name="Monev MPP 2025",
        instrument_code="mpp-2022",
    )


def test_lokus_of_an_mpp_cycle_are_mpp_units(client, world, mpp_unit, mpp_cycle):
    units = queries.units_for_lokus(mpp_cycle, ServiceUnit.objects.all())
    assert list(units) == [mpp_unit]
    with pytest.raises(ValidationError, match="MPP units only"):
        actions.add_lokus(
            mpp_cycle,
            unit=world.ambon_dukcapil,
            kind="administratif",
            mode="luring",
            actor=world.ratna,
        )
    sign_in(client, world.ratna)
    page = client.get(reverse("manage:evaluation_cycle", args=[mpp_cycle.pk]))
    assert page.status_code == 200
    assert "Mal Pelayanan Publik Kota Ambon" in page.content.decode()
    assert "Disdukcapil Kota Ambon" not in page.content.decode()


def _ipp_figures() -> tuple[object, ...]:
    return (
        figures.shown_cycles(),
        list(ipp_dataset._scored(None).values_list("pk", flat=True)),
        list(Lokus.objects.ipp().filter(cycle__status="published").values_list("pk", flat=True)),
    )


def test_an_mpp_cycle_end_to_end_and_out_of_the_ipp(world, mpp_unit, mpp_cycle):
    before = _ipp_figures()
    admin = world.ratna
    lokus = actions.add_lokus(
        mpp_cycle, unit=mpp_unit, kind="administratif", mode="luring", actor=admin
    )
    actions.assign(
        lokus,
        evaluator=world.yohanis,
        role=Assignment.Role.PRIMARY,
        level=Assignment.Level.KEMENTERIAN,
        actor=admin,
    )
    actions.advance(mpp_cycle, actor=admin, today=dt.date(2025, 7, 1))
    assert actions.rating_refusal(mpp_cycle)  # no F-03 in the Monev MPP
    instrument = mpp_cycle.instrument
    actions.save_answers(
        lokus, answers={code: (3, "") for code in instrument.indicators}, actor=admin
    )
    actions.submit_self_assessment(lokus, actor=admin, today=dt.date(2025, 7, 20))
    # The MPP's own records prefill the self-assessment.
    tenants = Answer.objects.get(lokus=lokus, indicator="MPP.3")
    assert tenants.prefill["source"] == "mpp"
    assert tenants.prefill["level"] == 3  # five tenants, all with an agreement
    assert Answer.objects.get(lokus=lokus, indicator="MPP.10").prefill["level"] == 3

    actions.advance(mpp_cycle, actor=admin, today=dt.date(2025, 8, 1))
    actions.save_scores(
        lokus,
        evaluator=world.yohanis,
        scores={code: (5, "") for code in instrument.indicators},
        actor=world.yohanis,
    )
    actions.advance(mpp_cycle, actor=admin, today=dt.date(2025, 9, 1))
    actions.accept_scores(lokus, actor=admin, today=dt.date(2025, 9, 2))
    actions.advance(mpp_cycle, actor=admin, today=dt.date(2025, 9, 20))
    mpp_cycle.refresh_from_db()
    lokus.refresh_from_db()
    assert mpp_cycle.is_published
    assert lokus.category == "PR"
    assert str(lokus.ipp_rounded) == "5.00"

    recommendation = actions.save_recommendation(
        lokus, aspect="perbaikan", text="Siapkan MPP Digital.", actor=world.yohanis
    )
    item = actions.save_action_item(
        lokus,
        actor=admin,
        recommendation=recommendation,
        action="Antrean daring",
        owner="Pengelola MPP",
        due_on=dt.date(2025, 12, 1),
        status=ActionItem.Status.DONE,
    )
    assert item.done_on is not None

    # Published, scored — and in no IPP figure.
    assert _ipp_figures() == before
    assert not Lokus.objects.ipp().filter(pk=lokus.pk).exists()
    assert not Cycle.objects.ipp().filter(pk=mpp_cycle.pk).exists()
