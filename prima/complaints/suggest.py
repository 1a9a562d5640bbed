"""A suggested category for a new complaint, from the words of the deployment's own complaints
that staff have categorised — pure, no Django.

TF-IDF vectors of lightly stemmed Indonesian words and one centroid per category; the
suggestion is the nearest centroid, with a confidence (its share of the similarity to all
centroids). It stays off until there is enough labelled data, and it is only ever shown to a
person, who decides (issue 5 §7). Pure Python: a few thousand short texts need no numerical
library.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

MIN_CASES = 30  # labelled complaints before any suggestion is made
MIN_PER_LABEL = 5  # a category needs this many examples to be suggested
MIN_CONFIDENCE = 0.4

_WORD = re.compile(r"[a-z]{3,}")
STOPWORDS = frozenset(
    {
        "ada",
        "agar",
        "akan",
        "anda",
        "atau",
        "bapak",
        "belum",
        "bisa",
        "dalam",
        "dan",
        "dapat",
        "dari",
        "dengan",
        "di",
        "hanya",
        "hari",
        "ibu",
        "ini",
        "itu",
        "juga",
        "kami",
        "karena",
        "ke",
        "kepada",
        "kita",
        "lagi",
        "masih",
        "mohon",
        "namun",
        "oleh",
        "pada",
        "saat",
        "sangat",
        "saya",
        "sebagai",
        "sejak",
        "setelah",
        "sudah",
        "tersebut",
        "tetapi",
        "tidak",
        "tolong",
        "untuk",
        "yang",
    }
)
# Common Indonesian affixes, stripped crudely: enough to bring "pelayanan", "dilayani" and
# "melayani" near each other for a nearest-centroid vote.
_SUFFIXES = ("nya", "lah", "kah", "kan", "an", "i")
_PREFIXES = ("meng", "meny", "mem", "men", "me", "di", "ber", "ter", "pe", "ke", "se")


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            word = word[len(prefix) :]
            break
    return word


def tokens(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


@dataclass(frozen=True)
class Model:
    idf: dict[str, float]
    centroids: dict[str, dict[str, float]]


def _vector(words: list[str], idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(w for w in words if w in idf)
    vector = {w: c * idf[w] for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {w: v / norm for w, v in vector.items()} if norm else {}


def train(cases: Iterable[tuple[str, str]]) -> Model | None:
    """A model from (text, label) pairs, or None when there is not enough data."""
    docs = [(tokens(text), label) for text, label in cases if label]
    counts = Counter(label for _, label in docs)
    usable = {label for label, n in counts.items() if n >= MIN_PER_LABEL}
    docs = [(words, label) for words, label in docs if label in usable]
    if len(docs) < MIN_CASES or len(usable) < 2:
        return None
    frequency: Counter[str] = Counter()
    for words, _ in docs:
        frequency.update(set(words))
    total = len(docs)
    idf = {w: math.log((1 + total) / (1 + df)) + 1 for w, df in frequency.items()}
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for words, label in docs:
        for w, v in _vector(words, idf).items():
            sums[label][w] += v
    centroids = {}
    for label, vector in sums.items():
        norm = math.sqrt(sum(v * v for v in vector.values()))
        centroids[label] = {w: v / norm for w, v in vector.items()} if norm else {}
    return Model(idf=idf, centroids=centroids)


def suggest(model: Model | None, text: str) -> tuple[str, float] | None:
    """(label, confidence between 0 and 1), or None when there is no model or no clear
    winner."""
    if model is None:
        return None
    vector = _vector(tokens(text), model.idf)
    if not vector:
        return None
    scores = {
        label: sum(v * centroid.get(w, 0.0) for w, v in vector.items())
        for label, centroid in model.centroids.items()
    }
    total = sum(s for s in scores.values() if s > 0)
    if total <= 0:
        return None
    label, best = max(scores.items(), key=lambda item: item[1])
    confidence = best / total
    return (label, round(confidence, 2)) if confidence >= MIN_CONFIDENCE else None
