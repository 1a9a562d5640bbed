"""The public directory's search: what a visitor types, turned into a full-text query.

People type what they need ("KTP", "akta kelahiran", "rumah sakit"), not a unit's registered
name. Each word of the query becomes a *term*: the word's Indonesian stem (snowballstemmer),
the stems of its spelling corrections against the words Prima knows, and its synonyms from
data/search_synonyms.csv (RSUD ↔ rumah sakit; KTP → Disdukcapil units). A record matches when
every term matches one of its words. The records' words are stemmed the same way into the
search index (prima.registry.search_index), so the database — SQLite's FTS5 or PostgreSQL's
full-text search — compares stems with stems and both agree. ADR 0014 explains the design.

This module only handles text; it reads no records.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer

SYNONYMS_FILE = Path(__file__).parent / "data" / "search_synonyms.csv"
MAX_WORDS = 8
MAX_QUERY = 200
SERVICES_PER_PAGE = 20
# A typo must be close: "sakitt" → "sakit" (0.91), "kelahran" → "kelahiran" (0.94),
# "pasport" → "paspor" (0.92).
TYPO_CUTOFF = 0.8
# Shorter words are not corrected (too many three-letter words are one letter apart).
MIN_TYPO = 4
# The last word may still be being typed: from this length it also matches as a prefix.
MIN_PREFIX = 3


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


@functools.cache
def kind_words(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The common names of a unit type ("rsud", "rumah sakit") and the topics that point to
    it ("igd", "rawat inap"), from the synonym table."""
    names: list[str] = []
    topics: list[str] = []
    for group in synonym_groups():
        if group.kind == kind and kind:
            names.extend(group.names)
            topics.extend(group.topics)
    return tuple(names), tuple(topics)


def words_of(text: str, *, limit: int | None = MAX_QUERY) -> list[str]:
    """Lower-case words of letters and digits; everything else (quotes, *, -, _) separates.
    A query is cut at `limit` characters; a record's text is not (limit=None)."""
    text = unicodedata.normalize("NFKC", text if limit is None else text[:limit]).casefold()
    return [w for w in re.split(r"[^\w]+|_", text) if w]


_stemmers = threading.local()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Indonesian stem ("perizinan" → "izin", "kelahiran" → "lahir"). A stemmer keeps
    state while it works, so each thread has its own."""
    stemmer = getattr(_stemmers, "stemmer", None)
    if stemmer is None:
        stemmer = _stemmers.stemmer = snowballstemmer.stemmer("indonesian")
    return str(stemmer.stemWord(word)) or word


def index_text(*texts: str) -> str:
    """What the index holds for these texts: their words' stems, in order, one space apart."""
    return " ".join(stem(w) for text in texts if text for w in words_of(text, limit=None))


@dataclass(frozen=True)
class Term:
    """One thing the visitor asked for: any of `phrases` (stems in a row), a word beginning
    with one of `prefixes`, or a unit of `kinds` (used only when nothing else is found)."""

    phrases: frozenset[tuple[str, ...]]
    prefixes: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    # The alternatives as typed or corrected, unstemmed (the staff lists match substrings).
    words: frozenset[str] = field(default_factory=frozenset)

    def with_kinds(self) -> Term:
        """The term that also matches the units of its kinds, by their types' common names."""
        phrases = set(self.phrases)
        for kind in self.kinds:
            phrases.update(_stems(name) for name in kind_words(kind)[0])
        return Term(frozenset(phrases), self.prefixes, self.kinds, self.words)


def _stems(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words_of(phrase, limit=None))


@dataclass(frozen=True)
class Query:
    """Terms that must all match, as the query languages of both databases write them. Stems
    hold letters and digits only (`words_of`), so they are quoted, never parsed as syntax."""

    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def with_kinds(self) -> Query:
        return Query(tuple(t.with_kinds() for t in self.terms))

    @property
    def points_to_kinds(self) -> bool:
        return any(t.kinds for t in self.terms)

    def fts5(self, *, titles: bool = False) -> str:
        """SQLite FTS5: ("a b" OR "c" OR "d"*) AND (…); in the title column only with
        `titles`."""
        expression = " AND ".join(
            "("
            + " OR ".join(
                [f'"{" ".join(p)}"' for p in sorted(t.phrases)]
                + [f'"{p}"*' for p in sorted(t.prefixes)]
            )
            + ")"
            for t in self.terms
        )
        return f"title : ({expression})" if titles else expression

    def tsquery(self, *, titles: bool = False) -> str:
        """PostgreSQL to_tsquery('simple', …): ('a' <-> 'b' | 'c' | 'd':*) & (…); with
        `titles`, lexemes of weight A only (the title, search_index)."""
        weight = "A" if titles else ""
        return " & ".join(
            "("
            + " | ".join(
                [
                    "(" + " <-> ".join(f"'{w}':{weight}" if weight else f"'{w}'" for w in p) + ")"
                    for p in sorted(t.phrases)
                ]
                + [f"'{p}':*{weight}" for p in sorted(t.prefixes)]
            )
            + ")"
            for t in self.terms
        )


def tokens_of(q: str) -> list[str]:
    """The words of a query that are searched: at most MAX_WORDS, single letters left out."""
    return [w for w in words_of(q) if len(w) > 1 or w.isdigit()][:MAX_WORDS]


def parse(
    q: str, *, vocabulary: Iterable[str] = (), candidates: Iterable[str] | None = None
) -> Query:
    """The terms of a query. Words not in `vocabulary` gain the stems of their close matches
    among `candidates` (by default the vocabulary); phrases and words of the synonym table
    gain their synonyms and unit kinds; the last word, if unknown, also matches as a prefix."""
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
    synonym_words = {w for phrase in phrases for w in phrase}
    known |= synonym_words
    pool = (set(candidates) if candidates is not None else set(known)) | synonym_words

    tokens = tokens_of(q)
    spellings: list[list[str]] = []
    for token in tokens:
        close = []
        if token not in known and len(token) >= MIN_TYPO and not token.isdigit():
            close = difflib.get_close_matches(token, pool, n=3, cutoff=TYPO_CUTOFF)
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
                terms.append(
                    Term(
                        frozenset(_stems(a) for a in alternatives),
                        kinds=frozenset(unit_kinds),
                        words=frozenset(alternatives),
                    )
                )
                i += size
                break
        else:
            token = tokens[i]
            last = i == len(tokens) - 1
            prefixes: set[str] = set()
            if last and token not in known and len(token) >= MIN_PREFIX and not token.isdigit():
                prefixes = {token, stem(token)}
            terms.append(
                Term(
                    frozenset((stem(w),) for w in spellings[i]),
                    frozenset(prefixes),
                    words=frozenset(spellings[i]),
                )
            )
            i += 1
    return Query(tuple(terms))


def _phrase_options(spellings: list[list[str]]) -> list[tuple[str, ...]]:
    options: list[tuple[str, ...]] = [()]
    for choices in spellings:
        options = [(*o, c) for o in options for c in choices]
    return options
