"""Who may read and change survey records, through every survey page (prima/surveys/access.py).

One row per page, one column per persona of prima/test.py; 404 is the answer for anything
outside a user's scope, the same as for something that does not exist.
"""

from __future__ import annotations

import pytest
from django.test import Client

from prima.surveys import actions, submission
from prima.surveys.models import SurveyResponse
from prima.surveys.tests.factories import answers, make_period
from prima.test import sign_in

PERSONAS = ["anonymous", "ratna", "yohanis", "siti", "marthen", "abdul"]
READ = {"anonymous": 302, "ratna": 200, "yohanis": 200, "siti": 200, "marthen": 404, "abdul": 200}
WRITE = {**READ, "yohanis": 404}
REVIEW = {**WRITE, "abdul": 404}
POST_READ_REDIRECT = {k: 302 if v == 200 else v for k, v in READ.items()}

CASES = [
    ("GET", "/manage/surveys/{p}/", READ),
    ("GET", "/manage/surveys/{p}/responses/", READ),
    ("GET", "/manage/surveys/{p}/responses/?format=csv", READ),
    ("GET", "/manage/surveys/{p}/anomalies/", READ),
    ("GET", "/manage/surveys/{p}/report.pdf", READ),
    ("GET", "/manage/surveys/{p}/report.xlsx", READ),
    ("GET", "/manage/units/8104-DUKCAPIL/surveys/", READ),
    ("GET", "/manage/surveys/{p}/edit/", WRITE),
    ("GET", "/manage/surveys/{p}/import/", WRITE),
    ("GET", "/manage/surveys/{p}/followups/new/", WRITE),
    ("GET", "/manage/followups/{f}/", WRITE),
    ("GET", "/manage/surveys/{p}/publications/new/", WRITE),
    ("GET", "/manage/units/8104-DUKCAPIL/surveys/new/", WRITE),
    ("GET", "/manage/units/8104-DUKCAPIL/surveys/order/", WRITE),
    ("GET", "/manage/units/8104-DUKCAPIL/surveys/questions/new/", WRITE),
    ("GET", "/manage/units/8104-DUKCAPIL/kiosks/new/", WRITE),
    ("POST", "/manage/kiosks/{k}/deactivate/", {**WRITE, "ratna": 302, "siti": 302, "abdul": 302}),
    ("POST", "/manage/surveys/{p}/publish/", {**WRITE, "ratna": 302, "siti": 302, "abdul": 302}),
    ("POST", "/manage/surveys/{p}/anomalies/", {**WRITE, "ratna": 302, "siti": 302, "abdul": 302}),
    ("POST", "/manage/responses/{r}/flag/", {**REVIEW, "ratna": 302, "siti": 302}),
    (
        "POST",
        "/manage/publications/{pub}/delete/",
        {**WRITE, "ratna": 302, "siti": 302, "abdul": 302},
    ),
]


@pytest.fixture
def objects(world):
    import datetime as dt

    period = make_period(world)
    response = submission.submit_response(period, answers=answers(3), channel="web").response
    followup = actions.save_followup(
        None,
        actor=None,
        period=period,
        problem="p",
        action="a",
        owner="o",
        deadline=dt.date(2026, 9, 1),
    )
    kiosk, _code = actions.create_kiosk(world.buru_dukcapil, actor=None, name="Loket")
    return {"p": period.pk, "r": response.pk, "f": followup.pk, "k": kiosk.pk, "pub": None}


@pytest.mark.parametrize(("method", "url", "expect"), CASES, ids=[f"{m} {u}" for m, u, _ in CASES])
@pytest.mark.parametrize("persona", PERSONAS)
def test_survey_pages_answer_each_persona_as_specified(
    world, objects, method, url, expect, persona
):
    import datetime as dt

    from prima.surveys.models import Publication, SurveyPeriod

    period = SurveyPeriod.objects.get(pk=objects["p"])
    publication = actions.add_publication(
        period, actor=None, medium="notice_board", published_on=dt.date(2026, 7, 1)
    )
    client = Client() if persona == "anonymous" else sign_in(Client(), getattr(world, persona))
    path = url.format(**{**objects, "pub": publication.pk})
    response = client.get(path) if method == "GET" else client.post(path)
    assert response.status_code == expect[persona], (persona, path)
    if response.status_code == 404 and method == "POST":
        # A refused write changed nothing.
        assert SurveyResponse.objects.filter(is_flagged=True).count() == 0
        assert Publication.objects.filter(pk=publication.pk).exists()


def test_a_regional_evaluator_sees_a_regencys_surveys_but_not_another_provinces(world):
    sorong = make_period(world, unit=world.sorong_dukcapil)
    client = sign_in(Client(), world.yohanis)
    assert client.get(f"/manage/surveys/{sorong.pk}/").status_code == 404
    assert "Sorong" not in client.get("/manage/surveys/").content.decode()
