"""Staff pages: the documents issued within the user's scope, and withdrawing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.documents import access, actions
from prima.documents.forms import DocumentFilterForm, WithdrawForm
from prima.documents.models import IssuedDocument
from prima.lib.history import describe
from prima.lib.views import page_of


@login_required
def document_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    documents = access.documents_visible_to(request.user).select_related("agency", "unit")
    filters = DocumentFilterForm(request.GET or None)
    if filters.is_valid():
        q = filters.cleaned_data.get("q", "").strip()
        if q:
            documents = documents.filter(
                Q(number__icontains=q)
                | Q(title__icontains=q)
                | Q(recipient__icontains=q)
                | Q(code__iexact=actions.normalise_code(q) or q)
            )
        if filters.cleaned_data.get("kind"):
            documents = documents.filter(kind=filters.cleaned_data["kind"])
    page = page_of(request, documents, 50)
    return render(request, "documents/document_list.html", {"page": page, "filters": filters})


@login_required
@require_GET
def document_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    document, rights = access.get_document_for_user(request.user, code)
    return _detail(request, document, rights, WithdrawForm() if rights.withdraw else None)


@login_required
@require_POST
def document_withdraw(request: AuthenticatedHttpRequest, code: str) -> HttpResponseBase:
    document, rights = access.get_document_for_user(request.user, code, write=True)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail(request, document, rights, form)
    actions.withdraw(document, actor=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("The document is withdrawn; its verification page says so."))
    return redirect("manage:document_detail", code=document.code)


def _detail(
    request: AuthenticatedHttpRequest,
    document: IssuedDocument,
    rights: access.DocumentRights,
    form: WithdrawForm | None,
) -> HttpResponse:
    records = document.history.select_related("history_user").order_by("-history_date")  # type: ignore[attr-defined]
    return render(
        request,
        "documents/document_detail.html",
        {"document": document, "rights": rights, "form": form, "changes": describe(records)},
    )
