"""The evaluation pages link only to pages their reader may open — a lokus outside the reader's
scope on a published ranking, an earlier cycle, another app's record behind the evidence, an
action-plan step of another lokus — and show the rest as plain text (issue 16 §10)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from prima.evaluation import actions
from prima.evaluation.instrument import built_in
from prima.evaluation.models import Cycle, Lokus
from prima.test import make_user, sign_in

INSTRUMENT = built_in("pekppp-2023")
PERSONAS = ["ratna", "yohanis", "siti", "marthen", "abdul"]


def _as(client, user):
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, user)


def _lokus(cycle, unit, evaluator, by):
    lokus = actions.add_lokus(cycle, unit=unit, kind="administratif", mode="luring", actor=by)
    actions.assign(lokus, evaluator=evaluator, role="primary", level="kementerian", actor=by)
    return lokus


def _score(lokus, evaluator, value):
    actions.save_scores(
        lokus,
        evaluator=evaluator,
        scores={code: (value, "") for code in INSTRUMENT.indicators},
        actor=evaluator,
    )


@pytest.fixture
def cycles(world):
    """PEKPPP 2024, published: Buru and Sorong, both scored by Ratna; an action-plan step for
    Buru. PEKPPP 2025 in verification: Buru (scored by Ratna, self-assessed by Abdul with
    Prima's records attached, one score contested) and Ambon (scored by Yohanis)."""
    ratna = world.ratna
    earlier = actions.create_cycle(
        actor=ratna,
        year=2024,
        scheme=Cycle.Scheme.NASIONAL,
        agency=None,
        name="PEKPPP 2024",
        instrument_code="pekppp-2023",
    )
    buru_2024 = _lokus(earlier, world.buru_dukcapil, ratna, ratna)
    sorong_2024 = _lokus(earlier, world.sorong_dukcapil, ratna, ratna)
    actions.advance(earlier, actor=ratna)
    actions.advance(earlier, actor=ratna)
    _score(buru_2024, ratna, 2)
    _score(sorong_2024, ratna, 4)
    actions.advance(earlier, actor=ratna)
    for lokus in (buru_2024, sorong_2024):
        actions.accept_scores(lokus, actor=ratna)
    actions.advance(earlier, actor=ratna)
    actions.save_action_item(
        buru_2024,
        actor=ratna,
        action="Sediakan ruang laktasi",
        owner="Kepala Dinas",
        due_on=earlier.published_at.date(),
        status="planned",
    )

    current = actions.create_cycle(
        actor=ratna,
        year=2025,
        scheme=Cycle.Scheme.NASIONAL,
        agency=None,
        name="PEKPPP 2025",
        instrument_code="pekppp-2023",
    )
    buru = _lokus(current, world.buru_dukcapil, ratna, ratna)
    ambon = _lokus(current, world.ambon_dukcapil, world.yohanis, ratna)
    actions.advance(current, actor=ratna)
    actions.save_answers(
        buru,
        answers={code: (3, "Lihat bukti.") for code in INSTRUMENT.indicators},
        actor=world.abdul,
    )
    actions.submit_self_assessment(buru, actor=world.abdul)
    actions.advance(current, actor=ratna)
    _score(buru, ratna, 2)
    _score(ambon, world.yohanis, 4)
    actions.advance(current, actor=ratna)
    actions.raise_contest(
        buru, indicator="18.c.K", reason="Ramp tersedia.", proposed_score=3, actor=world.abdul
    )
    return earlier, current


def _hrefs(body: str) -> list[str]:
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    return [unescape(h) for h in re.findall(r'href="([^"#]+)', main)]


def _broken(client, url: str) -> list[tuple[str, int]]:
    """Every link of the page at `url` that does not open for this client."""
    broken = []
    for href in _hrefs(client.get(url).content.decode()):
        if href.startswith(("http", "mailto:")) or href.endswith((".pdf", ".xlsx")):
            continue
        status = client.get(href).status_code
        if status >= 400:
            broken.append((href, status))
    return broken


def _linked(body: str, url: str) -> bool:
    return f'href="{url}' in body


def test_a_published_ranking_links_only_the_lokus_its_reader_may_open(client, world, cycles):
    earlier, _current = cycles
    buru = Lokus.objects.get(cycle=earlier, unit=world.buru_dukcapil)
    sorong = Lokus.objects.get(cycle=earlier, unit=world.sorong_dukcapil)
    sign_in(client, world.siti)  # Kab. Buru's administrator
    for page in ("manage:evaluation_results", "manage:evaluation_priorities"):
        url = reverse(page, args=[earlier.pk])
        body = client.get(url).content.decode()
        assert world.sorong_dukcapil.name in body  # published: everyone sees every result
        assert not _linked(body, reverse("manage:evaluation_lokus", args=[sorong.pk]))
        assert _linked(body, reverse("manage:evaluation_lokus", args=[buru.pk]))
        assert _broken(client, url) == []


def test_earlier_cycles_are_compared_but_linked_only_when_their_results_open(client, world, cycles):
    earlier, current = cycles
    sign_in(client, world.marthen)  # Kota Ambon: a lokus in 2025, none in 2024
    body = client.get(reverse("manage:evaluation_results", args=[current.pk])).content.decode()
    assert "PEKPPP 2024" in body
    assert not _linked(body, reverse("manage:evaluation_results", args=[earlier.pk]))
    _as(client, world.siti)
    body = client.get(reverse("manage:evaluation_results", args=[current.pk])).content.decode()
    assert _linked(body, reverse("manage:evaluation_results", args=[earlier.pk]))


def test_the_evaluators_maklumat_evidence_leads_to_a_page_they_may_open(client, world, cycles):
    _earlier, current = cycles
    buru = Lokus.objects.get(cycle=current, unit=world.buru_dukcapil)
    code = world.buru_dukcapil.code
    sign_in(client, world.yohanis)  # reads every Maluku unit, changes none
    url = reverse("manage:evaluation_lokus", args=[buru.pk])
    body = client.get(url).content.decode()
    assert not _linked(body, reverse("manage:maklumat_edit", args=[code]))
    assert _linked(body, reverse("manage:unit_standards", args=[code]))
    assert _broken(client, url) == []
    # The unit's own operator, who changes the unit, is led to where the maklumat is edited.
    _as(client, world.abdul)
    assert _linked(client.get(url).content.decode(), reverse("manage:maklumat_edit", args=[code]))


def test_an_evaluator_outside_the_units_scope_is_led_to_its_public_pages(client, world, cycles):
    _earlier, current = cycles
    buru = Lokus.objects.get(cycle=current, unit=world.buru_dukcapil)
    outsider = make_user("outsider", role="evaluator", agency=world.sorong)
    Lokus.objects.filter(pk=buru.pk).update(double_scored=True)
    buru.refresh_from_db()
    actions.assign(buru, evaluator=outsider, role="second", level="other", actor=world.ratna)
    sign_in(client, outsider)
    url = reverse("manage:evaluation_lokus", args=[buru.pk])
    body = client.get(url).content.decode()
    code = world.buru_dukcapil.code
    assert _linked(body, reverse("standards:passport", args=[code]))
    assert _linked(body, reverse("unit_ikm", args=[code]))
    assert _linked(body, reverse("complaints:unit", args=[code]))
    assert not _linked(body, f"/manage/units/{code}/")
    assert _broken(client, url) == []


def test_the_records_of_an_unlisted_unit_are_named_but_not_linked_for_outsiders(world):
    from prima.evaluation import access, evidence

    outsider = make_user("outsider", role="evaluator", agency=world.sorong)
    unlisted = access.unit_record_rights(outsider, world.buru_rsud)
    assert unlisted == access.UnitRecordRights(read=False, change=False, public=False)
    links = [("Maklumat Pelayanan", "maklumat", world.buru_rsud.code)]
    code = world.buru_rsud.code
    assert evidence.resolve_links(links, unit_code=code, rights=unlisted) == [
        ("Maklumat Pelayanan", None)
    ]
    # Links stored as URLs before links named their records are shown as text.
    legacy = [["Maklumat Pelayanan", f"/manage/units/{code}/maklumat/"]]
    reader = access.unit_record_rights(world.yohanis, world.buru_dukcapil)
    assert evidence.resolve_links(legacy, unit_code=code, rights=reader) == [
        ("Maklumat Pelayanan", None)
    ]


def test_earlier_action_plan_steps_link_only_for_those_who_may_update_them(client, world, cycles):
    earlier, current = cycles
    buru = Lokus.objects.get(cycle=current, unit=world.buru_dukcapil)
    step = Lokus.objects.get(cycle=earlier, unit=world.buru_dukcapil).action_items.get()
    edit = reverse("manage:evaluation_action_edit", args=[step.lokus_id, step.pk])
    url = reverse("manage:evaluation_lokus", args=[buru.pk])
    sign_in(client, world.yohanis)  # reads Buru, evaluates neither Buru lokus
    body = client.get(url).content.decode()
    assert "Sediakan ruang laktasi" in body and not _linked(body, edit)
    _as(client, world.abdul)  # the unit keeps its own action plan
    assert _linked(client.get(url).content.decode(), edit)
    assert client.get(edit).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_on_the_evaluation_pages_opens_for_each_persona(client, world, cycles, persona):
    """From the list of cycles, each cycle page, its results and priorities, and each lokus
    page the persona may open (with its F-01 and F-02 pages), every link opens."""
    sign_in(client, getattr(world, persona))
    start = reverse("manage:evaluation_cycles")
    pages = [start]
    for href in _hrefs(client.get(start).content.decode()):
        if re.fullmatch(r"/manage/evaluation/\d+/", href):
            pages += [href, href + "results/", href + "priorities/"]
            pages += [
                h
                for h in _hrefs(client.get(href).content.decode())
                if re.fullmatch(r"/manage/lokus/\d+/", h)
            ]
    lokus_pages = [p for p in pages if p.startswith("/manage/lokus/")]
    for page in lokus_pages:
        for form in ("self-assessment/", "score/"):
            if client.get(page + form).status_code == 200:
                pages.append(page + form)
    assert len(pages) > 3
    seen: dict[str, int] = {}
    broken = []
    for page in pages:
        for href in _hrefs(client.get(page).content.decode()):
            if href.startswith(("http", "mailto:")) or href.endswith((".pdf", ".xlsx")):
                continue
            if href not in seen:
                seen[href] = client.get(href).status_code
            if seen[href] >= 400:
                broken.append((page, href, seen[href]))
    assert broken == []
