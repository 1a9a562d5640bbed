"""The document kit (ADR 0004, ADR 0010): every PDF Prima makes is a `Document` — an A4 or A3
page in millimetres with Prima's fonts; the agency's letterhead on the first page; the
document's number and verification code and "Halaman 1 dari 3" in the footer; headings that
never stay alone at the foot of a page; fact lists and tables whose cells wrap and whose header
repeats on each page; signature blocks with name, position and NIP, room to sign, side by side
where several sign, never split across pages; and a QR code leading to the public
verification page. Numbers and dates come from prima.lib.formats (1,75; 1 Juli 2025).

Nothing here knows a model: callers hand in plain values (Letterhead, Issued, Signer)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF, FontFace

from prima.lib import formats, qr
from prima.lib.officials import Signer, format_nip

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


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The kop surat: the government or agency line(s) in capitals, the office, its address
    and contacts, and the logo (PNG or JPEG bytes) when the agency uploaded one."""

    lines: tuple[str, ...]
    address: str = ""
    contact: str = ""
    logo: bytes | None = None


@dataclass(frozen=True, slots=True)
class Issued:
    """What the verification page knows the document by: its number, its short code and the
    address of that page."""

    number: str
    code: str
    url: str


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its header, its share of the width (relative), its alignment."""

    header: str
    width: float
    align: str = "LEFT"


class Document(FPDF):
    """An A4 (or A3) document in millimetres with Prima's font set as "body"."""

    MARGIN = 18.0
    FOOTER = 14.0

    def __init__(
        self,
        *,
        size: str = "A4",
        orientation: str = "P",
        footer_text: str = "",
        title: str = "",
        letterhead: Letterhead | None = None,
        issued: Issued | None = None,
        page_numbers: bool = True,
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format=size)
        self.footer_text = footer_text
        self.letterhead = letterhead
        self.issued = issued
        self.page_numbers = page_numbers
        fonts = _unicode_font()
        self.unicode = fonts is not None
        if fonts is not None:
            self.add_font("body", "", str(fonts[0]))
            self.add_font("body", "B", str(fonts[1]))
            self.family = "body"
        else:
            self.family = "helvetica"
        self.set_auto_page_break(auto=True, margin=self.MARGIN + self.FOOTER - 6)
        self.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.set_creator("Prima")
        if title:
            self.set_title(title)

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

    # -- page furniture ---------------------------------------------------------------------

    def header(self) -> None:
        if self.page_no() == 1 and self.letterhead is not None:
            self._letterhead(self.letterhead)

    def _letterhead(self, head: Letterhead) -> None:
        top = self.get_y()
        text_left = self.l_margin
        if head.logo:
            try:
                self.image(io.BytesIO(head.logo), x=self.l_margin, y=top, h=22)
                text_left = self.l_margin + 26
            except Exception:  # noqa: BLE001 - a broken logo must not stop the document
                text_left = self.l_margin
        width = self.w - self.r_margin - text_left
        self.set_xy(text_left, top)
        for index, line in enumerate(head.lines):
            self.use(13 if index == 0 else 12, bold=True)
            self.set_x(text_left)
            self.multi_cell(width, 5.6, self.t(line.upper()), align="C", new_x="LEFT", new_y="NEXT")
        for extra in (head.address, head.contact):
            if extra:
                self.use(8.5)
                self.set_x(text_left)
                self.multi_cell(width, 4.2, self.t(extra), align="C", new_x="LEFT", new_y="NEXT")
        bottom = max(self.get_y(), top + (22 if head.logo else 0)) + 2
        self.set_draw_color(*INK)
        self.set_line_width(0.8)
        self.line(self.l_margin, bottom, self.w - self.r_margin, bottom)
        self.set_line_width(0.25)
        self.line(self.l_margin, bottom + 1.2, self.w - self.r_margin, bottom + 1.2)
        self.set_line_width(0.2)
        self.set_xy(self.l_margin, bottom + 5)

    def footer(self) -> None:
        self.set_y(-(self.FOOTER))
        self.set_draw_color(*LINE)
        self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
        self.use(7.5, color=MUTED)
        left = self.footer_text
        if self.issued is not None:
            left = " · ".join(
                part
                for part in (
                    left,
                    _("No. %(number)s") % {"number": self.issued.number},
                    _("Verification code %(code)s") % {"code": self.issued.code},
                )
                if part
            )
        right = (
            _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
            if self.page_numbers
            else ""
        )
        right_width = 30 if right else 0
        self.multi_cell(
            self.epw - right_width, 3.6, self.t(left), new_x="RIGHT", new_y="TOP", align="L"
        )
        if right:
            self.set_xy(self.w - self.r_margin - right_width, -(self.FOOTER))
            self.cell(right_width, 3.6, self.t(right), align="R")

    # -- flow -------------------------------------------------------------------------------

    def room(self) -> float:
        """Millimetres left above the page's bottom margin."""
        return self.page_break_trigger - self.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm fit on this one (a heading and the first lines
        of what it heads; a signature block)."""
        if self.room() < height:
            self.add_page()

    def centred(self, text: object, height: float) -> None:
        """Text centred across the page, wrapped over as many lines of `height` mm as it
        needs, in the current font; the next line starts at the left margin below it."""
        self.multi_cell(0, height, self.t(text), align="C", new_x="LMARGIN", new_y="NEXT")

    def title_block(self, *lines: str, number: bool = True) -> None:
        """The document's title in capitals, centred, with its number under it."""
        self.use(13, bold=True)
        for line in lines:
            self.centred(line.upper(), 6.5)
        if number and self.issued is not None:
            self.use(10)
            self.centred(_("Number: %(number)s") % {"number": self.issued.number}, 5.5)
        self.ln(4)

    def heading(self, text: str, size: float = 12, *, keep: float = 28) -> None:
        """A section heading, moved to the next page with what follows when fewer than `keep`
        mm remain."""
        self.keep(keep + size * 0.5)
        self.ln(2)
        self.use(size, bold=True, color=BRAND)
        self.multi_cell(0, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, size: float = 10, *, align: str = "J") -> None:
        self.use(size)
        self.multi_cell(0, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT", align=align)
        self.ln(1.5)

    def note(self, text: str, size: float = 8.5) -> None:
        self.use(size, color=MUTED)
        # Left-aligned: a justified note stretches the gaps around an address.
        self.multi_cell(0, size * 0.48, self.t(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(1)

    def facts(
        self, pairs: Sequence[tuple[str, object]], *, label_width: float = 0.3, size: float = 10
    ) -> None:
        """Label : value lines; both sides wrap, a pair never splits across pages."""
        self.use(size)
        with self.table(
            col_widths=(label_width, 0.03, 1 - label_width - 0.03),
            first_row_as_headings=False,
            borders_layout="NONE",
            text_align=("LEFT", "LEFT", "LEFT"),
            line_height=size * 0.5,
            padding=(0.6, 0.5),
            v_align="TOP",
        ) as table:
            for label, value in pairs:
                row = table.row()
                row.cell(self.t(label), style=FontFace(emphasis="BOLD"))
                row.cell(":")
                row.cell(self.t("-" if value in (None, "") else value))
        self.ln(2)

    def grid(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[object]],
        *,
        size: float = 9,
        min_row_height: float | None = None,
        empty: str = "",
    ) -> None:
        """A bordered table: wrapped cells, the header repeated at the top of each page, a row
        never split, the header never alone at the foot of a page. `empty` fills one row
        across the table when there are no rows."""
        self.use(size)
        self.set_draw_color(*LINE)
        self.set_fill_color(255, 255, 255)  # no colour left over from a chart drawn before
        line_height = size * 0.48
        with self.table(
            col_widths=tuple(column.width for column in columns),
            text_align=tuple(column.align for column in columns),
            headings_style=FontFace(emphasis="BOLD", fill_color=TINT),
            line_height=line_height,
            padding=(1.2, 1.2),
            v_align="MIDDLE",
            min_row_height=min_row_height,
            repeat_headings=1,
        ) as table:
            heading = table.row()
            for column in columns:
                heading.cell(self.t(column.header), align="CENTER")
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.t("-" if value is None else value))
            if not rows and empty:
                table.row().cell(self.t(empty), colspan=len(columns), align="CENTER")
        self.ln(2)

    def signatures(
        self,
        signers: Sequence[Signer],
        *,
        place_date: str = "",
        per_row: int | None = None,
        space: float = 20,
    ) -> None:
        """Signature blocks side by side (up to three a row): the role, the room to sign, the
        name in bold and underlined, the position and the NIP. The place and date stand over
        the last block of the first row. A row of blocks is never split across pages."""
        if not signers:
            return
        # A lone signer stands in the right half, as on Indonesian letters.
        per_row = per_row or (2 if len(signers) == 1 else min(len(signers), 3))
        width = self.epw / per_row
        rows = [signers[i : i + per_row] for i in range(0, len(signers), per_row)]
        for index, row in enumerate(rows):
            heads = [self._signature_head(signer, width) for signer in row]
            tails = [self._signature_tail(signer, width) for signer in row]
            lead = 5.5 if (index == 0 and place_date) else 0
            self.keep(lead + max(heads) + space + max(tails) + 2)
            top = self.get_y()
            shift = per_row - len(row)  # a short row keeps to the right
            if index == 0 and place_date:
                self.use(10)
                self.set_xy(self.l_margin + width * (per_row - 1), top)
                self.multi_cell(width, 5, self.t(place_date), align="C")
            block_top = top + lead
            # The names of a row stand on one line, under the longest position.
            name_top = block_top + max(heads) + space
            bottom = name_top
            for column, signer in enumerate(row):
                left = self.l_margin + width * (column + shift)
                bottom = max(bottom, self._signature(signer, left, block_top, name_top, width))
            self.set_xy(self.l_margin, bottom + 4)

    def lines(self, width: float, height: float, text: str) -> int:
        """How many lines `text` takes in a cell `width` mm wide, in the current font."""
        return len(self._wrapped(width, height, text))

    def _wrapped(self, width: float, height: float, text: str) -> list[str]:
        wrapped = self.multi_cell(width, height, self.t(text), dry_run=True, output="LINES")
        return wrapped if isinstance(wrapped, list) else [self.t(text)]

    def _signature_head(self, signer: Signer, width: float) -> float:
        """The height of the role and the position over the room to sign."""
        self.use(10)
        height: float = self.lines(width - 4, 5, signer.role) * 5 if signer.role else 0
        if signer.position:
            self.use(9.5)
            height += self.lines(width - 4, 4.6, signer.position) * 4.6
        return height

    def _signature_tail(self, signer: Signer, width: float) -> float:
        """The height of the name and the NIP under the room to sign."""
        self.use(10, bold=True)
        height = self.lines(width - 4, 5, signer.name or "(" + "." * 36 + ")") * 5
        return height + (4.6 if signer.nip else 0)

    def _signature(
        self, signer: Signer, left: float, top: float, name_top: float, width: float
    ) -> float:
        inner = width - 4
        self.set_xy(left + 2, top)
        self.use(10)
        if signer.role:
            self.multi_cell(inner, 5, self.t(signer.role), align="C", new_x="LEFT", new_y="NEXT")
        if signer.position:
            self.use(9.5)
            self.multi_cell(
                inner, 4.6, self.t(signer.position), align="C", new_x="LEFT", new_y="NEXT"
            )
        self.set_xy(left + 2, name_top)
        self.use(10, bold=True)
        if signer.name:
            # Each line of the name underlined, as a signed name is.
            self.set_draw_color(*INK)
            for line in self._wrapped(inner, 5, signer.name):
                self.set_x(left + 2)
                self.cell(inner, 5, line, align="C", new_x="LEFT", new_y="NEXT")
                text_width = min(self.get_string_width(line), inner)
                y = self.get_y() - 0.6
                self.line(
                    left + 2 + (inner - text_width) / 2, y, left + 2 + (inner + text_width) / 2, y
                )
        else:
            self.multi_cell(inner, 5, "(" + "." * 36 + ")", align="C", new_x="LEFT", new_y="NEXT")
        if signer.nip:
            self.use(9.5)
            self.set_x(left + 2)
            self.multi_cell(
                inner,
                4.6,
                self.t(f"NIP. {format_nip(signer.nip)}"),
                align="C",
                new_x="LEFT",
                new_y="NEXT",
            )
        return self.get_y()

    def verification(self) -> None:
        """The QR code and the words that say where and how to check the document."""
        if self.issued is None:
            return
        self.keep(30)
        self.ln(2)
        top = self.get_y()
        self.image(io.BytesIO(qr.png(self.issued.url, scale=4)), x=self.l_margin, y=top, w=24)
        self.set_xy(self.l_margin + 28, top + 2)
        self.use(8.5, color=MUTED)
        self.multi_cell(
            self.epw - 28,
            4.2,
            self.t(
                _(
                    "This document was issued through Prima. Check that it is genuine and "
                    "has not been withdrawn: scan the code or open %(url)s (verification "
                    "code %(code)s)."
                )
                % {"url": self.issued.url, "code": self.issued.code}
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.set_y(max(self.get_y(), top + 25))

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def tanggal(day: object) -> str:
    """A document's date in the reader's language: 15 Januari 2026 (prima.lib.formats)."""
    return formats.long_date(day)  # type: ignore[arg-type]


def place_and_date(place: str, day: object) -> str:
    """The line over a signature: "Namlea, 2 Desember 2026"."""
    return f"{place}, {tanggal(day)}" if place else tanggal(day)
