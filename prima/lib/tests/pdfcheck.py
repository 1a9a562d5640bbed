"""Reading a PDF back as a civil servant would look at it, for the document tests (issue 18):
every word with its box, and the faults that make a document unfit to sign — two words on top
of each other, a word across a table's border or outside the page's margins, a number with a
decimal point in an Indonesian document, a signature block split across pages.

Uses pdfplumber (a development dependency); `render` draws the pages as PNG for looking."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
MARGIN = 10 * MM  # nothing printed closer than 10 mm to the paper's edge
# A decimal point: 1.75, 3.50, 78.7912 — not a thousands dot (12.250), not a date or a
# dotted code (81.04.2026), not a version (1.2.3).
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.(?:\d{1,2}|\d{4,})(?![\d.])")


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def words(data: bytes) -> list[Word]:
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for word in page.extract_words(keep_blank_chars=False, use_text_flow=True):
                found.append(
                    Word(number, word["text"], word["x0"], word["x1"], word["top"], word["bottom"])
                )
    return found


def text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _overlap(a: Word, b: Word) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0.3 or height <= 0.3:
        return 0.0
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return (width * height) / smaller if smaller else 0.0


def problems(data: bytes, *, decimal_comma: bool = True, allow: tuple[str, ...] = ()) -> list[str]:
    """Every fault found, one line each; [] for a document fit to print."""
    found: list[str] = []
    allowed = [re.compile(pattern) for pattern in allow]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            page_words = [
                Word(number, w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
                for w in page.extract_words(keep_blank_chars=False, use_text_flow=True)
            ]
            for word in page_words:
                if (
                    word.x0 < MARGIN - 0.5
                    or word.x1 > page.width - MARGIN + 0.5
                    or word.top < MARGIN / 2
                    or word.bottom > page.height - MARGIN / 2
                ):
                    found.append(f"page {number}: {word.text!r} outside the margins")
                if (
                    decimal_comma
                    and DECIMAL_POINT.search(word.text)
                    and not any(pattern.search(word.text) for pattern in allowed)
                ):
                    found.append(f"page {number}: {word.text!r} has a decimal point")
            ordered = sorted(page_words, key=lambda w: w.top)
            for index, a in enumerate(ordered):
                for b in ordered[index + 1 :]:
                    if b.top > a.bottom:
                        break
                    if _overlap(a, b) > 0.15:
                        found.append(f"page {number}: {a.text!r} overlaps {b.text!r}")
            found.extend(_crossing(number, page, page_words))
    return found


def _crossing(number: int, page: pdfplumber.page.Page, page_words: list[Word]) -> list[str]:
    """Words that run across a table's vertical border (text over the next column) or a
    horizontal one (text over the next row)."""
    found = []
    verticals = [
        edge
        for edge in page.edges
        if edge["orientation"] == "v" and edge["bottom"] - edge["top"] > 3
    ]
    horizontals = [
        edge for edge in page.edges if edge["orientation"] == "h" and edge["x1"] - edge["x0"] > 3
    ]
    for word in page_words:
        for edge in verticals:
            x = edge["x0"]
            if (
                word.x0 + 0.5 < x < word.x1 - 0.5
                and word.top + 1 < edge["bottom"]
                and word.bottom - 1 > edge["top"]
            ):
                found.append(f"page {number}: {word.text!r} crosses a column border")
                break
        for edge in horizontals:
            y = edge["top"]
            if (
                word.top + 1 < y < word.bottom - 1
                and word.x0 + 0.5 < edge["x1"]
                and word.x1 - 0.5 > edge["x0"]
            ):
                found.append(f"page {number}: {word.text!r} crosses a row border")
                break
    return found


def _bare(token: str) -> str:
    return token.strip(",.;:()")


def same_page(data: bytes, *texts: str) -> bool:
    """Whether the lines `texts` (a signature block's role, name, NIP) all stand on one page,
    in that order from top to bottom. Side-by-side blocks share lines, so each text is found
    by its words, not in the page's running text."""
    by_page: dict[int, list[Word]] = {}
    for word in words(data):
        by_page.setdefault(word.page, []).append(word)
    for page_words in by_page.values():
        tops = []
        present = {_bare(w.text) for w in page_words}
        for piece in texts:
            tokens = [_bare(token) for token in piece.split()]
            first = [w for w in page_words if _bare(w.text) == tokens[0]]
            if not first or any(token not in present for token in tokens):
                break
            tops.append(min(w.top for w in first))
        else:
            if tops == sorted(tops):
                return True
    return False


def pages(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def render(data: bytes, folder: Path, stem: str, *, resolution: int = 60) -> list[Path]:
    """Every page as a PNG in `folder`, for looking at."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            path = folder / f"{stem}-{number}.png"
            page.to_image(resolution=resolution).save(path)
            written.append(path)
    return written
