"""The public innovation pages, no account needed: the catalogue at /inovasi/, searchable by
problem, service, region, stage, theme and status, and the page of a published innovation
with where it came from and where it spread. Competition pages live under /inovasi/kompetisi/.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.innovation import access, queries
from prima.innovation.models import Innovation
from prima.innovation.models.registry import UNKNOWN, Stage, Status, Theme
from prima.lib.uploads import serve
from prima.lib.views import page_of, query_without
from prima.registry.models import Region


def catalogue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = queries.filters_from(request.GET)
    rows = queries.catalogue(filters, today=today)
    page = page_of(request, rows, size=20)
    for innovation in page.object_list:
        innovation.shown_status = innovation.status_on(today)  # type: ignore[attr-defined]
    return render(
        request,
        "innovation/public/catalogue.html",
        {
            "page": page,
            "query": query_without(request),
            "filters": filters,
            "stages": Stage.choices,
            "themes": Theme.choices,
            "statuses": [*Status.choices, (UNKNOWN, _("Unknown"))],
            "kinds": Innovation.Kind.choices,
            "provinces": Region.objects.filter(level=Region.Level.PROVINCE).order_by("name"),
            "unknown": UNKNOWN,
        },
    )


def innovation(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_public_innovation(pk)
    today = timezone.localdate()
    return render(
        request,
        "innovation/public/innovation.html",
        {
            "innovation": found,
            "shown_status": found.status_on(today),
            "unknown": UNKNOWN,
            "age_months": found.age_on(today),
            "services": found.services.all(),
            "measures": found.measures.all(),
            "files": found.files.filter(is_public=True),
            "sources": queries.sources_of(found, public=True),
            "spread": queries.where_it_spread(found, public=True),
            "last_report": found.reports.first(),
        },
    )


def innovation_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    found = access.get_public_innovation(pk)
    entry = access.public_file(found, file_pk)
    return serve(entry.file, download_name=entry.title)
