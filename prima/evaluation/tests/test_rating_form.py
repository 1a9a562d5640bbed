"""The service user's F-03 form (issue 22, item 6): every item shows the scale's words on each
choice, problems come back in the error summary with the answers kept, and the unit's page can
ask cheaply whether the form is open."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from prima.evaluation import actions, queries
from prima.evaluation.forms import USER_SCALE, field_name
from prima.evaluation.models import UserRating
from prima.evaluation.tests.records import INSTRUMENT, new_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def lokus(world):
    cycle = new_cycle(world)
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)  # to the self-assessment: ratings open
    return lokus


def _url(lokus) -> str:
    return reverse("evaluation_rating", args=[lokus.user_token])


def test_every_item_shows_the_words_of_each_point_of_the_scale(client, lokus):
    body = client.get(_url(lokus)).content.decode()
    assert len(INSTRUMENT.user_items) == 14
    for item in INSTRUMENT.user_items:
        name = field_name("item", item.code)
        assert item.text in body
        for n, word in USER_SCALE.items():
            pattern = (
                rf'<input type="radio" name="{name}" value="{n}"[^>]*>'
                rf'<span><strong class="level">{n}</strong> {word}</span>'
            )
            assert re.search(pattern, body), (item.code, n)
    assert body.count('class="option"') == 14 * 6


def test_the_scale_runs_from_not_at_all_to_very_good():
    assert [str(USER_SCALE[n]) for n in range(6)] == [
        "Not at all",
        "Very poor",
        "Poor",
        "Fair",
        "Good",
        "Very good",
    ]


def test_an_empty_form_comes_back_with_the_error_summary_not_a_banner(client, lokus):
    response = client.post(_url(lokus), {"website": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert "Rate at least one statement" in body
    assert 'class="messages' not in body
    assert not UserRating.objects.exists()


def test_a_wrong_answer_is_named_in_the_summary_and_the_other_answers_are_kept(client, lokus):
    sikap, waktu = field_name("item", "sikap"), field_name("item", "waktu")
    response = client.post(_url(lokus), {sikap: "4", waktu: "9", "website": ""})
    assert response.status_code == 400
    body = response.content.decode()
    start = body.index('class="error-summary"')
    summary = body[start : body.index("</div>", start)]
    # The summary links to the item's first choice (as for every radio group), inside the
    # item's question, marked invalid.
    assert f'href="#id_{waktu}_0"' in summary
    assert f'<fieldset class="question invalid" id="id_{waktu}"' in body
    assert re.search(rf'id="id_{waktu}_0"', body)
    assert "Choose one of the six answers, from 0 to 5." in body
    assert re.search(rf'name="{sikap}" value="4"[^>]*checked', body)
    assert not UserRating.objects.exists()


def test_too_many_ratings_from_one_network_keep_the_answers(client, lokus, settings):
    settings.PRIMA_RATING_RATE_PER_HOUR = 1
    sikap = field_name("item", "sikap")
    assert client.post(_url(lokus), {sikap: "5", "website": ""}).status_code == 302
    response = client.post(_url(lokus), {sikap: "3", "website": ""})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Many ratings were sent from your network in the last hour." in body
    assert re.search(rf'name="{sikap}" value="3"[^>]*checked', body)
    assert UserRating.objects.count() == 1


def test_a_rating_is_stored_and_thanked(client, lokus):
    response = client.post(_url(lokus), {field_name("item", "toilet"): "0", "website": ""})
    assert response.status_code == 302
    assert UserRating.objects.get().answers == {"toilet": 0}
    thanks = client.get(response["Location"]).content.decode()
    assert reverse("unit_ikm", args=[lokus.unit.code]) in thanks


def test_the_units_open_rating_form_is_found_in_one_query(django_assert_num_queries, world, lokus):
    with django_assert_num_queries(1):
        assert queries.open_rating_path(world.buru_dukcapil) == _url(lokus)
    assert queries.open_rating_path(world.buru_dukcapil.pk) == _url(lokus)
    assert queries.open_rating_path(world.ambon_dukcapil) is None


def test_no_rating_form_is_offered_before_or_after_the_rating_stages(world):
    cycle = new_cycle(world)
    actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    assert queries.open_rating_path(world.buru_dukcapil) is None  # still in preparation
