"""The small web kit every app's views share: render a form page, run an action and turn its
refusal into messages or form errors, read paging and filter parameters.

Views stay plain functions (house style); these are the blocks they were copying. A staff view
is annotated with `prima.accounts.requests.AuthenticatedHttpRequest` under `@login_required`,
so `request.user` is Prima's User where actions ask for the `actor`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from prima.lib.forms import error_messages

PAGE_SIZE = 25

T = TypeVar("T")


def form_page(
    request: HttpRequest, form: BaseForm, title: str, cancel: str, **extra: Any
) -> HttpResponse:
    """A page that is one form: its title, the form, and where Cancel goes."""
    return render(
        request,
        "prima/form_page.html",
        {"form": form, "title": title, "cancel": cancel, **extra},
    )


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    """An action's refusal as error messages on the next page."""
    for message in error.messages:
        messages.error(request, message)


def flash_form_errors(request: HttpRequest, form: BaseForm) -> None:
    """A bound form's errors as messages, for small forms posted from a page that does not
    show them (a button with a note field under a record)."""
    for message in error_messages(form):
        messages.error(request, message)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What `attempt` did: `ok` when the action ran; `value` is what it returned."""

    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    success: str = "",
    form: BaseForm | None = None,
    field: str | None = None,
) -> Outcome[T]:
    """Run an action. When it refuses (ValidationError), its messages become errors of `form`
    (on `field`, or the form as a whole) so the page shows them beside what was entered, or,
    without a form, error messages on the next page; nothing else is caught. When it runs,
    `success` (if any) is shown as a message.

        done = attempt(request, lambda: actions.publish(event, actor=request.user),
                       success=_("Published."))
        return redirect(...)
    """
    try:
        value = action()
    except ValidationError as error:
        if form is not None:
            form.add_error(field, error)
        else:
            flash_errors(request, error)
        return Outcome(ok=False)
    if success:
        messages.success(request, success)
    return Outcome(ok=True, value=value)


def int_param(value: str | None) -> int | None:
    """A whole number from a link parameter (digits only, at most 18 of them), else None."""
    if value is None:
        return None
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without `names` — by default without the page number — for
    pagination and export links that keep the filters."""
    params = request.GET.copy()
    for name in names or ("page",):
        params.pop(name, None)
    return params.urlencode()


def page_of(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page[Any]:
    """The page of `items` (a queryset or a list) the request's `page` parameter asks for (the
    first or last when it is not a page number or out of range)."""
    return Paginator(items, size).get_page(request.GET.get("page"))
