"""Evidence by slot: the modules offer findings under slot names, the instrument file binds
them to its indicators, and no module below evaluation knows an indicator code."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from prima.evaluation import evidence
from prima.evaluation import instrument as ins
from prima.lib.evidence import citation
from prima.standards import queries as standards_queries

PRIMA = Path(__file__).resolve().parents[2]
DOCS = PRIMA.parent / "docs" / "evaluation-instruments.md"
GOOD = yaml.safe_load((ins.BUILT_IN / "pekppp-2023.yaml").read_text())
# How PEKPPP names an indicator: number, aspect letter, kind ("1.a.Ak", "12.b.AK", "20.c.B").
INDICATOR_CODE = re.compile(r"\b\d{1,2}\.[a-z]\.[A-Z][A-Za-z]?\b")


def with_slot(slot):
    data = copy.deepcopy(GOOD)
    data["aspects"][0]["indicators"][0]["evidence"] = slot
    return data


def test_an_instrument_naming_a_slot_no_module_offers_is_refused():
    with pytest.raises(ins.InstrumentError) as caught:
        ins.parse(with_slot("standards.decree_number"))
    assert (
        "indicator 1.a.Ak: no module offers the evidence slot 'standards.decree_number' "
        "(docs/evaluation-instruments.md lists them)"
    ) in caught.value.problems


def test_the_validate_command_refuses_an_unknown_slot(tmp_path, capsys):
    path = tmp_path / "pekppp-2030.yaml"
    path.write_text(yaml.safe_dump(with_slot("skm")))
    with pytest.raises(SystemExit) as exited:
        call_command("evaluation", "validate", str(path))
    out = capsys.readouterr()
    assert exited.value.code == 2 and out.out == ""
    assert "no module offers the evidence slot 'skm'" in out.err


def test_slots_are_checked_against_the_names_given_or_else_the_offered_ones():
    offered = {*evidence.SLOTS, "x.y"}
    assert ins.parse(with_slot("x.y"), slots=offered).indicators["1.a.Ak"].evidence == "x.y"
    assert ins.parse(GOOD).indicators["1.a.Ak"].evidence == "standards.service_standards"
    with pytest.raises(ins.InstrumentError):
        ins.parse(GOOD, slots=set())


@pytest.mark.parametrize("code", ins.built_in_codes())
def test_every_slot_a_built_in_instrument_names_is_offered(code):
    data = yaml.safe_load((ins.BUILT_IN / f"{code}.yaml").read_text())
    assert ins.parse(data, slots=evidence.SLOTS).indicators


def test_each_slot_is_named_after_the_app_offering_it_and_offered_once():
    seen: list[str] = []
    for provider in evidence.PROVIDERS:
        app = provider.__name__.split(".")[1]
        assert provider.__name__ == f"prima.{app}.evidence"
        assert all(slot.startswith(f"{app}.") for slot in provider.SLOTS)
        assert all(meaning.strip() for meaning in provider.SLOTS.values())
        seen += provider.SLOTS
    assert len(seen) == len(set(seen)) == len(evidence.SLOTS)


def test_the_docs_list_every_slot_with_the_app_that_offers_it():
    text = DOCS.read_text()
    rows = dict(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| ([a-z]+) \|", text, re.MULTILINE))
    assert rows == {slot: slot.split(".")[0] for slot in evidence.SLOTS}


def test_a_new_instrument_year_binds_the_same_slots_to_its_own_codes(world):
    """Renumbered indicators read the same records: the binding is data."""
    data = copy.deepcopy(GOOD)
    for aspect in data["aspects"]:
        for indicator in aspect["indicators"]:
            indicator["code"] = "new-" + indicator["code"]
    old, new = (
        evidence.prefill_for(
            world.buru_dukcapil,
            year=2026,
            slots={i.code: i.evidence for i in instrument.indicators.values() if i.evidence},
            today=dt.date(2026, 6, 1),
        )
        for instrument in (ins.parse(GOOD), ins.parse(data))
    )
    assert set(new) == {f"new-{code}" for code in old}
    for code, item in old.items():
        assert new[f"new-{code}"].as_json() == item.as_json() | {"indicator": f"new-{code}"}
    assert new["new-25.e.P"].source == "complaints"


def test_the_standards_page_cites_the_indicators_the_newest_instrument_binds(world):
    compliance = standards_queries.unit_compliance(world.buru_dukcapil, dt.date(2026, 6, 1))
    assert [i.code for i in compliance.indicators] == [
        "1.a.Ak",
        "2.a.P",
        "3.a.T",
        "4.a.K",
        "5.a.K",
        "18.c.K",
    ]
    assert citation("complaints.channels") == "25.e.P, 26.e.P"
    assert citation("no.such_slot") == ""


# Below evaluation, files that still print a 2023 indicator code to people, in text that is
# not a docstring or a comment: they should show `prima.lib.evidence.citation(slot)` instead.
# The list may only shrink (issue 17, item 6).
STILL_PRINTED = {
    "standards/management/commands/remind_standard_reviews.py",
    "standards/views.py",
    "standards/templates/standards/manage/facilities.html",
    "standards/templates/standards/manage/facility_types.html",
    "standards/templates/standards/manage/forum.html",
    "standards/templates/standards/manage/unit.html",
    "surveys/templates/surveys/manage/period.html",
}


def _strings(source: str) -> list[str]:
    """The string constants of a module, without its docstrings."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _below_evaluation() -> list[Path]:
    """Prima's code and templates outside evaluation (the instruments' home), the demo (on
    top: it seeds a 2023 cycle) and tests (they check what pages print)."""
    return [
        path
        for path in sorted([*PRIMA.rglob("*.py"), *PRIMA.rglob("*.html")])
        if path.relative_to(PRIMA).parts[0] not in ("evaluation", "demo")
        and "tests" not in path.relative_to(PRIMA).parts
    ]


def test_no_module_below_evaluation_keys_anything_by_an_indicator_code():
    keyed = [
        f"{path.relative_to(PRIMA)}: {text!r}"
        for path in _below_evaluation()
        if path.suffix == ".py"
        for text in _strings(path.read_text(encoding="utf-8"))
        if INDICATOR_CODE.fullmatch(text.strip())
    ]
    assert keyed == []


def test_indicator_codes_printed_below_evaluation_only_shrink():
    printing = set()
    for path in _below_evaluation():
        text = path.read_text(encoding="utf-8")
        texts = _strings(text) if path.suffix == ".py" else [text]
        if any(INDICATOR_CODE.search(t) for t in texts):
            printing.add(path.relative_to(PRIMA).as_posix())
    assert printing - STILL_PRINTED == set(), "cite through prima.lib.evidence.citation(slot)"
    assert STILL_PRINTED - printing == set(), "no longer prints a code: drop it from the list"
