"""The public recognition pages: the awards a programme gives, when it publishes them, with
its criteria — so that who was recognised, and by which rules, can be seen by all."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from prima.lib.views import page_of, query_without
from prima.recognition import access, queries


def programmes(request: HttpRequest) -> HttpResponse:
    rows = access.public_programmes().select_related("agency", "unit").order_by("-created_at", "pk")
    return render(
        request,
        "recognition/public_programmes.html",
        {"page": page_of(request, rows), "query": query_without(request)},
    )


def programme(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_public_programme(pk)
    return render(
        request,
        "recognition/public_programme.html",
        {
            "programme": found,
            "criteria": list(found.criteria.all()),
            "page": page_of(request, queries.published_awards(found)),
            "query": query_without(request),
        },
    )
