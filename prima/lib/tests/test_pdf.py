"""The PDF building blocks every documents module shares."""

from __future__ import annotations

import re

from prima.lib.pdf import Document


def test_a_centred_line_sits_in_the_middle_and_the_next_starts_at_the_left_margin():
    pdf = Document(page_numbers=False)  # only the centred line is written
    pdf.set_compression(False)
    pdf.add_page()
    pdf.use(12)
    top = pdf.get_y()
    pdf.centred("BERITA ACARA", 7)
    assert pdf.get_x() == pdf.l_margin
    assert pdf.get_y() == top + 7
    width = pdf.get_string_width(pdf.t("BERITA ACARA"))
    content = pdf.output_bytes()
    # The text starts where the gaps either side are equal (fpdf2 writes points).
    [left] = re.findall(rb"BT ([\d.]+) [\d.]+ Td", content)
    left_gap = float(left) / pdf.k - pdf.l_margin
    right_gap = pdf.w - pdf.r_margin - (float(left) / pdf.k + width)
    assert abs(left_gap - right_gap) < 0.1


def test_a_centred_text_too_long_for_one_line_wraps_over_several():
    pdf = Document()
    pdf.add_page()
    pdf.use(12)
    top = pdf.get_y()
    pdf.centred("kata " * 60, 6)
    assert pdf.get_y() >= top + 12
