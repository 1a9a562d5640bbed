"""PDF building blocks on fpdf2 (pure Python; ADR 0004): a document with Prima's fonts, and a
text helper that never fails on a character the font lacks."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

# A Unicode font where the system has one (Debian: fonts-dejavu-core); otherwise the PDF core
# font Helvetica, with the few characters it lacks replaced (en dash, curly quotes, ≥, …).
_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
_REPLACEMENTS = {
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "≥": ">=",
    "≤": "<=",
    "×": "x",
    "•": "*",
    "›": ">",
}

BRAND = (11, 74, 125)
INK = (27, 27, 27)
MUTED = (74, 79, 85)
LINE = (177, 180, 182)
TINT = (243, 245, 247)


def _unicode_font() -> tuple[Path, Path] | None:
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None


class Document(FPDF):
    """An A4 (or A3) document in millimetres with Prima's font set as "body"."""

    def __init__(self, *, size: str = "A4", orientation: str = "P", footer_text: str = "") -> None:
        super().__init__(orientation=orientation, unit="mm", format=size)
        self.footer_text = footer_text
        fonts = _unicode_font()
        self.unicode = fonts is not None
        if fonts is not None:
            self.add_font("body", "", str(fonts[0]))
            self.add_font("body", "B", str(fonts[1]))
            self.family = "body"
        else:
            self.family = "helvetica"
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.set_creator("Prima")

    def t(self, text: object) -> str:
        """Text the current font can print."""
        value = "" if text is None else str(text)
        if self.unicode:
            return value
        for old, new in _REPLACEMENTS.items():
            value = value.replace(old, new)
        return value.encode("latin-1", "replace").decode("latin-1")

    def use(self, size: float, *, bold: bool = False, color: tuple[int, int, int] = INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*color)

    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-12)
        self.use(8, color=MUTED)
        self.cell(0, 5, self.t(f"{self.footer_text} · {self.page_no()}"), align="C")

    def centred(self, text: object, height: float) -> None:
        """Text centred across the page, wrapped over as many lines of `height` mm as it
        needs, in the current font; the next line starts at the left margin below it."""
        self.multi_cell(0, height, self.t(text), align="C", new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str, size: float = 14) -> None:
        self.ln(2)
        self.use(size, bold=True, color=BRAND)
        self.multi_cell(0, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, size: float = 10) -> None:
        self.use(size)
        self.multi_cell(0, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


ID_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(day: object) -> str:
    """A date the Indonesian way: 15 Januari 2026 (documents are in Bahasa Indonesia)."""
    if day is None:
        return "-"
    return f"{day.day} {ID_MONTHS[day.month - 1]} {day.year}"  # type: ignore[attr-defined]
