"""Staff pages: the processing register (UU 27/2022 art. 31) and the DPIA drafts (art. 34)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.accounts.scope import scope_for
from prima.lib import spreadsheets as xl
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.privacy import SECURITY, STORAGE, dpo
from prima.privacy.register import build_register, register_header, register_rows, retention_text


def _may_read_register(request: AuthenticatedHttpRequest) -> None:
    """National administrators and agency administrators read the register; others get 404."""
    if not scope_for(request.user).manages_users:
        deny(request.user, "privacy.register", "register", write=False)


@login_required
def register(request: AuthenticatedHttpRequest, fmt: str = "") -> HttpResponse:
    _may_read_register(request)
    entries = build_register()
    if fmt == "csv":
        return stream_csv(  # type: ignore[return-value]
            "register-pemrosesan.csv",
            register_header(),
            register_rows(entries),
            dialect=dialect_of(request.GET),
        )
    if fmt == "xlsx":
        book = xl.Book(title=str(_title()))
        book.add_sheet(
            _title(), [xl.text(h) for h in register_header()], list(register_rows(entries))
        )
        response = HttpResponse(
            book.to_bytes(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="register-pemrosesan.xlsx"'
        return response
    if fmt:
        raise Http404
    return render(
        request,
        "privacy/register.html",
        {"entries": entries, "dpo": dpo(), "storage": STORAGE, "security": SECURITY},
    )


@login_required
def dpia(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """A DPIA draft (UU PDP art. 34) pre-filled from the register, as Markdown."""
    _may_read_register(request)
    entries = {e.activity.key: e for e in build_register() if e.activity.dpia}
    if key not in entries:
        raise Http404
    text = render_to_string(
        "privacy/dpia.txt",
        {
            "entry": entries[key],
            "retention": retention_text(entries[key]),
            "dpo": dpo(),
            "storage": STORAGE,
            "security": SECURITY,
            "today": timezone.localdate(),
        },
        request=request,
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dpia-{key}.md"'
    return response


def _title() -> str:
    from django.utils.translation import gettext as _

    return _("Processing register")
