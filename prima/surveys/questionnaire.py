"""The SKM questionnaire of PermenPANRB 14/2017: the nine elements' questions and answer labels,
and the respondent profile. Sources: docs/regulations.md §1.2–1.4.

Elements are keyed by stable keys (`prima.surveys.ikm.PERMENPANRB_14_2017.elements`), never by
position: the regulation's scope list puts *penanganan pengaduan* 8th and *sarana dan
prasarana* 9th, the sample questionnaire the other way round (§1.2, §11 pitfall 4). The default
display order is the sample questionnaire's; a unit may change it.

The questions and labels are Indonesian as printed in copies of the annex; the English is a
translation (the `en` catalogue). The labels of *penanganan pengaduan* are not confirmed by a
stored copy of the annex (docs/regulations.md §1.3) and are the ones in common use.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prima.surveys.ikm import PERMENPANRB_14_2017


@dataclass(frozen=True)
class Element:
    key: str
    title: Promise  # the element's name, e.g. "Persyaratan"
    question: Promise
    labels: tuple[Promise, Promise, Promise, Promise]  # answers 1 (a) … 4 (d)


ELEMENTS: dict[str, Element] = {
    element.key: element
    for element in (
        Element(
            "persyaratan",
            _("Requirements"),
            _("How well do the requirements fit the kind of service?"),
            (
                pgettext_lazy("fit", "Not suitable"),
                pgettext_lazy("fit", "Less suitable"),
                pgettext_lazy("fit", "Suitable"),
                pgettext_lazy("fit", "Very suitable"),
            ),
        ),
        Element(
            "prosedur",
            _("Systems, mechanisms and procedures"),
            _("How easy is the service procedure at this unit?"),
            (_("Not easy"), _("Less easy"), _("Easy"), _("Very easy")),
        ),
        Element(
            "waktu",
            _("Completion time"),
            _("How fast is the service delivered?"),
            (_("Not fast"), _("Less fast"), _("Fast"), _("Very fast")),
        ),
        Element(
            "biaya",
            _("Cost/fee"),
            _("How fair is the cost or fee of the service?"),
            (_("Very expensive"), _("Rather expensive"), _("Cheap"), _("Free")),
        ),
        Element(
            "produk",
            _("Products of the kind of service"),
            _("How well does the product you received match what the service standard promises?"),
            (
                pgettext_lazy("fit", "Not suitable"),
                pgettext_lazy("fit", "Less suitable"),
                pgettext_lazy("fit", "Suitable"),
                pgettext_lazy("fit", "Very suitable"),
            ),
        ),
        Element(
            "kompetensi",
            _("Competence of the staff"),
            _("How competent are the staff who served you?"),
            (_("Not competent"), _("Less competent"), _("Competent"), _("Very competent")),
        ),
        Element(
            "perilaku",
            _("Conduct of the staff"),
            _("How courteous and friendly are the staff?"),
            (
                _("Not courteous and friendly"),
                _("Less courteous and friendly"),
                _("Courteous and friendly"),
                _("Very courteous and friendly"),
            ),
        ),
        Element(
            "sarpras",
            _("Facilities and infrastructure"),
            _("What is the quality of the facilities and infrastructure?"),
            (
                pgettext_lazy("quality", "Poor"),
                pgettext_lazy("quality", "Fair"),
                pgettext_lazy("quality", "Good"),
                pgettext_lazy("quality", "Very good"),
            ),
        ),
        Element(
            "pengaduan",
            _("Handling of complaints, suggestions and input"),
            _("How are complaints from service users handled?"),
            (
                _("There is none"),
                _("There is, but it does not work"),
                _("It works, but not fully"),
                _("It is well managed"),
            ),
        ),
    )
}

DEFAULT_ORDER: tuple[str, ...] = PERMENPANRB_14_2017.elements
assert tuple(ELEMENTS) == DEFAULT_ORDER

# The regulation's scope list, for units whose questionnaires follow it (§1.2).
REGULATION_LIST_ORDER: tuple[str, ...] = (*DEFAULT_ORDER[:7], "pengaduan", "sarpras")


def normalise_order(order: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """A display order holding each of the nine keys exactly once; anything else → default."""
    if order and sorted(order) == sorted(DEFAULT_ORDER) and len(order) == len(DEFAULT_ORDER):
        return tuple(order)
    return DEFAULT_ORDER


def element_title(key: str) -> str:
    return str(ELEMENTS[key].title)


# --- respondent profile (§1.4): never a name -------------------------------------------------
SEX_CHOICES = [("L", _("Male")), ("P", _("Female"))]

# The annex lists SD, SMP, SMA, S1, S2, S3; the diplomas appear in some copies (UNCONFIRMED
# which is official, §1.4) and are kept because vocational graduates otherwise have no answer.
EDUCATION_CHOICES = [
    ("sd", _("Primary school (SD) or less")),
    ("smp", _("Junior high school (SMP)")),
    ("sma", _("Senior high school (SMA/SMK)")),
    ("diploma", _("Diploma (D1–D3)")),
    ("s1", _("Bachelor (D4/S1)")),
    ("s2", _("Master (S2)")),
    ("s3", _("Doctorate (S3)")),
]

OCCUPATION_CHOICES = [
    ("pns", _("Civil servant (PNS)")),
    ("tni", _("Armed forces (TNI)")),
    ("polri", _("Police (POLRI)")),
    ("swasta", _("Private sector employee")),
    ("wirausaha", _("Self-employed")),
    ("lainnya", _("Other")),
]

# Age bands for the respondent profile in results and reports.
AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 19),
    (20, 29),
    (30, 39),
    (40, 49),
    (50, 59),
    (60, None),
)
MIN_AGE = 10
MAX_AGE = 110


def age_band(age: int | None) -> str:
    """'20–29', '60+', or '' for an unknown age."""
    if age is None:
        return ""
    for low, high in AGE_BANDS:
        if high is None:
            return f"{low}+"
        if low <= age <= high:
            return f"<{high + 1}" if low == 0 else f"{low}–{high}"
    return ""


def age_band_labels() -> list[str]:
    return [age_band(low if low else high) for low, high in AGE_BANDS]  # type: ignore[arg-type]
