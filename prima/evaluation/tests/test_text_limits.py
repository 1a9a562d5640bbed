"""Every free-text field of an evaluation record has a maximum, enforced by the model, by every
form that fills it and by the pages, and written in the guide (issue 16 §5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from prima.evaluation import actions
from prima.evaluation.forms import (
    ActionItemForm,
    ContestForm,
    DecisionForm,
    RecommendationForm,
    ScoreForm,
    SelfAssessmentForm,
    SessionForm,
    VisitForm,
    field_name,
)
from prima.evaluation.models import (
    ActionItem,
    Answer,
    Contest,
    MentoringSession,
    Recommendation,
    Score,
    Visit,
)
from prima.evaluation.tests.records import INSTRUMENT, new_cycle, scored_lokus
from prima.test import sign_in

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "guide" / "evaluation.md"

# model, field, the maximum the guide promises
LIMITS = [
    (Answer, "explanation", 4000),
    (Score, "note", 2000),
    (Visit, "evaluators", 1000),
    (Visit, "unit_officials", 2000),
    (Visit, "findings", 8000),
    (Contest, "reason", 4000),
    (Contest, "decision_note", 4000),
    (Recommendation, "text", 4000),
    (MentoringSession, "attendees", 4000),
    (MentoringSession, "notes", 4000),
    (ActionItem, "progress", 2000),
]


def _text_fields() -> list[tuple[str, str, models.Field]]:
    found = []
    for model in apps.get_app_config("evaluation").get_models():
        if model.__name__.startswith("Historical"):
            continue  # copies written by django-simple-history from the checked records
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField):
                found.append((model.__name__, field.name, field))
    return found


@pytest.mark.parametrize(
    ("model", "name", "limit"), LIMITS, ids=lambda v: getattr(v, "__name__", v)
)
def test_each_free_text_field_takes_its_maximum_and_refuses_one_more(model, name, limit):
    field = model._meta.get_field(name)
    assert field.max_length == limit
    field.clean("x" * limit, None)
    with pytest.raises(ValidationError):
        field.clean("x" * (limit + 1), None)


def test_the_guide_gives_every_maximum():
    text = GUIDE.read_text()
    assert "## Limits" in text
    limits = text.split("## Limits", 1)[1].split("\n## ", 1)[0]
    for model, name, limit in LIMITS:
        label = str(model._meta.get_field(name).verbose_name)
        row = re.search(
            rf"^\|[^|\n]*\b{re.escape(label)}\b[^|\n]*\|[^|\n]*\|\s*([\d,]+)\s*\|",
            limits,
            re.I | re.M,
        )
        assert row, f"no row for {model.__name__} {label} in the guide's Limits"
        assert int(row.group(1).replace(",", "")) == limit, (model.__name__, name)


def _long(limit: int) -> str:
    return "x" * (limit + 1)


def test_the_forms_refuse_text_over_the_maximum():
    refused = [
        VisitForm(
            {
                "visited_on": "2024-08-12",
                "evaluators": "Yohanis",
                "unit_officials": "Kepala",
                "findings": _long(8000),
            }
        ),
        ContestForm(
            {"indicator": "1.a.Ak", "proposed_score": "4", "reason": _long(4000)},
            instrument=INSTRUMENT,
        ),
        DecisionForm({"decision": "reject", "note": _long(4000)}),
        RecommendationForm({"aspect": "sarpras", "text": _long(4000)}, instrument=INSTRUMENT),
        SessionForm(
            {"held_on": "2024-11-20", "mode": "online", "topic": "SKM", "attendees": _long(4000)}
        ),
        SelfAssessmentForm(
            {field_name("explanation", "1.a.Ak"): _long(4000)}, instrument=INSTRUMENT, answers={}
        ),
        ScoreForm(
            {
                **{field_name("score", code): "3" for code in INSTRUMENT.indicators},
                field_name("note", "1.a.Ak"): _long(2000),
            },
            instrument=INSTRUMENT,
            current={},
        ),
    ]
    for form in refused:
        assert not form.is_valid(), type(form).__name__
        assert any("at most" in str(e) for errors in form.errors.values() for e in errors)


def test_the_action_plan_form_refuses_progress_over_the_maximum(world):
    lokus = actions.add_lokus(
        new_cycle(world),
        unit=world.buru_dukcapil,
        kind="administratif",
        mode="luring",
        actor=world.ratna,
    )
    form = ActionItemForm(
        {
            "action": "Sediakan ramp",
            "owner": "Kepala Dinas",
            "due_on": "2025-03-31",
            "status": "planned",
            "progress": _long(2000),
        },
        lokus=lokus,
    )
    assert not form.is_valid() and "progress" in form.errors


def test_a_visit_with_findings_over_the_maximum_is_refused_with_a_message(client, world):
    lokus = scored_lokus(world, new_cycle(world))
    sign_in(client, world.yohanis)
    response = client.post(
        reverse("manage:evaluation_visit_add", args=[lokus.pk]),
        {
            "visit-visited_on": "2024-08-12",
            "visit-evaluators": "Yohanis",
            "visit-unit_officials": "Kepala Dinas — Kepala",
            "visit-findings": _long(8000),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "at most 8000 characters" in response.content.decode()
    assert not lokus.visits.exists()


def test_a_decision_over_the_maximum_is_refused_by_the_action(world):
    cycle = new_cycle(world)
    lokus = scored_lokus(world, cycle)
    actions.advance(cycle, actor=world.ratna)
    contest = actions.raise_contest(
        lokus, indicator="1.a.Ak", reason="SK terbit.", proposed_score=4, actor=world.abdul
    )
    with pytest.raises(ValidationError):
        actions.decide_contest(
            contest, accept=False, note=_long(4000), score=None, actor=world.ratna
        )
    contest.refresh_from_db()
    assert contest.status == Contest.Status.OPEN
