"""The processing register keeps up with the models (UU 27/2022 art. 31)."""

from __future__ import annotations

import pytest

from prima.lib.privacy import (
    ACTIVITY_KEYS,
    CATEGORY_LABELS,
    FIELD_LABELS,
    NOT_PERSONAL,
    PERSONAL_FIELDS,
)
from prima.privacy.register import (
    build_register,
    field_key,
    is_historical,
    looks_personal,
    prima_models,
)


def test_every_personal_looking_field_of_every_model_is_declared():
    undeclared = sorted(
        {
            field_key(model, f.name)
            for model in prima_models()
            for f in model._meta.concrete_fields
            if looks_personal(f)
            and not f.name.startswith("history_")
            and field_key(model, f.name) not in PERSONAL_FIELDS
            and field_key(model, f.name) not in NOT_PERSONAL
        }
    )
    assert undeclared == [], (
        "Declare these in prima.lib.privacy: PERSONAL_FIELDS (with its activity and category) "
        "or NOT_PERSONAL (with the reason)"
    )


def test_every_declared_field_exists_and_is_declared_once():
    existing = {
        field_key(model, f.name)
        for model in prima_models(historical=False)
        for f in model._meta.concrete_fields
    }
    assert set(PERSONAL_FIELDS) - existing == set()
    assert set(NOT_PERSONAL) - existing == set()
    assert set(PERSONAL_FIELDS) & set(NOT_PERSONAL) == set()
    assert set(FIELD_LABELS) - set(PERSONAL_FIELDS) == set()


def test_every_declaration_names_a_known_activity_and_category():
    for activity_key, category in PERSONAL_FIELDS.values():
        assert activity_key in ACTIVITY_KEYS
        assert category in CATEGORY_LABELS


@pytest.mark.parametrize(
    ("key", "category"),
    [
        ("complaints.Identity.name", "general"),
        ("complaints.Complaint.description", "possibly_specific"),
        ("surveys.SurveyResponse.age", "general"),
        ("accounts.AuditEvent.ip", "general"),
        ("messaging.Contact.number", "general"),
        ("recognition.Nomination.staff_nip", "general"),
    ],
)
def test_known_personal_fields_are_tagged(key, category):
    assert PERSONAL_FIELDS[key][1] == category


def test_the_walk_reaches_historical_tables():
    assert any(is_historical(model) for model in prima_models())


def test_the_register_says_which_records_keep_earlier_values():
    entries = {entry.activity.key: entry for entry in build_register()}
    assert entries["staff_accounts"].has_history
    users = [f for f in entries["staff_accounts"].fields if f.key == "accounts.User.email"]
    assert users and users[0].history
    assert all(entries[key].fields for key in ACTIVITY_KEYS)
