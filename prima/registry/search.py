"""The public directory's search: what a visitor types, turned into services and units.

People type what they need ("KTP", "akta kelahiran", "rumah sakit"), not a unit's registered
name. Each word of the query becomes a *term*: the word itself, its Indonesian stem
(snowballstemmer), its spelling corrections against the words Prima knows, and its synonyms
from data/search_synonyms.csv (RSUD ↔ rumah sakit; KTP → Disdukcapil units). A record matches
when every term matches one of its texts: a service's name, the words of its standard in force
(requirements, product…), its unit's name, type, agency and region. ADR 0014 explains why this
is a portable query over the records rather than a full-text index.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from prima.registry.models import Region, Service, ServiceUnit

SYNONYMS_FILE = Path(__file__).parent / "data" / "search_synonyms.csv"
MAX_WORDS = 8
MAX_QUERY = 200
SERVICES_SHOWN = 30
# A typo must be close: "sakitt" → "sakit" (0.91), "kelahran" → "kelahiran" (0.94).
TYPO_CUTOFF = 0.8
# Shorter stems would match inside too many words ("izin" is the shortest useful one).
MIN_STEM = 4
# Standards whose words are searched: the version in force (standards.ServiceStandard.IN_FORCE).
STANDARD_IN_FORCE = ("published", "under_review")


@dataclass(frozen=True)
class Term:
    """One thing the visitor asked for: any of `words` in a text, or a unit of `kinds`."""

    words: frozenset[str]
    kinds: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class SynonymGroup:
    kind: str
    names: tuple[str, ...]
    topics: tuple[str, ...]


@functools.cache
def synonym_groups() -> tuple[SynonymGroup, ...]:
    with SYNONYMS_FILE.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return tuple(
            SynonymGroup(
                kind=row["kind"].strip(),
                names=tuple(w.strip() for w in row["names"].split("|") if w.strip()),
                topics=tuple(w.strip() for w in (row["topics"] or "").split("|") if w.strip()),
            )
            for row in rows
        )


def words_of(text: str) -> list[str]:
    """Lower-case words of letters and digits; everything else (quotes, *, -) separates."""
    text = unicodedata.normalize("NFKC", text[:MAX_QUERY]).casefold()
    return [w for w in re.split(r"[^\w]+|_", text) if w]


def stem(word: str) -> str:
    """The Indonesian stem ("perizinan" → "izin", "kelahiran" → "lahir"). A stemmer keeps
    state while it works, so each call has its own (threads never share one)."""
    return str(snowballstemmer.stemmer("indonesian").stemWord(word))


def parse(q: str, *, vocabulary: Iterable[str] = ()) -> list[Term]:
    """The terms of a query. Misspelt words (not in `vocabulary`) gain their close matches;
    phrases and words of the synonym table gain their synonyms and unit kinds."""
    known = set(vocabulary)
    phrases: dict[tuple[str, ...], tuple[set[str], set[str]]] = {}
    for group in synonym_groups():
        for name in group.names:
            words, kinds = phrases.setdefault(tuple(name.split()), (set(), set()))
            words.update(group.names)
            kinds.update([group.kind] if group.kind else [])
        for topic in group.topics:
            words, kinds = phrases.setdefault(tuple(topic.split()), (set(), set()))
            words.add(topic)
            kinds.update([group.kind] if group.kind else [])
    known.update(w for phrase in phrases for w in phrase)

    tokens = [w for w in words_of(q) if len(w) > 1 or w.isdigit()][:MAX_WORDS]
    spellings: list[list[str]] = []
    for token in tokens:
        close = []
        if token not in known and len(token) >= 4 and not token.isdigit():
            close = difflib.get_close_matches(token, known, n=3, cutoff=TYPO_CUTOFF)
        spellings.append([token, *close])

    terms: list[Term] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            options = _phrase_options(spellings[i : i + size]) if i + size <= len(tokens) else []
            found = [p for p in options if p in phrases]
            if found:
                alternatives = {" ".join(p) for p in found}
                unit_kinds: set[str] = set()
                for p in found:
                    alternatives.update(phrases[p][0])
                    unit_kinds.update(phrases[p][1])
                terms.append(Term(frozenset(alternatives), frozenset(unit_kinds)))
                i += size
                break
        else:
            alternatives = set(spellings[i])
            alternatives.update(s for w in spellings[i] if len(s := stem(w)) >= MIN_STEM)
            terms.append(Term(frozenset(alternatives)))
            i += 1
    return terms


def _phrase_options(spellings: list[list[str]]) -> list[tuple[str, ...]]:
    options: list[tuple[str, ...]] = [()]
    for choices in spellings:
        options = [(*o, c) for o in options for c in choices]
    return options


def vocabulary() -> set[str]:
    """The words a misspelling is corrected to: the names of offered services and of regions
    (a few thousand distinct names nationally; services repeat across units)."""
    names = Service.objects.filter(is_active=True).values_list("name", flat=True).distinct()
    regions = Region.objects.filter(level__lte=2).values_list("name", flat=True)
    known: set[str] = set()
    for name in [*names[:5000], *regions]:
        known.update(words_of(name))
    known.update(words_of(" ".join(ServiceUnit.Kind.values)))
    return known


def _unit_text(term: Term, prefix: str, *, with_kinds: bool) -> Q:
    q = Q()
    for word in term.words:
        for path in ("name", "code", "agency__name", "region__name", "kind"):
            q |= Q(**{f"{prefix}{path}__icontains": word})
    if with_kinds and term.kinds:
        q |= Q(**{f"{prefix}kind__in": sorted(term.kinds)})
    return q


def _service_text(term: Term, *, with_kinds: bool) -> Q:
    q = _unit_text(term, "unit__", with_kinds=with_kinds)
    for word in term.words:
        q |= Q(name__icontains=word) | Q(description__icontains=word)
        q |= Q(
            standards__status__in=STANDARD_IN_FORCE,
            standards__components__icontains=word,
        )
    return q


def _region_first(prefix: str, path: str) -> Case:
    if not prefix:
        return Case(default=Value(0), output_field=IntegerField())
    return Case(
        When(Q(**{f"{path}code": prefix}) | Q(**{f"{path}code__startswith": f"{prefix}."}), then=0),
        default=Value(1),
        output_field=IntegerField(),
    )


def _by_name(terms: list[Term]) -> Case:
    """0 for a service whose own name matches every term ("Penerbitan KTP-el" for "KTP"),
    before those matched by their standard's or their unit's words."""
    named = Q()
    for term in terms:
        any_word = Q()
        for word in term.words:
            any_word |= Q(name__icontains=word)
        named &= any_word
    return Case(When(named, then=0), default=Value(1), output_field=IntegerField())


def filter_units(units: QuerySet[ServiceUnit], terms: list[Term]) -> QuerySet[ServiceUnit]:
    """Units whose name, code, type, agency or region match every term, or whose type a
    term names ("rumah sakit" → RSUD, "KTP" → Disdukcapil)."""
    for term in terms:
        units = units.filter(_unit_text(term, "", with_kinds=True))
    return units


@dataclass
class Results:
    terms: list[Term]
    services: list[Service]


def search_services(
    units: QuerySet[ServiceUnit], q: str, *, region_prefix: str = "", limit: int = SERVICES_SHOWN
) -> Results:
    """The offered services of `units` matching `q`, those in the visitor's region (a
    Kemendagri code prefix) first.

    Within a region, services whose own name matches come first (then those matched by their
    standard's or their unit's words). Services matched by their words replace those matched
    only because their unit's type is related ("KTP" lists the KTP-el services of Disdukcapil
    units, not every Disdukcapil service); when none match by their words the related units'
    services are listed ("rumah sakit" → the services of RSUDs).
    """
    terms = parse(q, vocabulary=vocabulary()) if words_of(q) else []
    if not terms:
        return Results(terms=[], services=[])
    offered = Service.objects.filter(is_active=True, unit__in=units)
    found: list[Service] = []
    for with_kinds in (False, True):
        matching = offered
        for term in terms:
            matching = matching.filter(_service_text(term, with_kinds=with_kinds))
        found = list(
            Service.objects.filter(pk__in=matching.values("pk"))
            .select_related("unit", "unit__region", "unit__region__parent", "unit__agency")
            .annotate(
                elsewhere=_region_first(region_prefix, "unit__region__"),
                by_other_words=_by_name(terms),
            )
            .order_by("elsewhere", "by_other_words", "unit__region_id", "unit__name", "name")[
                :limit
            ]
        )
        if found:
            break
    return Results(terms=terms, services=found)
