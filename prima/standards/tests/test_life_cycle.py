"""The life cycle of a service standard: draft → consultation → set → published → under
review → superseded, with every version kept (issue 4 §2; docs/regulations.md §2.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from prima.standards import actions, queries
from prima.standards.models import ServiceStandard, StandardReview
from prima.standards.tests.factories import (
    DECREE_DATE,
    complete_components,
    published_standard,
    set_standard,
)

Status = ServiceStandard.Status


def test_a_draft_walks_through_consultation_to_publication(world):
    draft = actions.create_draft(world.buru_ktp, actor=world.abdul)
    assert (draft.version, draft.status, draft.components) == (1, Status.DRAFT, {})
    draft = actions.save_draft(
        draft, actor=world.abdul, revision=draft.revision, components=complete_components()
    )
    draft = actions.start_consultation(draft, actor=world.abdul)
    assert draft.status == Status.CONSULTATION
    standard = actions.set_standard(
        draft,
        actor=world.siti,
        decree_number="800/1/2026",
        decree_date=dt.date(2026, 2, 28),
        signer_name="Kepala Dinas",
    )
    assert standard.status == Status.SET
    assert standard.review_due_on == dt.date(2027, 2, 28)
    standard = actions.publish_standard(standard, actor=world.siti)
    assert standard.status == Status.PUBLISHED and standard.published_at is not None
    assert list(queries.published_standards()) == [standard]


def test_a_standard_missing_components_cannot_be_set_and_the_message_names_them(world):
    draft = actions.create_draft(
        world.buru_ktp,
        actor=None,
        components=complete_components(biaya={"free": True}, jumlah_pelaksana=""),
    )
    with pytest.raises(ValidationError) as caught:
        actions.set_standard(
            draft,
            actor=None,
            decree_number="1",
            decree_date=DECREE_DATE,
            signer_name="Kepala",
        )
    message = caught.value.messages[0]
    assert "4. Biaya/tarif" in message and "11. Jumlah pelaksana" in message
    assert ServiceStandard.objects.get(pk=draft.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    ("number", "signer", "decree_date"),
    [("", "Kepala", DECREE_DATE), ("1/2026", " ", DECREE_DATE), ("1", "K", dt.date(2099, 1, 1))],
)
def test_setting_needs_a_decree_number_a_signer_and_a_past_date(world, number, signer, decree_date):
    draft = actions.create_draft(world.buru_ktp, actor=None, components=complete_components())
    with pytest.raises(ValidationError):
        actions.set_standard(
            draft, actor=None, decree_number=number, decree_date=decree_date, signer_name=signer
        )


def test_only_set_standards_are_published(world):
    draft = actions.create_draft(world.buru_ktp, actor=None, components=complete_components())
    with pytest.raises(ValidationError):
        actions.publish_standard(draft, actor=None)
    assert not queries.published_standards().exists()


def test_a_service_has_one_open_draft_at_a_time(world):
    actions.create_draft(world.buru_ktp, actor=None)
    with pytest.raises(ValidationError, match="still being drafted"):
        actions.create_draft(world.buru_ktp, actor=None)


def test_a_set_standard_cannot_be_edited(world):
    standard = set_standard(world.buru_ktp)
    with pytest.raises(ValidationError):
        actions.save_draft(
            standard, actor=None, revision=standard.revision, components=complete_components()
        )


def test_the_second_editor_of_a_draft_is_told_and_overwrites_nothing(world):
    draft = actions.create_draft(world.buru_ktp, actor=None, components=complete_components())
    opened_by_both = draft.revision
    actions.save_draft(
        draft,
        actor=world.abdul,
        revision=opened_by_both,
        components=complete_components(produk="KTP-el (blanko baru)"),
    )
    with pytest.raises(actions.StaleEdit) as caught:
        actions.save_draft(
            draft,
            actor=world.siti,
            revision=opened_by_both,
            components=complete_components(produk="Something else"),
        )
    assert "Abdul" in caught.value.messages[0]
    assert ServiceStandard.objects.get(pk=draft.pk).components["produk"] == "KTP-el (blanko baru)"


def test_publishing_a_new_version_supersedes_the_old_one_and_keeps_both(world):
    first = published_standard(world.buru_ktp)
    second_draft = actions.create_draft(world.buru_ktp, actor=None)
    assert second_draft.version == 2 and second_draft.based_on == first
    assert second_draft.components == first.components  # starts from the version in force
    second_draft = actions.save_draft(
        second_draft,
        actor=None,
        revision=second_draft.revision,
        components=complete_components(waktu={"amount": 1, "unit": "hari_kerja"}),
    )
    second = actions.publish_standard(
        actions.set_standard(
            second_draft,
            actor=None,
            decree_number="2/2026",
            decree_date=DECREE_DATE,
            signer_name="Kepala",
            today=DECREE_DATE,
        ),
        actor=None,
    )
    first.refresh_from_db()
    assert (first.status, second.status) == (Status.SUPERSEDED, Status.PUBLISHED)
    assert first.superseded_at is not None
    assert list(queries.published_standards()) == [second]
    [change] = queries.changes_since(second)
    assert change.key == "waktu"
    assert [(line.op, line.text) for line in change.lines] == [
        ("-", "3 hari kerja"),
        ("+", "1 hari kerja"),
    ]


def test_a_review_that_keeps_the_standard_puts_it_back_in_force_with_a_new_due_date(world):
    standard = published_standard(world.buru_ktp)
    review = actions.start_review(standard, actor=None, started_on=dt.date(2027, 1, 5))
    standard.refresh_from_db()
    assert standard.status == Status.UNDER_REVIEW
    assert list(queries.published_standards()) == [standard]  # still in force
    standard = actions.finish_review(
        review,
        actor=None,
        finished_on=dt.date(2027, 1, 20),
        outcome=StandardReview.Outcome.UNCHANGED,
    )
    assert standard.status == Status.PUBLISHED
    assert standard.review_due_on == dt.date(2028, 1, 20)


def test_a_review_that_revises_starts_a_draft_and_the_new_version_closes_the_review(world):
    standard = published_standard(world.buru_ktp)
    review = actions.start_review(standard, actor=None, started_on=dt.date(2027, 1, 5))
    draft = actions.finish_review(
        review,
        actor=None,
        finished_on=dt.date(2027, 1, 20),
        outcome=StandardReview.Outcome.REVISED,
        note="Persyaratan disederhanakan",
    )
    assert (draft.status, draft.version, draft.based_on_id) == (Status.DRAFT, 2, standard.pk)
    standard.refresh_from_db()
    assert standard.status == Status.UNDER_REVIEW
    with pytest.raises(ValidationError):
        actions.finish_review(
            review, actor=None, finished_on=dt.date(2027, 1, 21), outcome="unchanged"
        )


def test_only_a_published_standard_can_be_put_under_review(world):
    with pytest.raises(ValidationError):
        actions.start_review(set_standard(world.buru_ktp), actor=None, started_on=DECREE_DATE)


def test_reminders_list_standards_due_within_thirty_days_and_overdue_ones(world):
    standard = published_standard(world.buru_ktp)  # due 2027-01-15
    other = published_standard(world.ambon_ktp)
    ServiceStandard.objects.filter(pk=other.pk).update(review_due_on=dt.date(2027, 3, 1))
    units = world.buru_dukcapil.__class__.objects.all()
    assert list(queries.reviews_due(units, today=dt.date(2026, 12, 15))) == []
    assert list(queries.reviews_due(units, today=dt.date(2026, 12, 16))) == [standard]
    assert list(queries.reviews_due(units, today=dt.date(2027, 2, 1))) == [standard, other]


def test_history_names_who_changed_the_standard(world):
    draft = actions.create_draft(world.buru_ktp, actor=world.abdul)
    actions.save_draft(draft, actor=world.siti, revision=draft.revision, components={"produk": "x"})
    users = [h.history_user for h in draft.history.order_by("history_date")]
    assert users == [world.abdul, world.siti]


def test_unknown_component_keys_are_refused(world):
    with pytest.raises(ValidationError, match="Unknown components"):
        actions.create_draft(world.buru_ktp, actor=None, components={"warna": "biru"})


@pytest.mark.parametrize(
    ("days_left", "sent"),
    [
        (31, False),
        (30, True),
        (29, False),
        (7, True),
        (1, True),
        (0, True),
        (-1, False),
        (-7, True),
        (-14, True),
    ],
)
def test_reminders_go_out_before_the_due_date_and_weekly_after(days_left, sent):
    from prima.standards.management.commands.remind_standard_reviews import should_remind

    assert should_remind(days_left) is sent


def test_the_reminder_command_mails_the_units_people(world, mailoutbox, settings):
    import time_machine
    from django.core.management import call_command

    published_standard(world.buru_ktp)  # due 2027-01-15
    with time_machine.travel(dt.datetime(2027, 1, 8, 9, tzinfo=dt.UTC), tick=False):
        call_command("remind_standard_reviews", verbosity=0)
    [mail] = mailoutbox
    assert sorted(mail.to) == ["abdul@example.test", "siti@example.test"]
    assert "Penerbitan KTP-el" in mail.subject and "15-01-2027" in mail.subject
