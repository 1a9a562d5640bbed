"""Reading meeting tools' join lists and matching them to registered participants."""

from __future__ import annotations

import pytest

from prima.coaching import joinlist


def rows(*dicts):
    return list(enumerate(dicts, start=2))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("La Ode Ahmad", ("la", "ode", "ahmad")),
        ("Drs. La Ode Ahmad, M.Si.", ("la", "ode", "ahmad")),
        ("  LA ODE   AHMAD ", ("la", "ode", "ahmad")),
        ("Ir. Hj. Siti Nurhaliza, S.Sos., M.M.", ("siti", "nurhaliza")),
        ("Yohanis Réwaru (Host)", ("yohanis", "rewaru")),
        ("BURU - Ahmad Tuasikal", ("buru", "ahmad", "tuasikal")),
    ],
)
def test_names_lose_titles_punctuation_case_and_accents(name, expected):
    assert joinlist.words(name) == expected


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        (45, 45),
        ("45", 45),
        ("45 min", 45),
        ("1:05:00", 65),
        ("0:59", 0),
        ("1 hr 5 min", 65),
        ("2 jam", 120),
        ("", None),
        (None, None),
        ("n/a", None),
    ],
)
def test_durations_in_the_formats_tools_write(value, minutes):
    assert joinlist._minutes(value) == minutes


def test_a_zoom_report_is_read_with_repeated_joins_summed():
    header = ["Name (Original Name)", "User Email", "Join Time", "Duration (Minutes)"]
    joined = joinlist.read(
        header,
        rows(
            {
                "Name (Original Name)": "Ahmad Tuasikal",
                "User Email": "AT@buru.go.id",
                "Duration (Minutes)": "30",
            },
            {
                "Name (Original Name)": "Ahmad T (Ahmad Tuasikal)",
                "User Email": "at@buru.go.id",
                "Duration (Minutes)": "25",
            },
            {"Name (Original Name)": "", "User Email": "", "Duration (Minutes)": "5"},
            {
                "Name (Original Name)": "Maria Sahetapy",
                "User Email": "",
                "Duration (Minutes)": "90",
            },
        ),
    )
    assert [(j.row, j.email, j.minutes) for j in joined] == [
        (2, "at@buru.go.id", 55),
        (5, "", 90),
    ]


def test_a_file_without_a_name_column_is_refused_with_the_columns_expected():
    with pytest.raises(joinlist.JoinListError, match="no column with the participants' names"):
        joinlist.read(["Email", "Duration"], rows({"Email": "x@y.z", "Duration": "3"}))


PEOPLE = {
    1: ("La Ode Ahmad", "laode@buru.go.id"),
    2: ("Maria Sahetapy", ""),
    3: ("Ahmad", ""),
    4: ("Yusuf Latuconsina", ""),
    5: ("Yusuf Latuconsina", ""),  # the same name twice: never guessed
}


def entry(name, email="", minutes=None, row=2):
    return joinlist.Joined(row, name, email, minutes)


def test_matching_by_email_then_name_then_a_name_inside_the_joined_name():
    result = joinlist.match(
        [
            entry("Laptop Bagian Organisasi", "LaOde@buru.go.id".lower()),
            entry("MARIA SAHETAPY, S.Sos"),
            entry("BURU - ahmad"),  # one word: not searched inside longer names
            entry("Kab. Buru | Maria Sahetapy"),  # already matched above
            entry("Yusuf Latuconsina"),
            entry("Somebody Else"),
        ],
        PEOPLE,
    )
    assert sorted(result.matched) == [1, 2]
    assert [e.name for e in result.unmatched] == [
        "BURU - ahmad",
        "Kab. Buru | Maria Sahetapy",
        "Yusuf Latuconsina",
        "Somebody Else",
    ]


def test_a_contained_name_needs_two_words_and_one_candidate():
    result = joinlist.match([entry("Ahmad")], PEOPLE)
    assert list(result.matched) == [3]
    result = joinlist.match([entry("Kab Buru La Ode Ahmad")], PEOPLE)
    assert list(result.matched) == [1]


@pytest.mark.parametrize(("minutes", "counted"), [(29, False), (30, True), (None, True)])
def test_the_minimum_time_present(minutes, counted):
    result = joinlist.match([entry("Maria Sahetapy", minutes=minutes)], PEOPLE, min_minutes=30)
    assert (2 in result.matched) is counted
    assert bool(result.too_short) is not counted
