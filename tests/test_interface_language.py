"""Prima speaks Indonesian: no page rendered in Indonesian shows English or raw data (issue 16,
item 11). The class guard crawls a small seeded world as a citizen and as every persona, from
the start pages and the pages where leaks were found (history, the security log, SKM
responses, complaints, scores and contests, follow-up tasks), following the site's links;
tests/language_guard.py says what counts as English or raw data. Beside it: every catalogue
entry left the same in Indonesian is meant to be, and no module translates a text once, when
it is imported (it would then stay in whatever language was active at that moment)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prima.test import World, sign_in
from tests.language_guard import CATALOGUE, Crawler, problems_in_page, problems_in_text

# --- the guard itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "draft created",  # a change reason written in English
        "dibuat · set by decree",
        "contest #1 accepted (was 4)",
        "Score: #152",  # a record shown by its number
        "object_type: evaluation.lokus",
        "write: False",
        "accounts.user 5",
        "---------",
        '[{"day": 0, "opens": "08:00", "closes": "15:00"}]',
        "jumlah_pelaksana",
        "Paper/import",
        "Save",  # a msgid shown untranslated
    ],
)
def test_the_guard_sees_english_and_raw_data(text):
    assert problems_in_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Disdukcapil Kabupaten Buru",
        "Semester I 2026",
        "10.b.As",  # an indicator's code
        "Simpan",
        "rahma@example.test",
        "PRM-2606-000001",
        "Senin 08.00–15.00",
        "Status",  # the same word in both languages
    ],
)
def test_the_guard_lets_indonesian_and_data_through(text):
    assert problems_in_text(text) == []


def test_the_guard_sees_a_choice_labelled_with_its_key_and_skips_text_marked_english():
    page = (
        '<select><option value="persyaratan">persyaratan</option></select>'
        '<button lang="en">English</button><code>page_size</code>'
    )
    assert [where for where, _text, _reasons in problems_in_page(page)] == ["<option>"]


# Words that are honestly the same in Indonesian (msgstr == msgid). Anything else identical to
# its English source is an entry someone forgot to translate.
SAME_IN_INDONESIAN = {
    "SMS", "WhatsApp", "Prima:",  # messaging
    "SKM", "PEKPPP", "zip", "Maklumat pelayanan", "NRR U{number} {element}",
    "%(measure)s, %(year)s",
    "Maklumat", "target", "IKM %(year)s", "FKP", "%(duty)s: status",
    "Evaluator", "evaluator", "Filter", "Status", "status", "Mall Pelayanan Publik",
    "Mal Pelayanan Publik", "mode", "Mode", "agenda", "Agenda", "Cuti bersama", "Unit", "unit",
    "internal", "IPP (evaluator)", "IPP", "label", "Label", "lokus", "Lokus", "unit lokus",
    "Unit lokus", "Maklumat Pelayanan", "maklumat pelayanan", "maklumat", "PEKPPP Nasional",
    "PEKPPP Mandiri", "PEKPPP %(year)s", "Berita acara (PDF)", "WIB (UTC+7)", "WITA (UTC+8)",
    "WIT (UTC+9)", "Bahasa Indonesia", "SIPP Nasional", "forum", "Semester", "target IKM",
    "Target IKM", "Target", "Diploma (D1–D3)", "IKM", "poster", "Menu", "Logo", "logo",
    "No. %(number)s", "NIP", "No.", "Evaluator,", "Top N", "Top %(n)s", "Kementerian PANRB",
    "Top %(n)s %(competition)s", "MPP", "MPP Digital", "Mal Pelayanan Publik (MPP)", "Monev MPP",
    "PEKPPP (Nasional, Mandiri)", "Platform", "poster (PDF)",
    "Message-ID",  # jobs: the e-mail header's own name
}  # fmt: skip


def test_every_catalogue_entry_the_same_in_indonesian_is_meant_to_be():
    same = {
        entry.msgid
        for entry in polib.pofile(str(CATALOGUE))
        if not entry.obsolete and entry.msgstr == entry.msgid
    }
    assert same - SAME_IN_INDONESIAN == set()


# --- a seeded world ----------------------------------------------------------------------------
def _seed(world: World) -> tuple[dict[str, str], list[str], str]:
    """Records of every kind whose pages leaked English or raw data, made through the same
    actions the pages use; returns the staff and public pages to start crawling from, and
    the complaint's tracking code."""
    from prima.accounts import actions as account_actions
    from prima.accounts.models import Role
    from prima.coaching import actions as coaching
    from prima.coaching.models import Event
    from prima.complaints.tests.factories import file as file_complaint
    from prima.evaluation import actions as evaluation
    from prima.evaluation.instrument import built_in
    from prima.evaluation.models import Assignment, Cycle
    from prima.registry import actions as registry
    from prima.registry.models import CoordinationRegion
    from prima.standards.tests.factories import published_standard
    from prima.surveys import actions as surveys
    from prima.surveys import submission
    from prima.surveys.tests.factories import answers, make_period

    today = timezone.localdate()
    # Registry: opening hours changed (JSON in the history), a role granted (security log).
    registry.update_unit(
        world.buru_dukcapil,
        actor=world.siti,
        opening_hours=[{"day": d, "opens": "07:30", "closes": "14:00"} for d in range(5)],
    )
    account_actions.grant_role(
        world.abdul, actor=world.siti, role=Role.UNIT_OPERATOR, unit=world.buru_rsud
    )
    # A refusal for the security log: Ambon's administrator tries a Buru unit.
    refused = sign_in(Client(), world.marthen).get(
        reverse("manage:unit_detail", args=[world.buru_dukcapil.code])
    )
    assert refused.status_code == 404
    # Standards: a published standard (its history holds the 14 components).
    standard = published_standard(world.buru_ktp, world.siti)
    # Surveys: answers through every channel.
    period = make_period(
        world,
        actor=world.abdul,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
        target=Decimal("80"),
    )
    kiosk, _code = surveys.create_kiosk(world.buru_dukcapil, actor=world.abdul, name="Loket 1")
    for channel, extra in (("web", {}), ("kiosk", {"kiosk": kiosk}), ("paper", {})):
        submission.submit_response(period, answers=answers(3), channel=channel, **extra)
    # Complaints: one filed on the web.
    filed = file_complaint(world)
    complaint = filed.complaint
    # Evaluation: scored, contested, the contest accepted.
    cycle = evaluation.create_cycle(
        actor=world.ratna,
        year=today.year,
        name="PEKPPP",
        scheme=Cycle.Scheme.NASIONAL,
        agency=None,
        instrument_code="pekppp-2023",
    )
    unit = world.buru_dukcapil
    lokus = evaluation.add_lokus(
        cycle,
        unit=unit,
        kind=evaluation.default_kind(unit),
        mode=unit.delivery_mode,
        actor=world.ratna,
    )
    evaluation.assign(
        lokus,
        evaluator=world.yohanis,
        role=Assignment.Role.PRIMARY,
        level=Assignment.Level.BIRO,
        actor=world.ratna,
    )
    evaluation.advance(cycle, actor=world.ratna, today=today)
    codes = list(built_in("pekppp-2023").indicators)
    evaluation.save_answers(lokus, answers={c: (3, "") for c in codes}, actor=world.abdul)
    evaluation.submit_self_assessment(lokus, actor=world.abdul, today=today)
    evaluation.advance(cycle, actor=world.ratna, today=today)
    evaluation.save_scores(
        lokus, evaluator=world.yohanis, actor=world.yohanis, scores={c: (3, "") for c in codes}
    )
    evaluation.advance(cycle, actor=world.ratna, today=today)
    contest = evaluation.raise_contest(
        lokus,
        indicator=codes[0],
        reason="Bukti terlampir.",
        proposed_score=4,
        actor=world.siti,
        today=today,
    )
    evaluation.decide_contest(contest, accept=True, note="Diterima.", score=None, actor=world.ratna)
    # Coaching: an event held last week, a follow-up task set and reported.
    start = timezone.now() - dt.timedelta(days=7)
    event = coaching.create_event(
        actor=world.ratna,
        topics=["standar_pelayanan"],
        title="Bimtek Standar Pelayanan",
        kind=Event.Kind.BIMTEK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/1",
        coordination_region=CoordinationRegion.objects.get(code="III"),
        venue_province=world.pemprov_maluku.region,  # Wilayah III spans two time zones
        starts_at=start + dt.timedelta(days=14),
        ends_at=start + dt.timedelta(days=14, hours=6),
    )
    coaching.invite(event, actor=world.ratna, agencies=[world.buru])
    coaching.publish_event(event, actor=world.ratna)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=6))
    event.refresh_from_db()
    (task,) = coaching.set_tasks(
        event,
        actor=world.ratna,
        agencies=[world.buru],
        title="Perbarui standar pelayanan",
        due_on=today + dt.timedelta(days=30),
    )
    coaching.report_progress(task, actor=world.siti, progress=50, note="Sedang disusun.")
    return (
        {
            "complaint": reverse("manage:complaint_detail", args=[complaint.pk]),
            "lokus": reverse("manage:evaluation_lokus", args=[lokus.pk]),
            "standard": reverse("manage:standard_detail", args=[standard.pk]),
            "period": reverse("manage:survey_period", args=[period.pk]),
            "task": reverse("manage:coaching_task", args=[task.pk]),
            "unit_history": reverse("manage:unit_history", args=[world.buru_dukcapil.code]),
        },
        [reverse("coaching:event", args=[event.token])],
        filed.tracking_code,
    )


@pytest.mark.django_db
def test_no_page_in_indonesian_shows_english_or_raw_data(world):
    staff_pages, public_pages, tracking_code = _seed(world)
    found: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def check(url: str, html: str) -> None:
        for where, text, reasons in problems_in_page(html):
            found.setdefault((where, text), (url, reasons))

    # A citizen: forms sent empty (their error messages), then the complaint being tracked.
    citizen = Client()  # no language cookie: Indonesian, the default
    for form in ("/complaints/new/", "/s/8104-DUKCAPIL/"):
        check(f"POST {form}", citizen.post(form, {}).content.decode())
    citizen.post("/complaints/track/", {"code": tracking_code})
    crawler = Crawler()
    for person in [None, world.ratna, world.yohanis, world.siti, world.marthen, world.abdul]:
        client = citizen if person is None else sign_in(Client(), person)
        starts = ["/", "/units/", "/complaints/new/", "/complaints/track/", *public_pages]
        if person is not None:
            starts += ["/manage/", "/manage/audit/", "/manage/changes/", *staff_pages.values()]
        for url, html in crawler.crawl(client, starts):
            check(url, html)
    assert crawler.pages > 100
    leaks = sorted(
        f"{url}: {where} {text!r} ({', '.join(why)})" for (where, text), (url, why) in found.items()
    )
    assert leaks == [], "\n" + "\n".join(leaks)


def _import_time_translations(source: str) -> list[int]:
    """Lines where a non-lazy gettext runs when the module is imported (at module or class
    level, or in a default argument): the text is fixed in whatever language is active then."""
    import ast

    tree = ast.parse(source)
    eager = {"gettext", "ngettext", "pgettext", "npgettext"}
    names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in eager
    }
    found: list[int] = []

    def visit(node: ast.AST, *, in_function: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    visit(default, in_function=in_function)
            for decorator in getattr(node, "decorator_list", []):
                visit(decorator, in_function=in_function)
            body = node.body if isinstance(node.body, list) else [node.body]
            for child in body:
                visit(child, in_function=True)
            return
        if not in_function and isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id in names) or (
                isinstance(func, ast.Attribute)
                and func.attr in eager
                and isinstance(func.value, ast.Name)
                and func.value.id == "translation"
            ):
                found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, in_function=in_function)

    visit(tree, in_function=False)
    return found


def test_no_module_translates_a_text_once_when_it_is_imported():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "prima"
    found = [
        f"{path.relative_to(root)}:{line}"
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts and "tests" not in path.parts
        for line in _import_time_translations(path.read_text())
    ]
    assert found == []


def test_the_import_time_check_sees_module_class_and_default_argument_gettext():
    source = (
        "from django.utils.translation import gettext as _\n"
        "A = _('x')\n"
        "class B:\n    c = _('y')\n"
        "def f(d=_('z')):\n    return _('fine')\n"
        "from django.utils import translation\nE = translation.gettext('w')\n"
    )
    assert _import_time_translations(source) == [2, 4, 5, 8]
