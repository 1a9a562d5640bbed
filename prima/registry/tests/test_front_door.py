"""The citizen's front door (issue 22): the home page and the header start from what people
come to do; a unit's page leads with the unit's tasks, its survey and F-03 form only while
they are open."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from prima.evaluation import actions as evaluation
from prima.evaluation.tests.records import new_cycle
from prima.surveys.tests.factories import make_period

pytestmark = pytest.mark.django_db

UNIT = "/units/8104-DUKCAPIL/"
IN_PERIOD = "2026-03-02 03:00 +0000"  # 12.00 WIT, inside make_period's Semester I 2026
AFTER_PERIOD = "2026-07-06 03:00 +0000"


def _hrefs(html: str, within: str = "") -> list[str]:
    if within:
        match = re.search(within, html, re.S)
        assert match, within
        html = match.group(0)
    return re.findall(r'<a[^>]* href="([^"]+)"', html)


def _tasks(html: str) -> list[str]:
    return _hrefs(html, r'<ul class="tasks[^"]*">.*?</ul>')


def test_the_home_page_starts_with_the_four_things_people_come_to_do(world):
    html = Client().get("/").content.decode()
    assert _tasks(html) == [reverse("complaints:new"), reverse("complaints:track")]
    # Rating starts from the unit's page: a search for the unit; finding a service: a search
    # with a province. Both lead to the directory.
    forms = re.findall(r'<form[^>]*action="/units/"[^>]*>.*?</form>', html, re.S)
    assert len(forms) == 2
    assert 'name="q"' in forms[0] and 'name="province"' not in forms[0]
    assert 'name="q"' in forms[1] and 'name="province"' in forms[1]
    # The tasks come before the figures; no module is "coming" any more.
    assert html.index("complaints/track/") < html.index('class="stats')
    assert "modules follow" not in html and "modul lain" not in html


def test_the_navigation_starts_with_the_citizens_tasks_and_keeps_staff_links_aside(world):
    html = Client().get("/").content.decode()
    nav = _hrefs(html, r'<nav class="site-nav".*?</nav>')
    assert nav[:3] == [reverse("complaints:new"), reverse("complaints:track"), "/units/"]
    assert reverse("accounts:login") not in nav and reverse("about_api") not in nav
    header_tools = _hrefs(html, r'<div class="header-tools">.*?</div>')
    assert reverse("accounts:login") not in header_tools
    # Staff and developers find theirs at the end of the folded menu and in the footer.
    more = _hrefs(html, r'<ul class="menu-more">.*?</ul>')
    assert more == [reverse("accounts:login"), reverse("opendata"), reverse("about_api")]
    footer = _hrefs(html, r'<footer class="site-footer">.*?</footer>')
    assert reverse("accounts:login") in footer and reverse("about_api") in footer


def test_the_navigation_marks_the_task_being_done(world):
    html = Client().get("/complaints/track/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)  # type: ignore[union-attr]
    assert re.search(r'href="/complaints/track/" aria-current="page"', nav)
    assert nav.count('aria-current="page"') == 1


def test_a_unit_page_leads_with_report_what_to_bring_and_results(world):
    with time_machine.travel(AFTER_PERIOD, tick=False):
        html = Client().get(UNIT).content.decode()
    assert _tasks(html) == [
        reverse("complaints:new_for_unit", args=["8104-DUKCAPIL"]),
        reverse("standards:passport", args=["8104-DUKCAPIL"]),
        reverse("unit_ikm", args=["8104-DUKCAPIL"]),
    ]
    assert html.index('class="tasks') < html.index("<dl")


def test_a_unit_page_links_its_survey_only_while_a_period_takes_answers(world):
    make_period(world)
    survey = reverse("surveys:respond", args=["8104-DUKCAPIL"])
    with time_machine.travel(IN_PERIOD, tick=False):
        page = Client().get(UNIT)
    assert _tasks(page.content.decode())[0] == survey
    assert page.context["closed_tasks"] == []
    with time_machine.travel(AFTER_PERIOD, tick=False):
        page = Client().get(UNIT)
    html = page.content.decode()
    assert survey not in html
    assert [task.url for task in page.context["closed_tasks"]] == [""]  # a plain note instead


def test_a_period_that_stopped_taking_answers_is_not_linked(world):
    period = make_period(world)
    period.accepting = False
    period.save()
    with time_machine.travel(IN_PERIOD, tick=False):
        html = Client().get(UNIT).content.decode()
    assert "/s/8104-DUKCAPIL/" not in html


def test_a_unit_surveying_one_service_links_that_services_form(world):
    make_period(world, service=world.buru_ktp)
    with time_machine.travel(IN_PERIOD, tick=False):
        html = Client().get(UNIT).content.decode()
    rate = reverse("surveys:respond_service", args=["8104-DUKCAPIL", world.buru_ktp.pk])
    assert _tasks(html)[0] == rate
    assert reverse("surveys:respond", args=["8104-DUKCAPIL"]) not in _tasks(html)
    assert "Penerbitan KTP-el" in html
    # The form the link opens takes answers.
    with time_machine.travel(IN_PERIOD, tick=False):
        assert b'name="token"' in Client().get(rate).content


def test_a_unit_page_links_the_f03_form_only_while_the_cycle_collects_ratings(world):
    cycle = new_cycle(world)
    lokus = evaluation.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    evaluation.assign(
        lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna
    )
    f03 = reverse("evaluation_rating", args=[lokus.user_token])
    assert f03 not in Client().get(UNIT).content.decode()  # in preparation
    evaluation.advance(cycle, actor=world.ratna)  # self-assessment: users may rate
    html = Client().get(UNIT).content.decode()
    assert _tasks(html)[-1] == f03
    assert Client().get(f03).status_code == 200
    # Another unit's page does not offer Buru's form.
    assert f03 not in Client().get("/units/8171-DUKCAPIL/").content.decode()
    evaluation.advance(cycle, actor=world.ratna)  # scoring: still
    assert f03 in Client().get(UNIT).content.decode()


def test_a_unit_page_takes_a_few_queries(world, django_assert_max_num_queries):
    make_period(world, service=world.buru_ktp)
    make_period(world, name="Semester I 2026 (unit)")
    # The unit, its services, the survey periods open today, the lokus collecting ratings.
    with (
        time_machine.travel(IN_PERIOD, tick=False),
        django_assert_max_num_queries(4),
    ):
        assert Client().get(UNIT).status_code == 200


def test_a_unit_page_writes_its_local_time_the_one_way(world):
    with time_machine.travel(dt.datetime(2026, 11, 23, 0, 30, tzinfo=dt.UTC), tick=False):
        html = Client().get(UNIT, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "23 November 2026, 09.30 WIT" in html
