"""Model fields shared by every app."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property


class LimitedTextField(models.TextField):  # type: ignore[type-arg]
    """Free text with a documented maximum (docs/limits.md), enforced by the model's own
    validation (`full_clean`) as well as by every ModelForm and DRF serializer, which take
    `max_length` from the field. Django's plain TextField passes `max_length` to forms only.
    The column stays `text`: the limit is the product's, not the database's."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self) -> list[Any]:
        own = self._validators  # type: ignore[attr-defined]  # Django's, not in the stubs
        return [*self.default_validators, *own, MaxLengthValidator(self.max_length)]
