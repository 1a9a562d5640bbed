"""Every free-text field of the coaching programme has a documented maximum, enforced by the
model (so every action, ModelForm and serializer refuses more) and by every form that takes it
(issue 16, item 5: an event evaluation's comment stored 1,000,000 characters)."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django import forms as django_forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from prima.coaching import actions, forms
from prima.coaching.models import Feedback, Question
from prima.coaching.tests.test_flow import make_event, move_to_past

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "guide" / "coaching.md"


def free_text_fields() -> list[tuple[str, str, models.Field]]:
    """(model, field, field) for every text field a person types into."""
    found = []
    for model in apps.get_app_config("coaching").get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not (
                field.choices or not field.editable or isinstance(field, models.URLField)
            ):
                found.append((model.__name__, field.name, field))
    return found


FIELDS = free_text_fields()


def test_there_are_free_text_fields_to_check():
    names = {(m, f) for m, f, _ in FIELDS}
    assert {("Feedback", "comment"), ("Event", "agenda"), ("Participant", "name")} <= names


@pytest.mark.parametrize(("model", "name", "field"), FIELDS, ids=[f"{m}.{n}" for m, n, _ in FIELDS])
def test_every_maximum_is_in_the_guide(model, name, field):
    """A row "| record | field | maximum |" of the guide's Limits section, in the names the
    pages use."""
    limits = GUIDE.read_text().split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = {
        (record.strip().lower(), label.strip().lower()): int(number.replace(",", ""))
        for record, label, number in re.findall(
            r"^\| ([^|]+?) \| ([^|]+?) \| ([\d,]+) \|", limits, flags=re.M
        )
    }
    key = (str(field.model._meta.verbose_name).lower(), str(field.verbose_name).lower())
    assert rows.get(key) == field.max_length, key


def _form_fields():
    """Every text field of every form in prima.coaching.forms, with the model field it fills."""
    found = []
    for form_class in (
        forms.EventForm,
        forms.MaterialForm,
        forms.RegisterForm,
        forms.QuestionForm,
        forms.AnswerForm,
        forms.FeedbackForm,
        forms.TaskForm,
        forms.ReportForm,
        forms.NoteForm,
        forms.DeadlineForm,
        forms.CancelForm,
    ):
        for name, field in form_class.base_fields.items():
            if isinstance(field, django_forms.CharField):  # e-mail and link fields too
                found.append((form_class.__name__, name, field))
    return found


@pytest.mark.parametrize(
    ("form", "name", "model", "model_field"),
    [
        ("AnswerForm", "answer", Question, "answer"),
        ("AnswerForm", "answered_by", Question, "answered_by"),
        ("TaskForm", "title", "FollowUpTask", "title"),
        ("TaskForm", "description", "FollowUpTask", "description"),
        ("ReportForm", "note", "ProgressReport", "note"),
        ("NoteForm", "note", "FollowUpTask", "review_note"),
    ],
)
def test_forms_that_fill_a_model_field_take_as_much_as_the_field(form, name, model, model_field):
    if isinstance(model, str):
        model = apps.get_model("coaching", model)
    assert (
        getattr(forms, form).base_fields[name].max_length
        == model._meta.get_field(model_field).max_length
    )


@pytest.mark.django_db
def test_a_million_character_comment_is_refused_and_the_longest_allowed_is_kept(client, world):
    event = make_event(world)
    person = actions.register(
        event, actor=world.siti, agency=world.buru, name="Maria Sahetapy", position="Analis"
    )
    move_to_past(event, start=timezone.now() - dt.timedelta(minutes=30))
    actions.check_in(event, actor=None, code=person.code)
    url = reverse("coaching:event", args=[event.token])
    ratings = {
        "fb-code": person.code,
        "fb-usefulness": "5",
        "fb-speakers": "4",
        "fb-organisation": "3",
        "fb-applicability": "4",
    }
    page = client.get(url).content.decode()
    assert 'maxlength="2000"' in page

    response = client.post(url, {**ratings, "fb-comment": "x" * 1_000_000})
    assert response.status_code == 400
    assert "at most 2000 characters (it has 1000000)" in response.content.decode()
    assert not Feedback.objects.exists()

    response = client.post(url, {**ratings, "fb-comment": "y" * 2000})
    assert response.status_code == 302
    assert len(Feedback.objects.get().comment) == 2000


@pytest.mark.django_db
def test_actions_refuse_text_over_the_maximum_whatever_door_it_came_through(world):
    event = make_event(world)
    with pytest.raises(ValidationError) as refused:
        actions.record_question(event, actor=world.ratna, question="?" * 2001)
    assert "question" in refused.value.message_dict
    actions.record_question(event, actor=world.ratna, question="?" * 2000)


@pytest.mark.django_db
def test_the_migration_cuts_text_stored_before_the_limits(world):
    """Rows written before the limits are cut to them, so they can be edited again."""
    event = make_event(world)
    question = actions.record_question(event, actor=world.ratna, question="Boleh daring?")
    Question.objects.filter(pk=question.pk).update(question="q" * 5000)
    migration = importlib.import_module("prima.coaching.migrations.0005_cut_text_to_limits")
    migration.cut(apps, None)
    question.refresh_from_db()
    assert question.question == "q" * 2000


@pytest.mark.django_db
def test_a_link_longer_than_the_field_is_refused_with_a_message(client, world):
    from prima.coaching.models import Material
    from prima.coaching.tests.test_flow import _as

    event = make_event(world)
    _as(client, world.ratna)
    response = client.post(
        reverse("manage:coaching_material_add", args=[event.pk]),
        {"title": "Rekaman", "link": "https://zoom.example/rec/" + "a" * 300},
        follow=True,
    )
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
    assert not Material.objects.exists()
