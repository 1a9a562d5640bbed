"""The national picture's files prepared in the background (ADR 0020, "Exports"): the PDF
briefing and the workbook of `/gambaran/<code>/?format=pdf|xlsx`, built by the same function
the page's direct download calls (picture_exports.file_bytes), under the page's access rule.
Registered with prima.jobs.exports when the app is loaded."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.accounts.access import deny
from prima.accounts.models import User
from prima.accounts.scope import scope_for
from prima.insights import national, picture, picture_exports
from prima.jobs.exports import register_formats
from prima.registry.models import ServiceUnit

Params = dict[str, Any]


def clean(params: Params) -> Params:
    """{"area": code, "tahun": year, "ukuran": measure, "jenis": kind or ""}, as the page's
    query has them; ValueError when one is not something the page accepts."""
    code = str(params.get("area", "")) or national.COUNTRY
    try:
        found = national.area(code)
        year = int(params.get("tahun", ""))
    except (LookupError, ValueError):
        raise ValueError("area or year") from None
    if not picture.FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValueError("year")
    measure = str(params.get("ukuran", "")) or picture.DEFAULT_MEASURE
    kind = str(params.get("jenis", ""))
    if measure not in picture.MEASURES or (kind and kind not in ServiceUnit.Kind.values):
        raise ValueError("measure or kind")
    if found.level == national.Level.UNIT:
        kind = ""
    return {"area": code, "tahun": year, "ukuran": measure, "jenis": kind}


def access(user: User, params: Params) -> Params:
    """The page's rule (picture_views.area_page): the figures the reader's roles give for the
    area, staff or public; an area the public may not see is a 404."""
    found = national.area(params["area"])
    audience = national.audience_for(scope_for(user), found)
    if not national.visible(found, audience):
        deny(user, "insights.area", params["area"], write=False)
    return {"audience": audience}


def build(fmt: str, user: User, params: Params) -> bytes:
    return picture_exports.file_bytes(
        fmt,
        found=national.area(params["area"]),
        year=params["tahun"],
        measure=picture.MEASURES[params["ukuran"]],
        kind=params["jenis"],
        audience=access(user, params)["audience"],
    )


def title(fmt: str, params: Params) -> str:
    found = national.area(params["area"])
    text = _("National picture: %(area)s, %(year)s") % {
        "area": found.name,
        "year": params["tahun"],
    }
    if params["jenis"]:
        text += f" · {ServiceUnit.Kind(params['jenis']).label}"
    return f"{text} ({fmt.upper()})"


def filename(params: Params) -> str:
    return picture_exports.filename(national.area(params["area"]), params["tahun"])


def register_kinds() -> None:
    register_formats(
        "picture",
        {
            "pdf": gettext_lazy("National picture (PDF briefing)"),
            "xlsx": gettext_lazy("National picture (XLSX)"),
        },
        clean=clean,
        access=access,
        build=build,
        title=title,
        filename=filename,
    )
