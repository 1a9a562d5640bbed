"""Document numbers from an agency's own pattern (tata naskah dinas: each office numbers its
letters its own way, e.g. 800/012/BA/DUKCAPIL/2026). Pure: the pattern, its check and its
rendering; the sequence itself lives with the issued documents (prima.documents).

Placeholders, written in braces, in the words the agency's staff use:
  {nomor}    the running number in the agency's year, three digits at least (012)
  {jenis}    the kind of document: BA (berita acara), SERT (sertifikat), LAP (laporan)
  {unit}     the issuing unit's code (8104-DUKCAPIL) or, without one, the agency's
  {instansi} the agency's code in capitals (PEMKAB-BURU)
  {bulan}    the month in Roman numerals (XII), as many offices write it
  {tahun}    the year (2026)
"""

from __future__ import annotations

import datetime
import re
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDERS = ("nomor", "jenis", "unit", "instansi", "bulan", "tahun")
DEFAULT_PATTERN = "{nomor}/{jenis}/{instansi}/{tahun}"
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_ALLOWED_TEXT = re.compile(r"^[A-Za-z0-9./\-_ ]*$")


def validate_pattern(pattern: str) -> None:
    """A pattern names {nomor} once, only known placeholders, and plain characters around."""
    try:
        fields = [name for _text, name, _spec, _conv in string.Formatter().parse(pattern)]
    except ValueError as error:
        raise ValidationError(
            _("Close every brace: write {nomor}, {tahun} …"), code="braces"
        ) from error
    parsed = list(string.Formatter().parse(pattern))
    if any(spec or conversion for _text, _name, spec, conversion in parsed):
        raise ValidationError(_("Write each placeholder plainly, e.g. {nomor}."), code="plain")
    names = [name for name in fields if name is not None]
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s; use %(known)s.")
            % {
                "names": ", ".join("{" + name + "}" for name in unknown),
                "known": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            },
            code="placeholder",
        )
    if names.count("nomor") != 1:
        raise ValidationError(_("The pattern needs {nomor} exactly once."), code="nomor")
    literal = "".join(text for text, _name, _spec, _conv in string.Formatter().parse(pattern))
    if not _ALLOWED_TEXT.match(literal):
        raise ValidationError(
            _("Between the placeholders use letters, digits, slashes, dots and hyphens."),
            code="characters",
        )


def render(
    pattern: str, *, sequence: int, kind: str, agency: str, unit: str, day: datetime.date
) -> str:
    """The number for the `sequence`-th document of the agency's year."""
    return (pattern or DEFAULT_PATTERN).format(
        nomor=f"{sequence:03d}",
        jenis=kind,
        unit=(unit or agency).upper(),
        instansi=agency.upper(),
        bulan=ROMAN_MONTHS[day.month - 1],
        tahun=day.year,
    )
