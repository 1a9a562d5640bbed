"""The public verification page: anyone holding a printed document checks it here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from prima.documents.actions import normalise_code
from prima.documents.forms import VerifyForm
from prima.documents.models import IssuedDocument

UNKNOWN = _(
    "No document has this code. Check the letters and digits, or ask the office that issued it."
)


@require_GET
def verify(request: HttpRequest) -> HttpResponseBase:
    """The form to type a code; a typed code goes to its page, an unknown one says so."""
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        if code and IssuedDocument.objects.filter(code=code).exists():
            return redirect("verify_document", code=code)
        form.add_error("code", UNKNOWN)
    return render(request, "documents/verify.html", {"form": form, "document": None})


@require_GET
def verify_document(request: HttpRequest, code: str) -> HttpResponse:
    normalised = normalise_code(code)
    document = (
        IssuedDocument.objects.select_related("agency", "unit").filter(code=normalised).first()
        if normalised
        else None
    )
    status = 200 if document is not None else 404
    return render(
        request,
        "documents/verify.html",
        {"form": VerifyForm(initial={"code": code}), "document": document, "code": code},
        status=status,
    )
