"""A readable difference between two versions of a standard (issue 4 §2)."""

from __future__ import annotations

from prima.standards.diff import ADDED, CHANGED, REMOVED, compare
from prima.standards.tests.factories import complete_components


def ops(change):
    return [(line.op, line.text) for line in change.lines]


def test_identical_versions_have_no_differences():
    assert compare(complete_components(), complete_components()) == []


def test_an_added_requirement_reads_as_one_added_line_among_kept_ones():
    old = complete_components()
    new = complete_components(
        persyaratan=["Fotokopi Kartu Keluarga", "Akta kelahiran", "Surat pengantar RT/RW"]
    )
    [change] = compare(old, new)
    assert (change.key, change.number, change.kind) == ("persyaratan", 1, CHANGED)
    assert ops(change) == [
        (" ", "Fotokopi Kartu Keluarga"),
        ("+", "Akta kelahiran"),
        (" ", "Surat pengantar RT/RW"),
    ]


def test_components_filled_or_emptied_are_marked_added_or_removed_in_the_regulations_order():
    old = complete_components(evaluasi_kinerja="")
    new = complete_components(persyaratan=[])
    changes = compare(old, new)
    assert [(c.key, c.kind) for c in changes] == [
        ("persyaratan", REMOVED),
        ("evaluasi_kinerja", ADDED),
    ]


def test_a_fee_that_becomes_free_shows_both_readings():
    [change] = compare(
        complete_components(biaya={"amount": 10000}),
        complete_components(biaya={"free": True, "basis": "Perda 1/2026"}),
    )
    assert ops(change) == [
        ("-", "Rp 10.000"),
        ("+", "Tidak dipungut biaya (gratis)"),
        ("+", "Dasar: Perda 1/2026"),
    ]


def test_the_first_version_is_all_additions():
    assert all(c.kind == ADDED for c in compare(None, complete_components()))
    assert len(compare({}, complete_components())) == 14
