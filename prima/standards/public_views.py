"""Public pages of the standards module: a unit's service passport, a standard in force with
its A3 poster, forum minutes, and the files behind them (decree, flowchart, photos)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from prima.lib.http import absolute_url
from prima.lib.uploads import serve
from prima.registry.access import get_public_unit
from prima.standards import access, documents, queries
from prima.standards import components as spec
from prima.standards.models import ServiceStandard, UnitFacility
from prima.surveys import queries as survey_queries


def passport(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's service passport: each service with its standard (the six service-delivery
    components first), the maklumat, facilities, complaint channels, forum minutes and the
    latest published IKM."""
    unit = get_public_unit(code)
    found = queries.passport(unit, timezone.localdate())
    context = {
        "unit": unit,
        "passport": found,
        "services": [
            {"standard": s, "delivery": queries.component_rows(s, spec.DELIVERY)}
            for s in found.standards
        ],
        "ikm": survey_queries.latest_published(unit),
    }
    return render(request, "standards/passport.html", context)


def passport_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The service passport on paper: every service with its standard in force, unfolded."""
    unit = get_public_unit(code)
    body = documents.passport_pdf(
        queries.passport(unit, timezone.localdate()),
        ikm=survey_queries.latest_published(unit),
        page_url=absolute_url(reverse("standards:passport", args=[unit.code]), request),
        standard_url=lambda standard: absolute_url(
            reverse("standards:standard", args=[unit.code, standard.pk]), request
        ),
        complaint_url=absolute_url(reverse("complaints:new_for_unit", args=[unit.code]), request),
    )
    return documents.passport_response(body, unit)


def standard_public(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    standard = access.get_public_standard(code, pk)
    context = {
        "unit": standard.service.unit,
        "standard": standard,
        "delivery": queries.component_rows(standard, spec.DELIVERY),
        "management": queries.component_rows(standard, spec.MANAGEMENT),
        "agreements": queries.agreements_by_component(standard),
    }
    return render(request, "standards/standard_public.html", context)


def complaint_url(request: HttpRequest, standard: ServiceStandard) -> str:
    """Prima's own complaint form for the unit."""
    return absolute_url(
        reverse("complaints:new_for_unit", args=[standard.service.unit.code]), request
    )


def poster(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A3 poster of the standard with QR codes to the survey and the complaint channel."""
    standard = access.get_public_standard(code, pk)
    unit = standard.service.unit
    body = documents.poster_pdf(
        standard,
        survey_url=absolute_url(survey_queries.survey_path(unit, standard.service), request),
        complaint_url=complaint_url(request, standard),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="standar-pelayanan-{unit.code}-{standard.pk}.pdf"'
    )
    return response


def standard_file(request: HttpRequest, code: str, pk: int, kind: str) -> HttpResponseBase:
    standard = access.get_public_standard(code, pk)
    field = {"decree": standard.decree_file, "flowchart": standard.flowchart}.get(kind)
    if field is None:
        raise Http404
    return serve(field, download_name=f"{kind}-{code}-v{standard.version}")


def forum_minutes(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The forum's minutes for anyone: the same issued document (number and verification
    code) staff download."""
    return documents.minutes_response(request, access.get_public_forum(code, pk), actor=None)


def forum_photo(request: HttpRequest, code: str, pk: int, photo_pk: int) -> HttpResponseBase:
    forum = access.get_public_forum(code, pk)
    photo = forum.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return serve(photo.image, download_name=f"fkp-{forum.pk}-{photo.pk}")


def facility_photo(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    unit = get_public_unit(code)
    facility = UnitFacility.objects.filter(unit=unit, pk=pk).first()
    if facility is None:
        raise Http404
    return serve(facility.photo, download_name=f"fasilitas-{code}-{pk}")


def maklumat_file(request: HttpRequest, code: str) -> HttpResponseBase:
    unit = get_public_unit(code)
    maklumat = queries.current_maklumat(unit, signed_only=True)
    if maklumat is None:
        raise Http404
    return serve(maklumat.file, download_name=f"maklumat-{code}")
