"""QR codes (segno, pure Python): SVG for pages and print, PNG for documents and chat apps."""

from __future__ import annotations

import io

import segno


def _code(data: str) -> segno.QRCode:
    # Level M survives a crease or a smudge on a printed poster and stays small.
    return segno.make(data, error="m", micro=False)


def svg(data: str, *, scale: int = 4, title: str = "") -> bytes:
    buffer = io.BytesIO()
    _code(data).save(
        buffer, kind="svg", scale=scale, border=4, xmldecl=False, title=title or data, unit=None
    )
    return buffer.getvalue()


def png(data: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _code(data).save(buffer, kind="png", scale=max(2, min(scale, 40)), border=4)
    return buffer.getvalue()
