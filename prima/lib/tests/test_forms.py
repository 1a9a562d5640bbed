"""Form widgets shared by every page speak the reader's language."""

from __future__ import annotations

import pytest
from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import translation

from prima.lib.forms import Form
from prima.registry.models import Agency


class _Choices(Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
    kind = forms.ChoiceField(choices=[*BLANK_CHOICE_DASH, ("a", "A")], required=False)


@pytest.mark.django_db
def test_an_empty_choice_reads_as_a_word_in_every_select_not_dashes():
    with translation.override("id"):
        html = str(_Choices())
    assert "---------" not in html
    assert html.count('<option value="" selected>— pilih —</option>') == 2


def test_model_validation_messages_read_in_the_interfaces_words():
    from django.core.exceptions import ValidationError
    from django.db import models
    from django.utils import translation

    with translation.override("id"):
        try:
            models.CharField("judul", max_length=10).clean("", None)
        except ValidationError as error:
            assert error.messages == ["Kolom ini wajib diisi."]  # Django's own: "Field ini …"
        else:
            raise AssertionError("a blank value passed")
