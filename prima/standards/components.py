"""The 14 components of a service standard (Standar Pelayanan) and the PEKPPP scores that read
them — pure, no Django.

PermenPANRB 15/2014 splits a standard into six service-delivery components (what the public
sees and must be published) and eight management components; the PEKPPP instrument confirms
the split ("14 komponen, 6 service delivery, 8 manufacturing"). Sources and what is not
confirmed: docs/regulations.md §2.2–2.4, §4.4 and §7.

The scores here mirror the evaluator's 0–5 scales for the indicators that Prima can compute
from its own records instead of having them typed in:

- 1.a.Ak, the standard itself (§2.3): 0 none; 1 some of the 14 components missing; 2 all 14;
  3 and formally set; 4 and drafted with the community; 5 and monitored and evaluated;
- 4.a.K, how often standards are reviewed (§2.3): 5 yearly or faster for all services; 4 yearly
  for some; 3 every two years for all; 2 every two years for some; 1 three years or more;
  0 never;
- 2.a.P, community elements involved in drafting (§2.3, §3): the number of distinct elements
  among the five the instrument names, 0 to 5;
- 18.c.K, facilities for vulnerable groups (§4.4, §7): 0 none; 1 for 1–3; 2 for 4–6; 3 for 7–9;
  4 for 10–12; 5 for 13 or more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


@dataclass(frozen=True)
class Component:
    key: str
    number: int  # the order of PermenPANRB 15/2014
    name: str  # the regulation's Indonesian name
    group: str  # "delivery" (penyampaian pelayanan) or "management" (pengelolaan pelayanan)


DELIVERY = "delivery"
MANAGEMENT = "management"

COMPONENTS: tuple[Component, ...] = (
    Component("persyaratan", 1, "Persyaratan", DELIVERY),
    Component("prosedur", 2, "Sistem, mekanisme, dan prosedur", DELIVERY),
    Component("waktu", 3, "Jangka waktu pelayanan", DELIVERY),
    Component("biaya", 4, "Biaya/tarif", DELIVERY),
    Component("produk", 5, "Produk pelayanan", DELIVERY),
    Component("pengaduan", 6, "Penanganan pengaduan, saran, dan masukan", DELIVERY),
    Component("dasar_hukum", 7, "Dasar hukum", MANAGEMENT),
    Component("sarana", 8, "Sarana, prasarana, dan/atau fasilitas", MANAGEMENT),
    Component("kompetensi", 9, "Kompetensi pelaksana", MANAGEMENT),
    Component("pengawasan", 10, "Pengawasan internal", MANAGEMENT),
    Component("jumlah_pelaksana", 11, "Jumlah pelaksana", MANAGEMENT),
    Component("jaminan_pelayanan", 12, "Jaminan pelayanan", MANAGEMENT),
    Component("jaminan_keamanan", 13, "Jaminan keamanan dan keselamatan pelayanan", MANAGEMENT),
    Component("evaluasi_kinerja", 14, "Evaluasi kinerja pelaksana", MANAGEMENT),
)
BY_KEY: dict[str, Component] = {c.key: c for c in COMPONENTS}
KEYS: tuple[str, ...] = tuple(c.key for c in COMPONENTS)

TIME_UNITS = ("menit", "jam", "hari", "hari_kerja", "minggu", "bulan")

# The five community elements the PEKPPP instrument counts (indicator 2.a.P).
COMMUNITY_ELEMENTS = (
    "pengguna_layanan",  # service users
    "ahli_praktisi_akademisi",  # experts, practitioners, academics
    "instansi_terkait",  # related agencies
    "organisasi_masyarakat",  # civil-society organisations
    "media_massa",  # mass media
)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _items(value: Any) -> bool:
    return isinstance(value, list | tuple) and any(_text(v) for v in value)


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def component_problem(key: str, value: Any) -> str:
    """Why `value` does not fill component `key` ("" when it does). The structured components
    are checked for their structure; the others need some text."""
    if key not in BY_KEY:
        return "unknown component"
    if key in ("persyaratan", "dasar_hukum"):
        return "" if _items(value) else "needs at least one item"
    if key == "prosedur":
        steps = value.get("steps") if isinstance(value, Mapping) else None
        return "" if _items(steps) else "needs at least one step"
    if key == "waktu":
        if not isinstance(value, Mapping):
            return "needs an amount and a unit"
        amount = _amount(value.get("amount"))
        if amount is None or amount <= 0:
            return "needs an amount above zero"
        return "" if value.get("unit") in TIME_UNITS else "needs a unit of time"
    if key == "biaya":
        if not isinstance(value, Mapping):
            return "needs an amount or 'free' with its legal basis"
        if value.get("free"):
            return "" if _text(value.get("basis")) else "a free service needs its legal basis"
        amount = _amount(value.get("amount"))
        return "" if amount is not None and amount > 0 else "needs an amount in rupiah above zero"
    if key == "pengaduan":
        channels = value.get("channels") if isinstance(value, Mapping) else value
        return "" if _items(channels) else "needs at least one complaint channel"
    return "" if _text(value) else "is empty"


def missing_components(components: Mapping[str, Any]) -> list[str]:
    """The keys of the components that are missing or not filled in, in the regulation's
    order."""
    return [key for key in KEYS if component_problem(key, components.get(key))]


def standard_score(
    components: Mapping[str, Any] | None,
    *,
    is_set: bool,
    community_involved: bool,
    evaluated: bool,
) -> int:
    """PEKPPP indicator 1.a.Ak for one standard (0–5). Each level needs the ones below it."""
    if not components or all(component_problem(k, components.get(k)) for k in KEYS):
        return 0
    if missing_components(components):
        return 1
    score = 2
    for reached in (is_set, community_involved, evaluated):
        if not reached:
            break
        score += 1
    return score


def review_score(review_intervals_in_years: Iterable[float | None]) -> int:
    """PEKPPP indicator 4.a.K from each service's review interval in years (None for a
    standard never reviewed). "Yearly for some" and "every two years for some" are read as
    "for at least one service"."""
    intervals = list(review_intervals_in_years)
    reviewed = [i for i in intervals if i is not None]
    if not reviewed:
        return 0
    everyone = len(reviewed) == len(intervals)
    if everyone and all(i <= 1 for i in reviewed):
        return 5
    if any(i <= 1 for i in reviewed):
        return 4
    if everyone and all(i <= 2 for i in reviewed):
        return 3
    if any(i <= 2 for i in reviewed):
        return 2
    return 1


def community_score(elements: Iterable[str]) -> int:
    """PEKPPP indicator 2.a.P: the number of distinct community elements involved (0–5)."""
    return len({e for e in elements if e in COMMUNITY_ELEMENTS})


def facilities_score(count: int) -> int:
    """PEKPPP indicator 18.c.K from the number of facilities for vulnerable groups."""
    if count <= 0:
        return 0
    return min(5, (count - 1) // 3 + 1)


# --- scores read from other records ---------------------------------------------------------
def years_between(start: date, end: date) -> int:
    """The smallest whole number of years n with end ≤ start + n years (calendar years; a
    29 February start falls on 28 February). "Reviewed yearly" is an interval of 1."""
    if end <= start:
        return 0
    n = end.year - start.year
    if add_years(start, n) < end:
        n += 1
    return n


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def publication_score(*, media: Iterable[str], on_sippn: bool, all_components: bool) -> int:
    """PEKPPP indicator 3.a.T (docs/regulations.md §4.4): 0 none; 1 only some of the six
    service-delivery components published; 2 all, on two or more media, not on SIPP Nasional;
    3 all, two media and SIPPN; 4 three media and SIPPN; 5 four or more media and SIPPN.
    `media` are the distinct media other than SIPPN. Cases the scale does not name are read
    down to the level whose conditions are all met: all components on one medium, with or
    without SIPPN, score 1 (the level-2 condition "≥ 2 media" is not met)."""
    count = len(set(media))
    if count == 0 and not on_sippn:
        return 0
    if not all_components or count < 2:
        return 1
    if not on_sippn:
        return 2
    return 3 if count == 2 else 4 if count == 3 else 5


def maklumat_score(
    *, exists: bool, is_set: bool, complete: bool, electronic: bool, printed: bool
) -> int:
    """PEKPPP indicator 5.a.K (docs/regulations.md §2.4): 0 no maklumat; 5 set, its content holding
    the three required statements, published on electronic and non-electronic media.

    The reference confirms only the two ends. The steps between are Prima's reading, each
    needing the one below, and are marked unconfirmed in the docs: 1 drafted, not set; 2 set;
    3 set with the three statements; 4 and published on one kind of media; 5 on both."""
    if not exists:
        return 0
    score = 1
    for reached in (is_set, complete, electronic or printed, electronic and printed):
        if not reached:
            break
        score += 1
    return score


# --- plain text of a component, for pages, PDFs, exports and differences --------------------
TIME_UNIT_LABELS = {
    "menit": "menit",
    "jam": "jam",
    "hari": "hari",
    "hari_kerja": "hari kerja",
    "minggu": "minggu",
    "bulan": "bulan",
}


def rupiah(amount: Any) -> str:
    """Rp 25.000 — Indonesian grouping, no decimals unless there are cents."""
    value = _amount(amount)
    if value is None:
        return ""
    whole, cents = divmod(value, 1)
    text = f"{int(whole):,}".replace(",", ".")
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return f"Rp {text}"


def _number(amount: Any) -> str:
    value = _amount(amount)
    if value is None:
        return ""
    return str(value.normalize() if value == value.to_integral() else value).replace(".", ",")


def component_lines(key: str, value: Any) -> list[str]:
    """The component as lines of plain Indonesian text, in the order a reader reads them."""
    if value in (None, "", [], {}):
        return []
    if key in ("persyaratan", "dasar_hukum"):
        return [str(v).strip() for v in value if _text(v)] if isinstance(value, list) else []
    if key == "prosedur" and isinstance(value, Mapping):
        return [str(s).strip() for s in value.get("steps") or [] if _text(s)]
    if key == "waktu" and isinstance(value, Mapping):
        amount = _number(value.get("amount"))
        unit = TIME_UNIT_LABELS.get(str(value.get("unit")), "")
        lines = [f"{amount} {unit}".strip()] if amount else []
        if _text(value.get("note")):
            lines.append(str(value["note"]).strip())
        return lines
    if key == "biaya" and isinstance(value, Mapping):
        free = "Tidak dipungut biaya (gratis)"
        line = free if value.get("free") else rupiah(value.get("amount"))
        lines = [line] if line else []
        if _text(value.get("basis")):
            lines.append(f"Dasar: {str(value['basis']).strip()}")
        return lines
    if key == "pengaduan":
        channels = value.get("channels") if isinstance(value, Mapping) else value
        lines = [str(c).strip() for c in channels or [] if _text(c)]
        if isinstance(value, Mapping) and _text(value.get("procedure")):
            lines.extend(
                line.strip() for line in str(value["procedure"]).splitlines() if line.strip()
            )
        return lines
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return [str(value)]
