"""The pure pieces around the survey: masking identifiers in suggestions, anomaly patterns,
the PEKPPP follow-up scores, importing cells, and the charts."""

from __future__ import annotations

import datetime as dt

import pytest

from prima.lib import charts
from prima.lib.masking import mask_identifiers
from prima.surveys import anomalies, queries


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("NIK saya 3171010101010001 tolong", "NIK saya •••••••••••••••• tolong"),
        ("NIK 3171 0101 0101 0001", "NIK •••• •••• •••• ••••"),
        ("hubungi 0812-3456-7890 ya", "hubungi ••••-••••-•••• ya"),
        ("WA +62 812 3456 789", "WA +•• ••• •••• •••"),
        ("telp (0911) 21234", "telp (••••) •••••"),
        ("nomor 628123456789", "nomor ••••••••••••"),
        ("email budi.santoso@gmail.com", "email •••@•••"),
        # Not identifiers: dates, amounts, queue numbers and durations stay.
        ("tgl 2026-11-23 jam 10.30", "tgl 2026-11-23 jam 10.30"),
        ("biaya Rp 150.000 antre 3 jam", "biaya Rp 150.000 antre 3 jam"),
        ("nomor antrean 0123", "nomor antrean 0123"),
        ("", ""),
    ],
)
def test_identifiers_in_suggestions_are_masked(text, masked):
    assert mask_identifiers(text) == masked


# --- PEKPPP follow-up scores (docs/regulations.md §1.8) -------------------------------------------
@pytest.mark.parametrize(
    ("planned", "done", "score"),
    [
        (0, 0, 0),  # no follow-up plan
        (5, 0, 1),  # a plan, nothing carried out
        (10, 1, 2),  # 10%
        (10, 2, 2),  # 20%
        (100, 29, 2),  # 29% < 30%
        (10, 3, 3),  # exactly 30%
        (10, 8, 3),  # exactly 80%
        (100, 81, 4),  # just over 80%
        (10, 9, 4),
        (10, 10, 5),  # all done
        (1, 1, 5),
    ],
)
def test_the_share_of_follow_up_done_scores_as_indicator_8a(planned, done, score):
    assert queries.realisation_score(planned, done) == score


@pytest.mark.parametrize(
    ("days", "score"),
    [
        (None, 0),  # not (yet) all done
        (0, 5),
        (30, 5),  # within a month
        (31, 4),
        (91, 4),  # three months
        (92, 3),
        (182, 3),  # six months
        (183, 2),
        (273, 2),  # nine months
        (274, 1),
        (365, 1),  # a year
        (366, 0),
    ],
)
def test_the_speed_of_follow_up_scores_as_indicator_9a(days, score):
    assert queries.speed_score(days) == score


# --- anomalies ------------------------------------------------------------------------------
H = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
D = dt.date(2026, 3, 2)


def _row(i, hour=0, answers=(3, 3, 3, 2, 3, 4, 3, 3, 2), profile=("P", 30), day=D):
    return anomalies.Row(i, H + dt.timedelta(hours=hour), day, tuple(answers), profile)


def test_a_burst_stands_out_against_the_units_own_pace():
    rows = [_row(i, hour=i % 20, answers=(i % 4 + 1,) * 9) for i in range(40)]  # 2 an hour
    rows += [_row(100 + i, hour=30, answers=(1, 2, 3, 4, 1, 2, 3, 4, i % 4 + 1)) for i in range(15)]
    found = anomalies.bursts(rows)
    assert len(found) == 1 and found[0].response_ids == tuple(range(100, 115))


def test_a_busy_unit_is_not_a_burst():
    rows = [_row(i, hour=i % 8) for i in range(160)]  # 20 an hour, every hour
    assert anomalies.bursts(rows) == []


def test_identical_responses_on_one_day_are_grouped():
    rows = [_row(i) for i in range(3)] + [_row(9, day=D + dt.timedelta(days=1))]
    assert anomalies.identical(rows)[0].response_ids == (0, 1, 2)
    assert anomalies.identical(rows[:2]) == []
    partly_blank = [_row(i, answers=(3, 3, 3, 3, 3, 3, 3, 3, None)) for i in range(5)]
    assert anomalies.identical(partly_blank) == []


def test_straight_lining_is_reported_only_when_it_dominates():
    many = [_row(i, answers=(4,) * 9) for i in range(15)] + [_row(20 + i) for i in range(10)]
    assert anomalies.straight_lining(many)[0].response_ids == tuple(range(15))
    few = [_row(i, answers=(4,) * 9) for i in range(5)] + [_row(20 + i) for i in range(20)]
    assert anomalies.straight_lining(few) == []
    assert anomalies.straight_lining(many[:10]) == []  # too few responses to judge


# --- charts ---------------------------------------------------------------------------------
def test_chart_labels_are_escaped_and_the_svg_hidden_from_screen_readers():
    svg = charts.bar_chart([charts.Bar("<script>x</script>", 80.0, "80 B")], low=25, high=100)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'aria-hidden="true"' in svg
    trend = charts.trend_chart(
        [charts.Point("2025", 70.0, 75.0), charts.Point("2026", None, 80.0)], low=25, high=100
    )
    assert trend.count("<circle") == 1 and trend.count("target-line") == 2


def test_form_nonces_lead_with_the_time_they_were_drawn():
    from prima.surveys import tokens

    earlier, later = tokens.new_nonce(1_800_000_000.0), tokens.new_nonce(1_800_000_000.1)
    assert len(earlier) == len(later) == 43  # the submission_key column
    assert earlier < later  # drawn later, sorts later: the unique index grows at one end
    assert earlier[:11] == f"{18_000_000_000:011x}"
    assert tokens.new_nonce(1_800_000_000.0) != earlier  # the random part
