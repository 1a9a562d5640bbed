"""The web kit the apps' views share (prima.lib.views) and delete_recorded."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from prima.lib.history import delete_recorded, save_fields_recorded
from prima.lib.views import attempt, int_param, page_of, query_without
from prima.test import make_user, make_world


def _request(path: str = "/") -> object:
    request = RequestFactory().get(path)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


class NoteForm(forms.Form):
    note = forms.CharField()


def _refuse() -> None:
    raise ValidationError("Not now.")


def test_an_action_that_runs_gives_its_value_and_the_success_message():
    request = _request()
    done = attempt(request, lambda: 42, success="Saved.")
    assert done and done.value == 42
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_an_action_that_refuses_becomes_an_error_message_without_a_form():
    request = _request()
    done = attempt(request, _refuse, success="Saved.")
    assert not done and done.value is None
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "Not now.")]


def test_an_action_that_refuses_becomes_an_error_of_the_form_or_of_its_field():
    request = _request()
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    assert not attempt(request, _refuse, form=form)
    assert form.non_field_errors() == ["Not now."]
    other = NoteForm({"note": "x"})
    other.is_valid()
    assert not attempt(request, _refuse, form=other, field="note")
    assert other.errors["note"] == ["Not now."]
    assert list(get_messages(request)) == []


def test_an_action_that_fails_otherwise_is_not_caught():
    def broken() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        attempt(_request(), broken)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("0", 0),
        (" 7 ", 7),
        ("-1", None),
        ("1.5", None),
        ("٣", None),  # an Arabic-Indic digit is a digit to str.isdigit, not to a link
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
    ],
)
def test_a_link_parameter_is_a_whole_number_or_nothing(value, expected):
    assert int_param(value) == expected


def test_paging_links_keep_the_filters_and_drop_the_page():
    request = _request("/x/?q=ktp&page=3&format=csv")
    assert query_without(request) == "q=ktp&format=csv"
    assert query_without(request, "page", "format") == "q=ktp"


def test_a_page_number_out_of_range_or_not_a_number_gives_a_real_page():
    assert page_of(_request("/x/?page=99"), list(range(30)), size=25).number == 2
    assert page_of(_request("/x/?page=abc"), list(range(30)), size=25).number == 1


@pytest.mark.django_db
def test_a_recorded_deletion_names_who_deleted():
    world = make_world()
    actor = make_user("pemberi")
    service = world.ambon_ktp
    service_pk = service.pk
    delete_recorded(service, actor)
    last = type(service).history.filter(id=service_pk).latest("history_date")
    assert last.history_type == "-"
    assert last.history_user == actor


@pytest.mark.django_db
def test_saving_some_fields_names_who_changed_them_and_keeps_the_others():
    world = make_world()
    actor = make_user("pengubah")
    service = world.ambon_ktp
    type(service).objects.filter(pk=service.pk).update(name="Changed meanwhile")
    service.is_active = False
    save_fields_recorded(service, actor, ["is_active"])
    service.refresh_from_db()
    assert (service.name, service.is_active) == ("Changed meanwhile", False)
    last = type(service).history.filter(id=service.pk).latest("history_date")
    assert last.history_user == actor
