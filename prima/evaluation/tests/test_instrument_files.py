"""The instrument validator refuses broken files with every reason named."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from django.core.management import call_command

from prima.evaluation import instrument as ins

GOOD = yaml.safe_load((ins.BUILT_IN / "pekppp-2023.yaml").read_text())


def broken(change):
    data = copy.deepcopy(GOOD)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["aspects"][0].update(weight=25), "aspect weights sum to 101"),
        (
            lambda d: d["aspects"][1]["indicators"][0].update(weight=11),
            "aspect sdm: indicator weights sum to 101",
        ),
        (
            lambda d: d["aspects"][0]["indicators"][0]["scale"].pop(3),
            "indicator 1.a.Ak: scale lacks 3",
        ),
        (
            lambda d: d["aspects"][0]["indicators"][0]["scale"].update({6: "x"}),
            "levels outside 0–5",
        ),
        (lambda d: d["aspects"][0]["indicators"][1].update(code="1.a.Ak"), "appears twice"),
        (lambda d: d["categories"].reverse(), "strictly descending"),
        (lambda d: d["categories"].pop(), "last lower bound must be 0"),
        (lambda d: d.pop("aspects"), "missing 'aspects'"),
        (lambda d: d["aspects"][2].update(indicators=[]), "aspect sarpras: has no indicators"),
        (
            lambda d: d["aspects"][0]["indicators"][0].update(weight="lots"),
            "weight must be a number",
        ),
    ],
)
def test_broken_instruments_are_refused(change, message):
    with pytest.raises(ins.InstrumentError) as caught:
        ins.parse(broken(change))
    assert any(message in p for p in caught.value.problems), caught.value.problems


def test_yaml_that_is_not_an_instrument(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(ins.InstrumentError):
        ins.load(path)
    path.write_text("code: [unclosed\n")
    with pytest.raises(ins.InstrumentError, match="not valid YAML"):
        ins.load(path)


def _scores_csv(tmp_path, rows):
    path = tmp_path / "scores.csv"
    path.write_text("lokus,indicator,score\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows))
    return path


def test_the_score_command_prints_json_per_lokus(tmp_path, capsys):
    codes = list(ins.built_in("pekppp-2023").indicators)
    rows = [("Disdukcapil Buru", c, 4) for c in codes] + [("RSUD Namlea", c, 2) for c in codes]
    path = _scores_csv(tmp_path, rows)
    call_command(
        "evaluation",
        "score",
        "--instrument",
        str(ins.BUILT_IN / "pekppp-2023.yaml"),
        "--scores",
        str(path),
        "--json",
    )
    results = json.loads(capsys.readouterr().out)["results"]
    assert [
        (r["lokus"], r["ipp"], r["ipp_rounded"], r["category"], r["label"]) for r in results
    ] == [
        ("Disdukcapil Buru", 4.0, 4.0, "B", "Baik"),
        ("RSUD Namlea", 2.0, 2.0, "D", "Buruk"),
    ]
    assert results[0]["aspects"] == dict.fromkeys(
        ["kebijakan", "sdm", "sarpras", "sipp", "pengaduan", "inovasi"], 4.0
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("A", "1.a.Ak", 7)], "row 2: score '7' is outside the scale 0–5"),
        ([("A", "1.a.Ak", 3)], "lokus A: missing indicators: 2.a.P"),
    ],
)
def test_the_score_command_exits_2_with_nothing_on_stdout(tmp_path, capsys, rows, message):
    path = _scores_csv(tmp_path, rows)
    with pytest.raises(SystemExit) as exited:
        call_command(
            "evaluation",
            "score",
            "--instrument",
            str(ins.BUILT_IN / "pekppp-2023.yaml"),
            "--scores",
            str(path),
            "--json",
        )
    out = capsys.readouterr()
    assert exited.value.code == 2 and out.out == "" and message in out.err


def test_an_invalid_instrument_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(broken(lambda d: d["aspects"][0].update(weight=30))))
    path = _scores_csv(tmp_path, [("A", "1.a.Ak", 3)])
    with pytest.raises(SystemExit) as exited:
        call_command("evaluation", "score", "--instrument", str(bad), "--scores", str(path))
    out = capsys.readouterr()
    assert exited.value.code == 2 and out.out == "" and "aspect weights sum to 106" in out.err
